"""Arabic shaping and bidirectional ordering for drawing text line by line.

reportlab draws a string glyph by glyph, left to right, with no shaping and no bidi. So a
paragraph is prepared like this (``layout.TextBlock`` does it):

1. ``shape``: Arabic letters are replaced by their contextual presentation forms
   (arabic-reshaper) in *logical* order. Joining never crosses a space, so shaping the
   whole paragraph first and breaking lines at spaces afterwards is the same as shaping
   each line.
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
import unicodedata
from functools import cache

import arabic_reshaper
from bidi import algorithm as _uba

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


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def base_direction(text: str, default: str = "L") -> str:
    """"L" or "R": the direction of the first strong character (rule P2), else ``default``."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return default


@cache
def _reshaper() -> arabic_reshaper.ArabicReshaper:
    # Harakat (vowel marks) are dropped: without OpenType positioning reportlab would
    # place them beside the letters instead of above or below.
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": True, "support_ligatures": True})


def shape(text: str) -> str:
    """Contextual forms for Arabic-script letters (logical order kept); other text as is."""
    if not has_arabic(text):
        return text
    return _reshaper().reshape(text)


# --- bidi ordering -----------------------------------------------------------------------

# Paired brackets (Unicode BidiBrackets.txt, the ones that occur in our texts and data).
_OPENERS = {"(": ")", "[": "]", "{": "}", "\u2045": "\u2046", "\u207d": "\u207e", "\u208d": "\u208e",
            "\u2329": "\u232a", "\u27e8": "\u27e9", "\u3008": "\u3009", "\ufe59": "\ufe5a", "\uff08": "\uff09",
            "\uff3b": "\uff3d", "\uff5b": "\uff5d"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}


def _strong(kind: str) -> str | None:
    if kind == "L":
        return "L"
    if kind in ("R", "AL", "EN", "AN"):  # numbers count as R for N0
        return "R"
    return None


def _resolve_bracket_pairs(storage: dict) -> None:
    """Rule N0 of UAX #9 (paired brackets), run after the weak types are resolved."""
    for run in storage["runs"]:
        start, length = run["start"], run["length"]
        chars = storage["chars"][start:start + length]
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
                    out.append(("", content[pos:m.start()]))
                out.append(("L", m.group(0)))
                pos = m.end()
            if pos < len(content):
                out.append(("", content[pos:]))
        else:
            out.append(("", content))
    return out


def _order(line: str, base_dir: str) -> list[dict]:
    line = _NUMBER_SEQUENCE.sub(lambda m: _LRE + m.group(0) + _PDF, line)
    storage = _uba.get_empty_storage()
    storage["base_level"] = 0 if base_dir == "L" else 1
    storage["base_dir"] = base_dir
    _uba.get_embedding_levels(line, storage)
    for i, c in enumerate(storage["chars"]):
        c["idx"] = i
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _resolve_bracket_pairs(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    _uba.reorder_resolved_levels(storage, False)
    _uba.apply_mirroring(storage, False)
    return storage["chars"]


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
