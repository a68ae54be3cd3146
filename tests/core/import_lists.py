"""Synthetic client lists as counselling services keep them (German Excel, CSV, ODS).

Invented names only. Every row has a different birth date, so no two rows are the same
person unless a test makes them so.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

FAMILY = [
    "Yılmaz",
    "Al-Hassan",
    "Popescu",
    "Nowak",
    "Schewtschenko",
    "Haidari",
    "Tesfay",
    "Osei",
    "Kaya",
    "Demir",
    "Ahmadi",
    "Mohammadi",
    "Ivanova",
    "Kowalski",
    "Nguyen",
    "Abdi",
    "Hussein",
    "Petrović",
    "Krasniqi",
    "Okafor",
]
GIVEN = [
    "Ayşe",
    "Mohammed",
    "Ion",
    "Anna",
    "Olena",
    "Farid",
    "Selam",
    "Kwame",
    "Emre",
    "Leyla",
    "Zahra",
    "Dmytro",
    "Maria",
    "Piotr",
    "Linh",
    "Hodan",
    "Samir",
    "Milica",
    "Arben",
    "Chiamaka",
]
NATIONALITY = [
    "türkisch",
    "syrisch",
    "rumänisch",
    "polnisch",
    "ukrainisch",
    "afghanisch",
    "eritreisch",
    "ghanaisch",
    "Türkei",
    "Syrien",
    "irakisch",
    "iranisch",
    "russisch",
    "Polen",
    "vietnamesisch",
    "somalisch",
    "deutsch/türkisch",
    "serbisch",
    "kosovarisch",
    "nigerianisch",
]
LANGUAGE = ["Türkisch", "Arabisch", "Rumänisch", "Polnisch", "Ukrainisch", "Persisch", "Tigrinya", "Englisch"]
STATUS = [
    "Niederlassungserlaubnis",
    "Duldung",
    "Aufenthaltsgestattung",
    "Freizügigkeitsberechtigt (EU/EWR, FreizügG/EU)",
    "Aufenthaltserlaubnis (vorübergehender Schutz, § 24 AufenthG)",
    "Fiktionsbescheinigung",
    "Blaue Karte EU",
    "",
]
GENDER = ["w", "m", "d", "weiblich", "männlich", "Frau", "Herr"]

GERMAN_HEADERS = [
    "Nachname",
    "Vorname",
    "Geb.-Datum",
    "Geschlecht",
    "Staatsangehörigkeit",
    "Sprache",
    "Telefon",
    "Straße",
    "PLZ",
    "Ort",
    "Aufenthaltsstatus",
    "Letzter Kontakt",
    "Bemerkung",
]


def german_rows(n: int, *, seed: int = 7) -> list[list[Any]]:
    """``n`` data rows under ``GERMAN_HEADERS`` with ``dd.mm.yyyy`` dates as text."""
    rnd = random.Random(seed)
    base = dt.date(1940, 1, 1)
    rows = []
    for i in range(n):
        born = base + dt.timedelta(days=i * 2 + rnd.randrange(2))
        contact = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randrange(300)) if i % 3 == 0 else None
        rows.append(
            [
                FAMILY[i % len(FAMILY)],
                GIVEN[(i * 7) % len(GIVEN)],
                born.strftime("%d.%m.%Y"),
                GENDER[i % len(GENDER)],
                NATIONALITY[i % len(NATIONALITY)],
                LANGUAGE[i % len(LANGUAGE)],
                f"0621 {rnd.randrange(100000, 999999)}",
                f"Bismarckstraße {i % 90 + 1}",
                "67059",
                "Ludwigshafen am Rhein",
                STATUS[i % len(STATUS)],
                contact.strftime("%d.%m.%Y") if contact else "",
                "" if i % 5 else "Termin beim Jobcenter vorbereitet",
            ]
        )
    return rows


def write_xlsx(
    path: Path,
    rows: list[list[Any]],
    *,
    headers: list[str] = GERMAN_HEADERS,
    title: bool = True,
    sheet: str = "Klienten",
    extra_sheets: tuple[str, ...] = (),
) -> Path:
    """An Excel list as people make them: a merged title row, a blank row, then headers."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": False})
    for name in extra_sheets:
        wb.add_worksheet(name).write_row(0, 0, ["Notizen"])
    ws = wb.add_worksheet(sheet)
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    r = 0
    if title:
        ws.merge_range(0, 0, 0, len(headers) - 1, "Klientenliste MBE Ludwigshafen – Stand 2025", bold)
        r = 2
    ws.write_row(r, 0, headers, bold)
    for i, row in enumerate(rows, start=r + 1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(i, c, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, str) and value.startswith("="):
                ws.write_formula(i, c, value, None, "klick")
            else:
                ws.write(i, c, value)
    wb.close()
    return path


def write_csv(
    path: Path,
    rows: list[list[Any]],
    *,
    headers: list[str] = GERMAN_HEADERS,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    import csv

    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(headers)
        w.writerows(rows)
    return path


def write_ods(
    path: Path, rows: list[list[Any]], *, headers: list[str] = GERMAN_HEADERS, sheet: str = "Tabelle1"
) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in [headers, *rows]:
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path
