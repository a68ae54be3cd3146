"""Search keys for client names in any script, plus parsers for date and case-number queries.

How matching works (the SQL lives in services/clients.py; this module only computes strings;
the full rules and decisions are in docs/architecture.md, Search):

* Each client stores keys from :func:`client_keys` (names as written + document spelling):
  ``n:<token>``, the name folded to lowercase ASCII (``Müller`` -> ``muller``, ``Иванов`` ->
  ``ivanov``, ``محمد`` -> ``mhmd``); ``p:<skeleton>:<fine>`` for alphabetic scripts, where
  the fine key keeps consonant classes and vowel positions (``Mohammed``/``Muhammad`` ->
  ``MOHVMVT``, ``Mahmut`` -> ``MAHMVT``) and the skeleton drops vowels (``MHMT``); and
  ``a:<skeleton>`` for Arabic/Persian script without a document spelling. Runs of two or
  three tokens are also glued (``Alhassan`` finds ``Al-Hassan``).
* A search string becomes :func:`query_terms`. A term matches a client if its folded form
  is a PREFIX of an ``n:`` key, one of its fine keys (ambiguous letters give several
  readings) equals a ``p:`` key, or its skeleton equals an ``a:`` key; a term in Arabic
  script matches the skeleton part of ``p:`` keys. Every term has to match, or the whole
  query glued (:func:`whole_name_term`). :func:`keys_match` is that rule in Python.

Everything is pure Python and fast (``client_keys`` runs once per client when the demo
generator creates 100,000 of them): the regexes are precompiled, per-character work uses
``str.translate``, and keys of tokens and names are cached.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

__all__ = [
    "Term",
    "client_keys",
    "fine_keys",
    "fold",
    "keys_match",
    "matches",
    "name_keys",
    "parse_case_number",
    "parse_date_query",
    "phonetic",
    "query_terms",
    "skeleton",
    "sort_key",
    "tokens",
    "whole_name_term",
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
# phonetic keys
# ---------------------------------------------------------------------------------------

_VOWELS = "aeiouy"
# Slavic and Baltic surnames change their ending with gender (Ivanov/Ivanova, Kowalski/
# Kowalska, Tchaikovsky/Tchaikovskaya). Decision: one family, one key (docs/architecture.md).
_GENDER_OV = re.compile(r"(?<=..[a-z])([oe][vw])a$")
_GENDER_SKI = re.compile(r"(?<=.[a-z])([sc]k|zk)(?:aya|aja|iy|ij|ii|yi|yj|y|i|a)$")
# Ukrainian/Russian ICAO spellings start names with "i" + vowel where others write y/j:
# Iurii = Yuriy = Juri, Ievgen = Yevgen.
_INITIAL_I_GLIDE = re.compile(r"^i(?=[aeou])")
# Cyrillic Е at the start is "Ye" in English, "Je" in German and "E" in ICAO/French:
# Yelena = Jelena = Elena, Yevgeniy = Jewgeni = Evgeny.
_INITIAL_YE = re.compile(r"^[jy]e")
# j is a vowel glide (German spelling of й and of a soft consonant) unless it starts a
# syllable after a vowel: Sergej = Sergey, Fjodor = Fyodor, Tatjana = Tatyana, Marija =
# Mariya; Najib, Rajab keep their consonant. "dj" is the consonant J (Djamal = Jamal).
_J_GLIDE = re.compile(r"(?<=[aeiouy])j(?![aeiouy])|(?<=[bcfghklmnpqrstvwxz])j(?=[aeiou])")
# Between vowels j is a glide in Slavic names (Stojanow = Stoyanov, Marija = Maria) but the
# consonant ج in Arabic ones (Najib, Khadija = Khadidja): both readings (placeholder Z).
_J_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])j(?=[aeiou])")
# Final devoicing: Ahmed = Ahmet, Mohamed = Mohamet, Schmid = Schmidt.
_FINAL_D = re.compile(r"d$")
# Word-final h after a vowel is silent (Fatimah = Fatima, Abdullah = Abdulla, Saleh ~ Salih).
_FINAL_VOWEL_H = re.compile(r"(?<=..[aeiouy])h$")

# Consonant codes. X is the one class for sh/ch-like sounds (x itself becomes KS), so German,
# English and French transliterations of Ш/Ч/Щ/Ж agree (Shevchenko = Schewtschenko).
# A bare "ch" is ambiguous: German writes Arabic خ and Cyrillic Х as "ch" (Chatib = Khatib,
# Michail = Mikhail), English writes Ч as "ch" (Chernenko = Tschernenko). It gets both
# readings, H and X (see ``_variants``), as does "gh" (Persian/Arabic غ/ق: Ghasemi = Qasemi,
# Romanian Gheorghe = George).
_GROUPS = {
    "tsch": "X",
    "shch": "X",
    "sch": "X",
    "tch": "X",
    "sh": "X",
    "zh": "X",
    "sz": "X",
    "cz": "X",  # Polish: Łukasz = Lukasch, Czerny = Tscherny
    "dsch": "J",
    "dzh": "J",  # Dschamal = Dzhamal = Djamal = Jamal
    "dj": "U",  # J (Djamal, Khadidja) or d + glide (Nadja = Nadia): both readings
    "ts": "S",
    "tz": "S",  # Ц: Tsvetkov = Zwetkow; Schwartz = Schwarz
    "ph": "F",
    "kh": "H",
    "th": "T",
    "dh": "D",
    "ck": "K",
    "dt": "T",
    "ch": "Q",
    "gh": "W",  # placeholders for ambiguous digraphs (no code uses Q, U, W, Z)
    "c": "S",  # only before e/i/y (see the regex): soft c
}
_GROUPS_RE = re.compile("|".join(sorted((g for g in _GROUPS if g != "c"), key=len, reverse=True)) + "|c(?=[eiy])")
_LETTERS = str.maketrans(
    {
        "b": "B",
        "c": "K",
        "d": "D",
        "f": "F",
        "g": "G",
        "h": "H",
        "j": "J",
        "k": "K",
        "l": "L",
        "m": "M",
        "n": "N",
        "p": "P",
        "q": "K",
        "r": "R",
        "s": "S",
        "t": "T",
        "v": "F",
        "w": "F",  # v/w/f/ph: one class (Ivanov = Iwanow = Iwanoff)
        "x": "KS",
        "z": "S",
    }
)
_READINGS = {  # (ch, gh) reading per variant; the first is the primary one
    "Q": ("H", "X"),
    "W": ("G", "K"),
    "Z": ("J", "y"),
    "U": ("J", "Dy"),
}
_VOWEL_RUN = re.compile(r"[aeiouy]+")
# Lookbehind + empty replacement: about 3x faster than sub(r"\1") on Python 3.11.
_COLLAPSE = re.compile(r"(?<=([A-Z0-9]))\1+")


def _group(m: re.Match[str]) -> str:
    return _GROUPS[m.group()]


def _coded(t: str) -> str:
    """Folded token -> consonant codes with the ambiguous placeholders, vowels kept."""
    if len(t) >= 5:
        t = _GENDER_OV.sub(r"\1", t)
        t = _GENDER_SKI.sub(r"\1i", t)
    t = _INITIAL_I_GLIDE.sub("y", t)
    t = _INITIAL_YE.sub("e", t)
    t = _J_GLIDE.sub("y", t)
    t = _J_BETWEEN_VOWELS.sub("Z", t)
    t = _FINAL_D.sub("t", t)
    t = _FINAL_VOWEL_H.sub("", t)
    return _GROUPS_RE.sub(_group, t).translate(_LETTERS)


def _vowel_class(run: str) -> str:
    """Class of a vowel run: ``A`` (a, and the diphthong ai/ei/ay/ey, which Arabic and
    Persian names write both ways: Zainab = Zeinab, Leila = Laila), ``E`` (e, i) or ``O``
    (o, u). A y/i glide takes the class of the vowel after it (ё is "yo" in English and
    German but "e" in Russian passports: Fyodor = Fedor, so "yo" counts as E)."""
    if len(run) > 1 and run[0] in "yi":
        nxt = run[1]
        return "E" if nxt in "eio" else "O" if nxt == "u" else _vowel_class(run[1:])
    first = run[0]
    if first == "a" or (first == "e" and run[1:2] in ("i", "y")):
        return "A"
    return "E" if first in "eiy" else "O"


def _finish(coded: str) -> str:
    """Codes (one reading chosen) -> fine key: consonant classes; the first vowel run as its
    class letter (A, E, O: Mohammed ``MOHVMVT`` vs Mehmet ``MEHMVT`` vs Mahmut ``MAHMVT``);
    every later vowel run as ``V``; a leading y/j as J."""
    t = _COLLAPSE.sub("", coded)
    m = _VOWEL_RUN.search(t)
    if m is None:
        return t
    if m.start() == 0 and t[0] == "y" and len(t) > 1:
        t = "J" + t[1:]  # Yusuf = Jusuf = Youssef
        m = _VOWEL_RUN.search(t)
        if m is None:
            return t
    if m.start() == 0 and m.end() == len(t):
        return t.upper()  # all vowels ("Ai", "Eo"): keep them, or all would collide
    head = t[: m.start()] + _vowel_class(m.group())
    body = _FINAL_SHWA_R.sub("R", _VOWEL_RUN.sub("V", t[m.end() :]))
    return head + body


# A vowel before a final r after a plosive is written in German and English but not in
# Russian or Polish passports: Alexander = Aleksandr, Peter = Petr = Pjotr, Bakir = Bakr.
_FINAL_SHWA_R = re.compile(r"(?<=[BDGKPT])VR$")


def _readings(coded: str) -> list[str]:
    out = [coded]
    for placeholder, (primary, other) in _READINGS.items():
        if placeholder in coded:
            out = [c.replace(placeholder, primary) for c in out] + [c.replace(placeholder, other) for c in out]
    return out


@lru_cache(maxsize=1 << 16)  # names repeat a lot (Mohammed, Ivanov...), keys are pure
def fine_keys(token: str) -> tuple[str, ...]:
    """Fine phonetic keys of one folded token, primary reading first (see :func:`phonetic`)."""
    t = token if _is_folded_token(token) else fold(token).replace(" ", "")
    if not t:
        return ()
    return tuple(dict.fromkeys(_finish(c) for c in _readings(_coded(t))))


_NOT_CONSONANT = str.maketrans("", "", "AEOV")


def skeleton_of(fine: str) -> str:
    """Consonant skeleton of a fine key: vowels dropped, a leading vowel becomes ``A``.
    This is all that Arabic or Persian script (short vowels unwritten) can be compared on."""
    if set(fine) <= set("AEIOUY"):
        return fine  # an all-vowel token keeps its letters
    head = "A" if fine[0] in "AEO" else fine[0]
    return _COLLAPSE.sub("", head + fine[1:].translate(_NOT_CONSONANT))


def phonetic(token: str) -> str:
    """Fine phonetic key (uppercase ASCII) of one name token, primary reading.

    Intended for a folded token; any text is accepted and folded first (tokens are glued,
    so ``phonetic("Al-Hassan") == phonetic("Alhassan")``).

    Transliteration variants share the key: doubled letters, vowel QUALITY (Mohammed =
    Muhammad = Mohamed), v/w/f, sh/sch, tsch/ch, kh/ch, j/y/i glides, z/s/ts, c/k/q, final
    d/t and silent final h, -ov/-ova and -ski/-ska. Vowel POSITIONS are kept (each vowel
    run is a ``V``), which tells Mohammed (``MVHVMVT``) from Mahmut (``MVHMVT``) and
    Ahmed from Hamid. A bare ``ch`` / ``gh`` has two readings; :func:`fine_keys` gives all,
    this function the first (H / G), which ``dup_key`` uses.

    Empty input (or input that folds to nothing, like ``"---"``) gives ``""``.
    """
    keys = fine_keys(token)
    return keys[0] if keys else ""


def skeleton(token: str) -> str:
    """Consonant skeleton of a token's primary reading (``Mohammed`` -> ``MHMT``)."""
    p = phonetic(token)
    return skeleton_of(p) if p else ""


_FOLDED_TOKEN = re.compile(r"[a-z0-9]+")


def _is_folded_token(s: str) -> bool:
    # Skip re-folding tokens that already come from fold()/tokens(): the common case.
    return _FOLDED_TOKEN.fullmatch(s) is not None and _UMLAUT_E.search(s) is None


# ---------------------------------------------------------------------------------------
# particles and spellings of one token
# ---------------------------------------------------------------------------------------

# Arabic article (al-, el-, ul-, il-; assimilated ar-/as-/ad-/an-/at-/az-/ash-), "son of"
# (bin, ben, ibn) and "father of" (abu). As separate tokens they are glued to the next one.
ARTICLES = frozenset(
    {
        "al",
        "el",
        "il",
        "ul",
        "ol",
        "ar",
        "as",
        "ash",
        "ad",
        "an",
        "at",
        "az",
        "ed",
        "es",
        "er",
        "en",
        "et",
        "ez",
        "ud",
        "ur",
        "us",
    }
)
SON_OF = frozenset({"bin", "ben", "ibn", "ebn", "bint"})
PARTICLES = ARTICLES | SON_OF | frozenset({"abu", "abou", "abo", "abd", "abdul", "abdel", "abdal", "abdol"})
# A particle written into the name without a separator (Alkhatib, Elsayed, Assayed,
# Binladin): the rest is also a spelling of the name if it is long enough to be one.
_GLUED_ARTICLE = re.compile(r"^(?:[aeiou]l(?=[^aeiouy])|[ae](sh|[dtsrnz])(?=\1))")
_GLUED_SON_OF = re.compile(r"^(?:bint|bin|ben|ibn|ebn)(?=[^aeiouy])")
_MIN_REST = 5  # Alkhatib -> khatib, Elsayed -> sayed; but Albert keeps "bert" out
_MIN_REST_ABJAD = 3  # Arabic script writes no short vowels: الحسن -> "alhsn" -> "hsn"
# Second parts of compound given names (Alireza, Mohammadreza, Habibullah, Nasreddin):
# written glued or apart, so each part also stands alone.
_COMPOUND_TAILS = ("reza", "ullah", "ollah", "allah", "uddin", "eddin", "addin")
# Sun letters assimilate the article inside compound names: Abdurrahman = Abdulrahman.
_ABD_ASSIMILATED = re.compile(r"abd[aeiou]([dtsrnz])(?=\1)")


def _spellings(t: str, abjad: bool = False) -> list[str]:
    """Folded spellings of one folded token that are the same name: itself, the article
    normalised to "al" / "bin", without the article, assimilated forms spelt out."""
    out = [t]
    m = _GLUED_ARTICLE.match(t) or _GLUED_SON_OF.match(t)
    if m:
        rest = t[m.end() :]
        canonical = ("bin" if m.group().startswith(("b", "ib", "eb")) else "al") + rest
        out.append(canonical)
        if len(rest) >= (_MIN_REST_ABJAD if abjad else _MIN_REST):
            out.append(rest)
    if "abd" in t:
        spelt = _ABD_ASSIMILATED.sub(r"abdal", t)
        if spelt != t:
            out.append(spelt)
    if abjad and len(t) > 4 and t.endswith("h"):
        out.append(t[:-1])  # الله is "allh": Latin drops the final h (Abdullah = Abdulla)
    return list(dict.fromkeys(out))


def _compound_parts(t: str) -> tuple[str, ...]:
    """Alireza -> (ali, reza): stored names only (a query "Alireza" must not find "Ali")."""
    for tail in _COMPOUND_TAILS:
        if t.endswith(tail) and len(t) - len(tail) >= 3:
            return t[: -len(tail)], tail
    return ()


def _canonical_run(toks: Sequence[str]) -> str:
    """Glued run of tokens with a leading particle normalised (El Khatib -> alkhatib)."""
    parts = ["al" if t in ARTICLES else "bin" if t in SON_OF else t for t in toks]
    return "".join(parts)


# ---------------------------------------------------------------------------------------
# keys for storage and queries
# ---------------------------------------------------------------------------------------

# Key prefixes in client_name_key:
#   n:<folded token>           exact spelling, matched by prefix (search as you type)
#   p:<skeleton>:<fine key>    alphabetic scripts; a query in Latin etc. matches the whole
#                              key, a query in Arabic/Persian script the skeleton prefix
#   a:<skeleton>               Arabic/Persian/Hebrew script without a document spelling
NORM, PHON, ABJAD = "n:", "p:", "a:"

_ABJAD_SCRIPT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Ukrainian Г is "h" (Hryhorii), Russian and Bulgarian Г is "g" (Grigoriy); a name in
# Cyrillic gets both readings since the script alone rarely tells the language.
_CYRILLIC_GHE = re.compile("[\u0413\u0433]")
_GHE_AS_H = str.maketrans({"\u0413": "H", "\u0433": "h"})
_MAX_RUN = 3  # glue up to three neighbouring tokens: Abd al-Rahman, Mohammad Reza


# Persian pronounces ض ذ ظ as z and ث as s (رضا = Reza, Arabic Rida); letters only Persian
# uses (ی ک گ پ چ ژ) mark a Persian name, which then gets that reading too.
_PERSIAN_LETTERS = re.compile("[\u06cc\u06a9\u06af\u067e\u0686\u0698]")
_PERSIAN_SOUNDS = str.maketrans({"\u0636": "z", "\u0630": "z", "\u0638": "z", "\u062b": "s"})


def _alternative(name: str) -> str | None:
    """A second reading of a name in Cyrillic (Г as h) or Persian script, if any."""
    if name.isascii():
        return None
    if _CYRILLIC_GHE.search(name):
        return name.translate(_GHE_AS_H)
    if _PERSIAN_LETTERS.search(name):
        return name.translate(_PERSIAN_SOUNDS)
    return None


def _folded_readings(name: str) -> list[str]:
    folded = fold(name)
    alt = _alternative(name)
    if alt is not None and alt != name:
        other = fold(alt)
        if other != folded:
            return [folded, other]
    return [folded]


@lru_cache(maxsize=1 << 16)
def _phon_rows(spelling: str, abjad: bool) -> tuple[str, ...]:
    out = []
    for s in _spellings(spelling, abjad):
        for fine in fine_keys(s):
            skel = skeleton_of(fine)
            out.append(f"{ABJAD}{skel}" if abjad else f"{PHON}{skel}:{fine}")
    return tuple(out)


def name_keys(*names: str | None, abjad_phonetic: bool = True) -> set[str]:
    """All keys (``n:``, ``p:``, ``a:`` strings) to store for these names.

    Per token: its folded form and its phonetic keys. Runs of two or three neighbouring
    tokens are glued too (``Al-Hassan`` -> ``alhassan``; the phonetic key with the particle
    normalised, so ``El-Hasan`` meets it). A name in Arabic/Persian script has ``a:``
    skeleton keys unless ``abjad_phonetic`` is false (when a Latin document spelling
    exists, that spelling carries the phonetic keys: a skeleton matches far too much).
    ``None``/empty names are skipped.
    """
    keys: set[str] = set()
    for name in names:
        if name:
            keys |= _keys_of_name(name, abjad_phonetic)
    return keys


@lru_cache(maxsize=1 << 15)  # the demo generator and imports repeat names a lot
def _keys_of_name(name: str, abjad_phonetic: bool) -> frozenset[str]:
    keys: set[str] = set()
    add = keys.add
    abjad = not name.isascii() and _ABJAD_SCRIPT.search(name) is not None
    phon = abjad_phonetic or not abjad
    for reading in _folded_readings(name):
        seq = reading.split()  # runs are glued from the name as written: "A.A" gives "aa"
        toks = list(dict.fromkeys(seq))
        for tok in toks:
            add(NORM + tok)
            if phon:
                keys.update(_phon_rows(tok, abjad))
            if not abjad:
                for part in _compound_parts(tok):
                    add(NORM + part)
                    # the part as it is: "ullah" is no article + "lah"
                    keys.update(f"{PHON}{skeleton_of(f)}:{f}" for f in fine_keys(part))
        for size in range(2, min(_MAX_RUN, len(seq)) + 1):
            for i in range(len(seq) - size + 1):
                run = seq[i : i + size]
                add(NORM + "".join(run))
                if phon:
                    keys.update(_phon_rows(_canonical_run(run), abjad))
    return frozenset(keys)


def client_keys(
    family_name: str | None,
    given_names: str | None,
    document_family_name: str | None = None,
    document_given_names: str | None = None,
) -> set[str]:
    """Keys of a client: the names as written and the document spelling. A name in Arabic
    script only gets skeleton keys while its document spelling is missing."""
    return (
        name_keys(family_name, abjad_phonetic=not document_family_name)
        | name_keys(given_names, abjad_phonetic=not document_given_names)
        | name_keys(document_family_name, document_given_names)
    )


@dataclass(frozen=True)
class Term:
    """One query word: matches a client that has a key equal to one of ``exact`` or starting
    with one of ``prefixes``. Every term of a query has to match (AND)."""

    text: str  # the folded (glued) word, for display and ordering
    prefixes: tuple[str, ...]
    exact: tuple[str, ...]

    def matches(self, keys: Iterable[str]) -> bool:
        """The database rule in Python (tests and the labelled evaluation use it)."""
        exact = set(self.exact)
        return any(k in exact or k.startswith(self.prefixes) for k in keys)


def _term(word: str, abjad: bool) -> Term:
    prefixes = [NORM + word]
    exact: list[str] = []
    for s in _spellings(word, abjad):
        for fine in fine_keys(s):
            skel = skeleton_of(fine)
            if abjad:  # no vowels written: compare skeletons only
                prefixes.append(f"{PHON}{skel}:")
            else:
                exact.append(f"{PHON}{skel}:{fine}")
            exact.append(f"{ABJAD}{skel}")
    return Term(word, tuple(dict.fromkeys(prefixes)), tuple(dict.fromkeys(exact)))


def query_terms(text: str) -> list[Term]:
    """The terms of a search string (dates and case numbers are the caller's business).

    Each whitespace-separated word is one term; a word that folds to several tokens
    (``Al-Hassan``) is one glued term, and a particle typed on its own is glued to the word
    after it (``Al Khatib`` -> ``alkhatib``), so it does not match every "al" in the vault.
    Cyrillic Г is read both ways (g and h), as in :func:`name_keys`.
    """
    terms = _query_terms(text)
    alt = _alternative(text)
    if alt is not None and alt != text:
        other = _query_terms(alt)
        if len(other) == len(terms):
            terms = [
                Term(t.text, tuple(dict.fromkeys(t.prefixes + o.prefixes)), tuple(dict.fromkeys(t.exact + o.exact)))
                for t, o in zip(terms, other)
            ]
    return terms


_MIN_PHONETIC = 3  # letters a word needs (after its particle) before it is compared by sound


def _query_terms(text: str) -> list[Term]:
    words: list[tuple[list[str], bool]] = []
    for part in text.split():
        toks = fold(part).split()
        if toks:
            abjad = not part.isascii() and _ABJAD_SCRIPT.search(part) is not None
            words.append((toks, abjad))
    terms: list[Term] = []
    i = 0
    while i < len(words):
        toks, abjad = words[i]
        if len(toks) == 1 and toks[0] in PARTICLES and i + 1 < len(words):
            nxt, nxt_abjad = words[i + 1]
            toks, abjad = toks + nxt, abjad or nxt_abjad
            i += 1
        i += 1
        if len(toks) > _MAX_RUN:
            # Stored keys glue at most _MAX_RUN tokens ("Al-Abd-al-Karim" has four): such a
            # word is searched as its parts, each of which is stored.
            for t in _query_terms(" ".join(toks)):
                if t.text not in {x.text for x in terms}:
                    terms.append(t)
            continue
        word = _canonical_run(toks) if len(toks) > 1 and toks[0] in PARTICLES else "".join(toks)
        norm_word = "".join(toks)
        core = word[len(_canonical_run(toks[:1])) :] if len(toks) > 1 and toks[0] in PARTICLES else word
        if len(core) < _MIN_PHONETIC:
            # Still typing ("Al-O", "Mo"): sounds-like keys of a fragment only add noise.
            t = Term(norm_word, (NORM + norm_word,), ())
        else:
            t = _term(word, abjad)
        if norm_word != word:
            t = Term(norm_word, tuple(dict.fromkeys((NORM + norm_word,) + t.prefixes)), t.exact)
        if t.text not in {x.text for x in terms}:
            terms.append(t)
    return terms


def whole_name_term(text: str) -> Term | None:
    """For a query of two or three words, the term of all of them glued: "Gebre Medhin"
    also finds "Gebremedhin", "Ali Reza" "Alireza". A client matches the query if it
    matches every term of :func:`query_terms` OR this one."""
    words = text.split()
    if not 2 <= len(words) <= _MAX_RUN:
        return None
    toks = fold(text).split()
    if not toks:
        return None
    abjad = not text.isascii() and _ABJAD_SCRIPT.search(text) is not None
    word = _canonical_run(toks)
    term = _term(word, abjad)
    norm_word = "".join(toks)
    return Term(norm_word, tuple(dict.fromkeys((NORM + norm_word,) + term.prefixes)), term.exact)


def keys_match(query: str, keys: Iterable[str]) -> bool:
    """Does a client with these stored keys match ``query``? (the same rule as the SQL)."""
    keys = set(keys)
    terms = query_terms(query)
    if not terms:
        return False
    if all(t.matches(keys) for t in terms):
        return True
    whole = whole_name_term(query) if len(terms) > 1 else None
    return whole is not None and whole.matches(keys)


def matches(query: str, *names: str | None) -> bool:
    """Would a client with these names be found by ``query``? (the same rule as the SQL)."""
    return keys_match(query, name_keys(*names))


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
