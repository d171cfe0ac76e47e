"""publish_film / unpublish_film / delete_published_for: hard links under unguessable names."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.filmmaker import make_film
from vigreview.media import FilmRejected, delete_published_for, publish_film, unpublish_film
from vigreview.media import serving as serving_module

URL = re.compile(r"^/app/static/films/([A-Za-z0-9_-]{32})\.mp4$")


@pytest.fixture(scope="module")
def film_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("serving_film")
    return make_film(folder / "film.mp4", seconds=0.5, width=160, height=90).read_bytes()


@pytest.fixture
def family(tmp_path: Path, film_bytes: bytes) -> Path:
    """A family's media folder with two films in it."""
    media = tmp_path / "data" / "families" / "fam-1" / "media"
    media.mkdir(parents=True)
    (media / "film-a.mp4").write_bytes(film_bytes)
    (media / "film-b.mp4").write_bytes(film_bytes + b"\0")
    return media


@pytest.fixture
def static_dir(tmp_path: Path) -> Path:
    return tmp_path / "app" / "static"


def _published_file(static_dir: Path, url: str) -> Path:
    match = URL.match(url)
    assert match, url
    return static_dir / "films" / f"{match.group(1)}.mp4"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_links_the_film_under_an_unguessable_name(family: Path, static_dir: Path) -> None:
    film = family / "film-a.mp4"
    url = publish_film(film, static_dir)
    published = _published_file(static_dir, url)
    assert os.path.samefile(published, film)  # a hard link: no second copy of the bytes
    assert (family / "film-a.mp4.published").read_text().strip() == published.stem
    other = publish_film(family / "film-b.mp4", static_dir)
    assert other != url


def test_publishing_again_gives_the_same_url(family: Path, static_dir: Path) -> None:
    film = family / "film-a.mp4"
    url = publish_film(film, static_dir)
    assert publish_film(film, static_dir) == url
    assert len(list((static_dir / "films").iterdir())) == 1


def test_a_replaced_film_gets_a_new_url_and_the_old_link_goes(
    family: Path, static_dir: Path, tmp_path: Path
) -> None:
    film = family / "film-a.mp4"
    old = _published_file(static_dir, publish_film(film, static_dir))
    replacement = tmp_path / "new.mp4"
    replacement.write_bytes(b"a re-imported film")
    os.replace(replacement, film)
    new = _published_file(static_dir, publish_film(film, static_dir))
    assert new != old
    assert not old.exists()
    assert new.read_bytes() == b"a re-imported film"


def test_unpublish_removes_the_link_and_keeps_the_film(family: Path, static_dir: Path) -> None:
    film = family / "film-a.mp4"
    published = _published_file(static_dir, publish_film(film, static_dir))
    unpublish_film(film, static_dir)
    assert not published.exists()
    assert not (family / "film-a.mp4.published").exists()
    assert film.is_file()
    unpublish_film(film, static_dir)  # twice is fine


def test_delete_published_for_leaves_nothing_of_the_family_served(
    family: Path, static_dir: Path, film_bytes: bytes
) -> None:
    films = [family / "film-a.mp4", family / "film-b.mp4"]
    published = [_published_file(static_dir, publish_film(f, static_dir)) for f in films]
    elsewhere = static_dir.parent / "other-family.mp4"
    elsewhere.write_bytes(b"another family's film")
    other_url = publish_film(elsewhere, static_dir)
    identities = {(f.stat().st_dev, f.stat().st_ino) for f in films}
    digests = {_digest(f) for f in films}

    removed = delete_published_for(family.parent, static_dir)
    shutil.rmtree(family.parent)

    assert sorted(removed) == sorted(published)
    left = list((static_dir / "films").iterdir())
    assert left == [_published_file(static_dir, other_url)]
    for path in left:
        assert (path.stat().st_dev, path.stat().st_ino) not in identities
        assert _digest(path) not in digests


def test_delete_published_for_finds_links_whose_sidecar_was_lost(
    family: Path, static_dir: Path
) -> None:
    film = family / "film-a.mp4"
    published = _published_file(static_dir, publish_film(film, static_dir))
    (family / "film-a.mp4.published").unlink()
    assert delete_published_for(family, static_dir) == [published]
    assert not published.exists()


def test_copies_are_made_when_linking_fails_and_are_deleted_too(
    family: Path, static_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cross_device(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(serving_module.os, "link", cross_device)
    film = family / "film-a.mp4"
    url = publish_film(film, static_dir)
    published = _published_file(static_dir, url)
    assert not os.path.samefile(published, film)
    assert published.read_bytes() == film.read_bytes()
    assert publish_film(film, static_dir) == url  # the copy is still up to date
    assert delete_published_for(family, static_dir) == [published]
    assert list((static_dir / "films").iterdir()) == []


def test_a_tampered_sidecar_is_never_used_as_a_path(family: Path, static_dir: Path) -> None:
    film = family / "film-a.mp4"
    victim = static_dir / "keep.txt"
    victim.parent.mkdir(parents=True)
    victim.write_text("not a film")
    (family / "film-a.mp4.published").write_text("../keep")
    url = publish_film(film, static_dir)
    assert URL.match(url)
    unpublish_film(film, static_dir)
    delete_published_for(family, static_dir)
    assert victim.read_text() == "not a film"


def test_films_too_big_to_serve_are_refused(tmp_path: Path, static_dir: Path) -> None:
    huge = tmp_path / "huge.mp4"
    with huge.open("wb") as handle:
        handle.truncate(201 * 1024 * 1024)  # sparse: no real disk used
    with pytest.raises(FilmRejected) as caught:
        publish_film(huge, static_dir)
    assert caught.value.reason == "too_big"
    assert not (static_dir / "films").exists() or not list((static_dir / "films").iterdir())


def test_delete_published_for_a_missing_folder_is_a_no_op(tmp_path: Path, static_dir: Path) -> None:
    assert delete_published_for(tmp_path / "nope", static_dir) == []
