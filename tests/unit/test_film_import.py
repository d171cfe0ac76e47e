"""Bringing a film into a cycle: consent, file types, crafted names, failures leave nothing."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.filmmaker import make_film, make_text_file
from vigreview.caseload import load_family, open_store, record_consent
from vigreview.codec import family_to_doc
from vigreview.cycles import FilmingNotConsented, add_cycle, get_cycle
from vigreview.film_import import FilmImport, begin_film_import, check_film_upload, shown_name
from vigreview.media import FilmRejected, probe_film
from vigreview.media.limits import MAX_UPLOAD_BYTES
from vigreview.media.uploads import new_upload_path
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


def _stage(store: Store, film: Path) -> Path:
    """Put `film` in the family's media folder as the upload route leaves a finished upload."""
    upload = new_upload_path(store.media_dir(FAMILY), film.suffix.lower())
    shutil.copyfile(film, upload)
    return upload


def _import(store: Store, film: Path, name: str, keep: bool = False) -> FilmImport:
    upload = _stage(store, film)
    started = begin_film_import(store, FAMILY, 1, upload, name, keep_original=keep, today=TODAY)
    started.job.wait(timeout=120)
    return started


def _media_files(store: Store) -> list[str]:
    # Files only: once a film is in, its suggestions are worked out on a thread of their own
    # into a suggestions/ folder, which may or may not be there yet when the test looks.
    return sorted(p.name for p in store.media_dir(FAMILY).iterdir() if p.is_file())


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


def test_no_import_without_filming_consent_and_the_upload_is_deleted(
    store: Store, tmp_path: Path
) -> None:
    upload = _stage(store, make_film(tmp_path / "phone.mp4", seconds=1.0))
    with pytest.raises(FilmingNotConsented):
        begin_film_import(store, FAMILY, 1, upload, "a.mp4", keep_original=False, today=TODAY)
    assert _media_files(store) == []


def test_an_upload_is_checked_for_consent_then_kind_then_size(store: Store) -> None:
    with pytest.raises(FilmingNotConsented):
        check_film_upload(store, FAMILY, "IMG_0001.jpg", 10, TODAY)
    _consent(store)
    assert check_film_upload(store, FAMILY, "IMG_0042.MOV", MAX_UPLOAD_BYTES, TODAY) == ".mov"
    assert check_film_upload(store, FAMILY, "clip.mp4", None, TODAY) == ".mp4"
    for name, reason in (("IMG_0001.jpg", "picture"), ("notes.txt", "not_video")):
        with pytest.raises(FilmRejected) as refused:
            check_film_upload(store, FAMILY, name, 10, TODAY)
        assert refused.value.reason == reason
    with pytest.raises(FilmRejected) as too_big:
        check_film_upload(store, FAMILY, "long.mov", MAX_UPLOAD_BYTES + 1, TODAY)
    assert too_big.value.reason == "upload_too_big"
    assert "larger than 2 GB" in too_big.value.message


def test_unsupported_file_type_is_refused_and_the_upload_deleted(
    store: Store, tmp_path: Path
) -> None:
    _consent(store)
    upload = _stage(store, make_text_file(tmp_path / "notes.txt"))
    with pytest.raises(FilmRejected) as refused:
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
