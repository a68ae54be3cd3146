"""Where text sits on a PDF page, in millimetres from the top-left corner (read with pypdf).

Each drawn string becomes a ``Box`` with its text, left/right edges from the font metrics
and top/bottom from the baseline and the font size (ascender with accents 0.9 em above,
descender 0.25 em below), so tests can check a field's limits and overlaps."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdf
from reportlab.pdfbase import pdfmetrics

from referral_desk.core.documents import fonts

PT = 25.4 / 72
PAGE_H_PT = 841.8898


@dataclass(frozen=True)
class Box:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    def inside(self, x0: float, top: float, x1: float, bottom: float, *, tol: float = 0.05) -> bool:
        return self.x0 >= x0 - tol and self.x1 <= x1 + tol and self.top >= top - tol and self.bottom <= bottom + tol

    @property
    def baseline(self) -> float:
        return self.bottom - 0.25 * self.size * PT


def _face(base_font: str) -> str:
    bold = "Bold" in base_font
    if "Naskh" in base_font:
        return fonts.face("arabic", bold)
    return fonts.face("sans", bold)


def page_boxes(pdf: bytes, page: int) -> list[Box]:
    fonts.ensure_registered()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out: list[Box] = []

    def visit(text, cm, tm, font_dict, font_size):
        text = text.rstrip("\n")
        if not text.strip() or not font_dict:
            return
        x = tm[4] * cm[0] + cm[4]
        y = tm[5] * cm[3] + cm[5]
        size = font_size * tm[0] * cm[0] if tm[0] * cm[0] else font_size
        width = pdfmetrics.stringWidth(text, _face(str(font_dict.get("/BaseFont", ""))), size)
        out.append(
            Box(
                text,
                x * PT,
                (PAGE_H_PT - y - 0.9 * size) * PT,
                (x + width) * PT,
                (PAGE_H_PT - y + 0.25 * size) * PT,
                size,
            )
        )

    reader.pages[page].extract_text(visitor_text=visit)
    return out


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def overlapping(boxes: list[Box]) -> list[tuple[Box, Box]]:
    """Pairs of boxes whose areas intersect (overprinted text)."""
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a.x0 < b.x1 - 0.1 and b.x0 < a.x1 - 0.1 and a.top < b.bottom - 0.1 and b.top < a.bottom - 0.1:
                pairs.append((a, b))
    return pairs
