"""CSV tables of moments, the parent's words and next steps; the anonymised option."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from tests.made_up_families import BABY, BIRTH_DATE, PSEUDONYM, STARRED_WORDS, make_family
from vigreview.caseload import load_family, open_store
from vigreview.codec import family_to_doc
from vigreview.models import Reflection
from vigreview.outputs.table_exports import (
    TableKind,
    build_table,
    export_table,
    family_code,
    make_anonymiser,
    make_cell_safe,
    table_csv,
    table_file_name,
)
from vigreview.storage import Store
from vigreview.trust.audit import read_history

FAMILY_ID = "fam-made-up-1"
# Names typed into free text, in the ways people type them.
TYPED = f"{BABY} smiled at {PSEUDONYM.split()[0].upper()}; jadeite's turn, then Ann Guider's"


def _family_with_names_typed():  # type: ignore[no-untyped-def]
    family = make_family(3)
    cycle = family.cycles[0]
    moment = replace(
        cycle.moments[0],
        guider_notes=TYPED,
        reflections=(Reflection("see", "What did you do here?", TYPED, starred=True),),
    )
    cycle = replace(cycle, moments=(moment, *cycle.moments[1:]))
    return replace(family, cycles=(cycle, *family.cycles[1:]))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "data")
    store.create_family(family_to_doc(_family_with_names_typed()))
    return store


def _read(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read accents
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)


def test_tables_hold_what_the_record_holds(store: Store) -> None:
    moments = _read(export_table(store, FAMILY_ID, TableKind.MOMENTS, False, "Ann"))
    assert len(moments) == 9
    first = moments.iloc[0]
    assert (first["family"], first["baby"], first["cycle"], first["position"]) == (
        PSEUDONYM,
        BABY,
        1,
        1,
    )
    assert first["principles"] == "Being attentive; Receiving initiatives"
    assert first["behaviours"] == "Smiling; Looking interested, with a friendly posture; Nodding"
    assert first["filmed_on"] == "2026-09-15"
    assert list(moments["kind"]).count("working point") == 3
    words = _read(export_table(store, FAMILY_ID, TableKind.REFLECTIONS, False, "Ann"))
    assert STARRED_WORDS in set(words["words"])
    steps = _read(export_table(store, FAMILY_ID, TableKind.NEXT_STEPS, False, "Ann"))
    assert list(steps["status"]) == ["Doing it", "Trying it", "Not for now"]
    assert [e.detail for e in read_history(store, FAMILY_ID).events] == [
        "CSV of moments",
        "CSV of the parent's words",
        "CSV of next steps",
    ]


def test_anonymised_tables_hold_no_name_and_no_date(store: Store) -> None:
    forbidden = [
        PSEUDONYM,
        "Jadeite",
        "jadeite",
        BABY,
        "Ann Guider",
        BIRTH_DATE.isoformat(),
        BIRTH_DATE.strftime("%d/%m/%Y"),
        "2026-",
        FAMILY_ID,
    ]
    for kind in TableKind:
        data = export_table(store, FAMILY_ID, kind, True, "Ann")
        text = data.decode("utf-8-sig")
        for word in forbidden:
            assert word.casefold() not in text.casefold(), (kind, word)
        assert not re.search(r"\bAnn\b", text, re.IGNORECASE)
        table = _read(data)
        assert set(table["family"]) == {family_code(FAMILY_ID)}
        assert not {"baby", "guider"} & set(table.columns)
    words = _read(export_table(store, FAMILY_ID, TableKind.REFLECTIONS, True, "Ann"))
    assert "[baby] smiled at [parent]; [parent]'s turn, then [guider]'s" in set(words["words"])
    moments = _read(export_table(store, FAMILY_ID, TableKind.MOMENTS, True, "Ann"))
    assert moments.iloc[0]["filmed_on_day_of_work"] == 14
    assert moments.iloc[0]["title"] == "[baby] reaches for the cup (1)"
    assert read_history(store, FAMILY_ID).events[-1].detail == "CSV of moments (anonymised)"


def test_the_word_demo_in_a_pseudonym_is_not_taken_for_a_name() -> None:
    family = replace(make_family(0), pseudonym="Jade (demo)")
    assert make_anonymiser(family).text("A demo for Jade") == "A demo for [parent]"


def test_no_cycles_gives_empty_tables_not_errors() -> None:
    for kind in TableKind:
        assert build_table(make_family(0), kind, anonymise=True).empty


def test_file_names_name_no_one() -> None:
    family = make_family(1)
    assert table_file_name(family, TableKind.MOMENTS, True) == (
        f"{family_code(FAMILY_ID)}-moments-anonymised.csv"
    )
    assert PSEUDONYM not in table_file_name(family, TableKind.MOMENTS, False)


FORMULAS = ('=HYPERLINK("http://x.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\ry")


def _family_with_formulas_typed():  # type: ignore[no-untyped-def]
    family = make_family(1)
    cycle = family.cycles[0]
    first, second, third = FORMULAS[:3]
    moment = replace(
        cycle.moments[0],
        title=first,
        guider_notes=second,
        reflections=(Reflection("see", "What did you do here?", third, starred=True),),
    )
    steps = tuple(
        replace(step, text=text)
        for step, text in zip(family.next_steps, FORMULAS[3:], strict=False)
    )
    cycle = replace(cycle, moments=(moment, *cycle.moments[1:]))
    return replace(family, cycles=(cycle,), next_steps=steps)


@pytest.mark.parametrize("anonymise", [False, True])
@pytest.mark.parametrize("kind", list(TableKind))
def test_a_formula_typed_into_any_cell_is_escaped_in_every_csv(
    kind: TableKind, anonymise: bool
) -> None:
    family = _family_with_formulas_typed()
    data = table_csv(family, kind, anonymise)
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, dtype=str)
    cells = [str(cell) for cell in table.to_numpy().ravel()]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))], cells
    typed = {c for c in cells if c.lstrip("'") in FORMULAS}
    assert typed, cells  # the typed formulas are there, as text
    assert all(c.startswith("'") for c in typed)


def test_make_cell_safe_leaves_plain_text_and_numbers_alone() -> None:
    assert make_cell_safe("Smiling at Noor") == "Smiling at Noor"
    assert make_cell_safe(-3) == -3
    assert make_cell_safe("=1+1") == "'=1+1"


def test_nul_bytes_are_dropped_from_typed_text_on_save(tmp_path: Path) -> None:
    family = make_family(1)
    moment = replace(family.cycles[0].moments[0], guider_notes="Noor\x00 smiled")
    cycle = replace(family.cycles[0], moments=(moment,))
    store = open_store(tmp_path / "data")
    store.create_family(family_to_doc(replace(family, pseudonym="Ja\x00de", cycles=(cycle,))))
    raw = (store.family_dir(FAMILY_ID) / "record.json").read_bytes()
    assert b"\\u0000" not in raw and b"\x00" not in raw
    saved = load_family(store, FAMILY_ID)
    assert saved.pseudonym == "Jade"
    assert saved.cycles[0].moments[0].guider_notes == "Noor smiled"
    exported = table_csv(saved, TableKind.MOMENTS, False)
    assert b"\x00" not in exported
