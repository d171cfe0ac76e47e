"""Bringing a film into a cycle: consent, file types, crafted names, failures leave nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.filmmaker import make_film, make_text_file
from vigreview.caseload import load_family, open_store, record_consent
from vigreview.codec import family_to_doc
from vigreview.cycles import FilmingNotConsented, add_cycle, get_cycle
from vigreview.film_import import FilmImport, begin_film_import, shown_name
from vigreview.media import FilmRejected, probe_film
from vigreview.models import Activity, ConsentPurpose, Family
from vigreview.storage import Store

TODAY = date(2026, 11, 26)
FAMILY = "fam-abc123"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "data")
    family = Family(
        id=FAMILY, pseudonym="Jade", baby_name="Noor", lead_guider="Ann", opened_on=TODAY
    )
    store.create_family(family_to_doc(family))
    add_cycle(store, FAMILY, Activity.PLAY, TODAY)
    return store


def _consent(store: Store) -> None:
    record_consent(store, FAMILY, [ConsentPurpose.FILMING], "Jade", TODAY, "Ann")


def _import(store: Store, film: Path, name: str, keep: bool = False) -> FilmImport:
    with film.open("rb") as upload:
        started = begin_film_import(store, FAMILY, 1, upload, name, keep_original=keep, today=TODAY)
    started.job.wait(timeout=120)
    return started


def _media_files(store: Store) -> list[str]:
    return sorted(p.name for p in store.media_dir(FAMILY).iterdir())


def test_hevc_portrait_film_is_imported_and_recorded(store: Store, tmp_path: Path) -> None:
    _consent(store)
    source = make_film(tmp_path / "phone.mov", codec="libx265", seconds=1.5, rotation_cw=90)
    started = _import(store, source, "IMG_0042.MOV")
    assert started.job.state == "done", started.job.message
    film = started.outcome.film
    assert film is not None and film.original_name == "IMG_0042.MOV"
    assert film.height > film.width  # portrait, rotation applied
    recorded = get_cycle(load_family(store, FAMILY), 1).films
    assert [f.id for f in recorded] == [film.id]
    info = probe_film(store.media_dir(FAMILY) / film.file_name)
    assert info.video_codec == "h264" and info.rotation == 0
    assert _media_files(store) == [film.file_name]  # the upload itself is gone


def test_no_import_without_filming_consent(store: Store, tmp_path: Path) -> None:
    source = make_film(tmp_path / "phone.mp4", seconds=1.0)
    with pytest.raises(FilmingNotConsented), source.open("rb") as upload:
        begin_film_import(store, FAMILY, 1, upload, "a.mp4", keep_original=False, today=TODAY)
    assert _media_files(store) == []


def test_unsupported_file_type_is_refused_before_copying(store: Store, tmp_path: Path) -> None:
    _consent(store)
    notes = make_text_file(tmp_path / "notes.txt")
    with pytest.raises(FilmRejected) as refused, notes.open("rb") as upload:
        begin_film_import(store, FAMILY, 1, upload, "notes.txt", keep_original=False, today=TODAY)
    assert "isn't a video file" in refused.value.message
    assert _media_files(store) == []


def test_a_text_file_renamed_mp4_fails_kindly_and_leaves_nothing(
    store: Store, tmp_path: Path
) -> None:
    _consent(store)
    fake = make_text_file(tmp_path / "fake.mp4")
    started = _import(store, fake, "fake.mp4")
    assert started.job.state == "failed"
    assert "isn't a video file" in (started.job.message or "")
    assert started.outcome.film is None
    assert get_cycle(load_family(store, FAMILY), 1).films == ()
    assert _media_files(store) == []


def test_a_crafted_file_name_never_becomes_a_path(store: Store, tmp_path: Path) -> None:
    _consent(store)
    source = make_film(tmp_path / "x.mp4", seconds=1.0)
    started = _import(store, source, "../../../etc/passwd.mp4")
    assert started.job.state == "done"
    assert started.outcome.film is not None
    assert started.outcome.film.original_name == "passwd.mp4"
    assert not (tmp_path / "etc").exists()
    assert all(p.parent == store.media_dir(FAMILY) for p in store.media_dir(FAMILY).iterdir())


def test_keep_original_keeps_it_beside_the_film(store: Store, tmp_path: Path) -> None:
    _consent(store)
    source = make_film(tmp_path / "x.mp4", seconds=1.0)
    started = _import(store, source, "x.mp4", keep=True)
    assert started.outcome.film is not None and started.outcome.film.kept_original
    assert len(_media_files(store)) == 2


def test_shown_names_are_short_text() -> None:
    assert shown_name("C:\\Users\\me\\IMG_1.MOV") == "IMG_1.MOV"
    assert shown_name("") == "film"
    assert len(shown_name("a" * 500 + ".mp4")) == 120
