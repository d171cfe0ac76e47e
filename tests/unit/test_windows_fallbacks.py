"""The Linux-only steps of durable writing have fallbacks where they do not exist (Windows, FAT).

(Serving films by hard link falls back to a copy: tests/unit/test_media_serving.py.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vigreview.storage import atomic


def test_folder_fsync_is_skipped_on_windows_where_a_folder_cannot_be_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def windows_open(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")  # what Windows says for a folder

    monkeypatch.setattr(atomic.os, "open", windows_open)
    with pytest.raises(PermissionError):
        atomic.fsync_directory(tmp_path)  # the Linux path really would open the folder
    monkeypatch.setattr(atomic.os, "name", "nt")
    atomic.fsync_directory(tmp_path)


def test_a_whole_write_with_backups_works_without_hard_links_or_folder_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(1, "Operation not permitted")  # e.g. a FAT-formatted USB stick

    monkeypatch.setattr(atomic.os, "link", no_links)
    monkeypatch.setattr(atomic.os, "name", "nt")
    path = tmp_path / "record.json"
    atomic.write_atomically(path, b"first", backups=2)
    atomic.write_atomically(path, b"second", backups=2)
    [backup, _] = atomic.list_backup_paths(path, 2)
    assert path.read_bytes() == b"second"
    assert backup.read_bytes() == b"first"
    assert os.stat(backup).st_nlink == 1  # a copy, not a link
