"""A4 PDF documents in a shipped Unicode font, laid out to read well printed and on a phone.

fpdf2's core fonts only know Latin-1, so accents, Arabic or emoji in a parent's words would be
lost: every document embeds DejaVu Sans, shipped with the app in assets/fonts/ (never looked
up on the machine, so a PDF comes out the same on Linux, macOS and Windows). DejaVu Sans lacks
some Urdu letters (ے, ہ) and its italic has no Arabic script at all, so Noto Naskh Arabic,
shipped beside it, draws Arabic script. Text shaping (uharfbuzz) joins Arabic letters and
sets right-to-left words the right way round. One wide column with large type keeps a page
readable on a phone screen without zooming sideways.

A block of text with Arabic script in it (a parent's words typed in Urdu) is set in Naskh as
a whole, so a word's letters never come from two fonts and always join; a right-to-left
document (a keepsake in Urdu) is set in Naskh throughout, aligned to the right, with DejaVu
Sans for the Latin letters of names and typed words among it.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from PIL import Image

from vigreview.config import APP_ROOT

logger = logging.getLogger(__name__)

FONT_FOLDER = APP_ROOT / "assets" / "fonts"
_FONT_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "arabic": "NotoNaskhArabic-Regular.ttf",
    "arabic_bold": "NotoNaskhArabic-Bold.ttf",
}
FAMILY = "DejaVu"
ARABIC_FAMILY = "NotoNaskhArabic"
# Bidi isolates (LRI, RLI, FSI, PDI): no picture of their own, but the shaper needs them to
# keep a name's direction inside a sentence of the other direction.
_BIDI_CONTROLS = "\u2066\u2067\u2068\u2069"
# Arabic, its supplement and extensions, and the presentation forms: the script Naskh draws.
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
INK = (43, 43, 43)
THEME = (47, 111, 106)
SOFT = (110, 104, 96)
BAND = (240, 235, 227)
MARGIN_MM = 18
BODY_PT = 13
# Bigger than the body, still one line for most headings on A4 portrait.
TITLE_PT = 24
HEADING_PT = 17


class PdfFontMissing(RuntimeError):
    """A font file shipped in assets/fonts/ is missing; the message says what to do."""


@dataclass(frozen=True)
class FontFiles:
    """Where the shipped font files are: DejaVu Sans and its Arabic-script fallback."""

    regular: Path
    bold: Path
    italic: Path
    arabic: Path
    arabic_bold: Path


def find_font_files(folder: Path = FONT_FOLDER) -> FontFiles:
    """Return the font files shipped in `folder`, or PdfFontMissing in plain words."""
    paths = {field: folder / name for field, name in _FONT_FILES.items()}
    missing = sorted(path.name for path in paths.values() if not path.is_file())
    if missing:
        raise PdfFontMissing(
            "The PDF could not be made: font files that come with VIG Review are missing from "
            f"its assets/fonts/ folder ({', '.join(missing)}), so this copy of the app looks "
            "damaged. Ask whoever looks after this machine to reinstall VIG Review, or to "
            "restore the assets/fonts/ folder from a fresh copy of it."
        )
    return FontFiles(**paths)


@cache
def _characters_in(font_path: Path) -> frozenset[int]:
    with TTFont(str(font_path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def drop_undrawable(text: str, *font_paths: Path) -> str:
    """Return `text` without characters none of the fonts has a picture for (some emoji).

    fpdf2 would leave an empty box; leaving the character out reads better. Joiners and
    variation selectors are kept out too, as they only make sense beside an emoji.
    """
    known = frozenset().union(*(_characters_in(path) for path in font_paths))
    kept = "".join(ch for ch in text if ord(ch) in known or ch in "\n\t" + _BIDI_CONTROLS)
    return kept.replace("  ", " ") if len(kept) != len(text) else kept


def _shaping_available() -> bool:
    return importlib.util.find_spec("uharfbuzz") is not None


class PdfDocument:
    """An A4 document in DejaVu Sans, written top to bottom; `to_bytes()` returns the PDF.

    `right_to_left` sets the document in Noto Naskh Arabic (DejaVu Sans for Latin letters),
    lines aligned to the right; `page_label` is the footer's page number, e.g. "page {page}".
    """

    def __init__(
        self,
        title: str,
        footer: str,
        *,
        right_to_left: bool = False,
        page_label: str = "page {page}",
    ) -> None:
        self._fonts = find_font_files()
        self._footer = footer
        self._rtl = right_to_left
        self._family = ARABIC_FAMILY if right_to_left else FAMILY
        self._align = "R" if right_to_left else "L"
        pdf = _FooterPdf(
            footer_text=self.clean(footer),
            page_label=self.clean(page_label),
            family=self.font_family_for(footer),
            orientation="P",
            unit="mm",
            format="A4",
        )
        pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        pdf.set_auto_page_break(auto=True, margin=MARGIN_MM + 6)
        pdf.add_font(FAMILY, "", str(self._fonts.regular))
        pdf.add_font(FAMILY, "B", str(self._fonts.bold))
        pdf.add_font(FAMILY, "I", str(self._fonts.italic))
        pdf.add_font(ARABIC_FAMILY, "", str(self._fonts.arabic))
        pdf.add_font(ARABIC_FAMILY, "B", str(self._fonts.arabic_bold))
        # Naskh has no italic: quotes in Arabic script keep the upright face, set apart by
        # their bar.
        pdf.add_font(ARABIC_FAMILY, "I", str(self._fonts.arabic))
        # A letter the chosen DejaVu style lacks comes from another style or from Naskh.
        pdf.set_fallback_fonts([FAMILY, ARABIC_FAMILY], exact_match=False)
        if _shaping_available():
            pdf.set_text_shaping(True)
        else:
            logger.warning("uharfbuzz is missing: Arabic and other joined scripts may look wrong")
        pdf.set_title(self.clean(title))
        pdf.set_creator("VIG Review")
        pdf.add_page()
        self.pdf = pdf

    def clean(self, text: str) -> str:
        """Return typed text ready for the font (characters it cannot draw left out)."""
        return drop_undrawable(text, self._fonts.regular, self._fonts.arabic)

    def font_family_for(self, text: str) -> str:
        """Return the font family for a block: Naskh for Arabic script, else the document's.

        One font per block, so the letters of a word are never drawn from two fonts and
        always join.
        """
        return ARABIC_FAMILY if _ARABIC_SCRIPT.search(text) else self._family

    def _write(
        self, text: str, size: float, style: str = "", colour: tuple[int, ...] = INK
    ) -> None:
        self.pdf.set_font(self.font_family_for(text), style, size)
        self.pdf.set_text_color(*colour)
        # markdown stays off: typed text is printed exactly as typed, never as markup.
        self.pdf.multi_cell(
            0,
            size * 0.5,
            self.clean(text),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            markdown=False,
            align=self._align,
        )

    def title(self, text: str, subtitle: str = "") -> None:
        """Write the document's big title on a warm band, and an optional line under it."""
        pdf = self.pdf
        pdf.set_font(self.font_family_for(text), "B", TITLE_PT)
        lines = pdf.multi_cell(
            0,
            TITLE_PT * 0.5,
            self.clean(text),
            dry_run=True,
            output=MethodReturnValue.LINES,
            markdown=False,
        )
        height = len(lines) * TITLE_PT * 0.5 if isinstance(lines, list) else TITLE_PT
        pdf.set_fill_color(*BAND)
        pdf.rect(0, 0, pdf.w, pdf.get_y() + height + (10 if subtitle else 4), style="F")
        self._write(text, TITLE_PT, "B", THEME)
        if subtitle:
            self.space(1)
            self._write(subtitle, BODY_PT, "", SOFT)
        self.space(4)
        self.rule()

    def heading(self, text: str) -> None:
        """Write a section heading, starting a new page if it would sit alone at the bottom."""
        if self.pdf.will_page_break(40):
            self.pdf.add_page()
        self.space(5)
        self._write(text, HEADING_PT, "B", THEME)
        self.space(2)

    def subheading(self, text: str) -> None:
        """Write a smaller bold heading inside a section."""
        if self.pdf.will_page_break(25):
            self.pdf.add_page()
        self.space(2)
        self._write(text, BODY_PT + 1, "B")
        self.space(1)

    def paragraph(self, text: str, *, soft: bool = False) -> None:
        """Write a paragraph of body text."""
        self._write(text, BODY_PT, "", SOFT if soft else INK)
        self.space(2)

    def label_and_text(self, label: str, text: str) -> None:
        """Write a small soft label with its text under it."""
        self._write(label, BODY_PT - 2, "B", SOFT)
        self._write(text, BODY_PT)
        self.space(2)

    def quote(self, text: str) -> None:
        """Write someone's own words: larger, in italics, with a coloured bar beside them."""
        pdf = self.pdf
        if pdf.will_page_break(20):
            pdf.add_page()
        top = pdf.get_y()
        # The bar stands where a line starts: on the left, or on the right in Urdu.
        bar_x = pdf.l_margin + pdf.epw - 1.6 if self._rtl else pdf.l_margin
        pdf.set_x(pdf.l_margin if self._rtl else pdf.l_margin + 6)
        pdf.set_font(self.font_family_for(text), "I", BODY_PT + 2)
        pdf.set_text_color(*INK)
        pdf.multi_cell(
            pdf.epw - 6,
            (BODY_PT + 2) * 0.5,
            self.clean(f"“{text.strip()}”"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            markdown=False,
            align=self._align,
        )
        bottom = pdf.get_y()
        if bottom > top:  # the words did not move to a new page part-way
            pdf.set_fill_color(*THEME)
            pdf.rect(bar_x, top, 1.6, bottom - top, style="F")
        self.space(3)

    def bullets(self, items: list[str]) -> None:
        """Write a list, one item a line, each with a round bullet."""
        for item in items:
            self._write(f"•  {item}", BODY_PT)
            self.space(1)
        self.space(1)

    def images(self, paths: list[Path], *, height_mm: float = 70) -> None:
        """Place pictures side by side (as many as fit), wrapping to a new row when needed."""
        pdf = self.pdf
        gap = 4.0
        x = pdf.l_margin
        for path in paths:
            with Image.open(path) as picture:
                width = min(height_mm * picture.width / picture.height, pdf.epw)
            if x > pdf.l_margin and x + width > pdf.l_margin + pdf.epw:
                pdf.set_y(pdf.get_y() + height_mm + gap)
                x = pdf.l_margin
            if pdf.will_page_break(height_mm + gap):
                pdf.add_page()
            pdf.image(str(path), x=x, y=pdf.get_y(), w=width, h=height_mm, keep_aspect_ratio=True)
            x += width + gap
        if paths:
            pdf.set_y(pdf.get_y() + height_mm + gap)

    def keep_space(self, mm: float) -> None:
        """Start a new page unless `mm` of space is left, so a block is not split."""
        if self.pdf.will_page_break(mm):
            self.pdf.add_page()

    def rule(self) -> None:
        """Draw a thin line across the column."""
        pdf = self.pdf
        pdf.set_draw_color(*THEME)
        pdf.set_line_width(0.4)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
        self.space(4)

    def space(self, mm: float) -> None:
        """Leave `mm` of empty space."""
        self.pdf.set_y(self.pdf.get_y() + mm)

    def to_bytes(self) -> bytes:
        """Return the finished PDF."""
        return bytes(self.pdf.output())


class _FooterPdf(FPDF):
    """FPDF with a quiet footer on every page: the given words and the page number."""

    def __init__(self, footer_text: str, page_label: str, family: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._footer_text = footer_text
        self._page_label = page_label
        self._family = family

    def footer(self) -> None:
        """Write the footer line (fpdf2 calls this at the end of each page)."""
        self.set_y(-14)
        self.set_font(self._family, "", 9)
        self.set_text_color(*SOFT)
        page = self._page_label.replace("{page}", str(self.page_no()))
        self.cell(0, 6, f"{self._footer_text}  ·  {page}", align="C")
