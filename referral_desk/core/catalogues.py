"""Fixed vocabularies: residence statuses, counselling topics, small enums, countries, languages.

The curated vocabularies are data files in ``resources/catalogues/`` (keys are a stable
contract: they are stored in the database and used in statistics exports; labels may be
reworded freely). Countries and languages come from babel's CLDR data.

Every file is read once (``functools.cache``) and turned into plain dicts, so lookups are
dictionary hits. No Qt imports here: this module is used by the CLI, exports and tests.

Labels are available in ``"de"`` (default) and ``"en"``; any other ``lang`` raises
``ValueError``. Unknown keys raise ``KeyError`` naming the key.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from babel import Locale

from referral_desk.core.paths import resource

LANGS: tuple[str, ...] = ("de", "en")

#: Values accepted as a nationality besides ISO 3166-1 alpha-2 codes.
NATIONALITY_SPECIAL: tuple[str, ...] = ("stateless", "unknown")

_SPECIAL_NATIONALITY_NAMES: Mapping[str, Mapping[str, str]] = {
    "stateless": {"de": "staatenlos", "en": "stateless"},
    "unknown": {"de": "unbekannt", "en": "unknown"},
}

# CLDR territory codes that are not countries one can hold the nationality of:
# groupings (EU, EZ, UN), ISO "exceptionally reserved" codes for places that belong to
# another state (AC, CP, CQ, DG, EA, IC, TA), and user-assigned / private-use codes
# (AA, QM–QZ, XA–XZ, ZZ) except XK, the de-facto code for Kosovo.
_USER_ASSIGNED: frozenset[str] = frozenset(
    {"AA", "ZZ"} | {"Q" + c for c in "MNOPQRSTUVWXYZ"} | {"X" + c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
)
_NOT_A_COUNTRY: frozenset[str] = frozenset(
    {"EU", "EZ", "UN", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"} | (_USER_ASSIGNED - {"XK"})
)


# --------------------------------------------------------------------------- types


@dataclass(frozen=True, slots=True)
class ResidenceStatus:
    key: str
    label_de: str
    label_en: str
    legal_basis: str | None
    group: str
    titled: bool  # True if an Aufenthaltstitel in the sense of § 4 Abs. 1 AufenthG

    def label(self, lang: str = "de") -> str:
        return self.label_de if _check_lang(lang) == "de" else self.label_en


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """A key with German/English labels and, for some enums, a plain-language explanation."""

    key: str
    label_de: str
    label_en: str
    explain_de: str | None = None
    explain_en: str | None = None

    def label(self, lang: str = "de") -> str:
        return self.label_de if _check_lang(lang) == "de" else self.label_en

    def explain(self, lang: str = "de") -> str | None:
        return self.explain_de if _check_lang(lang) == "de" else self.explain_en


Topic = CatalogueEntry
ResidenceStatusGroup = CatalogueEntry


# --------------------------------------------------------------------------- helpers


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGS}")
    return lang


def _load_json(name: str) -> Any:
    path = resource("catalogues", name)
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _text(raw: Mapping[str, Any], field: str, where: str, *, required: bool = True) -> str | None:
    value = raw.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: field {field!r} must be a non-empty string")
    return value


def _entry(key: str, raw: Mapping[str, Any], where: str) -> CatalogueEntry:
    where = f"{where}[{key!r}]"
    explain_de = _text(raw, "explain_de", where, required=False)
    explain_en = _text(raw, "explain_en", where, required=False)
    if (explain_de is None) != (explain_en is None):
        raise ValueError(f"{where}: explain_de and explain_en must be given together")
    return CatalogueEntry(
        key=key,
        label_de=_text(raw, "label_de", where),  # type: ignore[arg-type]
        label_en=_text(raw, "label_en", where),  # type: ignore[arg-type]
        explain_de=explain_de,
        explain_en=explain_en,
    )


def _entry_list(name: str) -> tuple[CatalogueEntry, ...]:
    entries = []
    seen: set[str] = set()
    for raw in _load_json(name):
        key = raw.get("key")
        if not isinstance(key, str) or not key:
            raise ValueError(f"{name}: entry without a key: {raw!r}")
        if key in seen:
            raise ValueError(f"{name}: duplicate key {key!r}")
        seen.add(key)
        entries.append(_entry(key, raw, name))
    return tuple(entries)


def _missing(kind: str, key: object) -> KeyError:
    return KeyError(f"unknown {kind} key {key!r}")


_EXTRA_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i"})


def sort_key(text: str) -> tuple[str, str]:
    """Collation key for UI lists: case- and diacritic-insensitive (DIN 5007-1 style, Ä = A).

    The original string is the tie-breaker so the order is total and stable.
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    base = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return base.translate(_EXTRA_FOLD), text


# --------------------------------------------------------------------------- residence status


@cache
def _residence_data() -> tuple[
    tuple[ResidenceStatus, ...],
    Mapping[str, ResidenceStatus],
    tuple[ResidenceStatusGroup, ...],
    Mapping[str, ResidenceStatusGroup],
]:
    groups = _entry_list("residence_status_groups.json")
    groups_by_key = MappingProxyType({g.key: g for g in groups})
    statuses = []
    by_key: dict[str, ResidenceStatus] = {}
    for raw in _load_json("residence_status.json"):
        key = raw.get("key")
        where = f"residence_status.json[{key!r}]"
        if not isinstance(key, str) or not key:
            raise ValueError(f"residence_status.json: entry without a key: {raw!r}")
        if key in by_key:
            raise ValueError(f"residence_status.json: duplicate key {key!r}")
        group = raw.get("group")
        if group not in groups_by_key:
            raise ValueError(f"{where}: unknown group {group!r}")
        titled = raw.get("titled")
        if not isinstance(titled, bool):
            raise ValueError(f"{where}: 'titled' must be true or false")
        status = ResidenceStatus(
            key=key,
            label_de=_text(raw, "label_de", where),  # type: ignore[arg-type]
            label_en=_text(raw, "label_en", where),  # type: ignore[arg-type]
            legal_basis=_text(raw, "legal_basis", where, required=False),
            group=group,
            titled=titled,
        )
        statuses.append(status)
        by_key[key] = status
    return tuple(statuses), MappingProxyType(by_key), groups, groups_by_key


def residence_statuses() -> tuple[ResidenceStatus, ...]:
    return _residence_data()[0]


@cache
def residence_status_keys() -> frozenset[str]:
    return frozenset(_residence_data()[1])


def residence_status(key: str) -> ResidenceStatus:
    try:
        return _residence_data()[1][key]
    except KeyError:
        raise _missing("residence status", key) from None


def residence_status_label(key: str, lang: str = "de") -> str:
    return residence_status(key).label(lang)


def residence_status_group(key: str) -> str:
    """The statistics group key of a residence status."""
    return residence_status(key).group


def residence_status_groups() -> tuple[ResidenceStatusGroup, ...]:
    return _residence_data()[2]


def residence_status_group_label(group: str, lang: str = "de") -> str:
    try:
        entry = _residence_data()[3][group]
    except KeyError:
        raise _missing("residence status group", group) from None
    return entry.label(lang)


# --------------------------------------------------------------------------- topics


@cache
def _topic_data() -> tuple[tuple[Topic, ...], Mapping[str, Topic]]:
    entries = _entry_list("contact_topics.json")
    return entries, MappingProxyType({e.key: e for e in entries})


def topics() -> tuple[Topic, ...]:
    return _topic_data()[0]


@cache
def topic_keys() -> frozenset[str]:
    return frozenset(_topic_data()[1])


def topic_label(key: str, lang: str = "de") -> str:
    try:
        entry = _topic_data()[1][key]
    except KeyError:
        raise _missing("topic", key) from None
    return entry.label(lang)


# --------------------------------------------------------------------------- enums


@cache
def _enum_data() -> Mapping[str, Mapping[str, CatalogueEntry]]:
    enums: dict[str, Mapping[str, CatalogueEntry]] = {}
    for name, members in _load_json("enums.json").items():
        if not isinstance(members, dict) or not members:
            raise ValueError(f"enums.json[{name!r}]: must be a non-empty object")
        enums[name] = MappingProxyType({key: _entry(key, raw, f"enums.json[{name!r}]") for key, raw in members.items()})
    return MappingProxyType(enums)


def _enum(name: str) -> Mapping[str, CatalogueEntry]:
    try:
        return _enum_data()[name]
    except KeyError:
        raise KeyError(f"unknown enum {name!r}") from None


def enum_names() -> tuple[str, ...]:
    return tuple(_enum_data())


@cache
def enum_keys(name: str) -> tuple[str, ...]:
    """The keys of one enum, in file order."""
    return tuple(_enum(name))


def enum_entries(name: str) -> tuple[CatalogueEntry, ...]:
    return tuple(_enum(name).values())


def enum_entry(name: str, key: str) -> CatalogueEntry:
    try:
        return _enum(name)[key]
    except KeyError:
        raise _missing(f"{name}", key) from None


def enum_label(name: str, key: str, lang: str = "de") -> str:
    return enum_entry(name, key).label(lang)


def enum_explain(name: str, key: str, lang: str = "de") -> str | None:
    """Plain-language explanation (only ``data_category`` has them); ``None`` if absent."""
    return enum_entry(name, key).explain(lang)


# --------------------------------------------------------------------------- countries


@cache
def _country_names() -> Mapping[str, Mapping[str, str]]:
    """lang -> {ISO code -> localised name}, for codes valid as a nationality."""
    locales = {lang: Locale(lang) for lang in LANGS}
    territories = {lang: loc.territories for lang, loc in locales.items()}
    codes = [
        code
        for code in Locale("en").territories
        if isinstance(code, str)
        and len(code) == 2
        and code.isascii()
        and code.isalpha()
        and code.isupper()
        and code not in _NOT_A_COUNTRY
        # A code CLDR cannot name in every UI language is not offered.
        and all(territories[lang].get(code) for lang in LANGS)
    ]
    return MappingProxyType({lang: MappingProxyType({c: territories[lang][c] for c in codes}) for lang in LANGS})


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes valid as a nationality (incl. XK Kosovo)."""
    return frozenset(_country_names()["en"])


def is_valid_nationality(code: object) -> bool:
    """True for a code in :func:`country_codes` or one of ``"stateless"``, ``"unknown"``."""
    return isinstance(code, str) and (code in _SPECIAL_NATIONALITY_NAMES or code in _country_names()["en"])


def country_name(code: str, lang: str = "de") -> str:
    _check_lang(lang)
    special = _SPECIAL_NATIONALITY_NAMES.get(code)
    if special is not None:
        return special[lang]
    try:
        return _country_names()[lang][code]
    except KeyError:
        raise _missing("country", code) from None


@cache
def _countries_sorted(lang: str) -> tuple[tuple[str, str], ...]:
    names = _country_names()[_check_lang(lang)]
    return tuple(sorted(names.items(), key=lambda item: sort_key(item[1])))


def countries_sorted(lang: str = "de", *, include_special: bool = False) -> list[tuple[str, str]]:
    """``(code, name)`` pairs sorted by localised name; with ``include_special`` the
    values ``stateless`` and ``unknown`` are appended at the end."""
    result = list(_countries_sorted(lang))
    if include_special:
        result.extend((code, _SPECIAL_NATIONALITY_NAMES[code][lang]) for code in NATIONALITY_SPECIAL)
    return result


# --------------------------------------------------------------------------- languages


@cache
def _language_names() -> Mapping[str, Mapping[str, str]]:
    """lang -> {ISO 639-1 code -> localised name}."""
    languages = {lang: Locale(lang).languages for lang in LANGS}
    codes = [
        code
        for code in Locale("en").languages
        if isinstance(code, str)
        and len(code) == 2
        and code.isascii()
        and code.isalpha()
        and code.islower()
        and all(languages[lang].get(code) for lang in LANGS)
    ]
    return MappingProxyType({lang: MappingProxyType({c: languages[lang][c] for c in codes}) for lang in LANGS})


@cache
def language_codes() -> frozenset[str]:
    """ISO 639-1 two-letter language codes (lowercase)."""
    return frozenset(_language_names()["en"])


def language_name(code: str, lang: str = "de") -> str:
    _check_lang(lang)
    try:
        return _language_names()[lang][code]
    except KeyError:
        raise _missing("language", code) from None


@cache
def _languages_sorted(lang: str) -> tuple[tuple[str, str], ...]:
    names = _language_names()[_check_lang(lang)]
    return tuple(sorted(names.items(), key=lambda item: sort_key(item[1])))


def languages_sorted(lang: str = "de") -> list[tuple[str, str]]:
    """``(code, name)`` pairs sorted by localised name."""
    return list(_languages_sorted(lang))


# --------------------------------------------------------------------------- residence basis


@dataclass(frozen=True, slots=True)
class ResidenceBasis:
    """A legal basis that refines one residence status (resources/catalogues/residence_basis.json):
    e.g. § 25 Abs. 2 Alt. 2 AufenthG (subsidiary protection) within the humanitarian residence
    permit. The status keys of DESIGN.md §2 stay as they are; funders' groups need the basis."""

    key: str
    status: str
    label_de: str
    label_en: str
    legal_basis: str

    def label(self, lang: str = "de") -> str:
        return self.label_de if _check_lang(lang) == "de" else self.label_en


@cache
def _basis_data() -> tuple[tuple[ResidenceBasis, ...], Mapping[str, ResidenceBasis]]:
    out: list[ResidenceBasis] = []
    by_key: dict[str, ResidenceBasis] = {}
    statuses = _residence_data()[1]
    for raw in _load_json("residence_basis.json"):
        key = raw.get("key")
        where = f"residence_basis.json[{key!r}]"
        if not isinstance(key, str) or not key or key in by_key:
            raise ValueError(f"{where}: missing or duplicate key")
        if raw.get("status") not in statuses:
            raise ValueError(f"{where}: unknown residence status {raw.get('status')!r}")
        basis = ResidenceBasis(
            key=key,
            status=raw["status"],
            label_de=_text(raw, "label_de", where),  # type: ignore[arg-type]
            label_en=_text(raw, "label_en", where),  # type: ignore[arg-type]
            legal_basis=_text(raw, "legal_basis", where),  # type: ignore[arg-type]
        )
        out.append(basis)
        by_key[key] = basis
    return tuple(out), MappingProxyType(by_key)


def residence_bases(status: str | None = None) -> tuple[ResidenceBasis, ...]:
    """All legal bases, or those of one residence status (catalogue order)."""
    return tuple(b for b in _basis_data()[0] if status is None or b.status == status)


def residence_basis_keys() -> frozenset[str]:
    return frozenset(_basis_data()[1])


def residence_basis(key: str) -> ResidenceBasis:
    try:
        return _basis_data()[1][key]
    except KeyError:
        raise _missing("residence basis", key) from None


def residence_basis_label(key: str, lang: str = "de") -> str:
    return residence_basis(key).label(lang)
