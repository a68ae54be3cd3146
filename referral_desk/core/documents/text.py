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

from referral_desk.core.documents.fonts import INVISIBLE, is_arabic

#: ISO 639-1 codes of languages written right to left.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ug", "ku"})


def is_rtl_language(lang: str | None) -> bool:
    return (lang or "").lower() in RTL_LANGUAGES


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
_LRE, _PDF = "\u202a", "\u202c"


def visual(line: str, base_dir: str = "L") -> str:
    """One line (already shaped, no line breaks) in display order, brackets mirrored in
    right-to-left runs, invisible controls removed. ``base_dir`` is "L" or "R"."""
    line = "".join(ch for ch in line if ch not in INVISIBLE or ch == " ")
    if not line or (base_dir == "L" and not has_rtl(line)):
        return line
    line = _NUMBER_SEQUENCE.sub(lambda m: _LRE + m.group(0) + _PDF, line)
    storage = _uba.get_empty_storage()
    storage["base_level"] = 0 if base_dir == "L" else 1
    storage["base_dir"] = base_dir
    _uba.get_embedding_levels(line, storage)
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    _resolve_bracket_pairs(storage)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    _uba.reorder_resolved_levels(storage, False)
    _uba.apply_mirroring(storage, False)
    return "".join(c["ch"] for c in storage["chars"] if c["ch"] not in INVISIBLE or c["ch"] == " ")


def display(text: str, base_dir: str | None = None) -> str:
    """Shape and order a single line of text for drawing (headers, labels, table cells)."""
    shaped = shape(text)
    return visual(shaped, base_dir or base_direction(shaped))
