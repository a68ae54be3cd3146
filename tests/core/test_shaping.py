"""Arabic-script shaping with HarfBuzz (core/documents/text.py): the Pashto letters that
arabic-reshaper printed unjoined are drawn in their joined forms, in regular and bold, and
the PDF's text layer still reads as the letters written."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import pytest
import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from referral_desk.core.documents import fonts
from referral_desk.core.documents.layout import Trace, draw_text
from referral_desk.core.documents.text import missing_glyphs, shape
from tests.screenshots import screenshot_dir

# Dual-joining Pashto letters (they have initial, medial and final forms) and the
# right-joining ones (only isolated and final) — ArabicShaping.txt.
DUAL = "ټښګڼې"
RIGHT = "ډړږ"
SHOTS = screenshot_dir()


def _isolated_gid(ch: str, bold: bool = False) -> int:
    return pdfmetrics.getFont(fonts.face("arabic", bold)).face.charToGlyph[ord(ch)]


def _drawn_gids(text: str, bold: bool = False) -> list[int]:
    face = pdfmetrics.getFont(fonts.face("arabic", bold)).face
    return [face.charToGlyph[ord(ch)] for ch in text]


@pytest.mark.parametrize("letter", DUAL)
@pytest.mark.parametrize("bold", [False, True])
def test_dual_joining_pashto_letters_get_initial_medial_and_final_forms(letter, bold):
    shaped = shape(letter * 3)  # logical order: initial, medial, final
    assert len(shaped) == 3
    gids = _drawn_gids(shaped, bold)
    iso = _isolated_gid(letter, bold)
    # three different glyphs, none of them the isolated one (what reshaper printed)
    assert len(set(gids)) == 3 and iso not in gids, (letter, gids, iso)
    # and they are what HarfBuzz itself chooses with the font file
    font = hb.Font(hb.Face(hb.Blob(fonts.font_path(fonts.face("arabic", bold)).read_bytes())))
    buf = hb.Buffer()
    buf.add_str(letter * 3)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    assert gids == [i.codepoint for i in reversed(buf.glyph_infos)]
    names = [font.glyph_to_string(g) for g in gids]
    assert names[0].endswith(("init", "FBE6")) and names[2].endswith(("fina", "FBE5")), names


@pytest.mark.parametrize("letter", RIGHT + "ۍ")
def test_right_joining_pashto_letters_join_to_the_letter_before(letter):
    shaped = shape("ب" + letter)  # beh joins to them: they take their final form
    assert _drawn_gids(shaped)[1] != _isolated_gid(letter)


def test_shaping_is_idempotent_and_keeps_other_text():
    for text in ("پښتو ژبه 12.03.2026 (Ali)", "ټټټ ګګ", "Ayşe Yılmaz", "می‌خواهم", "لا"):
        assert shape(shape(text)) == shape(text)
    assert shape("Ayşe Yılmaz") == "Ayşe Yılmaz"
    assert not missing_glyphs("ټ ډ ړ ښ ږ ګ ڼ ې ۍ")


def _pdf(lines: list[str], trace: Trace) -> bytes:
    out = io.BytesIO()
    canv = Canvas(out, pagesize=(420, 60 + 34 * len(lines)))
    y = 30 + 34 * (len(lines) - 1)
    for line in lines:
        draw_text(canv, 400, y, line, size=20, align="right", rtl=True, trace=trace)
        y -= 34
    canv.showPage()
    canv.save()
    return out.getvalue()


def test_pashto_pdf_draws_joined_forms_and_reads_back_as_the_letters(tmp_path):
    from pypdf import PdfReader

    words = ["پښتو", "ټټټ ښښښ ګګګ ڼڼڼ", "بډ بړ بږ بۍ ېېې"]
    trace = Trace()
    pdf = _pdf(words, trace)
    arabic_runs = "".join(seg for seg, name in trace.runs if name == fonts.face("arabic", False))
    shaped_glyphs = [ch for ch in arabic_runs if ch in fonts.SHAPED_GLYPHS]
    assert len(shaped_glyphs) >= 8  # joined forms without a code point of their own
    assert {fonts.shaped_glyph_name(ch).rsplit(".", 1)[-1] for ch in shaped_glyphs} >= {"init", "medi", "fina"}
    text = unicodedata.normalize("NFKC", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    for w in words:
        for token in w.split():
            assert token in text or token[::-1] in text, (token, text)
    if shutil.which("pdftoppm"):
        (tmp_path / "ps.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "90", "-png", "-singlefile", str(tmp_path / "ps.pdf"), str(tmp_path / "ps")], check=True
        )
        assert (tmp_path / "ps.png").stat().st_size > 1000
