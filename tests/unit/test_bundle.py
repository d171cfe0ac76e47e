"""Family bundles: a round trip to a fresh install and back; every kind of bad bundle refused."""

from __future__ import annotations

import hashlib
import json
import re
import tracemalloc
import zipfile
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.made_up_families import make_family
from vigreview.caseload import change_family, load_family, open_store
from vigreview.codec import family_to_doc
from vigreview.outputs.bundle import (
    MANIFEST,
    BundleRefused,
    export_bundle,
    import_bundle,
    read_manifest,
)
from vigreview.storage import Store
from vigreview.trust.audit import read_history, record_event

FAMILY_ID = "fam-made-up-1"
FILM = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40


def _make_store(root: Path) -> Store:
    return open_store(root / "data")


@pytest.fixture
def home(tmp_path: Path) -> Store:
    """The machine the family lives on: record, a film, a still, history."""
    store = _make_store(tmp_path / "home")
    store.create_family(family_to_doc(make_family(3, film_name="film-a.mp4")))
    media = store.media_dir(FAMILY_ID)
    (media / "film-a.mp4").write_bytes(FILM)
    (media / "stills" / "film-a").mkdir(parents=True)
    (media / "stills" / "film-a" / "s_00000500ms_480w.jpg").write_bytes(b"\xff\xd8jpeg")
    (media / "film-a.mp4.published").write_text("token-only-means-something-here")
    record_event(store, FAMILY_ID, "Ann", "viewed")
    return store


def _files_of(store: Store) -> dict[str, bytes]:
    """Return every carried file of the family (media and history), by relative path."""
    folder = store.family_dir(FAMILY_ID)
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and (relative.startswith("media/") or relative == "audit.jsonl"):
            found[relative] = path.read_bytes()
    return found


def _data_files(store: Store) -> dict[str, bytes]:
    """Return every file in the store's data folder, by relative path, with its bytes."""
    root = store.data_dir
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _refused_without_change(stores: list[Store], bundle: Path, match: str) -> None:
    """Import `bundle` into each store: each refuses it, and no file in its data folder changed.

    A fresh install and the machine the family lives on: a refusal must neither add a family
    nor touch one that is there.
    """
    for store in stores:
        before = _data_files(store)
        with pytest.raises(BundleRefused, match=match) as refused:
            import_bundle(store, bundle, "Bea")
        assert "Nothing was changed" in str(refused.value)
        assert _data_files(store) == before, f"{store.data_dir} changed after: {refused.value}"


def _history(store: Store) -> list[tuple[str, str]]:
    return [(e.action, e.detail) for e in read_history(store, FAMILY_ID).events]


def _rewrite(bundle: Path, out: Path, change: dict[str, bytes | None]) -> Path:
    """Copy a bundle, replacing (or with None, dropping) entries; add new ones too."""
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in change:
                continue
            target.writestr(info.filename, source.read(info.filename))
        for name, data in change.items():
            if data is not None:
                target.writestr(name, data)
    return out


def _manifest(bundle: Path) -> dict[str, object]:
    with zipfile.ZipFile(bundle) as archive:
        manifest: dict[str, object] = json.loads(archive.read(MANIFEST))
    return manifest


def test_round_trip_to_a_fresh_install_and_back(home: Store, tmp_path: Path) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    assert _history(home)[-1][0] == "exported"

    away = _make_store(tmp_path / "away")
    outcome = import_bundle(away, bundle, "Bea")
    assert (outcome.family_id, outcome.replaced) == (FAMILY_ID, False)
    assert load_family(away, FAMILY_ID) == load_family(home, FAMILY_ID)
    carried = _files_of(away)
    assert carried["media/film-a.mp4"] == FILM
    assert carried["media/stills/film-a/s_00000500ms_480w.jpg"] == b"\xff\xd8jpeg"
    assert not (away.media_dir(FAMILY_ID) / "film-a.mp4.published").exists()
    assert [e["id"] for e in away.list_families()] == [FAMILY_ID]
    # The history travels too (the export itself is noted after the bundle is made).
    assert [a for a, _ in _history(away)] == ["viewed", "imported"]

    # Work goes on away from home, then the family comes back.
    change_family(away, FAMILY_ID, lambda f: replace(f, notes="Changed away from home"))
    (away.media_dir(FAMILY_ID) / "film-b.mp4").write_bytes(b"second film")
    (away.media_dir(FAMILY_ID) / "stills" / "film-a" / "s_00000500ms_480w.jpg").unlink()
    back = export_bundle(away, FAMILY_ID, tmp_path / "exports-away", "Bea")
    outcome = import_bundle(home, back, "Ann")
    assert outcome.replaced
    assert load_family(home, FAMILY_ID) == load_family(away, FAMILY_ID)
    assert load_family(home, FAMILY_ID).notes == "Changed away from home"
    home_files = {k: v for k, v in _files_of(home).items() if k != "audit.jsonl"}
    away_files = {k: v for k, v in _files_of(away).items() if k != "audit.jsonl"}
    assert home_files == away_files
    assert "media/stills/film-a/s_00000500ms_480w.jpg" not in home_files
    # Both histories are kept, each event once: Bea's import away, then this one at home.
    assert [a for a, _ in _history(home)] == ["viewed", "exported", "imported", "imported"]


def test_importing_the_same_bundle_twice_adds_no_history_twice(home: Store, tmp_path: Path) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    away = _make_store(tmp_path / "away")
    import_bundle(away, bundle, "Bea")
    import_bundle(away, bundle, "Bea")
    actions = [a for a, _ in _history(away)]
    assert actions.count("viewed") == 1
    assert actions.count("imported") == 2


def test_an_older_bundle_never_overwrites_newer_work(home: Store, tmp_path: Path) -> None:
    old = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    change_family(home, FAMILY_ID, lambda f: replace(f, notes="Newer work"))
    before = (load_family(home, FAMILY_ID), _files_of(home))
    with pytest.raises(BundleRefused, match="after the bundle was made") as refused:
        import_bundle(home, old, "Ann")
    assert "nothing was changed" in str(refused.value)
    assert (load_family(home, FAMILY_ID), _files_of(home)) == before


def test_a_tampered_film_is_refused_and_nothing_is_written(home: Store, tmp_path: Path) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    tampered = _rewrite(bundle, tmp_path / "t.zip", {"media/film-a.mp4": FILM[:-1] + b"!"})
    away = _make_store(tmp_path / "away")
    with pytest.raises(
        BundleRefused, match=re.escape("'media/film-a.mp4' is not the file that was exported")
    ):
        import_bundle(away, tampered, "Bea")
    _refused_without_change([home], tampered, "is not the file that was exported")
    assert not away.families_dir.exists() or not any(away.families_dir.iterdir())
    assert not any((away.data_dir / "importing").iterdir())


def test_a_tampered_record_is_refused(home: Store, tmp_path: Path) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    with zipfile.ZipFile(bundle) as archive:
        record = json.loads(archive.read("record.json"))
    record["pseudonym"] = "Someone else"
    tampered = _rewrite(bundle, tmp_path / "t.zip", {"record.json": json.dumps(record).encode()})
    _refused_without_change(
        [_make_store(tmp_path / "away"), home],
        tampered,
        re.escape("'record.json' is not the file that was exported"),
    )


def _consistent(bundle: Path, out: Path, extra: dict[str, bytes]) -> Path:
    """Add files to a bundle and list them in its manifest with true hashes."""
    manifest = _manifest(bundle)
    files = list(manifest["files"])  # type: ignore[call-overload]
    for name, data in extra.items():
        files.append({"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
    manifest["files"] = files
    return _rewrite(bundle, out, {**extra, MANIFEST: json.dumps(manifest).encode()})


@pytest.mark.parametrize(
    "name",
    [
        "../escaped.txt",
        "media/../../escaped.txt",
        "/etc/escaped",
        "media\\..\\escaped",
        "notes.txt",
    ],
)
def test_paths_out_of_the_family_folder_are_refused(home: Store, tmp_path: Path, name: str) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    evil = _consistent(bundle, tmp_path / "evil.zip", {name: b"gotcha"})
    away = _make_store(tmp_path / "away" / "deep")
    with pytest.raises(BundleRefused, match="Nothing was changed"):
        import_bundle(away, evil, "Bea")
    assert not list(tmp_path.rglob("escaped*"))
    assert not away.families_dir.exists() or not any(away.families_dir.iterdir())
    _refused_without_change([home], evil, "Nothing was changed")


def test_a_file_the_manifest_does_not_list_is_refused(home: Store, tmp_path: Path) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    sneaky = _rewrite(bundle, tmp_path / "s.zip", {"media/extra.mp4": b"unlisted"})
    _refused_without_change(
        [_make_store(tmp_path / "away"), home], sneaky, "that its manifest does not list"
    )


def test_a_missing_file_is_refused(home: Store, tmp_path: Path) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    short = _rewrite(bundle, tmp_path / "m.zip", {"media/film-a.mp4": None})
    _refused_without_change([_make_store(tmp_path / "away"), home], short, "files are missing")


def test_a_cut_short_or_foreign_file_is_refused(home: Store, tmp_path: Path) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    away = _make_store(tmp_path / "away")
    _refused_without_change([away, home], cut, "not a zip file, or it is damaged")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("holiday.jpg", b"jpeg")
    _refused_without_change([away, home], other, "no manifest")


def test_a_record_for_another_family_is_refused(home: Store, tmp_path: Path) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    manifest = _manifest(bundle)
    manifest["family_id"] = "fam-someone-else"
    odd = _rewrite(bundle, tmp_path / "o.zip", {MANIFEST: json.dumps(manifest).encode()})
    _refused_without_change(
        [_make_store(tmp_path / "away"), home], odd, "not the family its manifest names"
    )


def test_a_record_from_a_newer_app_is_refused(home: Store, tmp_path: Path) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    with zipfile.ZipFile(bundle) as archive:
        record = json.loads(archive.read("record.json"))
    record["schema_version"] = 999
    data = json.dumps(record).encode()
    manifest = _manifest(bundle)
    for item in manifest["files"]:  # type: ignore[attr-defined]
        if item["name"] == "record.json":
            item.update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    newer = _rewrite(
        bundle, tmp_path / "n.zip", {"record.json": data, MANIFEST: json.dumps(manifest).encode()}
    )
    _refused_without_change(
        [_make_store(tmp_path / "away"), home], newer, "newer version of VIG Review"
    )


def test_the_manifest_lists_hashes_and_the_records_last_change(home: Store, tmp_path: Path) -> None:
    bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
    with zipfile.ZipFile(bundle) as archive:
        manifest = read_manifest(archive)
        film = archive.read("media/film-a.mp4")
    assert manifest.family_id == FAMILY_ID
    assert manifest.updated_at == load_family(home, FAMILY_ID).updated_at
    by_name = {f.name: f for f in manifest.files}
    assert (
        by_name["media/film-a.mp4"].sha256
        == hashlib.sha256(FILM).hexdigest()
        == (hashlib.sha256(film).hexdigest())
    )
    assert manifest.made_at - datetime.now() < timedelta(minutes=1)
    assert "media/film-a.mp4.published" not in by_name


def test_films_are_streamed_not_read_whole(home: Store, tmp_path: Path) -> None:
    big = home.media_dir(FAMILY_ID) / "film-big.mp4"
    with open(big, "wb") as handle:
        for _ in range(24):
            handle.write(b"\x01" * (1024 * 1024))
    tracemalloc.start()
    try:
        bundle = export_bundle(home, FAMILY_ID, tmp_path / "exports", "Ann")
        import_bundle(_make_store(tmp_path / "away"), bundle, "Bea")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 24 MiB went out and back in; a whole-file read would peak above that.
    assert peak < 8 * 1024 * 1024
