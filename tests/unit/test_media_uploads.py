"""A film written to disk as it arrives: whole under its name, or nothing at all."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from vigreview.media.uploads import (
    STALE_UPLOAD_SECONDS,
    ArrivingFile,
    UploadCutShort,
    UploadTooBig,
    find_upload,
    new_upload_path,
    remove_stale_uploads,
)


def _everything(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_whole_upload_gets_its_name_only_at_the_end(tmp_path: Path) -> None:
    dest = new_upload_path(tmp_path, ".mov")
    with ArrivingFile(dest, max_bytes=100) as arriving:
        arriving.write(b"abc")
        arriving.write(b"defg")
        # Meanwhile only a hidden temporary file exists, never the upload's own name.
        [part] = _everything(tmp_path)
        assert part.startswith(".") and part.endswith(".part") and not dest.exists()
        assert arriving.finish(7) == dest
    assert dest.read_bytes() == b"abcdefg"
    assert _everything(tmp_path) == [dest.name]
    assert find_upload(tmp_path, dest.name) == dest


@pytest.mark.parametrize("stop", ["too_big", "cut_short", "error"])
def test_an_upload_that_stops_part_way_leaves_nothing(tmp_path: Path, stop: str) -> None:
    dest = new_upload_path(tmp_path, ".mp4")
    stops = (UploadTooBig, UploadCutShort, ConnectionError)
    with pytest.raises(stops), ArrivingFile(dest, max_bytes=10) as arriving:
        arriving.write(b"12345")
        if stop == "too_big":
            arriving.write(b"678901")
        elif stop == "cut_short":
            arriving.finish(8)
        else:
            raise ConnectionError("the tablet went away")
    assert _everything(tmp_path) == []


def test_only_an_upload_of_our_own_making_is_found(tmp_path: Path) -> None:
    (tmp_path / "record.json").write_text("{}")
    (tmp_path / "film-0123456789abcdef.mp4").write_bytes(b"film")
    real = new_upload_path(tmp_path, ".mp4")
    real.write_bytes(b"upload")
    for name in (
        "record.json",
        "film-0123456789abcdef.mp4",
        "../record.json",
        f"../{tmp_path.name}/{real.name}",
        ".upload-0123456789abcdef.mp4",  # the right shape, but no such file
        real.name + "/",
    ):
        assert find_upload(tmp_path, name) is None, name
    assert find_upload(tmp_path, real.name) == real


def test_uploads_never_taken_up_are_removed_after_a_day(tmp_path: Path) -> None:
    now = time.time()
    old_upload, new_upload = new_upload_path(tmp_path, ".mov"), new_upload_path(tmp_path, ".mp4")
    # What a server stopped part-way through an upload leaves.
    old_part = tmp_path / f".{new_upload_path(tmp_path, '.mov').name}.0123456789ab.part"
    film, still = tmp_path / "film-0123456789abcdef.mp4", tmp_path / ".upload-notes.txt"
    for path in (old_upload, new_upload, old_part, film, still):
        path.write_bytes(b"x")
    a_day_ago = now - STALE_UPLOAD_SECONDS - 60
    for path in (old_upload, old_part, film, still):
        os.utime(path, (a_day_ago, a_day_ago))
    assert sorted(remove_stale_uploads(tmp_path, now)) == sorted([old_upload.name, old_part.name])
    assert _everything(tmp_path) == sorted([new_upload.name, film.name, still.name])
