"""Texts of the list import, registered into ``core.messages`` when the import loads.

Kept here rather than in ``core/messages.py`` so the import is one self-contained part.
No text carries a cell value: rows, columns and field names only.
"""
from __future__ import annotations

from referral_desk.core.messages import FIELD_LABELS, MESSAGES

IMPORT_MESSAGES: dict[str, tuple[str, str]] = {
    "import.empty": ("Die Datei ist leer.", "The file is empty."),
    "import.file_missing": ("{field_label}: Datei nicht gefunden oder nicht lesbar.",
                            "{field_label}: file not found or not readable."),
    "import.no_rows": ("Die Liste enthält unter der Kopfzeile keine Datenzeilen.",
                       "The list has no data rows below the header row."),
    "import.too_large": ("Die Datei ist zu groß (höchstens {max_mb} MB). Bitte die Liste teilen.",
                         "The file is too large (at most {max_mb} MB). Please split the list."),
    "import.not_text": ("Die Datei ist keine Textdatei (CSV) – vielleicht eine umbenannte andere Datei.",
                        "The file is not a text (CSV) file – perhaps another file renamed."),
    "import.mixed_encoding": ("Zeile {row}: Die Datei mischt Zeichenkodierungen (UTF-8 und Windows-1252). "
                              "Bitte einheitlich als UTF-8 speichern.",
                              "Row {row}: the file mixes character encodings (UTF-8 and Windows-1252). "
                              "Please save it as UTF-8 throughout."),
    "import.csv_broken": ("Zeile {row}: Die CSV-Datei ist an dieser Stelle fehlerhaft (Anführungszeichen oder "
                          "überlange Zelle).",
                          "Row {row}: the CSV file is broken here (quotes or an over-long cell)."),
    "import.format": ("Dateiformat {suffix} wird nicht unterstützt (CSV, XLSX, ODS).",
                      "File format {suffix} is not supported (CSV, XLSX, ODS)."),
    "import.password": ("Die Arbeitsmappe ist mit einem Passwort geschützt. Bitte in Excel/LibreOffice ohne "
                        "Passwort speichern und erneut importieren.",
                        "The workbook is password-protected. Please save it without a password in "
                        "Excel/LibreOffice and import again."),
    "import.unreadable": ("Die Arbeitsmappe kann nicht gelesen werden (beschädigt oder kein Tabellenformat).",
                          "The workbook cannot be read (damaged or not a spreadsheet)."),
    "import.sheet_unknown": ("Tabellenblatt nicht gefunden. Vorhanden: {sheets}.",
                             "Sheet not found. Available: {sheets}."),
    "import.header_row": ("Kopfzeile {row} gibt es nicht.", "Header row {row} does not exist."),
    "import.no_header": ("Keine Kopfzeile gefunden (Spaltenüberschriften wie Nachname, Vorname, Geburtsdatum).",
                         "No header row found (column headers such as family name, given names, birth date)."),
    "import.header_twice": ("{field_label}: mehrere Spalten passen ({headers}). Bitte mit einer Zuordnungsdatei "
                            "(--mapping) festlegen, welche gilt.",
                            "{field_label}: several columns match ({headers}). Choose one in a mapping file "
                            "(--mapping)."),
    "import.missing_column": ("{field_label}: keine Spalte zugeordnet (Pflichtfeld).",
                              "{field_label}: no column mapped (required)."),
    "import.mapping_twice": ("{field_label}: mehr als einer Spalte zugeordnet.",
                             "{field_label}: mapped to more than one column."),
    "import.mapping_format": ("{field_label}: keine gültige Zuordnungsdatei.", "{field_label}: not a valid mapping file."),
    "import.mapping_field": ("{field_label}: unbekanntes Zielfeld „{value}“. Erlaubt: {allowed}.",
                             "{field_label}: unknown target field '{value}'. Allowed: {allowed}."),
    "import.mapping_header": ("Zuordnungsdatei: Spalte „{header}“ gibt es in dieser Liste nicht.",
                              "Mapping file: this list has no column '{header}'."),
    "import.file_changed": ("Die Datei wurde seit der Prüfung geändert. Bitte erneut prüfen.",
                            "The file changed since it was checked. Please check it again."),
    "import.cancelled": ("Import abgebrochen – nichts gespeichert.", "Import cancelled – nothing saved."),
    "import.cell_too_long": ("{field_label}: Zelle zu lang (höchstens {max} Zeichen).",
                             "{field_label}: cell too long (at most {max} characters)."),
    # cell conversions (never the value)
    "import.date": ("{field_label}: kein Datum (TT.MM.JJJJ, T.M.JJ, JJJJ-MM-TT oder Datumszelle).",
                    "{field_label}: not a date (DD.MM.YYYY, D.M.YY, YYYY-MM-DD or a date cell)."),
    "import.date_impossible": ("{field_label}: diesen Tag gibt es nicht (z. B. 31.02.).",
                               "{field_label}: this day does not exist (e.g. 31 February)."),
    "import.gender": ("{field_label}: nicht erkannt (w/m/d, weiblich, männlich, divers, Frau, Herr).",
                      "{field_label}: not recognised (f/m/d, female, male, diverse)."),
    "import.country": ("{field_label}: Land nicht erkannt (Ländername, Adjektiv wie „türkisch“ oder ISO-Code).",
                       "{field_label}: country not recognised (country name, adjective such as 'Turkish' or "
                       "ISO code)."),
    "import.too_many_countries": ("{field_label}: höchstens 5 Staatsangehörigkeiten.",
                                  "{field_label}: at most 5 nationalities."),
    "import.language": ("{field_label}: Sprache nicht erkannt (Name wie „Arabisch“ oder ISO-639-1-Code).",
                        "{field_label}: language not recognised (name such as 'Arabic' or ISO 639-1 code)."),
    "import.residence_status": ("{field_label}: Aufenthaltsstatus nicht erkannt oder mehrdeutig (siehe "
                                "docs/client-format.md).",
                                "{field_label}: residence status not recognised or ambiguous (see "
                                "docs/client-format.md)."),
    "import.full_name": ("{field_label}: Name bitte als „Nachname, Vorname“ (mit Komma) oder in zwei Spalten.",
                         "{field_label}: please give the name as 'Family name, Given names' (with a comma) or in "
                         "two columns."),
    "import.choice": ("{field_label}: Wert nicht erkannt.", "{field_label}: value not recognised."),
    "import.boolean": ("{field_label}: ja/nein erwartet.", "{field_label}: yes/no expected."),
    "import.residence_basis": ("{field_label}: Rechtsgrundlage nicht erkannt (z. B. „§ 25 Abs. 2 Alt. 2 AufenthG“, "
                               "siehe docs/client-format.md).",
                               "{field_label}: legal basis not recognised (e.g. '§ 25 Abs. 2 Alt. 2 AufenthG', see "
                               "docs/client-format.md)."),
}

MESSAGES.update(IMPORT_MESSAGES)
FIELD_LABELS.setdefault("full_name", ("Name, Vorname", "Family name, given names"))
FIELD_LABELS.setdefault("last_contact", ("Letzter Kontakt", "Last contact"))
FIELD_LABELS.setdefault("street", ("Straße", "Street"))
FIELD_LABELS.setdefault("postal_code", ("PLZ", "Postal code"))
FIELD_LABELS.setdefault("city", ("Ort", "City"))
FIELD_LABELS.setdefault("on_duplicate", ("Bei Dubletten", "On duplicate"))
FIELD_LABELS.setdefault("on_invalid", ("Bei ungültigen Zeilen", "On invalid rows"))
FIELD_LABELS.setdefault("mapping", ("Zuordnungsdatei", "Mapping file"))
FIELD_LABELS.setdefault("sheet", ("Tabellenblatt", "Sheet"))
FIELD_LABELS.setdefault("file", ("Datei", "File"))
