"""Writing a file so that a crash at any moment leaves a whole file behind.

The new content goes to a temp file in the same folder, is flushed and fsynced, the older
versions shift down one backup generation (the current file is linked or copied, never moved,
so it always exists), and only then does os.replace swap the new file in. A crash before the
swap leaves the old file; after it, the new one.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from pathlib import Path

from vigreview.storage.disk_space import disk_full_error, is_disk_full, note_write_worked

BACKUPS_FOLDER = "backups"


def list_backup_paths(path: Path, count: int) -> list[Path]:
    """Return where the backups of `path` live, newest (.1) first."""
    folder = path.parent / BACKUPS_FOLDER
    return [folder / f"{path.name}.{generation}" for generation in range(1, count + 1)]


def make_temp_path(path: Path) -> Path:
    """Return an unused hidden temp name beside `path`."""
    return path.with_name(f".{path.name}.tmp-{secrets.token_hex(6)}")


def remove_stale_temps(path: Path) -> None:
    """Delete temp files that writers of `path` left behind when they were killed.

    Call this only while holding the path's lock: then no live writer owns any of them.
    """
    folders = (path.parent, path.parent / BACKUPS_FOLDER)
    for folder in folders:
        for temp in folder.glob(f".{path.name}*.tmp-*"):
            temp.unlink(missing_ok=True)


def fsync_directory(folder: Path) -> None:
    """Make renames in `folder` durable (a no-op where the filesystem cannot do this)."""
    if os.name == "nt":
        # Windows cannot open a folder as a file at all (os.open raises PermissionError);
        # NTFS journals the rename itself, so there is nothing more to flush.
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError as error:
        # Some filesystems refuse fsync on a directory.
        if error.errno not in (errno.EINVAL, errno.EBADF, errno.EACCES):
            raise
    finally:
        os.close(descriptor)


def write_durably(path: Path, payload: bytes) -> None:
    """Write `payload` to a new file at `path` (which must not exist) and fsync it."""
    with open(path, "xb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())


def copy_into_place(source: Path, target: Path) -> None:
    """Make `target` a copy of `source` in one atomic step, keeping `source` where it is."""
    temp = make_temp_path(target)
    try:
        # A hard link costs nothing and keeps the file's time; files are only ever replaced,
        # never changed in place, so the two names can share one inode safely.
        os.link(source, temp)
    except OSError:
        shutil.copy2(source, temp)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
    os.replace(temp, target)


def rotate_backups(path: Path, count: int) -> None:
    """Shift backups of `path` down one generation and make the current file backup .1."""
    if count < 1 or not path.exists():
        return
    generations = list_backup_paths(path, count)
    generations[0].parent.mkdir(exist_ok=True)
    for newer, older in zip(reversed(generations[:-1]), reversed(generations[1:]), strict=True):
        if newer.exists():
            os.replace(newer, older)
    copy_into_place(path, generations[0])
    fsync_directory(generations[0].parent)


def write_atomically(path: Path, payload: bytes, *, backups: int) -> None:
    """Replace `path` with `payload` so that a crash leaves the old or the new file, whole.

    The version being replaced becomes backup .1 (keeping `backups` generations). A full
    disk raises DiskFull (the old file stays as it was).
    """
    temp = make_temp_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_durably(temp, payload)
        rotate_backups(path, backups)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        if is_disk_full(error):
            raise disk_full_error(error) from error
        raise
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)
    note_write_worked()
