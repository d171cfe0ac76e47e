"""Several processes saving at once, and a writer killed with SIGKILL mid-save.

Each writer is a separate Python process (tests/unit/storage_workers/writer.py) that prints an
ack line after every save returns; afterwards every acknowledged save must be on disk, every
stored file must parse, and the index must match the records.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from tests.unit.storage_workers.checks import (
    Acks,
    find_index_mismatches,
    find_missing_acks,
    find_unparseable,
    start_writer,
)
from tests.unit.storage_workers.index_keys import INDEX_KEYS
from tests.unit.storage_workers.writer import make_family
from vigreview.storage import Store

WRITERS = 8
ROUNDS = 12
KILLS = 30


@pytest.mark.slow
def test_eight_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = Store(data_dir, summary_keys=INDEX_KEYS)
    store.create_family(make_family("fam-shared"))

    writers = [
        start_writer(str(data_dir), "workers", f"w{number}", "fam-shared", str(ROUNDS))
        for number in range(WRITERS)
    ]
    for writer in writers:  # all imported and waiting: now start them together
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    acks = Acks()
    for writer in writers:
        output, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
        assert acks.read(output) == 1 + 2 * ROUNDS

    assert find_unparseable(data_dir) == []
    fresh = Store(data_dir, summary_keys=INDEX_KEYS)
    assert find_missing_acks(fresh, acks) == []
    assert len(fresh.load_family("fam-shared")["items"]) == WRITERS * ROUNDS
    assert find_index_mismatches(fresh) == []
    assert fresh.take_recoveries() == []  # no file ever needed repair


@pytest.mark.slow
def test_a_writer_killed_at_random_points_never_loses_an_acknowledged_save(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    Store(data_dir, summary_keys=INDEX_KEYS).create_family(make_family("fam-shared"))
    chance = random.Random(20261126)
    acks = Acks()
    acked_saves = 0
    for run in range(KILLS):
        writer = start_writer(str(data_dir), "forever", str(run), "fam-shared")
        assert writer.stdout is not None
        first = writer.stdout.readline()  # started and saving
        assert first.startswith("item "), writer.communicate()[1]
        time.sleep(chance.uniform(0.0, 0.06))
        writer.send_signal(signal.SIGKILL)
        output, _ = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        acked_saves += acks.read(first + output)

        assert find_unparseable(data_dir) == [], f"after kill {run + 1}"
        fresh = Store(data_dir, summary_keys=INDEX_KEYS)
        assert find_missing_acks(fresh, acks) == [], f"after kill {run + 1}"
        assert find_index_mismatches(fresh) == [], f"after kill {run + 1}"
        assert fresh.take_recoveries() == [], f"after kill {run + 1}"

    print(f"kills={KILLS} acknowledged_saves={acked_saves} corrupt_after_kill=0")
    assert acked_saves > KILLS  # the kills really landed among saves, not before the first
