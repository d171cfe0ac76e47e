"""Every Urdu word the catalog holds can be drawn: the shipped Naskh font has every letter."""

from __future__ import annotations

import unicodedata

import pytest
import uharfbuzz as hb
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from vigreview.i18n import LOCALES_DIR
from vigreview.outputs.pdf_document import find_font_files

# Letters Urdu has beyond Arabic, several of which DejaVu Sans lacks (ے ہ ۓ and the full stop).
URDU_LETTERS = "ٹڈڑںےھہۓ۔"
SAMPLE_VALUES = {"{baby}": "زینب", "{parent}": "عائشہ", "{count}": "3", "{page}": "2"}


def _urdu_strings() -> list[str]:
    with (LOCALES_DIR / "ur" / "LC_MESSAGES" / "vigreview.po").open("rb") as po:
        catalog = read_po(po, locale="ur")
    strings = []
    for message in catalog:
        if not message.id:
            continue
        for form in message.string if isinstance(message.string, tuple) else (message.string,):
            for placeholder, value in SAMPLE_VALUES.items():
                form = form.replace(placeholder, value)
            strings.append(form)
    return strings


def _is_arabic(ch: str) -> bool:
    return "ARABIC" in unicodedata.name(ch, "")


def _missing_glyphs(font_path: str, text: str) -> list[str]:
    """Shape `text` with HarfBuzz as the PDF does; return the Arabic letters drawn as .notdef."""
    blob = hb.Blob.from_file_path(font_path)
    font = hb.Font(hb.Face(blob))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return [
        text[info.cluster]
        for info in buffer.glyph_infos
        if info.codepoint == 0 and _is_arabic(text[info.cluster])
    ]


def test_dejavu_alone_would_not_do() -> None:
    """Why the Naskh font is shipped: without it these letters would vanish from a keepsake."""
    with TTFont(str(find_font_files().regular), lazy=True) as font:
        known = font.getBestCmap()
    assert [ch for ch in URDU_LETTERS if ord(ch) not in known]


@pytest.mark.parametrize("style", [0, 1], ids=["regular", "bold"])
def test_every_urdu_catalog_string_has_a_glyph_for_every_character(style: int) -> None:
    fonts = find_font_files()
    naskh = (fonts.arabic, fonts.arabic_bold)[style]
    with (
        TTFont(str(naskh), lazy=True) as font,
        TTFont(str(find_font_files().regular), lazy=True) as latin,
    ):
        arabic_cmap, latin_cmap = font.getBestCmap(), latin.getBestCmap()
    strings = _urdu_strings()
    assert len(strings) > 30
    assert all(ord(ch) in arabic_cmap for ch in URDU_LETTERS)
    for text in strings:
        for ch in text:
            if _is_arabic(ch):
                assert ord(ch) in arabic_cmap, (ch, text)
            else:  # Latin letters, digits and punctuation may come from DejaVu Sans
                assert ord(ch) in arabic_cmap or ord(ch) in latin_cmap, (ch, text)
        assert _missing_glyphs(str(naskh), text) == [], text
