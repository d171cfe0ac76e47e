"""Publish films where Streamlit serves them by URL, under names nobody can guess.

Streamlit serves `<app dir>/static/...` at `/app/static/...` with range requests and
flat memory, but refuses symlinks that lead outside `static/` and files over 200 MiB.
Films must stay in the family's media folder (withdrawing consent deletes one folder),
so a published film is a hard link `static/films/<token>.mp4` to the family's file: the
same bytes, no copy. If the two folders are on different filesystems we copy instead.
A sidecar `<film>.published` beside the film holds the token, so publishing again
returns the same URL and unpublishing knows what to remove. A hard link keeps the bytes
alive after the family's file is deleted, so links must be removed with the family
(delete_published_for) - never just by deleting the folder.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from pathlib import Path

from vigreview.media.errors import FilmRejected
from vigreview.media.limits import MAX_SERVABLE_BYTES
from vigreview.media.tempfiles import make_temp_path_beside, remove_quietly

FILMS_SUBDIR = "films"
URL_PREFIX = "/app/static/films/"
SIDECAR_SUFFIX = ".published"
_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def publish_film(film: Path, static_dir: Path) -> str:
    """Make `film` playable by URL and return the URL path, e.g. /app/static/films/<t>.mp4.

    Publishing the same film again returns the same URL while the published copy is
    still the same file; a film replaced since gets a fresh name.
    """
    film = Path(film)
    size = film.stat().st_size
    if size > MAX_SERVABLE_BYTES:
        raise FilmRejected.too_big(size, MAX_SERVABLE_BYTES)
    films_dir = Path(static_dir) / FILMS_SUBDIR
    films_dir.mkdir(parents=True, exist_ok=True)
    token = read_published_token(film)
    if token is not None:
        published = films_dir / f"{token}.mp4"
        if _is_same_film(film, published):
            return URL_PREFIX + published.name
        remove_quietly(published)
    token = secrets.token_urlsafe(24)
    published = films_dir / f"{token}.mp4"
    _link_or_copy(film, published)
    _write_sidecar(film, token)
    return URL_PREFIX + published.name


def unpublish_film(film: Path, static_dir: Path) -> None:
    """Remove the published link or copy of `film` (if any) and its sidecar."""
    film = Path(film)
    films_dir = Path(static_dir) / FILMS_SUBDIR
    for path in _published_paths_of(film, films_dir):
        remove_quietly(path)
    remove_quietly(sidecar_path(film))


def delete_published_for(folder: Path, static_dir: Path) -> list[Path]:
    """Remove every published link or copy of every film in `folder`; return what went.

    Call this before deleting a family's media folder: a hard link in static/ would
    otherwise keep the film's bytes on disk and playable after the family is gone.
    """
    folder = Path(folder)
    films_dir = Path(static_dir) / FILMS_SUBDIR
    removed: list[Path] = []
    if not folder.exists():
        return removed
    # Links are found both by the sidecars' tokens and by sharing a file's inode, so a
    # lost sidecar still cannot leave a family's film published.
    inodes = set()
    tokens = set()
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        stat = path.stat()
        inodes.add((stat.st_dev, stat.st_ino))
        if path.name.endswith(SIDECAR_SUFFIX):
            token = _read_token(path)
            if token is not None:
                tokens.add(token)
    if films_dir.is_dir():
        for published in sorted(films_dir.iterdir()):
            stat = published.lstat()
            if published.stem in tokens or (stat.st_dev, stat.st_ino) in inodes:
                remove_quietly(published)
                removed.append(published)
    for sidecar in folder.rglob("*" + SIDECAR_SUFFIX):
        remove_quietly(sidecar)
    return removed


def sidecar_path(film: Path) -> Path:
    """Return the path of the file that records `film`'s published name."""
    return film.with_name(film.name + SIDECAR_SUFFIX)


def read_published_token(film: Path) -> str | None:
    """Return the token `film` was published under, or None if it is not published."""
    return _read_token(sidecar_path(film))


def _read_token(sidecar: Path) -> str | None:
    """Return the token in a sidecar file if it is there and well formed."""
    try:
        token = sidecar.read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    # A token is only ever used as a file name: never follow anything path-like.
    return token if _TOKEN_PATTERN.match(token) else None


def _write_sidecar(film: Path, token: str) -> None:
    """Record `token` beside `film`, atomically."""
    sidecar = sidecar_path(film)
    temp = make_temp_path_beside(sidecar)
    try:
        temp.write_text(token + "\n", encoding="ascii")
        os.replace(temp, sidecar)
    except BaseException:
        remove_quietly(temp)
        raise


def _is_same_film(film: Path, published: Path) -> bool:
    """Return True if `published` is a link to `film`, or an up-to-date copy of it."""
    try:
        if os.path.samefile(film, published):
            return True
        film_stat, published_stat = film.stat(), published.stat()
    except FileNotFoundError:
        return False
    # Copies are made with copy2, which keeps the modification time to the nanosecond.
    return (
        film_stat.st_size == published_stat.st_size
        and film_stat.st_mtime_ns == published_stat.st_mtime_ns
    )


def _link_or_copy(film: Path, published: Path) -> None:
    """Hard-link `film` as `published`; copy it if the folders are on different disks."""
    try:
        os.link(film, published)
        return
    except OSError:
        pass
    temp = make_temp_path_beside(published)
    try:
        shutil.copy2(film, temp)
        os.replace(temp, published)
    except BaseException:
        remove_quietly(temp)
        raise


def _published_paths_of(film: Path, films_dir: Path) -> list[Path]:
    """Return every file in `films_dir` that is `film` published (by token or inode)."""
    if not films_dir.is_dir():
        return []
    found = []
    token = read_published_token(film)
    if token is not None and (films_dir / f"{token}.mp4").exists():
        found.append(films_dir / f"{token}.mp4")
    try:
        film_stat = film.stat()
    except FileNotFoundError:
        return found
    for published in films_dir.iterdir():
        stat = published.lstat()
        same = (stat.st_dev, stat.st_ino) == (film_stat.st_dev, film_stat.st_ino)
        if same and published not in found:
            found.append(published)
    return found
