"""Storage benchmark: save/load speed as the caseload grows, 8 writers at once, SIGKILL rounds.

Run by hand from the repository root:  python bench/storage.py [--kills 30]

Works in a fresh folder inside $VIGREVIEW_DATA if that is set (removed afterwards, the real
caseload there is not touched), otherwise in a temp folder. Prints one line per caseload size,
one for the writers, one for the kills, and ends with the summary line:

    storage: families=500 save_ms_p50=<x> load_ms_p50=<y> writers=8 lost=0 corrupt=0 kills=<n>
    corrupt_after_kill=0      (on one line)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import partial
from itertools import count
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.unit.storage_workers.index_keys import INDEX_KEYS  # noqa: E402
from vigreview.storage import Store  # noqa: E402

SIZES = (10, 100, 500)
SAMPLES = 100
WRITERS = 8
WRITER_ROUNDS = 25
SHARED = "fam-shared"

PROMPTS = (
    "What do you notice about how she is looking at you here?",
    "How do you think he felt when you waited for him?",
    "What did you do just before she smiled?",
    "What would you like to do more of, after seeing this?",
    "What were you thinking at this moment?",
    "How did it feel to watch this together?",
)
PARENT_WORDS = (
    "She's really looking at me, I never saw that before.",
    "When I slowed down he had time to answer me with his noises.",
    "I was worried I was doing it wrong but here it looks like we're having a chat.",
    "I think she liked it when I copied her face back to her.",
    "He turned away and I let him, and then he came back to me on his own.",
    "I didn't know I did that with my voice, it sounds calm.",
    "It made me feel proud, like I am a good mum for him.",
    "I want to try waiting more, even when it feels too long.",
)
TAGS = ("attentive", "encouraging", "receptive", "turn-taking", "guiding", "deepening")


def write_words(chance: random.Random, low: int, high: int) -> str:
    """Return parent's words between `low` and `high` characters long."""
    words = chance.choice(PARENT_WORDS)
    while len(words) < low:
        words += " " + chance.choice(PARENT_WORDS)
    return words[:high]


def build_family(family_id: str, chance: random.Random) -> dict[str, Any]:
    """Return a realistic family: 3 cycles x 10 moments x 10 reflections (about 100 KB)."""
    opened = date(2026, 1, 5) + timedelta(days=chance.randrange(300))
    cycles = []
    for number in range(1, 4):
        moments = []
        for moment in range(10):
            start = chance.uniform(0, 580)
            reflections = [
                {
                    "prompt": chance.choice(PROMPTS),
                    "parent_words": write_words(chance, 100, 200),
                    "guider_note": "Parent named the baby's initiative without prompting.",
                    "at": f"{opened + timedelta(days=14 * number)}T10:{moment:02d}:00",
                }
                for _ in range(10)
            ]
            moments.append(
                {
                    "id": f"m{number}-{moment}",
                    "start_s": round(start, 2),
                    "end_s": round(start + chance.uniform(2, 9), 2),
                    "principle": chance.choice(TAGS),
                    "tags": chance.sample(TAGS, 2),
                    "shared": chance.random() < 0.6,
                    "still": f"stills/m{number}-{moment}.jpg",
                    "reflections": reflections,
                }
            )
        cycles.append(
            {
                "number": number,
                "filmed_on": str(opened + timedelta(days=14 * number - 7)),
                "helping_question": "How can I help him settle when he gets upset?",
                "film": {"file": f"media/cycle-{number}.mp4", "duration_s": 600.0},
                "moments": moments,
                "next_steps": [
                    "Wait for his cue before talking",
                    "Name what she is looking at",
                    "Copy his sounds back",
                ],
            }
        )
    return {
        "id": family_id,
        "pseudonym": f"Family {family_id[4:]}",
        "baby_name": chance.choice(("Ada", "Noor", "Kit", "Rowan", "Zoë", "Tomasz")),
        "status": "open",
        "lead_guider": chance.choice(("sam", "alex", "jo")),
        "opened_on": str(opened),
        "closed_on": None,
        "baby_birth_date": str(opened - timedelta(days=chance.randrange(30, 300))),
        "referred_by": "Health visitor",
        "consents": [
            {"purpose": purpose, "given_on": str(opened), "given_by": "Mum", "recorded_by": "sam"}
            for purpose in ("filming", "shared_review", "supervision")
        ],
        "cycles": cycles,
        "notes": "Mum is keen; prefers morning visits.",
    }


def time_ms(action: Callable[[], object]) -> float:
    """Return how long `action` took, in milliseconds."""
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], fraction: float) -> float:
    """Return the value below which `fraction` of `values` lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def grow_caseload(store: Store, target: int, chance: random.Random) -> None:
    """Create families fam-00000... until the store holds `target` of them."""
    existing = len(store.list_families())
    for number in range(existing, target):
        store.create_family(build_family(f"fam-{number:05d}", chance))


def measure_sizes(stores: dict[int, Store], chance: random.Random) -> dict[int, list[float]]:
    """Time loads and saves on every caseload size, taking turns so noise hits all alike.

    A plain save changes a reflection (not in the caseload summary); an index save changes
    the family's status, so the caseload index is rewritten too.

    Returns, per size, [save p50, load p50] in milliseconds, and prints a line per size.
    """
    timings: dict[int, dict[str, list[float]]] = {
        size: {"save": [], "load": [], "index": []} for size in stores
    }
    # Summary-changing saves come last: each rewrites the index, and the next save in that
    # process then reads the new index once, which is not what a typical save costs.
    for phase in ("plain", "index"):
        for sample in range(SAMPLES):
            for size, store in stores.items():
                family_id = f"fam-{chance.randrange(size):05d}"
                found = timings[size]
                found["load"].append(time_ms(partial(store.load_family, family_id)))
                doc = store.load_family(family_id)
                if phase == "plain":
                    moment = doc["cycles"][sample % 3]["moments"][sample % 10]
                    moment["reflections"][0]["parent_words"] = write_words(chance, 100, 200)
                    found["save"].append(time_ms(partial(store.save_family, doc)))
                else:
                    doc["status"] = "closed" if doc["status"] == "open" else "open"
                    found["index"].append(time_ms(partial(store.save_family, doc)))
    results = {}
    for size, store in stores.items():
        found = timings[size]
        record_kb = (store.family_dir("fam-00000") / "record.json").stat().st_size / 1024
        index_kb = (store.data_dir / "caseload.json").stat().st_size / 1024
        save_p50, load_p50 = statistics.median(found["save"]), statistics.median(found["load"])
        print(
            f"size families={size} save_ms_p50={save_p50:.2f}"
            f" save_ms_p95={percentile(found['save'], 0.95):.2f}"
            f" load_ms_p50={load_p50:.2f} load_ms_p95={percentile(found['load'], 0.95):.2f}"
            f" save_with_index_change_ms_p50={statistics.median(found['index']):.2f}"
            f" record_kb={record_kb:.0f} index_kb={index_kb:.0f}",
            flush=True,
        )
        results[size] = [save_p50, load_p50]
    return results


# -- child processes ------------------------------------------------------------------------


def start_child(*arguments: str) -> subprocess.Popen[str]:
    """Run this script as a child writer (see run_child)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", *arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


def ack(line: str) -> None:
    """Report a save that has returned; flushed at once so that a kill cannot lose it."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def add_item(store: Store, family_id: str, key: str, flip_status: bool = False) -> None:
    """Add items[key] to a family (optionally flipping its status) and ack it."""

    def change(doc: dict[str, Any]) -> dict[str, Any]:
        doc.setdefault("items", {})[key] = True
        if flip_status:
            doc["status"] = "closed" if doc["status"] == "open" else "open"
        return doc

    ack(f"touch {family_id}")
    store.update_family(family_id, change)
    ack(f"item {family_id} {key}")


def run_child(arguments: list[str]) -> None:
    """A writer process: "writer DATA NAME ROUNDS" or "forever DATA RUN FAMILIES"."""
    mode, data_dir, name, number = arguments
    store = Store(Path(data_dir), summary_keys=INDEX_KEYS, lock_timeout=120)
    chance = random.Random(name)
    if mode == "writer":
        sys.stdin.readline()  # start together with the others
        own = f"fam-{int(number) * 61 % SIZES[-1]:05d}"  # a different family per writer
        for round_number in range(WRITER_ROUNDS):
            add_item(store, SHARED, f"{name}-{round_number}")
            add_item(store, own, f"{name}-{round_number}", flip_status=round_number % 5 == 0)
        return
    families = int(number)
    created: list[str] = []
    for step in count(1):
        add_item(store, SHARED, f"r{name}-{step}", flip_status=step % 3 == 0)
        add_item(store, f"fam-{chance.randrange(families):05d}", f"r{name}-{step}")
        if step % 4 == 0:
            new_id = f"fam-k{name}-{step}"
            ack(f"touch {new_id}")
            store.create_family(build_family(new_id, chance))
            created.append(new_id)
            ack(f"family {new_id}")
        if step % 10 == 0 and created:
            doomed = created.pop(0)
            ack(f"deleting {doomed}")
            store.delete_family(doomed)
            ack(f"deleted {doomed}")


class Acks:
    """What the children said they had saved, and which families they touched."""

    def __init__(self) -> None:
        self.items: dict[str, set[str]] = {}
        self.families: set[str] = set()
        self.deleting: set[str] = set()
        self.touched: set[str] = set()

    def read(self, output: str) -> int:
        """Take in a child's output (a line cut off by a kill is ignored); count the saves."""
        saves = 0
        for line in output.split("\n")[:-1]:
            kind, *words = line.split()
            if kind == "touch":
                self.touched.add(words[0])
                continue
            saves += 1
            if kind == "item":
                self.items.setdefault(words[0], set()).add(words[1])
            elif kind == "family":
                self.families.add(words[0])
            elif kind == "deleting":
                self.deleting.add(words[0])
        return saves


def count_lost(store: Store, acks: Acks) -> int:
    """Count acknowledged saves that are not in the store."""
    lost = 0
    for family_id, keys in acks.items.items():
        if family_id not in acks.deleting:
            lost += len(keys - set(store.load_family(family_id).get("items", {})))
    lost += sum(
        1 for family_id in acks.families - acks.deleting if not store.family_exists(family_id)
    )
    return lost


def count_unparseable(paths: Iterable[Path]) -> int:
    """Count files (current or backup) that are not whole JSON objects."""
    bad = 0
    for path in paths:
        try:
            if not isinstance(json.loads(path.read_bytes()), dict):
                bad += 1
        except FileNotFoundError:
            continue
        except ValueError:
            bad += 1
    return bad


def list_files_of(store: Store, family_ids: Iterable[str]) -> list[Path]:
    """Return the caseload and the given families' record files and backups."""
    paths = [store.data_dir / "caseload.json", *store.backups_dir.glob("caseload.json.*")]
    for family_id in family_ids:
        folder = store.families_dir / family_id
        paths += [folder / "record.json", *(folder / "backups").glob("record.json.*")]
    return paths


def run_writers(data_dir: Path) -> tuple[int, int]:
    """Run 8 writer processes at once; print and return (lost, corrupt)."""
    started = time.perf_counter()
    children = [start_child("writer", str(data_dir), f"w{n}", str(n)) for n in range(WRITERS)]
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    acks = Acks()
    saves = 0
    for child in children:
        output, errors = child.communicate(timeout=600)
        if child.returncode != 0:
            raise SystemExit(f"a writer failed:\n{errors}")
        saves += acks.read(output)
    seconds = time.perf_counter() - started
    store = Store(data_dir, summary_keys=INDEX_KEYS)
    lost = count_lost(store, acks)
    corrupt = count_unparseable(list_files_of(store, acks.touched)) + len(store.take_recoveries())
    print(
        f"writers={WRITERS} saves={saves} seconds={seconds:.1f} lost={lost} corrupt={corrupt}",
        flush=True,
    )
    return lost, corrupt


def run_kills(data_dir: Path, families: int, kills: int) -> tuple[int, int]:
    """Kill a busy writer `kills` times at random moments; print and return (lost, corrupt)."""
    chance = random.Random(7)
    acks = Acks()
    saves = 0
    corrupt = 0
    for run in range(kills):
        child = start_child("forever", str(data_dir), str(run), str(families))
        assert child.stdout is not None
        first = child.stdout.readline()
        time.sleep(chance.uniform(0.0, 0.08))
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate(timeout=60)
        saves += acks.read(first + output)
        store = Store(data_dir, summary_keys=INDEX_KEYS)
        corrupt += count_unparseable(list_files_of(store, acks.touched))
        for family_id in acks.touched - acks.deleting:
            if store.family_exists(family_id):
                store.load_family(family_id)
        store.list_families()
        corrupt += len(store.take_recoveries())  # a file that needed repair counts too
    lost = count_lost(Store(data_dir, summary_keys=INDEX_KEYS), acks)
    print(
        f"kills={kills} acknowledged_saves={saves} lost_after_kill={lost}"
        f" corrupt_after_kill={corrupt}",
        flush=True,
    )
    return lost, corrupt


def run_benchmark(kills: int) -> None:
    """Build the caseloads, measure, and print the summary line."""
    parent = os.environ.get("VIGREVIEW_DATA")
    if parent:
        Path(parent).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-storage-", dir=parent or None))
    try:
        chance = random.Random(20261126)
        stores = {}
        for size in SIZES:
            stores[size] = Store(work / f"caseload-{size}", summary_keys=INDEX_KEYS)
            started = time.perf_counter()
            grow_caseload(stores[size], size, chance)
            built = time.perf_counter() - started
            print(f"built families={size} in {built:.1f}s", flush=True)
        save_p50, load_p50 = measure_sizes(stores, chance)[SIZES[-1]]
        store = stores[SIZES[-1]]
        store.create_family(build_family(SHARED, chance))
        lost, corrupt = run_writers(store.data_dir)
        lost_after_kill, corrupt_after_kill = run_kills(store.data_dir, SIZES[-1], kills)
        print(
            f"storage: families={SIZES[-1]} save_ms_p50={save_p50:.2f} load_ms_p50={load_p50:.2f}"
            f" writers={WRITERS} lost={lost + lost_after_kill} corrupt={corrupt} kills={kills}"
            f" corrupt_after_kill={corrupt_after_kill}",
            flush=True,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    """Parse the command line: the benchmark itself, or one of its child writers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=30, help="SIGKILL rounds (default 30)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        run_child(options.child)
    else:
        run_benchmark(options.kills)


if __name__ == "__main__":
    main()
