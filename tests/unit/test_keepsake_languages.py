"""The keepsake in Polish and in Urdu: translated headings, every glyph drawn, words as typed."""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.made_up_families import HELPING_QUESTION, STARRED_WORDS, make_family
from vigreview.models import Family, Reflection
from vigreview.outputs.keepsake import gather_keepsake, render_keepsake

TODAY = date(2026, 11, 26)
URDU_WORDS = "مجھے اچھا لگا جب وہ مسکرایا"
POLISH_WORDS = "Zaczekałam, aż spojrzy — i się uśmiechnęła!"
# The guider's line in the baby's voice, written in the family's language: a speech bubble.
BABY_VOICE = {
    "en": "I like it when you wait for me",
    "pl": "Lubię, kiedy na mnie czekasz",
    "ur": "مجھے اچھا لگتا ہے جب آپ میرا انتظار کرتے ہیں",
}


def _no_stills(*_: object) -> list[Path]:
    return []


def _family_in(language: str) -> Family:
    family = make_family(3)
    cycle = family.cycles[0]
    typed = (
        Reflection("see.notice", "?", URDU_WORDS, True),
        Reflection("see.you_did", "?", POLISH_WORDS, True),
    )
    moment = replace(
        cycle.moments[0],
        reflections=(*cycle.moments[0].reflections, *typed),
        baby_voice=BABY_VOICE[language],
    )
    cycles = (replace(cycle, moments=(moment, *cycle.moments[1:])), *family.cycles[1:])
    return replace(family, language=language, cycles=cycles)


def _render(language: str, caplog: pytest.LogCaptureFixture) -> str:
    with caplog.at_level(logging.WARNING):
        pdf = render_keepsake(gather_keepsake(_family_in(language), _no_stills, TODAY))
    missing = [r.getMessage() for r in caplog.records if "missing the following glyphs" in r.msg]
    assert missing == []
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _squeeze(text: str) -> str:
    return " ".join(text.split())


ENGLISH_HEADINGS = ("Your question", "What you are doing next", "Things you are trying")


def test_polish_keepsake_has_polish_headings_and_the_words_as_typed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = _squeeze(_render("pl", caplog))
    for heading in (
        "Chwile do zapamiętania: Jadeite Example i Noorabel",
        "Twoje pytanie",
        "Co robisz dalej",
        "Co już robisz",
        "Co próbujesz robić",
        "Karmienie, 15 września 2026",
        "strona 1",
    ):
        assert heading in text, heading
    for english in ENGLISH_HEADINGS:
        assert english not in text
    assert POLISH_WORDS in text
    assert BABY_VOICE["pl"] in text
    assert URDU_WORDS in text  # typed in Urdu: kept, in a font that has every letter
    assert STARRED_WORDS in text  # typed in English, kept in English
    assert HELPING_QUESTION in text


def test_urdu_keepsake_has_urdu_headings_and_no_missing_glyph(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = _render("ur", caplog)
    for heading in ("آپ کا سوال", "آگے کیا کرنا ہے", "آزمانے کی باتیں", "یاد رکھنے کے لمحے"):
        assert heading in text, heading
    for english in ENGLISH_HEADINGS:
        assert english not in text
    assert URDU_WORDS in text
    assert BABY_VOICE["ur"] in text  # the bubble, in Naskh: every letter drawn
    assert "Noorabel" in text


def test_english_keepsake_is_unchanged_by_the_catalogs(caplog: pytest.LogCaptureFixture) -> None:
    text = _squeeze(_render("en", caplog))
    assert "Moments to keep: Jadeite Example and Noorabel" in text
    assert "Your question" in text
    assert "page 1" in text
    assert URDU_WORDS in text
