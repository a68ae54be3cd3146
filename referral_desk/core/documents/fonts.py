"""The fonts every printed document embeds, and the choice of font per run of text.

reportlab draws *nothing* for a character its font lacks, silently. So the text of a
document is cut into runs, each run set in the first font whose cmap has every character
of it: Noto Sans for Latin, Cyrillic and Greek (and digits and Latin punctuation), Noto
Naskh Arabic for Arabic, Persian, Dari and Pashto letters and their presentation forms,
Noto Sans Ethiopic for Tigrinya (Ethiopic script, incl. its word space ፡ and full stop ።). Neutral
characters (spaces, punctuation both fonts have) stay in the font of the run they are in,
so an Arabic sentence is not cut into pieces at every space.

``text.missing_glyphs(text)`` tells which characters no shipped font can draw; tests run every
template and the data through it, and the renderers refuse nothing silently.

The fonts come from ``resources/fonts`` (see its README.md and OFL.txt) and are found both
in a checkout and in an installed wheel through ``core.paths.resource``.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from referral_desk.core.paths import resource


@dataclass(frozen=True)
class Face:
    name: str  # the name registered with reportlab
    file: str  # file name in resources/fonts
    family: str  # "sans" | "arabic" | "ethiopic"
    bold: bool


FACES: tuple[Face, ...] = (
    Face("RD-NotoSans", "NotoSans-Regular.ttf", "sans", False),
    Face("RD-NotoSans-Bold", "NotoSans-Bold.ttf", "sans", True),
    Face("RD-NotoNaskhArabic", "NotoNaskhArabic-Regular.ttf", "arabic", False),
    Face("RD-NotoNaskhArabic-Bold", "NotoNaskhArabic-Bold.ttf", "arabic", True),
    Face("RD-NotoSansEthiopic", "NotoSansEthiopic-Regular.ttf", "ethiopic", False),
    Face("RD-NotoSansEthiopic-Bold", "NotoSansEthiopic-Bold.ttf", "ethiopic", True),
)
_BY_NAME = {f.name: f for f in FACES}

# Characters that are never drawn: line structure and invisible direction/joining
# controls (shaping has already used the joiners; the layout removes them before drawing).
INVISIBLE = frozenset(
    "\n\r\t\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\ufeff"
)

_lock = threading.Lock()
_registered = False


def font_path(face_name: str) -> Path:
    return resource("fonts", _BY_NAME[face_name].file)


def ensure_registered() -> None:
    """Register the shipped fonts with reportlab (once per process, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for face in FACES:
            pdfmetrics.registerFont(TTFont(face.name, str(font_path(face.name))))
        _registered = True


@cache
def cmap(face_name: str) -> frozenset[int]:
    """Code points the font has a glyph for (its cmap, as reportlab reads it)."""
    ensure_registered()
    font = pdfmetrics.getFont(face_name)
    face = font.face  # type: ignore[attr-defined]  # TTF fonts have a face; types-reportlab knows only Font
    return frozenset(cp for cp, glyph in face.charToGlyph.items() if glyph)


def face(family: str, bold: bool = False) -> str:
    for f in FACES:
        if f.family == family and f.bold == bold:
            return f.name
    raise KeyError(family)


#: Private-use code points standing for shaped Arabic-script glyphs that have no code point
#: of their own (e.g. the joined forms of the Pashto letters ټ ښ ګ ڼ): ``text.shape`` maps
#: them in every Arabic face (see ``register_glyph``); they count as Arabic letters.
SHAPED_GLYPHS: set[str] = set()


def is_arabic(ch: str) -> bool:
    """Arabic script, incl. Persian letters, the presentation forms and the shaped glyphs
    shaping produces."""
    cp = ord(ch)
    return (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
        or ch in SHAPED_GLYPHS
    )


def register_glyph(glyph_name: str, gids: dict[str, tuple[int, float]], source: str = "") -> str:
    """A private-use character drawing glyph ``glyph_name`` in each Arabic face (``gids``:
    face name → (glyph id, advance in 1/1000 em)). Same name → same character, so one
    shaped text can be set in the regular or the bold face. ``source``: the letter the
    glyph is a form of; the PDF's text layer maps the glyph back to it (copy, search)."""
    ensure_registered()
    with _lock:
        known = _glyph_chars.get(glyph_name)
        if known is not None:
            return known
        taken = set().union(*(pdfmetrics.getFont(f.name).face.charToGlyph for f in FACES))  # type: ignore[attr-defined]  # TTF fonts have a face
        cp = _next_private[0]
        while cp in taken:
            cp += 1
        if cp > 0xF8FF:
            raise RuntimeError("no private-use code point left for shaped glyphs")
        _next_private[0] = cp + 1
        for name, (gid, width) in gids.items():
            ttf = pdfmetrics.getFont(name).face  # type: ignore[attr-defined]  # TTF fonts have a face
            ttf.charToGlyph[cp] = gid
            ttf.glyphToChar.setdefault(gid, []).append(cp)
            ttf.charWidths[cp] = width
        ch = chr(cp)
        if source:
            _SOURCE[cp] = ord(source[0])
        SHAPED_GLYPHS.add(ch)
        _glyph_chars[glyph_name] = ch
        cmap.cache_clear()
        return ch


_glyph_chars: dict[str, str] = {}
_next_private = [0xF000]
_SOURCE: dict[int, int] = {}  # private-use code point → the letter its glyph is a form of


def _to_unicode_cmap(fontname: str, subset: list[int], _original: Any = ttfonts.makeToUnicodeCMap) -> str:
    # reportlab writes each subset character to the text layer as itself; a shaped glyph's
    # private-use character becomes the letter it stands for, so extracted text stays Arabic.
    cmap_text: str = _original(fontname, [_SOURCE.get(cp, cp) for cp in subset])
    return cmap_text


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def shaped_glyph_name(ch: str) -> str | None:
    """The glyph name a shaped private-use character stands for (None for other characters)."""
    return next((name for name, c in _glyph_chars.items() if c == ch), None)


def is_ethiopic(ch: str) -> bool:
    cp = ord(ch)
    return 0x1200 <= cp <= 0x139F or 0x2D80 <= cp <= 0x2DDF or 0xAB00 <= cp <= 0xAB2F


def _is_neutral(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat[0] in "PZS" and not is_arabic(ch) and not is_ethiopic(ch)


def _order(ch: str, bold: bool) -> tuple[str, ...]:
    if is_arabic(ch):
        return face("arabic", bold), face("sans", bold)
    if is_ethiopic(ch):
        return face("ethiopic", bold), face("sans", bold)
    return face("sans", bold), face("arabic", bold), face("ethiopic", bold)


def font_for(ch: str, *, bold: bool = False, current: str | None = None) -> str | None:
    """The font to draw ``ch`` in, or None if no shipped font has it."""
    if current is not None and _is_neutral(ch) and ord(ch) in cmap(current):
        return current
    for name in _order(ch, bold):
        if ord(ch) in cmap(name):
            return name
    return None


@cache
def _plain_sans(bold: bool) -> frozenset[str]:
    """Characters the sans face draws that are neither Arabic nor invisible: a text made of
    these alone is one run in that face (the fast path of ``runs``)."""
    name = face("sans", bold)
    return frozenset(chr(cp) for cp in cmap(name) if not is_arabic(chr(cp)) and not is_ethiopic(chr(cp))) - INVISIBLE


def runs(text: str, *, bold: bool = False) -> list[tuple[str, str]]:
    """Cut ``text`` into ``(segment, font name)`` runs in the order given (logical or
    visual: the choice does not depend on order). Invisible controls are dropped; a
    character no font has is kept in the sans font (and reported by ``text.missing_glyphs``)."""
    ensure_registered()
    if text and _plain_sans(bold).issuperset(text):  # German text: one run, same result
        return [(text, face("sans", bold))]
    out: list[tuple[str, str]] = []
    current: str | None = None
    buf: list[str] = []
    for ch in text:
        if ch in INVISIBLE:
            continue
        name = font_for(ch, bold=bold, current=current) or face("sans", bold)
        if name != current and buf:
            out.append(("".join(buf), current))  # type: ignore[arg-type]
            buf = []
        current = name
        buf.append(ch)
    if buf:
        out.append(("".join(buf), current))  # type: ignore[arg-type]
    return out


def string_width(text: str, size: float, *, bold: bool = False) -> float:
    return sum(pdfmetrics.stringWidth(seg, name, size) for seg, name in runs(text, bold=bold))
