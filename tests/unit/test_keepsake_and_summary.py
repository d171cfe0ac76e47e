"""Keepsake and referrer-summary PDFs: what goes in, what never does, consent, history."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.filmmaker import make_film
from tests.made_up_families import (
    BIRTH_DATE,
    GUIDER_NOTE,
    HELPING_QUESTION,
    HOW_IT_WENT,
    STARRED_WORDS,
    UNSTARRED_WORDS,
    WORKING_POINT_TITLE,
    WORKING_POINT_WORDS,
    make_family,
)
from vigreview.caseload import load_family, open_store, withdraw_consent
from vigreview.codec import family_to_doc
from vigreview.dates import format_day
from vigreview.models import ConsentPurpose, Reflection
from vigreview.outputs.export_rules import ExportNotAllowed
from vigreview.outputs.keepsake import gather_keepsake, make_keepsake, render_keepsake
from vigreview.outputs.pdf_document import PdfFontMissing, drop_undrawable, find_font_files
from vigreview.outputs.referrer_summary import (
    check_summary,
    current_summary,
    draft_summary,
    export_summary,
    render_summary,
)
from vigreview.storage import Store
from vigreview.trust.audit import read_history

TODAY = date(2026, 11, 26)
FAMILY_ID = "fam-made-up-1"


def pdf_text(pdf: bytes) -> str:
    """Return the text of every page, with runs of whitespace made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def _no_stills(*_: object) -> list[Path]:
    return []


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store holding the made-up family with three cycles and a real (tiny) film."""
    store = open_store(tmp_path / "data")
    family = make_family(3, film_name="film-tiny.mp4")
    store.create_family(family_to_doc(family))
    make_film(store.media_dir(FAMILY_ID) / "film-tiny.mp4", seconds=2.0, fps=10, audio=None)
    return store


def test_keepsake_has_the_parents_words_and_none_of_the_guiders() -> None:
    family = make_family(3)
    text = pdf_text(render_keepsake(gather_keepsake(family, _no_stills, TODAY)))
    assert STARRED_WORDS in text
    assert HELPING_QUESTION in text
    assert "You waited for Noorabel and answered her sounds (3)." in text
    assert "Pause and wait for Noorabel to answer (1)" in text  # doing it
    assert "Pause and wait for Noorabel to answer (2)" in text  # trying it
    assert "Moments to keep: Jadeite Example and Noorabel" in text
    for never in (
        GUIDER_NOTE,
        HOW_IT_WENT,
        WORKING_POINT_TITLE,
        WORKING_POINT_WORDS,
        UNSTARRED_WORDS,
        "answer (3)",  # a step put off "for now" is not held up to the parent
        family.notes,
        format_day(BIRTH_DATE),
    ):
        assert never not in text, never


def test_keepsake_leaves_out_moments_not_shown_to_the_parent() -> None:
    family = make_family(1)
    cycle = family.cycles[0]
    hidden = replace(cycle.moments[1], show_to_parent=False, title="Hidden from the parent")
    family = replace(family, cycles=(replace(cycle, moments=(cycle.moments[0], hidden)),))
    text = pdf_text(render_keepsake(gather_keepsake(family, _no_stills, TODAY)))
    assert "Hidden from the parent" not in text
    assert "We sang 1" not in text


def test_keepsake_carries_the_key_stills_of_good_moments_only(store: Store) -> None:
    pdf = make_keepsake(store, FAMILY_ID, "Ann Guider (ann)", TODAY)
    # One key still on each cycle's good moment; the working points' stills stay out.
    assert pdf_image_count(pdf) == 3
    events = read_history(store, FAMILY_ID).events
    assert [(e.action, e.detail, e.who) for e in events] == [
        ("exported", "Keepsake PDF for the parent", "Ann Guider (ann)")
    ]


def test_keepsake_after_the_footage_was_deleted_keeps_the_words(store: Store) -> None:
    (store.media_dir(FAMILY_ID) / "film-tiny.mp4").unlink()
    pdf = make_keepsake(store, FAMILY_ID, "Ann", TODAY)
    assert pdf_image_count(pdf) == 0
    assert STARRED_WORDS in pdf_text(pdf)


def test_no_keepsake_once_shared_review_consent_is_withdrawn(store: Store) -> None:
    withdraw_consent(store, FAMILY_ID, [ConsentPurpose.SHARED_REVIEW], TODAY)
    with pytest.raises(ExportNotAllowed, match="shared review"):
        make_keepsake(store, FAMILY_ID, "Ann", TODAY)
    assert read_history(store, FAMILY_ID).events == ()


def test_keepsake_prints_accents_and_arabic_and_drops_only_undrawable_emoji() -> None:
    family = make_family(1)
    cycle = family.cycles[0]
    words = "Café, naïve, ça va 😀 — أحبك يا صغيري 👶 x"
    moment = replace(cycle.moments[0], reflections=(Reflection("see", "?", words, True),))
    family = replace(family, cycles=(replace(cycle, moments=(moment,)),))
    text = pdf_text(render_keepsake(gather_keepsake(family, _no_stills, TODAY)))
    assert "Café, naïve, ça va" in text
    fonts = find_font_files()
    assert drop_undrawable("a 👶 b", fonts.regular) == "a b"
    assert drop_undrawable("ça 😀", fonts.regular) == "ça 😀"


def test_a_missing_font_is_explained(tmp_path: Path) -> None:
    with pytest.raises(PdfFontMissing, match=r"reinstall VIG Review.*assets/fonts/"):
        find_font_files(tmp_path)


def test_summary_draft_from_the_record() -> None:
    summary = draft_summary(make_family(3))
    assert summary.helping_question == HELPING_QUESTION
    assert summary.cycles.startswith("Three cycles of filming between 15 Sep 2026 and 13 Oct 2026")
    assert "three shared reviews completed" in summary.cycles
    assert summary.ratings.endswith("said 3 in cycle 1 and 7 in cycle 3.")
    assert "Receiving initiatives: seen in three moments" in summary.strengths
    assert "Giving time" not in summary.strengths  # the working point's tag
    assert "Pause and wait for Noorabel to answer (3) (not for now)" in summary.next_steps


def test_summary_with_no_cycles_says_so_plainly() -> None:
    summary = draft_summary(make_family(0))
    assert summary.cycles == "No cycles of filming and shared review took place."
    assert summary.ratings == "No ratings were recorded."
    assert check_summary(summary) == {}


def test_summary_pdf_has_the_edits_and_no_guider_notes(store: Store) -> None:
    family = load_family(store, FAMILY_ID)
    edited = replace(current_summary(family), strengths="Lovely turn-taking throughout.")
    pdf = export_summary(store, FAMILY_ID, edited, "Ann", TODAY)
    text = pdf_text(pdf)
    assert "Lovely turn-taking throughout." in text
    assert "End-of-work summary: Jadeite Example and Noorabel" in text
    assert HELPING_QUESTION in text
    for never in (GUIDER_NOTE, HOW_IT_WENT, WORKING_POINT_TITLE, format_day(BIRTH_DATE)):
        assert never not in text
    saved = load_family(store, FAMILY_ID).referrer_summary
    assert saved is not None and saved.strengths == "Lovely turn-taking throughout."
    assert saved.edited_on == TODAY
    assert current_summary(load_family(store, FAMILY_ID)) == saved
    assert [e.detail for e in read_history(store, FAMILY_ID).events] == [
        "End-of-work summary PDF for the referrer"
    ]


def test_summary_sections_must_not_be_empty() -> None:
    summary = replace(draft_summary(make_family(1)), ratings="  ")
    assert check_summary(summary) == {
        "ratings": "Please write something under 'How the parent rated progress', even 'None'."
    }
    pdf = render_summary(make_family(1), draft_summary(make_family(1)), TODAY)
    assert "How the parent rated progress" in pdf_text(pdf)


def test_keepsake_shows_the_babys_voice_of_shown_moments_only() -> None:
    family = make_family(1)
    cycle = family.cycles[0]
    spoken = replace(cycle.moments[0], baby_voice="I like it when you wait for me")
    hidden = replace(
        cycle.moments[1], show_to_parent=False, baby_voice="HIDDEN baby line never printed"
    )
    family = replace(family, cycles=(replace(cycle, moments=(spoken, hidden)),))
    text = pdf_text(render_keepsake(gather_keepsake(family, _no_stills, TODAY)))
    assert "Noorabel: “I like it when you wait for me”" in text
    assert "HIDDEN baby line" not in text
