"""Texts of the list import, registered into ``core.messages`` when the import loads.

Kept here rather than in ``core/messages.py`` so the import is one self-contained part.
No text carries a cell value: rows, columns and field names only.
"""

from __future__ import annotations

from referral_desk.core.messages import FIELD_LABELS, MESSAGES
from referral_desk.core.texts import N_, Text

IMPORT_MESSAGES: dict[str, Text] = {
    "import.empty": N_("import.empty", "Die Datei ist leer."),
    "import.file_missing": N_("import.file_missing", "{field_label}: Datei nicht gefunden oder nicht lesbar."),
    "import.no_rows": N_("import.no_rows", "Die Liste enthält unter der Kopfzeile keine Datenzeilen."),
    "import.too_large": N_(
        "import.too_large", "Die Datei ist zu groß (höchstens {max_mb} MB). Bitte die Liste teilen."
    ),
    "import.not_text": N_(
        "import.not_text", "Die Datei ist keine Textdatei (CSV) – vielleicht eine umbenannte andere Datei."
    ),
    "import.mixed_encoding": N_(
        "import.mixed_encoding",
        "Zeile {row}: Die Datei mischt Zeichenkodierungen (UTF-8 und Windows-1252). "
        "Bitte einheitlich als UTF-8 speichern.",
    ),
    "import.csv_broken": N_(
        "import.csv_broken",
        "Zeile {row}: Die CSV-Datei ist an dieser Stelle fehlerhaft (Anführungszeichen oder überlange Zelle).",
    ),
    "import.format": N_("import.format", "Dateiformat {suffix} wird nicht unterstützt (CSV, XLSX, ODS)."),
    "import.password": N_(
        "import.password",
        "Die Arbeitsmappe ist mit einem Passwort geschützt. Bitte in Excel/LibreOffice ohne "
        "Passwort speichern und erneut importieren.",
    ),
    "import.unreadable": N_(
        "import.unreadable", "Die Arbeitsmappe kann nicht gelesen werden (beschädigt oder kein Tabellenformat)."
    ),
    "import.sheet_unknown": N_("import.sheet_unknown", "Tabellenblatt nicht gefunden. Vorhanden: {sheets}."),
    "import.header_row": N_("import.header_row", "Kopfzeile {row} gibt es nicht."),
    "import.no_header": N_(
        "import.no_header", "Keine Kopfzeile gefunden (Spaltenüberschriften wie Nachname, Vorname, Geburtsdatum)."
    ),
    "import.header_twice": N_(
        "import.header_twice",
        "{field_label}: mehrere Spalten passen ({headers}). Bitte mit einer Zuordnungsdatei "
        "(--mapping) festlegen, welche gilt.",
    ),
    "import.missing_column": N_("import.missing_column", "{field_label}: keine Spalte zugeordnet (Pflichtfeld)."),
    "import.mapping_twice": N_("import.mapping_twice", "{field_label}: mehr als einer Spalte zugeordnet."),
    "import.mapping_format": N_("import.mapping_format", "{field_label}: keine gültige Zuordnungsdatei."),
    "import.mapping_field": N_(
        "import.mapping_field", "{field_label}: unbekanntes Zielfeld „{value}“. Erlaubt: {allowed}."
    ),
    "import.mapping_header": N_(
        "import.mapping_header", "Zuordnungsdatei: Spalte „{header}“ gibt es in dieser Liste nicht."
    ),
    "import.file_changed": N_("import.file_changed", "Die Datei wurde seit der Prüfung geändert. Bitte erneut prüfen."),
    "import.cancelled": N_("import.cancelled", "Import abgebrochen – nichts gespeichert."),
    "import.cell_too_long": N_("import.cell_too_long", "{field_label}: Zelle zu lang (höchstens {max} Zeichen)."),
    # cell conversions (never the value)
    "import.date": N_("import.date", "{field_label}: kein Datum (TT.MM.JJJJ, T.M.JJ, JJJJ-MM-TT oder Datumszelle)."),
    "import.date_impossible": N_("import.date_impossible", "{field_label}: diesen Tag gibt es nicht (z. B. 31.02.)."),
    "import.gender": N_(
        "import.gender", "{field_label}: nicht erkannt (w/m/d, weiblich, männlich, divers, Frau, Herr)."
    ),
    "import.country": N_(
        "import.country", "{field_label}: Land nicht erkannt (Ländername, Adjektiv wie „türkisch“ oder ISO-Code)."
    ),
    "import.too_many_countries": N_("import.too_many_countries", "{field_label}: höchstens 5 Staatsangehörigkeiten."),
    "import.language": N_(
        "import.language", "{field_label}: Sprache nicht erkannt (Name wie „Arabisch“ oder ISO-639-1-Code)."
    ),
    "import.residence_status": N_(
        "import.residence_status",
        "{field_label}: Aufenthaltsstatus nicht erkannt oder mehrdeutig (siehe docs/client-format.md).",
    ),
    "import.full_name": N_(
        "import.full_name", "{field_label}: Name bitte als „Nachname, Vorname“ (mit Komma) oder in zwei Spalten."
    ),
    "import.choice": N_("import.choice", "{field_label}: Wert nicht erkannt."),
    "import.boolean": N_("import.boolean", "{field_label}: ja/nein erwartet."),
    "import.residence_basis": N_(
        "import.residence_basis",
        "{field_label}: Rechtsgrundlage nicht erkannt (z. B. „§ 25 Abs. 2 Alt. 2 AufenthG“, "
        "siehe docs/client-format.md).",
    ),
}

MESSAGES.update(IMPORT_MESSAGES)
FIELD_LABELS.setdefault("full_name", N_("field.full_name", "Name, Vorname"))
FIELD_LABELS.setdefault("last_contact", N_("field.last_contact", "Letzter Kontakt"))
FIELD_LABELS.setdefault("street", N_("field.street", "Straße"))
FIELD_LABELS.setdefault("postal_code", N_("field.postal_code", "PLZ"))
FIELD_LABELS.setdefault("city", N_("field.city", "Ort"))
FIELD_LABELS.setdefault("on_duplicate", N_("field.on_duplicate", "Bei Dubletten"))
FIELD_LABELS.setdefault("on_invalid", N_("field.on_invalid", "Bei ungültigen Zeilen"))
FIELD_LABELS.setdefault("mapping", N_("field.mapping", "Zuordnungsdatei"))
FIELD_LABELS.setdefault("sheet", N_("field.sheet", "Tabellenblatt"))
FIELD_LABELS.setdefault("file", N_("field.file", "Datei"))
