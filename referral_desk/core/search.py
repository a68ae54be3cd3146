"""Search keys for client names in any script, plus parsers for date and case-number queries.

How matching works (the database side lives elsewhere; this module only computes strings):

* Each client stores a set of ``(kind, key)`` rows from :func:`name_keys`:
  ``("norm", token)`` is the name folded to lowercase ASCII (``Müller`` -> ``muller``,
  ``Иванов`` -> ``ivanov``, ``محمد`` -> ``mhmd``), and ``("phon", key)`` is an uppercase
  consonant skeleton that absorbs transliteration variants (``Mohammed``/``Muhammad``/``محمد``
  -> ``MHMT``). Multi-token names also store the tokens glued together, so ``Alhassan``
  finds ``Al-Hassan``.
* A search string becomes :func:`query_terms`, one ``(norm, phon)`` pair per token. A token
  matches a client if its norm is a PREFIX of one of the client's norm keys (``LIKE 'x%'``
  on an indexed column), or its phon EQUALS one of the client's phon keys. Presumably every
  query token has to match (AND); that is the caller's choice.
* Norm matching is exact and prefix-friendly; phon matching is the fuzzy fallback, so it is
  tuned for recall (variants collide on purpose) but checked not to merge clearly different
  names. Known, accepted collisions are listed in :func:`phonetic`.

Everything is pure Python and fast (``name_keys`` runs once per client when the demo
generator creates 100,000 of them): the regexes are precompiled, per-character work uses
``str.translate``, and :func:`phonetic` is cached.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = [
    "fold",
    "tokens",
    "phonetic",
    "name_keys",
    "query_terms",
    "sort_key",
    "parse_date_query",
    "parse_case_number",
]

# ---------------------------------------------------------------------------------------
# fold
# ---------------------------------------------------------------------------------------

# Applied to the NFKC text *before* anyascii: characters whose anyascii output is unhelpful.
_PRE_ASCII = str.maketrans(
    {
        # Invisible characters. ZWNJ separates the parts of Persian compound names
        # (علی‌رضا = Ali + Reza), so it becomes a token break; the zero-width space is a break
        # opportunity, so likewise. The others must simply vanish, not split a name.
        "\u200c": " ",  # ZERO WIDTH NON-JOINER
        "\u200b": " ",  # ZERO WIDTH SPACE
        "\u200d": None,  # ZERO WIDTH JOINER
        "\u2060": None,  # WORD JOINER
        "\ufeff": None,  # BOM / ZWNBSP
        "\u00ad": None,  # SOFT HYPHEN (pasted from PDFs: "Mül\xadler" is Müller)
        "\u0640": None,  # ARABIC TATWEEL (pure elongation)
        # Arabic: anyascii drops bare alef and turns hamza-alef/ain into apostrophes, so a
        # name like أحمد would lose its leading vowel (-> "hmd"). Writing them as "a" keeps
        # أحمد ~ Ahmed, علي ~ Ali, عمر ~ Omar in the phonetic keys.
        "\u0627": "a",  # ALEF
        "\u0623": "a",  # ALEF WITH HAMZA ABOVE
        "\u0625": "a",  # ALEF WITH HAMZA BELOW
        "\u0622": "a",  # ALEF WITH MADDA ABOVE
        "\u0671": "a",  # ALEF WASLA
        "\u0639": "a",  # AIN
        "\u0629": "a",  # TEH MARBUTA (فاطمة ~ Fatima, not "ftmh")
        # Bulgarian Ъ is a vowel written "a" in Bulgarian passports (Кънчев = Kanchev);
        # anyascii follows Russian and writes an apostrophe (a hard sign).
        "\u044a": "a",
        "\u042a": "A",
    }
)

# Medial Arabic waw is usually the long vowel u/o (يوسف = Yusuf, محمود = Mahmoud); word-
# initially it is the consonant w (وليد = Walid). It is also a consonant in مروان (Marwan),
# but deciding that needs the NEXT letter, and then typing "مرو" would no longer be a prefix
# of "مروان" after folding. Prefix stability wins: مروان folds to "mruan".
_ARABIC_MEDIAL_WAW = re.compile(r"(?<=[\u0620-\u064a\u066e-\u06d3])\u0648")

# Greek vowel pairs anyascii renders letter by letter ("Παπαδόπουλος" -> "Papadopoylos");
# Greek passports write ου as "ou", αυ/ευ as "av"/"ev".
_GREEK_PAIR = re.compile("[οόΟΌαάΑΆεέΕΈ][υύΥΎ]")
_GREEK_PAIR_MAP = {"ο": "ou", "α": "av", "ε": "ev"}


def _greek_pair(m: re.Match[str]) -> str:
    # Strip the accent and case of the first letter to look up the replacement.
    base = unicodedata.normalize("NFD", m.group()[0])[0].lower()
    return _GREEK_PAIR_MAP[base]


# Apostrophes are removed without a break (O'Brien -> obrien, Il'ich -> ilich); after
# anyascii every apostrophe-like character (’ ʼ ´ ʻ ь, Arabic hamza) is ' or `.
_DROP_APOSTROPHES = str.maketrans("", "", "'`")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# German umlaut spellings: ae/oe/ue -> a/o/u, so that Mueller = Müller (anyascii: Muller).
# "e+" rather than "e" keeps fold idempotent (no new "ae" can appear after a replacement).
_UMLAUT_E = re.compile(r"(?<=[aou])e+")


def fold(text: str) -> str:
    """Fold *text* to lowercase ASCII words: only ``[a-z0-9]`` and single spaces.

    NFKC, a few script fixes (see ``_PRE_ASCII``), anyascii, lowercase, apostrophes removed,
    every other non-alphanumeric run becomes one space, then ``ae/oe/ue`` -> ``a/o/u``.
    The transliteration happens before lowercasing, so Turkish ``İ`` never meets
    ``str.lower()`` (which would give ``i`` + COMBINING DOT ABOVE).
    """
    if not text:
        return ""
    if not text.isascii():  # fast path: most names typed in Germany are plain ASCII
        text = unicodedata.normalize("NFKC", text).translate(_PRE_ASCII)
        text = _ARABIC_MEDIAL_WAW.sub("u", text)
        text = _GREEK_PAIR.sub(_greek_pair, text)
        text = anyascii(text)
    text = text.lower().translate(_DROP_APOSTROPHES)
    text = _NON_ALNUM.sub(" ", text)
    text = _UMLAUT_E.sub("", text)
    return text.strip()


def tokens(text: str) -> list[str]:
    """Folded tokens of *text*: non-empty, in order, duplicates removed."""
    return list(dict.fromkeys(fold(text).split()))


def sort_key(text: str) -> str:
    """Case- and diacritic-insensitive sort key (folded, spaces kept) for ORDER BY."""
    return fold(text)


# ---------------------------------------------------------------------------------------
# phonetic
# ---------------------------------------------------------------------------------------

_VOWELS = "aeiouy"
# Ukrainian/Russian ICAO spellings start names with "i" + vowel where others write y/j:
# Iurii = Yuriy = Juri, Ioana = Joana.
_INITIAL_I_GLIDE = re.compile(r"^i(?=[aeou])")
# j after a vowel and not before one is the glide й in German spelling: Sergej = Sergey,
# Nikolaj = Nikolai. Before a vowel it stays a consonant (Najib, Rajab).
_J_GLIDE = re.compile(r"(?<=[aeiouy])j(?![aeiouy])")
# Final devoicing: Ahmed = Ahmet, Mehmed = Mehmet, Schmid = Schmidt.
_FINAL_D = re.compile(r"d$")
# Word-final h after a vowel is silent (Fatimah = Fatima, Saleh ~ Salih).
_FINAL_VOWEL_H = re.compile(r"(?<=[aeiouy])h$")

# Consonant codes. Output letters are uppercase; vowels stay lowercase until dropped.
# X is the one class for sh/ch-like sounds (x itself becomes KS), so that German, English and
# French transliterations of Ш/Ч/Щ/Ж agree: Shevchenko = Schewtschenko = Chevtchenko.
# Multi-letter groups go through one regex (few matches, so few callbacks); single letters
# then go through str.translate, which leaves the uppercase codes alone.
_GROUPS = {
    "tsch": "X", "shch": "X", "sch": "X", "tch": "X", "ch": "X", "sh": "X", "zh": "X",
    "sz": "X", "cz": "X",  # Polish: Łukasz = Lukasch, Czerny = Tscherny
    "dsch": "J", "dzh": "J", "dj": "J",  # Dschamal = Dzhamal = Djamal = Jamal
    "ts": "S", "tz": "S",  # Ц: Tsvetkov = Zwetkow; Schwartz = Schwarz
    "ph": "F", "kh": "H", "th": "T", "dh": "D", "gh": "G", "ck": "K", "dt": "T",
    "c": "S",  # only before e/i/y (see the regex): soft c
}
# Longest alternatives first so that "tsch" wins over "ts" and "sch" over "sh".
_GROUPS_RE = re.compile(
    "|".join(sorted((g for g in _GROUPS if g != "c"), key=len, reverse=True)) + "|c(?=[eiy])"
)
_LETTERS = str.maketrans(
    {
        "b": "B", "c": "K", "d": "D", "f": "F", "g": "G", "h": "H", "j": "J", "k": "K",
        "l": "L", "m": "M", "n": "N", "p": "P", "q": "K", "r": "R", "s": "S", "t": "T",
        "v": "F", "w": "F",  # v/w/f/ph: one class (Ivanov = Iwanow = Iwanoff)
        "x": "KS", "z": "S",
    }
)
# Lookbehind + empty replacement: about 3x faster than sub(r"\1") on Python 3.11.
_COLLAPSE = re.compile(r"(?<=(.))\1+")
_DROP_VOWELS = str.maketrans("", "", _VOWELS)


def _group(m: re.Match[str]) -> str:
    return _GROUPS[m.group()]


@lru_cache(maxsize=1 << 16)  # names repeat a lot (Mohammed, Ivanov...), keys are pure
def phonetic(token: str) -> str:
    """Phonetic key (uppercase ASCII) of one name token, tolerant of transliteration.

    Intended for a folded token; any text is accepted and folded first (tokens are glued,
    so ``phonetic("Al-Hassan") == phonetic("Alhassan")``).

    Rules, in order: ICAO ``i``+vowel and initial ``y``/``j`` -> J; ``j`` glide after a vowel
    -> vowel; final ``d`` -> T; final vowel+``h`` -> vowel; digraphs (sh/sch/ch/tsch/tch/zh/
    sz/cz -> X, ph -> F, kh -> H, th/dh/gh/ck/dt -> T/D/G/K/T, ts/tz -> S, dsch/dzh/dj -> J);
    c before e/i/y -> S else K; q -> K; x -> KS; z -> S; v/w/f -> F; doubled letters collapse;
    vowels (a e i o u y) after the first letter are dropped; a leading vowel becomes the
    single marker ``A``.

    Decisions (collisions allowed on purpose, all tested):

    * Any two names starting with a vowel share the marker: ``Ali`` = ``Ela`` = ``AL``.
    * Feminine endings collide: ``Ivanov`` = ``Ivanova``, ``Petrov`` = ``Petrova`` (only the
      vowel differs). Norm keys still tell them apart.
    * Vowel-only differences collide in general, e.g. ``Mohammed`` = ``Mahmoud`` (both
      M-H-M-T). That is unavoidable once Arabic ``محمد`` (written without vowels) must
      match ``Mohammed``.
    * sh and ch are one sound class (``Shen`` = ``Chen``), because French writes ш as "ch".

    Empty input (or input that folds to nothing, like ``"---"``) gives ``""``; callers never
    store or query it, since :func:`name_keys` and :func:`query_terms` skip empty tokens.
    A token made only of vowels gives the token upper-cased (``"Ai"`` -> ``"AI"``) rather
    than the bare marker, so such short names do not all collide.
    """
    t = token if _is_folded_token(token) else fold(token).replace(" ", "")
    if not t:
        return ""
    word = t
    t = _INITIAL_I_GLIDE.sub("y", t)
    t = _J_GLIDE.sub("y", t)
    t = _FINAL_D.sub("t", t)
    t = _FINAL_VOWEL_H.sub("", t)
    t = _GROUPS_RE.sub(_group, t).translate(_LETTERS)
    t = _COLLAPSE.sub("", t)  # before dropping vowels: Mohammed -> M-H-M, Popov keeps P-P
    first = t[0]
    if first in "aeiou":
        head = "A"
    elif first in "yJ":
        head = "J"  # Yusuf = Jusuf = Youssef
    else:
        head = first
    body = t[1:].translate(_DROP_VOWELS)
    if head == "A" and not body:
        return word.upper()  # all vowels: "Ai", "Eo"
    return head + body


_FOLDED_TOKEN = re.compile(r"[a-z0-9]+")


def _is_folded_token(s: str) -> bool:
    # Skip re-folding tokens that already come from fold()/tokens(): the common case.
    return _FOLDED_TOKEN.fullmatch(s) is not None and _UMLAUT_E.search(s) is None


# ---------------------------------------------------------------------------------------
# keys for storage and queries
# ---------------------------------------------------------------------------------------


def name_keys(*names: str) -> set[tuple[str, str]]:
    """All ``(kind, key)`` rows to store for a client with these names.

    For each token: ``("norm", token)`` and ``("phon", phonetic(token))``. For a name of
    several tokens also the glued form, as norm and as phon (``Al-Hassan`` -> ``alhassan``,
    so ``Alhassan`` and the misspelt ``Alhasan`` find it). ``None``/empty names are skipped.
    """
    keys: set[tuple[str, str]] = set()
    add = keys.add
    for name in names:
        if not name:
            continue
        toks = fold(name).split()
        for tok in toks:
            add(("norm", tok))
            add(("phon", phonetic(tok)))
        if len(toks) > 1:
            joined = "".join(toks)
            add(("norm", joined))
            add(("phon", phonetic(joined)))
    return keys


def query_terms(text: str) -> list[tuple[str, str]]:
    """``(norm_prefix, phon)`` per token of a search string, in order, without empties."""
    return [(tok, phonetic(tok)) for tok in tokens(text)]


# ---------------------------------------------------------------------------------------
# dates and case numbers
# ---------------------------------------------------------------------------------------

# \d also matches e.g. Arabic-Indic digits; int() converts them, so "١٢.٠٣.١٩٨٥" works too.
# Day first with dots (German) or slashes (the English UI shows en_GB dates: 16/02/1993).
_DATE_DMY = re.compile(r"(\d{1,2})\s*([./])\s*(\d{1,2})\s*\2\s*(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date_query(text: str) -> _dt.date | None:
    """``DD.MM.YYYY``, ``DD/MM/YYYY`` (one- or two-digit day/month) or ISO ``YYYY-MM-DD`` -> date.

    Two-digit years (``12.03.85``) are ambiguous for birth dates and give ``None``, as do
    impossible dates (``31.02.1985``) and anything else.
    """
    if not text:
        return None
    s = text.strip()
    if m := _DATE_DMY.fullmatch(s):
        day, _sep, month, year = m.groups()
    elif m := _DATE_ISO.fullmatch(s):
        year, month, day = m.groups()
    else:
        return None
    try:
        return _dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


_WHITESPACE = re.compile(r"\s+")
# Hyphen-minus and the dashes a PDF or word processor may substitute for it. The sequence is
# capped at 9 digits so int() never sees an absurdly long string.
_CASE_NUMBER = re.compile(r"(\d{4})[-\u2010\u2011\u2012\u2013\u2014\u2212](\d{1,9})")


def parse_case_number(text: str) -> str | None:
    """``YYYY-N…`` -> canonical ``YYYY-NNNNN`` (sequence zero-padded to at least 5 digits).

    Whitespace anywhere is ignored (``" 2026 - 12 "`` -> ``"2026-00012"``); longer
    sequences stay as they are (``2026-123456``); anything else gives ``None``.
    """
    if not text:
        return None
    m = _CASE_NUMBER.fullmatch(_WHITESPACE.sub("", text))
    if m is None:
        return None
    return f"{int(m.group(1)):04d}-{int(m.group(2)):05d}"
