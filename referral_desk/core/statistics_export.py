"""Writing a statistics :class:`~referral_desk.core.services.statistics.Report` as CSV, XLSX,
PDF or JSON (DESIGN.md §7). No Qt, no database: a report holds published values only.

Every renderer first runs :func:`~referral_desk.core.services.statistics.check_report`, the
final disclosure check, and refuses (raises ``DisclosureError``) to produce anything from a
table that fails it. The service writes the bytes with ``atomic_write_bytes``.

- **CSV** (German Excel): ONE file, ``;`` separated, UTF-8 with BOM, decimal comma. A header
  block (organisation, period, report profile, minimum cell size, method note), then one block
  per table separated by an empty line: a numbered German title line ``Tabelle 3: <title>``, a
  header row, the rows, the total last. No internal keys (issue 14): only the JSON export
  carries the keys of DESIGN.md §7. One file opens with a double click, keeps the tables in the order of the report and
  cannot lose a table on the way (a zip of files would). Text that a spreadsheet would read
  as a formula (starting with = + - @) is prefixed with an apostrophe.
- **XLSX**: a sheet "Info" (with the method note and a numbered list of tables) and one sheet
  per table, header row first, German titles and labels only. Strings are written
  as strings (XlsxWriter with ``strings_to_formulas`` off and ``write_string``), so no cell
  is ever a formula, whatever a label contains.
- **JSON**: exactly the shape of DESIGN.md §7; schema: ``docs/statistics.schema.json``
  (:func:`json_schema`). Keys only, no labels.
- **PDF**: A4 report with title, period, organisation, every table, simple bar charts and a
  note on suppression; Noto Sans from ``resources/fonts`` embedded.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from referral_desk.core import catalogues
from referral_desk.core.disclosure import SUPPRESSED, TOTAL
from referral_desk.core.errors import InvalidInput
from referral_desk.core.fileio import atomic_write_bytes
from referral_desk.core.models import GeneratedDocument
from referral_desk.core.services import statistics
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.services.statistics import (
    FORMATS,
    TABLES,
    Report,
    StatTable,
    check_report,
    method_label,
    method_note,
    profile_label,
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: str) -> str:
    """Text for a spreadsheet cell: control characters removed, formula starts defused."""
    clean = "".join(ch for ch in str(value) if ch >= " " or ch == "\t")
    if clean.startswith(_FORMULA_START):
        return "'" + clean
    return clean


def _number_de(value: Any) -> str:
    if value == SUPPRESSED:
        return SUPPRESSED
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(int(value))


def _texts(report: Report) -> dict[str, str]:
    de = report.lang == "de"
    try:
        service = catalogues.enum_label("service", report.service, report.lang)
    except KeyError:
        service = report.service
    scope = (
        ("Eigene Fälle der angemeldeten Beratungsperson" if de else "Own caseload of the signed-in counsellor")
        if report.scope == "own_caseload"
        else ("Ganze Organisation" if de else "Whole organisation")
    )
    return {
        "heading": "Anonymisierte Statistik" if de else "Anonymised statistics",
        "organisation": "Organisation",
        "service": "Dienst" if de else "Service",
        "service_value": service,
        "period": "Zeitraum" if de else "Period",
        "period_value": f"{report.period.label(report.lang)} ({report.period.dates(report.lang)})",
        "profile": "Bericht" if de else "Report",
        "profile_value": profile_label(report.profile, report.lang),
        "scope": "Umfang" if de else "Scope",
        "scope_value": scope,
        "min_cell": "Mindestfallzahl" if de else "Minimum cell size",
        "note": "Hinweis" if de else "Note",
        "note_value": method_note(report.method, report.min_cell, report.lang),
        "method_name": "Verfahren" if de else "Method",
        "method_value": method_label(report.method, report.lang),
        "table": "Tabelle" if de else "Table",
        "tables": "Tabellen" if de else "Tables",
        "page": "Seite" if de else "Page",
        "method": "Geheimhaltung" if de else "Confidentiality",
    }


def header_row(table: StatTable) -> list[str]:
    if len(table.dimensions) == 2:
        return [f"{table.dimension_titles[0]} / {table.dimension_titles[1]}"] + [
            table.col_labels[c] for c in table.cols
        ]
    if not table.dimensions:
        return [table.measure_title]
    return [table.dimension_titles[0], table.measure_title]


def body_rows(table: StatTable) -> list[tuple[str, list[Any]]]:
    """(label, values) per row, in report order (total last)."""
    if not table.dimensions:
        return [("", [table.values[()]])]
    if len(table.dimensions) == 1:
        return [(table.row_labels[r], [table.values[(r,)]]) for r in table.rows]
    return [(table.row_labels[r], [table.values[(r, c)] for c in table.cols]) for r in table.rows]


# --- CSV ----------------------------------------------------------------------------------------


def to_csv(report: Report) -> bytes:
    check_report(report)
    t = _texts(report)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow([_safe_text(t["heading"])])
    w.writerow([t["organisation"], _safe_text(report.organisation)])
    w.writerow([t["service"], _safe_text(t["service_value"])])
    w.writerow([t["period"], _safe_text(t["period_value"])])
    w.writerow([t["profile"], t["profile_value"]])
    w.writerow([t["scope"], t["scope_value"]])
    w.writerow([t["min_cell"], str(report.min_cell)])
    w.writerow([t["method_name"], t["method_value"]])
    w.writerow([t["note"], t["note_value"]])
    for number, table in enumerate(report.tables, start=1):
        w.writerow([])
        w.writerow([_safe_text(f"{t['table']} {number}: {table.title}")])
        w.writerow([_safe_text(h) for h in header_row(table)])
        for label, values in body_rows(table):
            if table.dimensions:
                w.writerow([_safe_text(label)] + [_number_de(v) for v in values])
            else:
                w.writerow([_number_de(v) for v in values])
        if table.note:
            w.writerow([t["note"], _safe_text(table.note)])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


# --- XLSX -----------------------------------------------------------------------------------------


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\'")[:31].strip() or "Tabelle"
    base, n = name, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.casefold())
    return name


def to_xlsx(report: Report) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]  # ships no type information

    check_report(report)
    t = _texts(report)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    wb.set_properties({"title": t["heading"], "author": "", "company": "", "comments": ""})
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    number = wb.add_format({"num_format": "0"})
    decimal = wb.add_format({"num_format": "0.0"})
    right = wb.add_format({"align": "right"})
    used: set[str] = set()

    def put(ws: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        if isinstance(value, bool):
            raise TypeError("no booleans in statistics")
        if isinstance(value, int):
            ws.write_number(row, col, value, fmt or number)
        elif isinstance(value, float):
            ws.write_number(row, col, value, fmt or decimal)
        elif value == SUPPRESSED:
            ws.write_string(row, col, SUPPRESSED, right)
        else:
            ws.write_string(row, col, str(value), fmt) if fmt else ws.write_string(row, col, str(value))

    info = wb.add_worksheet(_sheet_name("Info", used))
    info.set_column(0, 0, 22)
    info.set_column(1, 1, 90, wrap)
    lines = [
        (t["heading"], ""),
        (t["organisation"], report.organisation),
        (t["service"], t["service_value"]),
        (t["period"], t["period_value"]),
        (t["profile"], t["profile_value"]),
        (t["scope"], t["scope_value"]),
        (t["min_cell"], report.min_cell),
        (t["method_name"], t["method_value"]),
        (t["note"], t["note_value"]),
    ]
    for i, (k, v) in enumerate(lines):
        info.write_string(i, 0, k, bold)
        put(info, i, 1, v)
    info.write_string(len(lines) + 1, 0, t["tables"], bold)
    for i, table in enumerate(report.tables):
        info.write_string(len(lines) + 2 + i, 0, f"{t['table']} {i + 1}")
        info.write_string(len(lines) + 2 + i, 1, table.title)

    for table in report.tables:
        ws = wb.add_worksheet(_sheet_name(table.short_title, used))
        header = header_row(table)
        for c, h in enumerate(header):
            ws.write_string(0, c, h, bold)
        row = 1
        for label, values in body_rows(table):
            col = 0
            if table.dimensions:
                ws.write_string(row, 0, label, bold if label == table.row_labels.get(TOTAL) else None)
                col = 1
            for j, v in enumerate(values):
                put(ws, row, col + j, v)
            row += 1
        row += 1
        ws.write_string(row, 0, table.title, bold)
        if table.note:
            ws.write_string(row + 1, 0, table.note)
        ws.write_string(row + 2, 0, t["note_value"])
        first = max([len(header[0])] + [len(label) for label, _v in body_rows(table)])
        ws.set_column(0, 0, min(60, max(14, first + 2)))
        if len(header) > 1:
            ws.set_column(1, len(header) - 1, max(12, min(18, max(len(h) for h in header[1:]) + 2)))
        ws.freeze_panes(1, 1 if table.dimensions else 0)
    wb.close()
    return buf.getvalue()


# --- JSON -----------------------------------------------------------------------------------------


def report_document(report: Report) -> dict[str, Any]:
    """The §7 document: period, min_cell, tables with every cell (``_total`` for margins)."""
    tables = []
    for table in report.tables:
        cells = []
        for key in table.cell_keys():
            cell: dict[str, Any] = dict(zip(table.dimensions, key))
            cell["value"] = table.values[key]
            cells.append(cell)
        tables.append({"id": table.id, "measure": table.measure, "dimensions": list(table.dimensions), "cells": cells})
    # "method" is an addition to the §7 shape (issue 14): the existing keys are unchanged.
    return {
        "period": {"from": report.period.start.isoformat(), "to": report.period.end.isoformat()},
        "min_cell": report.min_cell,
        "method": {
            "name": report.method,
            "min_cell": report.min_cell,
            "lang": report.lang,
            "note": method_note(report.method, report.min_cell, report.lang),
        },
        "tables": tables,
    }


def to_json(report: Report) -> bytes:
    check_report(report)
    return (json.dumps(report_document(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :func:`to_json` (published as docs/statistics.schema.json)."""
    key = {"type": "string", "pattern": "^[A-Za-z0-9_+\\-]{1,40}$"}
    count = {"anyOf": [{"type": "integer", "minimum": 0}, {"const": SUPPRESSED}]}
    mean = {"anyOf": [{"type": "number", "minimum": 0}, {"const": SUPPRESSED}]}
    per_table = []
    for tid, info in TABLES.items():
        measure, dims = info.measure, list(info.dimensions)
        per_table.append(
            {
                "if": {"properties": {"id": {"const": tid}}, "required": ["id"]},
                "then": {
                    "properties": {
                        "measure": {"const": measure},
                        "dimensions": {"const": dims},
                        "cells": {
                            "items": {
                                "type": "object",
                                "required": dims + ["value"],
                                "propertyNames": {"enum": dims + ["value"]},
                                "properties": {
                                    **{d: {"$ref": "#/$defs/key"} for d in dims},
                                    "value": {
                                        "$ref": "#/$defs/mean"
                                        if measure == "mean_contacts_per_person"
                                        else "#/$defs/count"
                                    },
                                },
                            }
                        },
                    }
                },
            }
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Referral Desk: anonymised statistics (stats export --format json)",
        "description": "Counts only, after disclosure control. '.' marks a suppressed cell; '_total' in a "
        "dimension marks a margin (both dimensions: the grand total); '_other' a merged category. "
        "See docs/statistics.md.",
        "type": "object",
        "additionalProperties": False,
        "required": ["period", "min_cell", "tables"],
        "properties": {
            "period": {
                "type": "object",
                "additionalProperties": False,
                "required": ["from", "to"],
                "properties": {
                    "from": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-01$"},
                    "to": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-(28|29|30|31)$"},
                },
            },
            "min_cell": {"enum": [3, 5, 10]},
            "method": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "min_cell", "note"],
                "description": "How the counts were protected: 'suppression' (cells shown as '.') or 'cell_key' "
                "(every count carries fixed random noise; no '.'), with a short note in the "
                "export language.",
                "properties": {
                    "name": {"enum": ["suppression", "cell_key"]},
                    "min_cell": {"enum": [3, 5, 10]},
                    "lang": {"enum": ["de", "en"]},
                    "note": {"type": "string", "minLength": 1},
                },
            },
            "tables": {"type": "array", "items": {"$ref": "#/$defs/table"}},
        },
        "$defs": {
            "key": key,
            "count": count,
            "mean": mean,
            "table": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "measure", "dimensions", "cells"],
                "properties": {
                    "id": {"enum": list(TABLES)},
                    "measure": {"enum": sorted({info.measure for info in TABLES.values()})},
                    "dimensions": {
                        "type": "array",
                        "maxItems": 2,
                        "uniqueItems": True,
                        "items": {"type": "string", "pattern": "^[a-z_]+$"},
                    },
                    "cells": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["value"],
                            "properties": {"value": {"anyOf": [{"$ref": "#/$defs/count"}, {"$ref": "#/$defs/mean"}]}},
                            "additionalProperties": {"$ref": "#/$defs/key"},
                        },
                    },
                },
                "allOf": per_table,
            },
        },
    }


# --- PDF ------------------------------------------------------------------------------------------

FONT = "RD-Statistics-Sans"
FONT_BOLD = "RD-Statistics-Sans-Bold"


def _register_fonts() -> None:
    """Noto Sans from resources/fonts (shipped with its licence), embedded in the PDF."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from referral_desk.core.paths import resource

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular = resource("fonts", "NotoSans-Regular.ttf")
    bold = resource("fonts", "NotoSans-Bold.ttf")
    if not regular.is_file():
        raise FileNotFoundError(f"font missing: {regular}")
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold if bold.is_file() else regular)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)


def _bar_chart(table: StatTable, width: float) -> Any:
    """Horizontal bars for a 1-D table (total left out); a suppressed cell gets no bar, only "."."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    items = table.categories()
    bar_h, gap, size = 9.0, 4.0, 7.5
    label_w = min(width * 0.42, max(stringWidth(label, FONT, size) for _k, label, _v in items) + 6)
    value_w = 34.0
    plot_w = width - label_w - value_w
    numbers = [v for _k, _l, v in items if v != SUPPRESSED]
    top = max([float(v) for v in numbers] + [1.0])
    height = len(items) * (bar_h + gap) + gap
    d = Drawing(width, height)
    y = height - gap - bar_h
    for _key, label, value in items:
        text = label
        while stringWidth(text, FONT, size) > label_w - 6 and len(text) > 4:
            text = text.rstrip("…")[:-1] + "…"
        d.add(String(label_w - 4, y + 2, text, fontName=FONT, fontSize=size, textAnchor="end"))
        if value == SUPPRESSED:
            d.add(String(label_w + 3, y + 2, SUPPRESSED, fontName=FONT, fontSize=size))
        else:
            w = plot_w * float(value) / top
            if w > 0:
                # types-reportlab annotates **kw with the TypedDict itself instead of Unpack[...]
                d.add(Rect(label_w, y, w, bar_h, fillColor=colors.HexColor("#2f6690"), strokeColor=None))  # type: ignore[arg-type]
            shown = f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)
            d.add(String(label_w + w + 3, y + 2, shown, fontName=FONT, fontSize=size))
        y -= bar_h + gap
    d.add(Line(label_w, 0, label_w, height, strokeColor=colors.HexColor("#888888"), strokeWidth=0.5))
    d.hAlign = "LEFT"
    return d


def _vertical_label(text_: str, size: float = 7.5) -> Any:
    """A column header turned by 90° (long German status names in narrow columns)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    class VerticalLabel(Flowable):
        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width, self.height = size + 2, stringWidth(text_, FONT_BOLD, size) + 2
            return self.width, self.height

        def draw(self) -> None:
            canvas = self.canv
            canvas.saveState()
            canvas.setFont(FONT_BOLD, size)
            canvas.translate(size, 1)
            canvas.rotate(90)
            canvas.drawString(0, 0, text_)
            canvas.restoreState()

    label = VerticalLabel()
    label.hAlign = "RIGHT"
    return label


def to_pdf(report: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    check_report(report)
    _register_fonts()
    t = _texts(report)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444"))
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    cell_bold = ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD)
    num = ParagraphStyle("num", parent=cell, alignment=TA_RIGHT)
    num_bold = ParagraphStyle("num_bold", parent=num, fontName=FONT_BOLD)
    h1 = ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=t["heading"],
        author="",
        subject=report.period.dates("de"),
        creator="Referral Desk",
        invariant=1,
    )
    width = doc.width - 12  # the frame's own padding, 6 pt each side
    story: list[Any] = [p(t["heading"], h1)]
    meta = [
        (t["organisation"], report.organisation),
        (t["service"], t["service_value"]),
        (t["period"], t["period_value"]),
        (t["profile"], t["profile_value"]),
        (t["scope"], t["scope_value"]),
        (t["min_cell"], str(report.min_cell)),
        (t["method_name"], t["method_value"]),
    ]
    mt = Table([[p(k, cell_bold), p(v, cell)] for k, v in meta], colWidths=[38 * mm, width - 38 * mm], hAlign="LEFT")
    mt.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story += [mt, Spacer(1, 4), p(t["note_value"], small)]

    for table in report.tables:
        header = header_row(table)
        rows = body_rows(table)
        data: list[list[Any]] = []
        if len(table.dimensions) == 2:
            data.append([p(header[0], cell_bold)] + [_vertical_label(h) for h in header[1:]])
        elif table.dimensions:
            data.append([p(header[0], cell_bold), p(header[1], num_bold)])
        for label, values in rows:
            is_total = label == table.row_labels.get(TOTAL)
            cells = [p(_number_de(v), num_bold if is_total else num) for v in values]
            data.append(([p(label, cell_bold if is_total else cell)] if table.dimensions else []) + cells)
        if not table.dimensions:
            data = [[p(table.measure_title, cell_bold), p(_number_de(table.values[()]), num)]]
        if len(table.dimensions) == 2:
            rest = min(16 * mm, (width * 0.6) / (len(header) - 1))
            widths = [width - rest * (len(header) - 1)] + [rest] * (len(header) - 1)
        else:
            widths = [width * 0.62, width * 0.18]
        tbl = Table(data, colWidths=widths, repeatRows=1 if table.dimensions else 0, hAlign="LEFT")
        style: list[tuple[Any, ...]] = [
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("ALIGN", (1, 0), (-1, 0), "RIGHT"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f5f8")]),
        ]
        if table.margins and table.dimensions:
            style.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black))
        if len(table.dimensions) == 2:
            style.append(("LINEBEFORE", (-1, 0), (-1, -1), 0.6, colors.black))
        tbl.setStyle(TableStyle(style))
        block: list[Any] = [p(table.title, h2), tbl]
        if table.note:
            block += [Spacer(1, 2), p(table.note, small)]
        if len(table.dimensions) == 1 and table.id != "overview":
            block += [Spacer(1, 4), _bar_chart(table, width * 0.8)]
        story.append(CondPageBreak(60 * mm))
        story.append(KeepTogether(block))

    method_title = (
        ("Wie Zellen unterdrückt werden" if report.lang == "de" else "How cells are suppressed")
        if report.method != "cell_key"
        else ("Wie die Zahlen geschützt sind" if report.lang == "de" else "How the numbers are protected")
    )
    story += [CondPageBreak(50 * mm), p(t["method"] + ": " + method_title, h2)]
    story += [p(par, ParagraphStyle("method", parent=body, spaceAfter=5)) for par in _method_text(report)]

    footer = f"Referral Desk – {t['heading']} – {report.period.dates(report.lang)}"

    def on_page(canvas: Any, doc_: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{t['page']} {doc_.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def _cell_key_text(report: Report) -> list[str]:
    k = report.min_cell
    if report.lang == "de":
        return [
            "Die Tabellen enthalten nur Anzahlen, keine Namen, Fallnummern, Freitexte oder genauen Daten. "
            "Geschützt sind sie mit dem Zellschlüsselverfahren (Cell-Key-Methode) nach dem Vorbild des "
            "Statistischen Bundesamts.",
            "Jede Person hat in der Datenbank einen festen Zufallsschlüssel. Aus den Schlüsseln der Personen einer "
            "Zelle ergibt sich der Zellschlüssel, und eine feste Tabelle ordnet jeder Anzahl und jedem "
            f"Zellschlüssel eine Abweichung zwischen −{k} und +{k} zu (im Mittel 0). Dieselbe Zelle erhält deshalb "
            "in jedem Bericht dieselbe Abweichung; wiederholte Abfragen heben sie nicht auf.",
            f"Zahlen von 1 bis {k - 1} werden nie ausgegeben; eine 0 bleibt 0. Summen sind eigene Zellen mit eigener "
            "Abweichung: eine Tabelle summiert sich deshalb nicht genau auf, dafür lässt sich keine kleine Zahl aus "
            "Summen und anderen Tabellen zurückrechnen. Dieselbe Zahl (z. B. alle beratenen Personen) ist in jeder "
            "Tabelle gleich.",
        ]
    return [
        "The tables hold counts only: no names, case numbers, free text or exact dates. They are protected with the "
        "cell-key method, modelled on that of the German Federal Statistical Office.",
        "Every person has a fixed random key in the database. The keys of the persons in a cell give the cell key, "
        f"and a fixed table assigns every count and cell key a deviation between −{k} and +{k} (0 on average). The "
        "same cell therefore gets the same deviation in every report; repeated queries do not cancel it.",
        f"Counts from 1 to {k - 1} are never shown; a 0 stays 0. Totals are cells of their own with their own "
        "deviation: a table does not add up exactly, but no small number can be recomputed from totals and other "
        "tables. The same figure (e.g. all persons counselled) is the same in every table.",
    ]


def _method_text(report: Report) -> list[str]:
    k = report.min_cell
    if report.method == "cell_key":
        return _cell_key_text(report)
    if report.lang == "de":
        return [
            f"Die Tabellen enthalten nur Anzahlen, keine Namen, Fallnummern, Freitexte oder genauen Daten. "
            f"Anzahlen von 1 bis {k - 1} werden durch „.“ ersetzt (primäre Geheimhaltung, Mindestfallzahl {k}, "
            f"wie in der Statistik der Bundesagentur für Arbeit).",
            "Weil Summen veröffentlicht werden und Tabellen zusammenhängen (alle Personentabellen haben dieselbe "
            "Gesamtzahl; die Zahl der Kontakte begrenzt, wie viele Personen 1, 2–3, 4–6 oder 7 und mehr Kontakte "
            "hatten), werden weitere Zellen unterdrückt (sekundäre Geheimhaltung). Das Programm wählt dafür unter "
            "allen sicheren Mustern eines, das möglichst wenige Personen verbirgt (ganzzahlige Optimierung wie in "
            "τ-ARGUS und sdcTable). Sicher heißt: aus allen veröffentlichten Zahlen zusammen lässt sich für keine "
            "kleine Zelle beweisen, dass überhaupt jemand in ihr ist.",
            "Ist eine Summe kleiner als die Mindestfallzahl, bleiben alle ihre Zellen verborgen, auch Nullen "
            "(Nullen neben einer winzigen Summe verrieten, wer die ein, zwei Personen sind). Haben alle Personen "
            "einer Summe dasselbe Merkmal Aufenthaltsstatus, Gesundheit oder Sozialleistungen, wird auch das "
            "verborgen. Ein „.“ kann deshalb auch 0 sein.",
            "Vor jeder Ausgabe prüft ein unabhängiges Verfahren für jede verborgene Zelle, welche Werte mit allen "
            "veröffentlichten Zahlen vereinbar sind; ist eine davon eindeutig, wird nichts ausgegeben. "
            "Zeiträume sind nur Kalendermonate, Quartale, Halbjahre und Jahre, damit sich keine zwei Berichte "
            "voneinander abziehen lassen.",
        ]
    return [
        f"The tables hold counts only: no names, case numbers, free text or exact dates. Counts from 1 to {k - 1} "
        f"are replaced by '.' (primary suppression, minimum cell size {k}, as in the statistics of the German "
        "Federal Employment Agency).",
        "Because totals are published and tables are linked (every person table has the same total; the number of "
        "contacts bounds how many persons had 1, 2–3, 4–6 or 7+ contacts), further cells are suppressed "
        "(secondary suppression). Among all safe patterns the program picks one that hides as few persons as "
        "possible (integer optimisation as in τ-ARGUS and sdcTable). Safe means: from all published numbers "
        "together nobody can prove that anyone is in a small cell.",
        "Where a total is below the minimum cell size, all its cells stay hidden, zeros included. Where all persons "
        "of a total share one residence status, health or benefits attribute, that is hidden too. So a '.' may "
        "also be 0.",
        "Before any output an independent check computes, for every hidden cell, which values agree with all "
        "published numbers; if any is unique, nothing is written. Periods are calendar months, quarters, "
        "half-years and years only, so no two reports can be subtracted.",
    ]


# --- dispatch -------------------------------------------------------------------------------------


def render(report: Report, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf, "json": to_json}[fmt](report)


# --- the export service ----------------------------------------------------------------
# It lives here, above both the counting (services/statistics) and the rendering, so neither
# imports the other's caller (it used to be a function-local import in statistics.py).


def export_report(
    ctx: ServiceContext,
    *,
    out: str | Path,
    fmt: str,
    period_from: Any,
    period_to: Any,
    min_cell: int | None = None,
    top_nationalities: int = 10,
    age_bands: Sequence[int] | None = None,
    lang: str = "de",
    profile: str = "all",
    method: str = "suppression",
) -> statistics.ExportResult:
    """Build the report and write it to ``out`` (atomically) as csv, xlsx, pdf or json.

    Refused for counsellors (PolicyRefused). The written file passed the disclosure check;
    the audit event ``stats.export`` names the format and the table ids, never values."""
    statistics.require_export(ctx)
    fmt = statistics.check_format(fmt)
    path = Path(out)
    if not path.name or not path.parent.is_dir():
        raise InvalidInput("stats.out_path", field="out", path=str(path.parent))
    # On a team database this is the report the administration published (build_report's
    # team branch; the statistics role reads no person table).
    report = statistics.build_report(
        ctx,
        period_from=period_from,
        period_to=period_to,
        min_cell=min_cell,
        top_nationalities=top_nationalities,
        age_bands=age_bands,
        lang=lang,
        profile=profile,
        method=method,
    )
    data = render(report, fmt)
    digest = hashlib.sha256(data).hexdigest()
    with ctx.transaction() as uow:
        try:
            atomic_write_bytes(path, data, mode=0o600)
        except OSError:
            raise InvalidInput("stats.write_failed", field="out", path=str(path)) from None
        if not ctx.team:  # the document register is a desk vault's (a team's is per client)
            uow.session.add(
                GeneratedDocument(
                    kind="statistics",
                    sha256=digest,
                    generated_by=ctx.actor_id,
                    template_id=f"statistics.{fmt}",
                    template_version="1",
                )
            )
            uow.session.flush()
        uow.record(
            "stats.export",
            entity="statistics",
            fields=[
                f"format:{fmt}",
                f"min_cell:{report.min_cell}",
                f"profile:{report.profile}",
                f"method:{report.method}",
                *report.table_ids,
            ],
        )
    return statistics.ExportResult(
        path=str(path), format=fmt, period=report.period, tables=report.table_ids, sha256=digest, bytes=len(data)
    )
