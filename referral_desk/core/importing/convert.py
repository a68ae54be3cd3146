"""Turning spreadsheet cells into client-field values.

Every converter takes one cell (``str``, ``int``, ``float``, ``bool``, ``date``/``datetime``
from a spreadsheet reader, or ``None``) and returns the value ``ClientCreate`` expects, or
raises :class:`CellError` with a message code. A ``CellError`` never carries the cell's
value: reports name the row and the column, not what was in it.

Country and language names come from Babel's CLDR data (the same data the app's pickers
show). CLDR has no nationality adjectives, so adjectives are *derived* from the German and
English country names by the regular suffix rules of each language (``Syrien`` →
``syrisch``, ``Türkei`` → ``türkisch``, ``Iraq`` → ``Iraqi``); a derived form that two
countries share is dropped, never guessed. Only the irregular adjectives no rule produces
(``deutsch``, ``polnisch``, ``französisch``, ``British``, ``Dutch``…) are listed by hand in
``_IRREGULAR_ADJECTIVES`` (docs/import.md lists them).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from babel import Locale

from referral_desk.core import catalogues, clock


class CellError(Exception):
    """A cell that cannot be converted. ``code`` is a message code; params hold no data."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# --------------------------------------------------------------------------- text


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and accent-insensitive key: ``Türkei``, ``TUERKEI`` and ``turkei`` meet."""
    t = unicodedata.normalize("NFC", text).casefold()
    t = t.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = re.sub(r"[^0-9a-z]+", " ", t)
    return " ".join(t.split())


def is_blank(value: Any) -> bool:
    if value.__class__ is str:
        return not value or value.isspace()
    return value is None or (isinstance(value, float) and math.isnan(value))


def to_text(value: Any) -> str | None:
    """A cell as text. Whole numbers lose the ``.0`` a spreadsheet adds (phone numbers,
    customer numbers); dates print as ISO."""
    if value.__class__ is str:
        return value if value and not value.isspace() else None
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, (int,)):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def text_value(value: Any) -> str | None:
    """Free text: kept as it is (validation trims and checks length)."""
    return to_text(value)


def phone_value(value: Any) -> str | None:
    """Phone numbers stay text. A number cell lost its leading zero in the spreadsheet; it
    is kept as the digits the cell holds (the validation then checks the characters)."""
    return to_text(value)


def postal_code_value(value: Any) -> str | None:
    """German postal codes have five digits; a numeric cell of four digits lost its leading
    zero in the spreadsheet (``01067`` Dresden stored as 1067), so it is padded."""
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and float(value).is_integer()
        and 1000 <= value < 10000
    ):
        return f"{int(value):05d}"
    return to_text(value)


def full_name_value(value: Any) -> tuple[str, str] | None:
    """``Nachname, Vorname`` → (family name, given names). Without a comma the split is a
    guess (``Abdul Rahman Ali``), so it is refused."""
    text = to_text(value)
    if text is None:
        return None
    family, sep, given = text.partition(",")
    if not sep or not family.strip() or not given.strip() or "," in given:
        raise CellError("import.full_name")
    return family.strip(), given.strip()


# --------------------------------------------------------------------------- dates

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 with Lotus' leap-year bug
_DMY = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def _from_serial(number: float) -> dt.date:
    if not (1 <= number < 200000) or (not float(number).is_integer() and number % 1 > 0.9999):
        raise CellError("import.date")
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def date_value(value: Any, *, past: bool = True) -> dt.date | None:
    """``dd.mm.yyyy``, ``d.m.yy``, ISO ``yyyy-mm-dd``, a spreadsheet date cell or an Excel
    serial number. Two-digit years: the latest year not in the future for past dates
    (birth, arrival, contacts); 20yy for dates that may lie ahead (valid until)."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError("import.date")
    if isinstance(value, (int, float)):
        return _from_serial(float(value))
    text = str(value).strip()
    try:
        m = _DMY.fullmatch(text)
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
            if len(year) == 2:
                yy = int(year)
                candidate = 2000 + yy
                if past and dt.date(candidate, month, day) > clock.today():
                    candidate = 1900 + yy
                return dt.date(candidate, month, day)
            return dt.date(int(year), month, day)
        m = _ISO.fullmatch(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if re.fullmatch(r"\d{5}(?:\.0+)?", text):  # a serial number exported as text
            return _from_serial(float(text))
    except ValueError:  # 31.02.1990
        raise CellError("import.date_impossible") from None
    raise CellError("import.date")


def future_date_value(value: Any) -> dt.date | None:
    return date_value(value, past=False)


# --------------------------------------------------------------------------- gender

_GENDER = {
    "female": ("w", "weiblich", "frau", "fr", "f", "female", "woman", "mrs", "ms", "miss", "weibl"),
    "male": ("m", "maennlich", "mann", "herr", "hr", "male", "man", "mr", "maennl"),
    "diverse": ("d", "divers", "diverse", "x", "inter", "nonbinary", "non binary", "nichtbinaer"),
    "unspecified": (
        "unspecified",
        "keine angabe",
        "k a",
        "ka",
        "unbekannt",
        "unknown",
        "ohne angabe",
        "o a",
        "n a",
        "na",
        "offen",
        "-",
    ),
}
_GENDER_INDEX = {alias: key for key, aliases in _GENDER.items() for alias in aliases}


def gender_value(value: Any) -> str | None:
    if is_blank(value):
        return None
    key = fold(str(value)) or str(value).strip()
    if key in _GENDER_INDEX:
        return _GENDER_INDEX[key]
    raise CellError("import.gender")


# --------------------------------------------------------------------------- countries

# Irregular nationality adjectives (no suffix rule of the language produces them).
_IRREGULAR_ADJECTIVES = {
    "DE": ("deutsch", "german"),
    "PL": ("polnisch", "polish"),
    "FR": ("franzoesisch", "french"),
    "GB": ("britisch", "englisch", "british", "english", "scottish", "welsh", "schottisch", "walisisch"),
    "US": ("amerikanisch", "us amerikanisch", "american", "us american", "us", "usa"),
    "NL": ("niederlaendisch", "hollaendisch", "dutch"),
    "GR": ("griechisch", "greek"),
    "DK": ("daenisch", "danish"),
    "SE": ("swedish",),
    "FI": ("finnish",),
    "IE": ("irish",),
    "ES": ("spanish",),
    "CH": ("schweizerisch", "swiss"),
    "PT": ("portugiesisch", "portuguese"),
    "XK": ("kosovarisch", "kosovar", "kosovan"),
    "YE": ("jemenitisch",),
    "LY": ("libysch",),
    "BY": ("belarussisch", "weissrussisch", "belarusian", "belarusan"),
    "BA": ("bosnisch", "bosnisch herzegowinisch", "bosnian"),
    "MK": ("mazedonisch", "macedonian"),
    "CI": ("ivorisch", "ivorian"),
    "EE": ("estnisch",),
    "NE": ("nigrisch", "nigerien"),
    "KG": ("kirgisisch", "kyrgyz", "kirgisian"),
    "TM": ("turkmenisch", "turkmen"),
    "UZ": ("usbekisch", "uzbek"),
    "KZ": ("kasachisch", "kazakh"),
    "TJ": ("tadschikisch", "tajik"),
    "AF": ("afghan",),
    "PS": ("palaestinensisch", "palestinian", "palaestina", "palestine"),
    "CZ": ("tschechisch", "czech"),
    "SK": ("slovak",),
    "PH": ("philippinisch", "filipino", "philippine"),
    "TH": ("thai",),
    "AE": ("emiratisch", "emirati"),
    "CY": ("zypriotisch", "cypriot"),
    "SO": ("somali",),
    "ML": ("malisch", "malian"),
    "TR": ("turkey", "turkish", "tuerkiye"),
    "NG": ("nigerian",),
    "VE": ("venezolanisch",),
    "HU": ("ungarisch", "hungarian"),
    "CD": ("kongo kinshasa", "demokratische republik kongo", "dr kongo", "drc"),
    "LK": ("sri lankisch", "sri lankan"),
    "MD": ("moldawisch", "moldovan"),
    "SA": ("saudisch", "saudi", "saudi arabian"),
    "KR": ("suedkoreanisch", "south korean"),
    "KP": ("nordkoreanisch", "north korean"),
}
_SPECIAL = {
    "stateless": ("staatenlos", "stateless", "ohne staatsangehoerigkeit"),
    "unknown": (
        "unbekannt",
        "ungeklaert",
        "ungeklaerte staatsangehoerigkeit",
        "unknown",
        "ungeklart",
        "keine angabe",
        "k a",
        "ka",
    ),
}


def _german_adjectives(name: str) -> set[str]:
    out = {name + "isch", name + "esisch", name + "nisch"}
    for suffix, repl in (
        ("ien", ("isch", "ianisch")),
        ("ei", ("isch",)),
        ("en", ("isch",)),
        ("a", ("isch", "esisch", "nisch")),
        ("e", ("isch",)),
        ("land", ("isch", "laendisch")),
        ("o", ("anisch",)),
        ("on", ("esisch",)),
        ("yen", ("ysch",)),
        ("ia", ("isch", "anisch")),
        ("i", ("sch",)),
        ("istan", ("isch",)),
        ("stan", ("isch",)),
    ):
        if name.endswith(suffix):
            out.update(name[: -len(suffix)] + r for r in repl)
    return out


def _english_adjectives(name: str) -> set[str]:
    out = {name + "n", name + "ian", name + "i", name + "ese"}
    for suffix, repl in (
        ("a", ("an", "i", "ese")),
        ("e", ("ian",)),
        ("y", ("", "ian", "ish")),
        ("on", ("ese",)),
        ("o", ("an",)),
        ("land", ("ish",)),
        ("istan", ("",)),
        ("stan", ("",)),
    ):
        if name.endswith(suffix):
            out.update(name[: -len(suffix)] + r for r in repl)
    return out


@cache
def _country_index() -> dict[str, str]:
    """folded name, code or adjective -> nationality value (ISO code, stateless, unknown)."""
    codes = catalogues.country_codes()
    names: dict[str, set[str]] = {}
    derived: dict[str, set[str]] = {}
    for lang, rules in (("de", _german_adjectives), ("en", _english_adjectives)):
        territories = Locale(lang).territories
        for code in codes:
            name = territories.get(code)
            if not name:
                continue
            folded = fold(name)
            names.setdefault(folded, set()).add(code)
            # Names like "Kongo-Kinshasa" or "Bosnien und Herzegowina": adjectives from the
            # first word only when the name has one word.
            if " " not in folded:
                for adj in rules(folded):
                    derived.setdefault(adj, set()).add(code)
    index: dict[str, str] = {}
    for adj, found in derived.items():
        if len(found) == 1:
            index[adj] = next(iter(found))
    for name, found in names.items():
        if len(found) == 1:
            index[name] = next(iter(found))
    for code, adjectives in _IRREGULAR_ADJECTIVES.items():
        for adj in adjectives:
            index[adj] = code
    for code in codes:
        index[code.casefold()] = code
    for value, aliases in _SPECIAL.items():
        for alias in aliases:
            index[alias] = value
    return index


def country_code(text: str) -> str | None:
    """One country name, adjective or code → ISO code (or stateless/unknown); None if unknown."""
    return _country_index().get(fold(text))


_LIST_SPLIT = re.compile(r"\s*(?:[,;/|+&\n]|\bund\b|\band\b)\s*")


def nationalities_value(value: Any) -> list[str] | None:
    """``türkisch``, ``Syrien``, ``TR``, ``deutsch/türkisch``, ``staatenlos`` → list of codes."""
    if is_blank(value):
        return None
    text = to_text(value) or ""
    whole = country_code(text)
    parts = [text] if whole else [p for p in _LIST_SPLIT.split(text) if p.strip()]
    out: list[str] = []
    for part in parts:
        code = country_code(part)
        if code is None:
            raise CellError("import.country")
        if code not in out:
            out.append(code)
    if len(out) > 5:
        raise CellError("import.too_many_countries")
    return out or None


# --------------------------------------------------------------------------- languages

_LANGUAGE_ALIASES = {
    "farsi": "fa",
    "dari": "fa",
    "kurmandschi": "ku",
    "kurmanji": "ku",
    "sorani": "ckb",
    "tigrinisch": "ti",
    "tigrinya": "ti",
    "paschtu": "ps",
    "pashto": "ps",
    "pashtu": "ps",
}


@cache
def _language_index() -> dict[str, str]:
    codes = catalogues.language_codes()
    index: dict[str, str] = {}
    for lang in ("de", "en"):
        for code, name in Locale(lang).languages.items():
            if code in codes:
                index.setdefault(fold(name), code)
    for code in codes:
        index[code] = code
    for alias, code in _LANGUAGE_ALIASES.items():
        if code in codes:
            index[alias] = code
    return index


def language_value(value: Any) -> str | None:
    if is_blank(value):
        return None
    code = _language_index().get(fold(str(value)))
    if code is None:
        raise CellError("import.language")
    return code


# --------------------------------------------------------------------------- catalogues


@cache
def _residence_index() -> dict[str, str]:
    """Keys, German and English labels, the label without its legal basis in brackets
    (``Duldung``) and the legal basis itself (``§ 24 AufenthG``), where unambiguous."""
    candidates: dict[str, set[str]] = {}
    for status in catalogues.residence_statuses():
        forms = {
            status.key,
            catalogues.residence_status_label(status.key, "de"),
            catalogues.residence_status_label(status.key, "en"),
        }
        for label in list(forms):
            forms.add(label.split("(")[0])
        legal = getattr(status, "legal_basis", None)
        if legal:
            forms.add(legal)
        for form in forms:
            folded = fold(form)
            if folded:
                candidates.setdefault(folded, set()).add(status.key)
    index = {form: next(iter(keys)) for form, keys in candidates.items() if len(keys) == 1}
    for status in catalogues.residence_statuses():
        index[fold(status.key)] = status.key
    return index


def residence_status_value(value: Any) -> str | None:
    if is_blank(value):
        return None
    key = _residence_index().get(fold(str(value)))
    if key is None:
        raise CellError("import.residence_status")
    return key


@cache
def _basis_index() -> dict[str, str]:
    """Keys, German and English labels and the legal basis (``§ 25 Abs. 2 Alt. 2 AufenthG``)
    of the residence-basis catalogue, folded."""
    index: dict[str, str] = {}
    for basis in catalogues.residence_bases():
        for form in (basis.key, basis.label_de, basis.label_en, basis.legal_basis, basis.label_de.split("(")[0]):
            if fold(form):
                index[fold(form)] = basis.key
    return index


def residence_basis_value(value: Any) -> str | None:
    """A legal basis refining the residence status; whether it fits the status is checked
    with the whole row (exit 2 naming ``residence_basis``)."""
    if is_blank(value):
        return None
    key = _basis_index().get(fold(str(value)))
    if key is None:
        raise CellError("import.residence_basis")
    return key


_ENUM_EXTRA = {
    "employment_permitted": {
        "ja": "yes",
        "j": "yes",
        "erlaubt": "yes",
        "nein": "no",
        "n": "no",
        "nicht erlaubt": "no",
        "eingeschraenkt": "restricted",
        "beschraenkt": "restricted",
        "mit zustimmung": "restricted",
        "unbekannt": "unknown",
    },
    "german_level": {"kein": "none", "keine": "none", "keine kenntnisse": "none", "unbekannt": "unknown"},
    "integration_course": {"kein": "none", "nein": "none", "unbekannt": "unknown"},
}


@cache
def _enum_index(name: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for key in catalogues.enum_keys(name):
        index[fold(key)] = key
        for lang in ("de", "en"):
            index.setdefault(fold(catalogues.enum_label(name, key, lang)), key)
    index.update(_ENUM_EXTRA.get(name, {}))
    return index


def enum_converter(name: str) -> Callable[[Any], str | None]:
    def convert(value: Any) -> str | None:
        if is_blank(value):
            return None
        text = fold(to_text(value) or "")
        if name == "german_level":  # "B1.2", "B1 (Zertifikat)" → B1
            m = re.match(r"([abc][12])\b", text)
            if m:
                text = m.group(1)
        key = _enum_index(name).get(text)
        if key is None:
            raise CellError("import.choice")
        return key

    return convert


_TRUE = {"ja", "j", "yes", "y", "x", "1", "true", "wahr", "ok"}
_FALSE = {"nein", "n", "no", "0", "false", "falsch"}


def bool_value(value: Any) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = fold(to_text(value) or "")
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("import.boolean")
