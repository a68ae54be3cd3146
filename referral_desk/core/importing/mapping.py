"""Which column holds which client field: header row detection, automatic mapping by
German and English header names, and mapping files (JSON) for the next import.

A mapping file holds header texts and field keys only, never a value from the list::

    {"format": "referral-desk-import-mapping", "version": 1, "header_row": 3,
     "columns": {"Nachname": "family_name", "Geb.-Datum": "birth_date", "Bemerkung": null}}

A header that occurs twice is addressed as ``"Telefon (2)"`` (its second occurrence).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referral_desk.core.errors import InvalidInput
from referral_desk.core.importing.convert import fold, is_blank, to_text

MAPPING_FORMAT = "referral-desk-import-mapping"

# Target fields of an import, in the order the wizard offers them. ``street``,
# ``postal_code`` and ``city`` form the client's ``address``; ``last_contact`` becomes a
# counselling contact.
FIELDS = (
    "family_name",
    "given_names",
    "birth_date",
    "gender",
    "nationalities",
    "preferred_language",
    "interpreter_needed",
    "residence_status",
    "residence_valid_until",
    "employment_permitted",
    "german_level",
    "integration_course",
    "arrival_date",
    "phone",
    "email",
    "street",
    "postal_code",
    "city",
    "jobcenter_customer_number",
    "notes",
    "last_contact",
    "full_name",
    "residence_basis",
)
REQUIRED = ("family_name", "given_names", "birth_date")
# One column "Name, Vorname" ("Yılmaz, Ayşe") stands for both name fields.
FULL_NAME = "full_name"


def missing_required(fields: list[str] | set[str]) -> list[str]:
    """Required fields without a column (a full-name column covers both name fields)."""
    have = set(fields)
    if FULL_NAME in have:
        have |= {"family_name", "given_names"}
    return [f for f in REQUIRED if f not in have]


# Header names per field (folded: lower case, umlauts as ae/oe/ue, punctuation as spaces).
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "family_name": (
        "name",
        "nachname",
        "familienname",
        "zuname",
        "family name",
        "last name",
        "lastname",
        "surname",
        "nachname n",
    ),
    "given_names": (
        "vorname",
        "vornamen",
        "rufname",
        "given name",
        "given names",
        "first name",
        "firstname",
        "forename",
        "vorname n",
    ),
    "birth_date": (
        "geburtsdatum",
        "geb datum",
        "geb",
        "geboren",
        "geboren am",
        "geburtstag",
        "date of birth",
        "birth date",
        "birthdate",
        "dob",
        "geb dat",
    ),
    "gender": ("geschlecht", "gender", "sex", "anrede", "m w d", "w m d"),
    "nationalities": (
        "staatsangehoerigkeit",
        "staatsangehoerigkeiten",
        "nationalitaet",
        "nationality",
        "nationalities",
        "citizenship",
        "staatsbuergerschaft",
        "staatsang",
    ),
    "preferred_language": (
        "sprache",
        "muttersprache",
        "erstsprache",
        "herkunftssprache",
        "beratungssprache",
        "language",
        "preferred language",
        "mother tongue",
        "first language",
    ),
    "interpreter_needed": (
        "dolmetscher",
        "dolmetschung",
        "dolmetscher in",
        "dolmetschung noetig",
        "interpreter",
        "interpreter needed",
        "sprachmittlung",
    ),
    "residence_status": (
        "aufenthaltsstatus",
        "aufenthaltstitel",
        "status aufenthalt",
        "aufenthalt",
        "residence status",
        "residence permit",
        "residence title",
    ),
    "residence_basis": (
        "rechtsgrundlage",
        "rechtsgrundlage aufenthalt",
        "aufenthaltsrechtsgrundlage",
        "paragraph aufenthalt",
        "legal basis",
        "legal basis of residence",
    ),
    "residence_valid_until": (
        "gueltig bis",
        "aufenthalt gueltig bis",
        "titel gueltig bis",
        "befristet bis",
        "valid until",
        "residence valid until",
        "expiry",
        "ablaufdatum",
    ),
    "employment_permitted": (
        "arbeitserlaubnis",
        "erwerbstaetigkeit",
        "erwerbstaetigkeit erlaubt",
        "beschaeftigung erlaubt",
        "arbeitsmarktzugang",
        "employment permitted",
        "work permit",
    ),
    "german_level": (
        "deutschkenntnisse",
        "deutschniveau",
        "sprachniveau",
        "deutsch niveau",
        "german level",
        "german",
        "deutsch",
    ),
    "integration_course": ("integrationskurs", "integration course"),
    "arrival_date": (
        "einreise",
        "einreisedatum",
        "einreise am",
        "in deutschland seit",
        "arrival",
        "arrival date",
        "date of arrival",
    ),
    "phone": (
        "telefon",
        "tel",
        "telefonnummer",
        "handy",
        "mobil",
        "mobilnummer",
        "handynummer",
        "phone",
        "mobile",
        "telephone",
        "phone number",
        "tel nr",
    ),
    "email": ("e mail", "email", "mail", "e mail adresse", "email address", "e mail address"),
    "street": (
        "strasse",
        "str",
        "strasse und hausnummer",
        "strasse hausnr",
        "anschrift",
        "adresse",
        "street",
        "address",
        "street address",
    ),
    "postal_code": ("plz", "postleitzahl", "postal code", "zip", "zip code", "postcode"),
    "city": ("ort", "wohnort", "stadt", "city", "town"),
    "jobcenter_customer_number": (
        "kundennummer",
        "kunden nr",
        "jobcenter kundennummer",
        "kundennummer jobcenter",
        "bg nummer",
        "bg nr",
        "jobcenter nr",
        "customer number",
    ),
    "notes": (
        "bemerkung",
        "bemerkungen",
        "notiz",
        "notizen",
        "anmerkung",
        "anmerkungen",
        "notes",
        "note",
        "comment",
        "comments",
        "kommentar",
    ),
    "full_name": (
        "name vorname",
        "nachname vorname",
        "familienname vorname",
        "name vorname n",
        "last name first name",
        "surname given names",
        "family name given names",
    ),
    "last_contact": (
        "letzter kontakt",
        "letzter beratungskontakt",
        "letztes gespraech",
        "letzte beratung",
        "last contact",
        "last contact date",
    ),
}
_HEADER_INDEX = {name: f for f, names in HEADER_NAMES.items() for name in names}

# The header row is searched among the first rows (a title, a date and a blank line often
# stand above it).
HEADER_SEARCH_ROWS = 20


def field_for_header(header: str) -> str | None:
    return _HEADER_INDEX.get(fold(header))


@dataclass
class Column:
    index: int  # 0-based position in the row
    letter: str
    header: str  # the header text, "Telefon (2)" for a repeated one, the letter if blank


@dataclass
class Layout:
    """The header row and the columns of a sheet."""

    header_row: int  # 1-based row number
    columns: list[Column]

    def column_by_header(self, header: str) -> Column | None:
        for col in self.columns:
            if col.header == header:
                return col
        return None


@dataclass
class Mapping:
    """column index → field key (columns not in ``fields`` are not imported)."""

    fields: dict[int, str] = field(default_factory=dict)
    # Problems of the automatic mapping (repeated headers for one field), as
    # (field, [column headers]) — the CLI refuses them, the wizard asks.
    conflicts: list[tuple[str, list[str]]] = field(default_factory=list)

    def column_for(self, field_key: str) -> int | None:
        for idx, f in self.fields.items():
            if f == field_key:
                return idx
        return None


def _label_headers(cells: list[Any]) -> list[Column]:
    from referral_desk.core.importing.readers import column_letter

    seen: dict[str, int] = {}
    columns = []
    for i, cell in enumerate(cells):
        text = " ".join((to_text(cell) or "").split())[:100]
        letter = column_letter(i)
        if not text:
            text = letter
        n = seen.get(text, 0) + 1
        seen[text] = n
        columns.append(Column(i, letter, text if n == 1 else f"{text} ({n})"))
    return columns


def detect_layout(
    rows: list[tuple[int, list[Any]]], *, header_row: int | None = None, known_headers: set[str] | None = None
) -> Layout:
    """Find the header row among ``rows`` (the first rows of the sheet): the first row in
    which at least two cells are known header names (or headers of the mapping file);
    failing that, the first row with at least two text cells."""
    if header_row is not None:
        for number, cells in rows:
            if number == header_row:
                return Layout(number, _label_headers(cells))
        raise InvalidInput("import.header_row", field="header_row", row=header_row)
    known = {fold(h) for h in (known_headers or set())}
    fallback = None
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        texts = [to_text(c) for c in cells if not is_blank(c)]
        hits = sum(1 for t in texts if t and (fold(t) in _HEADER_INDEX or fold(t) in known))
        if hits >= 2:
            return Layout(number, _label_headers(cells))
        if fallback is None and len(texts) >= 2 and all(isinstance(c, str) for c in cells if not is_blank(c)):
            fallback = (number, cells)
    if fallback is not None:
        return Layout(fallback[0], _label_headers(fallback[1]))
    raise InvalidInput("import.no_header", field="file")


def auto_mapping(layout: Layout) -> Mapping:
    """Map columns by their header names. A field named by two columns (``Telefon`` twice)
    is a conflict: neither is mapped until a person or a mapping file decides."""
    candidates: dict[str, list[Column]] = {}
    for col in layout.columns:
        base = col.header.rsplit(" (", 1)[0] if col.header.endswith(")") else col.header
        f = field_for_header(col.header) or field_for_header(base)
        if f:
            candidates.setdefault(f, []).append(col)
    mapping = Mapping()
    for f, cols in candidates.items():
        if len(cols) == 1:
            mapping.fields[cols[0].index] = f
        else:
            mapping.conflicts.append((f, [c.header for c in cols]))
    return mapping


# --- mapping files ------------------------------------------------------------------------


@dataclass
class MappingFile:
    columns: dict[str, str | None]
    header_row: int | None = None

    def to_json(self) -> str:
        body: dict[str, Any] = {"format": MAPPING_FORMAT, "version": 1}
        if self.header_row is not None:
            body["header_row"] = self.header_row
        body["columns"] = self.columns
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> MappingFile:
        try:
            body = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput("input.json", field="mapping", line=exc.lineno, column=exc.colno) from None
        if not isinstance(body, dict) or body.get("format") != MAPPING_FORMAT or body.get("version") != 1:
            raise InvalidInput("import.mapping_format", field="mapping")
        columns = body.get("columns")
        if not isinstance(columns, dict) or not all(isinstance(k, str) for k in columns):
            raise InvalidInput("import.mapping_format", field="mapping.columns")
        for f in columns.values():
            if f is not None and f not in FIELDS:
                raise InvalidInput(
                    "import.mapping_field", field="mapping.columns", value=str(f)[:40], allowed=", ".join(FIELDS)
                )
        header_row = body.get("header_row")
        if header_row is not None and (
            not isinstance(header_row, int) or isinstance(header_row, bool) or not 1 <= header_row <= 1000
        ):
            raise InvalidInput("import.mapping_format", field="mapping.header_row")
        unknown = set(body) - {"format", "version", "columns", "header_row"}
        if unknown:
            raise InvalidInput("input.unknown_field", field="mapping." + sorted(unknown)[0])
        return cls(columns=dict(columns), header_row=header_row)

    @classmethod
    def load(cls, path: str | Path) -> MappingFile:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            raise InvalidInput("import.file_missing", field="mapping") from None
        return cls.from_json(text)

    def apply(self, layout: Layout) -> Mapping:
        """The mapping for ``layout``: columns named in the file by their header; every
        header of the file must exist in the sheet."""
        mapping = Mapping()
        for header, f in self.columns.items():
            col = layout.column_by_header(header)
            if col is None:
                raise InvalidInput("import.mapping_header", field="mapping.columns", header=header[:60])
            if f is not None:
                mapping.fields[col.index] = f
        return mapping

    @classmethod
    def from_mapping(cls, layout: Layout, mapping: Mapping) -> MappingFile:
        return cls(
            columns={c.header: mapping.fields.get(c.index) for c in layout.columns}, header_row=layout.header_row
        )


def check_mapping(mapping: Mapping) -> None:
    """Refuse a mapping the import cannot run with (names the field)."""
    used: dict[str, int] = {}
    for idx, f in mapping.fields.items():
        if f not in FIELDS:
            raise InvalidInput("import.mapping_field", field="mapping", value=f[:40], allowed=", ".join(FIELDS))
        if f in used:
            raise InvalidInput("import.mapping_twice", field=f)
        used[f] = idx
    for f in missing_required(set(used)):
        raise InvalidInput("import.missing_column", field=f)
    if FULL_NAME in used and ({"family_name", "given_names"} & set(used)):
        raise InvalidInput("import.mapping_twice", field="family_name")
