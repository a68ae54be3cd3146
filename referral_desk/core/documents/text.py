"""Arabic-script shaping and bidirectional ordering for drawing text line by line.

reportlab draws a string glyph by glyph, left to right, with no shaping and no bidi. So a
paragraph is prepared like this (``layout.TextBlock`` does it):

1. ``shape``: each word in Arabic script is shaped by HarfBuzz (uharfbuzz) with the Noto
   Naskh Arabic font, and the glyphs it chose are written back as characters in *logical*
   order: a glyph the font's cmap reaches (a letter, a presentation form) as that
   character, any other glyph (the joined forms of the Pashto letters ټ ښ ګ ڼ, ligatures)
   as a private-use character mapped to that glyph in every Arabic face
   (``fonts.register_glyph``). arabic-reshaper, used before, has no joined forms for the
   Pashto letters and printed them isolated. Joining never crosses a space, so shaping
   the whole paragraph first and breaking lines at spaces afterwards is the same as
   shaping each line.
2. Lines are broken by measured width on the shaped logical text.
3. ``visual``: each line on its own is put in display order (Unicode bidi algorithm with
   the paragraph's base direction). Numbers, dates such as 12.03.2026, case numbers such
   as 2026-00012 and Latin names inside Arabic text stay left-to-right; brackets are
   paired (rule N0) and mirrored in right-to-left runs.

Ordering uses python-bidi's pure-Python implementation of the algorithm (``bidi.algorithm``:
it mirrors brackets, the Rust ``bidi.get_display`` does not) with the bracket-pair rule N0
added, which that implementation lacks; without N0 ``محمد (2026-00012)`` inside German
text would come out with its brackets torn apart.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache
from typing import Any

import uharfbuzz as hb
from bidi import algorithm as _uba
from reportlab.pdfbase import pdfmetrics

from referral_desk.core.documents import fonts
from referral_desk.core.documents.fonts import INVISIBLE, is_arabic

#: ISO 639-1 codes of languages written right to left. Not ``ku``: our Kurdish templates
#: are Kurmanji in Latin script (Sorani, in Arabic script, would be ``ckb``).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ug"})


def is_rtl_language(lang: str | None) -> bool:
    """Right to left? ``lang`` may carry a region (``fa-AF``: Dari)."""
    return (lang or "").split("-")[0].lower() in RTL_LANGUAGES


def has_arabic(text: str) -> bool:
    return any(is_arabic(ch) for ch in text)


def _bidi_class(ch: str) -> str:
    # A shaped glyph's private-use character is an Arabic letter (its own class would be L).
    return "AL" if ch in fonts.SHAPED_GLYPHS else unicodedata.bidirectional(ch)


def has_rtl(text: str) -> bool:
    return any(_bidi_class(ch) in ("R", "AL") for ch in text)


def base_direction(text: str, default: str = "L") -> str:
    """ "L" or "R": the direction of the first strong character (rule P2), else ``default``."""
    for ch in text:
        kind = _bidi_class(ch)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return default


_ZW = "\u200c\u200d"  # ZWNJ / ZWJ steer joining inside a word (Persian, Pashto)
_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff" + _ZW + r"]+")
_shape_lock = threading.Lock()


def _is_mark(ch: str) -> bool:
    # Harakat (vowel marks) are dropped: drawn glyph by glyph without OpenType mark
    # positioning, reportlab would set them beside the letters instead of above or below.
    return unicodedata.category(ch) == "Mn" and is_arabic(ch)


@cache
def _hb_fonts() -> dict[str, hb.Font]:
    """A HarfBuzz font per Arabic face (regular, bold), from the same files reportlab embeds."""
    fonts.ensure_registered()
    out = {}
    for f in fonts.FACES:
        if f.family == "arabic":
            out[f.name] = hb.Font(hb.Face(hb.Blob(fonts.font_path(f.name).read_bytes())))
    return out


def _glyph_char(name: str, gid: int, source: str) -> str:
    """The character that draws glyph ``gid`` (glyph ``name`` of the regular face): the
    source letter itself when the glyph is its nominal one, a presentation form the cmap
    maps to it (the same glyph in every face), else a registered private-use character."""
    face = pdfmetrics.getFont(fonts.face("arabic", False)).face  # type: ignore[attr-defined]  # TTF fonts have a face
    reach = [chr(cp) for cp in face.glyphToChar.get(gid, ())]
    if source in reach:
        return source
    for ch in reach:
        if 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF or ch in fonts.SHAPED_GLYPHS:
            return ch
    gids = {}
    for face_name, font in _hb_fonts().items():
        own = font.get_glyph_from_name(name)
        if own is None:  # the bold face lacks this form: fall back to the letter's own glyph
            own = pdfmetrics.getFont(face_name).face.charToGlyph.get(ord(source[0]), 0) if source else 0  # type: ignore[attr-defined]
        gids[face_name] = (own, font.get_glyph_h_advance(own) * 1000 / font.face.upem)
    return fonts.register_glyph(name, gids, source)


@cache
def _shape_word(word: str) -> str:
    font = _hb_fonts()[fonts.face("arabic", False)]
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    hb.shape(font, buf, {})
    glyphs = list(zip(buf.glyph_infos, buf.glyph_positions))
    if buf.direction == "rtl":
        glyphs.reverse()  # HarfBuzz returns right-to-left runs in visual order; we keep logical
    out = []
    with _shape_lock:
        for info, _pos in glyphs:
            source = word[info.cluster : info.cluster + 1]
            out.append(_glyph_char(font.glyph_to_string(info.codepoint), info.codepoint, source))
    return "".join(out)


def shape(text: str) -> str:
    """Arabic-script words as the glyphs HarfBuzz chose for them (logical order kept,
    vowel marks dropped); other text as is. Idempotent."""
    if not has_arabic(text):
        return text
    text = "".join(ch for ch in text if not _is_mark(ch))
    return _WORD.sub(lambda m: _shape_word(m.group(0)), text)


# --- bidi ordering -----------------------------------------------------------------------

# Paired brackets (Unicode BidiBrackets.txt, the ones that occur in our texts and data).
_OPENERS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "\u2045": "\u2046",
    "\u207d": "\u207e",
    "\u208d": "\u208e",
    "\u2329": "\u232a",
    "\u27e8": "\u27e9",
    "\u3008": "\u3009",
    "\ufe59": "\ufe5a",
    "\uff08": "\uff09",
    "\uff3b": "\uff3d",
    "\uff5b": "\uff5d",
}
_CLOSERS = {v: k for k, v in _OPENERS.items()}


def _strong(kind: str) -> str | None:
    if kind == "L":
        return "L"
    if kind in ("R", "AL", "EN", "AN"):  # numbers count as R for N0
        return "R"
    return None


def _resolve_bracket_pairs(storage: dict[str, Any]) -> None:
    """Rule N0 of UAX #9 (paired brackets), run after the weak types are resolved."""
    for run in storage["runs"]:
        start, length = run["start"], run["length"]
        chars = storage["chars"][start : start + length]
        if not chars:
            continue
        embedding = "L" if chars[0]["level"] % 2 == 0 else "R"
        opposite = "R" if embedding == "L" else "L"
        stack: list[tuple[str, int]] = []
        pairs: list[tuple[int, int]] = []
        for i, c in enumerate(chars):  # BD16
            if c["type"] != "ON":
                continue
            ch = c["ch"]
            if ch in _OPENERS:
                if len(stack) >= 63:
                    break
                stack.append((_OPENERS[ch], i))
            elif ch in _CLOSERS:
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k][0] == ch:
                        pairs.append((stack[k][1], i))
                        del stack[k:]
                        break
        for o, c in sorted(pairs):
            inside = {_strong(chars[j]["type"]) for j in range(o + 1, c)} - {None}
            if not inside:
                continue
            if embedding in inside:
                direction = embedding
            else:
                before = run["sor"]
                for j in range(o - 1, -1, -1):
                    s = _strong(chars[j]["type"])
                    if s:
                        before = s
                        break
                direction = opposite if before == opposite else embedding
            chars[o]["type"] = chars[c]["type"] = direction


# Digit groups joined by separators or single spaces: dates (12.03.2026), case numbers
# (2026-00012), phone numbers (0621 123456), times. Inside right-to-left text the bidi
# algorithm would turn numbers after Arabic letters into "Arabic numbers" and reverse the
# groups (00012-2026); an explicit left-to-right embedding keeps them as written.
_NUMBER_SEQUENCE = re.compile(r"\+?\d+(?:[-./:,]\d+|(?: \d+)(?=\D|$))+")
_LRE, _RLE, _PDF = "\u202a", "\u202b", "\u202c"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_OPENING = frozenset({_LRE, _RLE, "\u202d", "\u202e", LRI, RLI, FSI})
#: Direction controls kept for the ordering step (explicit embeddings and isolates); like
#: every invisible character they are never drawn.
CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_PLACEHOLDER = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: bidi class ON, like an isolate


def isolate(value: str, base_dir: str) -> str:
    """Wrap a value inserted into text of direction ``base_dir`` in a directional isolate
    of its own direction (like HTML's <bdi>), so its neutral characters stay with it and it
    does not merge with neighbouring text: "AWO e. V. (0621 …)" inside Arabic text, an
    Arabic name inside German text. Values without strong characters (dates, numbers) are
    isolated left-to-right."""
    if not value:
        return value
    own = base_direction(value, default="L")
    if own == base_dir:
        return value
    return (LRI if own == "L" else RLI) + value + PDI


def strip_controls(text: str) -> str:
    return "".join(ch for ch in text if ch not in INVISIBLE or ch == " ")


def carry_embeddings(lines: list[str]) -> list[str]:
    """After line breaking: re-open on each line the embeddings and isolates still open at
    the end of the previous one (ordering is done line by line)."""
    out: list[str] = []
    stack: list[str] = []
    for line in lines:
        prefix = "".join(stack)
        for ch in line:
            if ch in _OPENING:
                stack.append(ch)
            elif ch == _PDF and stack and stack[-1] not in (LRI, RLI, FSI):
                stack.pop()
            elif ch == PDI:
                while stack and stack[-1] not in (LRI, RLI, FSI):
                    stack.pop()
                if stack:
                    stack.pop()
        out.append(prefix + line)
    return out


# In right-to-left text, a stretch of Latin words, digits and the punctuation inside
# citations and addresses ("§ 87 AufenthG", "Art. 6 Abs. 1 lit. a DSGVO", an e-mail
# address) is kept together left-to-right, as if isolated; without this "§ 87" before a
# Latin word would be reversed.
_LATIN = "0-9A-Za-z\u00c0-\u024f"
_LATIN_SPAN = re.compile(rf"(?:§+ ?)?[{_LATIN}][{_LATIN} .,/:§@+_'’\-]*[{_LATIN}]|(?:§+ ?)?[{_LATIN}]")


def _segments(line: str, base_dir: str) -> list[tuple[str, str]]:
    """Cut a line into ("", text) and (direction, isolated content) segments. Top-level
    isolates become segments; an isolate left open runs to the end of the line. In
    right-to-left lines, Latin stretches become left-to-right segments too."""
    segs: list[tuple[str, str]] = []
    depth = 0
    kind = ""
    buf: list[str] = []
    text: list[str] = []
    for ch in line:
        if depth == 0:
            if ch in (LRI, RLI, FSI):
                if text:
                    segs.append(("", "".join(text)))
                    text = []
                depth, kind, buf = 1, ch, []
            elif ch != PDI:
                text.append(ch)
            continue
        if ch in (LRI, RLI, FSI):
            depth += 1
        elif ch == PDI:
            depth -= 1
            if depth == 0:
                segs.append((kind, "".join(buf)))
                continue
        buf.append(ch)
    if depth:
        segs.append((kind, "".join(buf)))
    if text:
        segs.append(("", "".join(text)))
    out: list[tuple[str, str]] = []
    for kind, content in segs:
        if kind:
            out.append(({LRI: "L", RLI: "R"}.get(kind) or base_direction(content), content))
        elif base_dir == "R":
            pos = 0
            for m in _LATIN_SPAN.finditer(content):
                if m.start() > pos:
                    out.append(("", content[pos : m.start()]))
                out.append(("L", m.group(0)))
                pos = m.end()
            if pos < len(content):
                out.append(("", content[pos:]))
        else:
            out.append(("", content))
    return out


def _order(line: str, base_dir: str) -> list[dict[str, Any]]:
    line = _NUMBER_SEQUENCE.sub(lambda m: _LRE + m.group(0) + _PDF, line)
    storage = _uba.get_empty_storage()
    storage["base_level"] = 0 if base_dir == "L" else 1
    storage["base_dir"] = base_dir
    _uba.get_embedding_levels(line, storage)
    for i, c in enumerate(storage["chars"]):
        c["idx"] = i
        if c["ch"] in fonts.SHAPED_GLYPHS:  # python-bidi asks unicodedata: private use would be L
            c["type"] = c["orig"] = "AL"
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _resolve_bracket_pairs(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    _uba.reorder_resolved_levels(storage, False)
    _uba.apply_mirroring(storage, False)
    chars: list[dict[str, Any]] = storage["chars"]  # python-bidi is untyped
    return chars


def visual(line: str, base_dir: str = "L") -> str:
    """One line (already shaped, no line breaks) in display order, brackets mirrored in
    right-to-left runs, invisible controls removed. ``base_dir`` is "L" or "R"."""
    line = "".join(ch for ch in line if ch not in INVISIBLE or ch in CONTROLS or ch == " ")
    if not line or (base_dir == "L" and not has_rtl(line)):
        return strip_controls(line)
    outer_parts: list[str] = []
    contents: dict[int, str] = {}
    length = 0
    for direction, content in _segments(line, base_dir):
        if direction:
            contents[length] = visual(content, direction)
            outer_parts.append(_PLACEHOLDER)
            length += 1
        else:
            outer_parts.append(content)
            length += len(content)
    out: list[str] = []
    for c in _order("".join(outer_parts), base_dir):
        if c["ch"] == _PLACEHOLDER:
            out.append(contents.get(c["idx"], ""))
        elif c["ch"] not in INVISIBLE or c["ch"] == " ":
            out.append(c["ch"])
    return "".join(out)


def display(text: str, base_dir: str | None = None) -> str:
    """Shape and order a single line of text for drawing (headers, labels, table cells)."""
    shaped = shape(text)
    return visual(shaped, base_dir or base_direction(shaped))


def missing_glyphs(text: str, *, bold: bool | None = None) -> set[str]:
    """Characters of ``text`` (and of its shaped form, for Arabic script) that no shipped
    font can draw. ``bold=None`` checks regular and bold faces."""
    fonts.ensure_registered()
    weights = (False, True) if bold is None else (bool(bold),)
    missing: set[str] = set()
    for candidate in {text, shape(text)}:
        for ch in set(candidate) - INVISIBLE:
            for b in weights:
                if fonts.font_for(ch, bold=b) is None:
                    missing.add(ch)
    return missing
