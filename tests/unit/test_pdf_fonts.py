"""The PDFs' fonts ship with the app: nothing is looked up on the machine."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from vigreview.config import APP_ROOT
from vigreview.outputs.pdf_document import (
    FONT_FOLDER,
    PdfDocument,
    drop_undrawable,
    find_font_files,
)

URDU = "میں آپ سے پیار کرتی ہوں، بچے"  # has ے and ہ, which DejaVu Sans lacks

# Builds a PDF in every style while an audit hook notes every file opened.
_WATCHED_BUILD = """
import json, sys
opened = []
def note(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        opened.append(str(args[0]))
sys.addaudithook(note)
from vigreview.outputs.pdf_document import PdfDocument
document = PdfDocument("Café ça va", "footer")
document.title("Jade's keepsake", "مرحبا")
document.paragraph("Accents: naïve, Arabic: أحبك يا صغيري, Urdu: %s")
document.quote("%s")
document.subheading("%s")
data = document.to_bytes()
print(json.dumps({"opened": opened, "size": len(data)}))
"""


def test_the_shipped_fonts_are_in_assets_with_their_licences() -> None:
    fonts = find_font_files()
    assert FONT_FOLDER == APP_ROOT / "assets" / "fonts"
    for path in (fonts.regular, fonts.bold, fonts.italic, fonts.arabic, fonts.arabic_bold):
        assert path.parent == FONT_FOLDER
    assert (FONT_FOLDER / "LICENSE-DejaVu.txt").is_file()
    assert "OFL" in (FONT_FOLDER / "LICENSE-NotoNaskhArabic.txt").read_text(encoding="utf-8")


def test_a_pdf_reads_fonts_only_from_assets_fonts() -> None:
    script = _WATCHED_BUILD % (URDU, URDU, URDU)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=APP_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    fonts_read = [p for p in report["opened"] if p.lower().endswith((".ttf", ".otf", ".ttc"))]
    assert report["size"] > 1000
    assert fonts_read, "the PDF was made without reading any font file"
    assert all(Path(p).resolve().parent == FONT_FOLDER for p in fonts_read), fonts_read
    assert not [p for p in report["opened"] if "/usr/share/fonts" in p or "fontconfig" in p]


def test_urdu_letters_dejavu_lacks_are_drawn_by_the_shipped_naskh_font() -> None:
    fonts = find_font_files()
    assert drop_undrawable("ے ہ", fonts.regular) != "ے ہ"  # why the fallback is shipped
    assert drop_undrawable(URDU, fonts.regular, fonts.arabic) == URDU
    document = PdfDocument("Urdu", "footer")
    document.quote(URDU)  # italic DejaVu has no Arabic script at all
    document.paragraph(URDU)
    reader = PdfReader(io.BytesIO(document.to_bytes()))
    embedded = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("NotoNaskhArabic" in name for name in embedded), embedded
