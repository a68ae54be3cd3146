"""Statistics exports: CSV for German Excel, XLSX, JSON (§7 shape + schema), PDF, and the CLI."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from sqlalchemy import text

from referral_desk import cli
from referral_desk.core import statistics_export
from referral_desk.core.disclosure import SUPPRESSED, TOTAL, DisclosureError
from referral_desk.core.errors import InvalidInput
from referral_desk.core.services import demo, statistics, users
from referral_desk.core.services.statistics import period_for
from tests.conftest import ADMIN_PASSWORD

from .stats_fixtures import Person, add_agency, seed

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "statistics.schema.json"
FORMULA_CLIENT = '=HYPERLINK("http://x")'
FORMULA_AGENCY = '=HYPERLINK("http://agency.example")'
YEAR = dt.date.today().year - 1
PERIOD = period_for("year", YEAR)


@pytest.fixture
def stats_ctx(admin_ctx):
    """A demo vault plus a client whose name is a formula and an agency named like one."""
    demo.generate(admin_ctx, clients=250, seed=11)
    add_agency(admin_ctx, "formel", FORMULA_AGENCY)
    day = dt.date(YEAR, 6, 10)
    seed(
        admin_ctx,
        [
            Person(
                birth_date=dt.date(1990, 1, 1),
                family_name=FORMULA_CLIENT,
                contacts=[(day, "phone", ["work"])],
                referrals=[("formel", "sent", day)],
            )
            for _ in range(4)
        ]
        + [
            Person(
                birth_date=dt.date(1980, 1, 1),
                contacts=[(day, "in_person", ["benefits"])],
                referrals=[(key, status, day)],
            )
            for key, status in [("jobcenter", "sent")] * 7
            + [("jobcenter", "accepted")] * 5
            + [("agentur", "sent")] * 4
            + [("agentur", "rejected")]
            + [("auslaenderbehoerde", "completed")] * 2
        ],
    )
    return admin_ctx


@pytest.fixture
def report(stats_ctx):
    return statistics.build_report(stats_ctx, period_from=PERIOD.start, period_to=PERIOD.end)


def _case_numbers(ctx) -> list[str]:
    with ctx.reading() as conn:
        return [r[0] for r in conn.execute(text("SELECT case_number FROM client"))]


# --- CSV -------------------------------------------------------------------------------------


def _csv_blocks(data: bytes, report) -> dict[str, list[list[str]]]:
    """Blocks by table id: a block starts with "Tabelle N: <title>" (no internal key in the
    file; the test maps N to the report's N-th table and checks the title)."""
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    blocks: dict[str, list[list[str]]] = {"_header": []}
    current = "_header"
    number = 0
    for row in rows:
        if not row:
            current = None
            continue
        if current is None:
            number += 1
            table = report.tables[number - 1]
            assert row == [f"Tabelle {number}: {table.title}"]
            current = table.id
            blocks[current] = []
            continue
        blocks[current].append(row)
    return blocks


#: Internal keys that must not appear in CSV, XLSX or PDF (they stay in JSON only).
INTERNAL = (
    "persons_by_",
    "contacts_by_",
    "referrals_by_",
    "_total",
    "_other",
    "persons_counselled",
    "residence_group",
    "Tabelle: ",
    "female",
    "unspecified",
)


def _assert_no_internal_keys(text_: str) -> None:
    for key in INTERNAL:
        assert key not in text_, key


def test_csv_for_german_excel(report, stats_ctx):
    data = statistics_export.to_csv(report)
    blocks = _csv_blocks(data, report)
    assert list(blocks)[1:] == list(statistics.TABLE_IDS)
    _assert_no_internal_keys(data.decode("utf-8-sig"))
    header = {r[0]: r[1] for r in blocks["_header"][1:]}
    assert header["Bericht"] == "Alle Tabellen"
    assert header["Hinweis"].startswith("Methode:")
    assert header["Zeitraum"] == f"Jahr {YEAR} (01.01.{YEAR} – 31.12.{YEAR})"
    assert header["Mindestfallzahl"] == "3"
    gender = blocks["persons_by_gender"]
    assert gender[0] == ["Geschlecht", "Personen"]
    t = report.table("persons_by_gender")
    assert [r[1] for r in gender[1:5]] == [str(t.value(k)) for k in t.rows if k != TOTAL][:4]
    assert gender[5][0] == "Insgesamt"
    mean = blocks["contacts_per_person_mean"]
    assert mean[1][0] == str(report.table("contacts_per_person_mean").value()).replace(".", ",")
    ref = blocks["referrals_by_recipient_status"]
    assert ref[0][0] == "Empfänger / Status" and ref[0][-1] == "Insgesamt"
    labels = [r[0] for r in ref[1:]]
    assert "'" + FORMULA_AGENCY in labels  # defused: Excel shows the text, never runs it
    assert not any(cell.startswith("=") for block in blocks.values() for row in block for cell in row)
    text_ = data.decode("utf-8-sig")
    assert FORMULA_CLIENT not in text_
    assert not any(number in text_ for number in _case_numbers(stats_ctx))
    if SUPPRESSED in [
        report.table(tid).values[k] for tid in statistics.TABLE_IDS for k in report.table(tid).cell_keys()
    ]:
        assert any(cell == "." for block in blocks.values() for row in block for cell in row)


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_strings_are_never_formulas(report, stats_ctx, tmp_path):
    path = tmp_path / "s.xlsx"
    path.write_bytes(statistics_export.to_xlsx(report))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Info"
    assert len(wb.sheetnames) == 1 + len(report.tables)
    case_numbers = set(_case_numbers(stats_ctx))
    seen_agency = False
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert FORMULA_CLIENT not in cell.value
                    assert cell.value not in case_numbers
                    if cell.value == FORMULA_AGENCY:
                        seen_agency = True
                        assert cell.data_type == "s"
    assert seen_agency
    for ws in wb.worksheets:
        _assert_no_internal_keys(" ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value))
        if ws.title != "Info":  # a short method note under every table
            assert any(str(c.value).startswith("Methode:") for row in ws.iter_rows() for c in row)
    ws = wb[report.table("persons_by_gender").short_title]
    assert [c.value for c in ws[1]] == ["Geschlecht", "Personen"]
    t = report.table("persons_by_gender")
    assert [ws.cell(row=i + 2, column=2).value for i in range(len(t.rows))] == [t.value(k) for k in t.rows]
    ref = wb[report.table("referrals_by_recipient_status").short_title]
    assert ref.cell(row=1, column=9).value == "Insgesamt"
    mean = wb[report.table("contacts_per_person_mean").short_title].cell(row=2, column=1).value
    assert mean == report.table("contacts_per_person_mean").value()


# --- JSON ------------------------------------------------------------------------------------


def test_json_has_the_design_shape_and_validates(report, stats_ctx):
    doc = json.loads(statistics_export.to_json(report))
    schema = json.loads(SCHEMA.read_text("utf-8"))
    assert schema == statistics_export.json_schema(), "docs/statistics.schema.json is out of date"
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert doc["period"] == {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"} and doc["min_cell"] == 3
    assert set(doc) == {"period", "min_cell", "method", "tables"}  # "method": an addition to §7 (issue 14)
    assert doc["method"]["name"] == "suppression" and doc["method"]["min_cell"] == 3
    assert "Mindestfallzahl 3" in doc["method"]["note"]
    gender = next(t for t in doc["tables"] if t["id"] == "persons_by_gender")
    assert gender["measure"] == "persons" and gender["dimensions"] == ["gender"]
    assert [c["gender"] for c in gender["cells"]] == ["female", "male", "diverse", "unspecified", "_total"]
    ref = next(t for t in doc["tables"] if t["id"] == "referrals_by_recipient_status")
    assert ref["dimensions"] == ["recipient", "status"]
    keys = {(c["recipient"], c["status"]) for c in ref["cells"]}
    rows = {c["recipient"] for c in ref["cells"]}
    cols = {c["status"] for c in ref["cells"]}
    assert keys == {(r, s) for r in rows for s in cols}  # ALL cells, margins included
    assert ("_total", "_total") in keys and "formel" in rows
    grand = next(c["value"] for c in ref["cells"] if c["recipient"] == c["status"] == "_total")
    with stats_ctx.reading() as conn:
        referrals = conn.execute(
            text("SELECT count(*) FROM referral WHERE created_on BETWEEN :f AND :t"),
            {"f": PERIOD.start.isoformat(), "t": PERIOD.end.isoformat()},
        ).scalar_one()
    assert grand == report.table("referrals_by_recipient_status").value(TOTAL, TOTAL) == referrals >= 23
    for table in doc["tables"]:
        for c in table["cells"]:
            assert c["value"] == SUPPRESSED or isinstance(c["value"], (int, float))


def test_schema_rejects_what_the_contract_forbids(report):
    schema = json.loads(SCHEMA.read_text("utf-8"))
    doc = json.loads(statistics_export.to_json(report))
    bad_docs = []
    d = json.loads(json.dumps(doc))
    d["tables"][4]["cells"][0]["value"] = "1"
    bad_docs.append(d)
    d = json.loads(json.dumps(doc))
    d["tables"][4]["cells"][0]["name"] = "Ayşe"
    bad_docs.append(d)
    d = json.loads(json.dumps(doc))
    d["period"]["from"] = f"{YEAR}-01-15"
    bad_docs.append(d)
    d = json.loads(json.dumps(doc))
    d["min_cell"] = 2
    bad_docs.append(d)
    d = json.loads(json.dumps(doc))
    d["generated_by"] = "admin"
    bad_docs.append(d)
    d = json.loads(json.dumps(doc))
    d["tables"][4]["cells"][0]["gender"] = "Frau Müller"
    bad_docs.append(d)
    for bad in bad_docs:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_report_renders(report, tmp_path):
    data = statistics_export.to_pdf(report)
    assert data.startswith(b"%PDF") and b"NotoSans" in data
    assert b"DejaVu" not in data
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(data)
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
        assert "Anonymisierte Statistik" in out.stdout
        assert "Personen nach Geschlecht" in out.stdout
        assert "Wie Zellen unterdrückt werden" in out.stdout
        assert "Bericht" in out.stdout and "Methode:" in out.stdout
        _assert_no_internal_keys(out.stdout)
        compact = "".join(out.stdout.split())  # table cells wrap long labels
        assert '=HYPERLINK("http://agency.exam' in compact and '"http://x"' not in compact
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
        )
        png = next(tmp_path.glob("page*.png"))
        from PySide6.QtGui import QImage

        image = QImage(str(png))
        assert image.width() > 300 and image.height() > 400
        dark = sum(
            1
            for x in range(0, image.width(), 3)
            for y in range(0, image.height(), 3)
            if image.pixelColor(x, y).lightness() < 128
        )
        assert dark > 200  # text and bars were drawn (a missing font draws nothing)


# --- the final check refuses unsafe tables ------------------------------------------------------


def _tamper(report, table_id: str, key: tuple[str, ...], value):
    tables = []
    for t in report.tables:
        if t.id == table_id:
            values = dict(t.values)
            values[key] = value
            t = dataclasses.replace(t, values=values)
        tables.append(t)
    return dataclasses.replace(report, tables=tuple(tables))


@pytest.mark.parametrize("fmt", statistics.FORMATS)
def test_renderers_refuse_a_table_that_fails_the_check(report, fmt):
    t = report.table("persons_by_gender")
    published = [k for k in t.rows if k != TOTAL and t.value(k) not in (SUPPRESSED, 0)]
    small = _tamper(report, "persons_by_gender", (published[0],), 2)
    with pytest.raises(DisclosureError):
        statistics_export.render(small, fmt)
    lone = _tamper(report, "persons_by_gender", (published[0],), SUPPRESSED)  # recomputable from the total
    others = [k for k in t.rows if t.value(k) == SUPPRESSED]
    if not others:
        with pytest.raises(DisclosureError) as exc:
            statistics_export.render(lone, fmt)
        assert exc.value.reason == "determined"
    mean = _tamper(_tamper(report, "overview", ("contacts",), SUPPRESSED), "contacts_by_mode", (TOTAL,), SUPPRESSED)
    with pytest.raises(DisclosureError):  # the mean would give the suppressed count away
        statistics_export.render(mean, fmt)


# --- the export service -----------------------------------------------------------------------


def test_export_writes_atomically_and_checks_its_input(stats_ctx, tmp_path):
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    out = tmp_path / PERIOD.file_name("xlsx")
    result = statistics_export.export_report(
        stats_ctx, out=out, fmt="xlsx", period_from=PERIOD.start, period_to=PERIOD.end
    )
    assert out.name == f"statistik-{YEAR}-01-01_{YEAR}-12-31.xlsx"
    assert result.path == str(out) and out.stat().st_size == result.bytes
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left behind
    with pytest.raises(InvalidInput) as exc:
        statistics_export.export_report(
            stats_ctx, out=tmp_path / "s.ods", fmt="ods", period_from=PERIOD.start, period_to=PERIOD.end
        )
    assert exc.value.field == "format"
    with pytest.raises(InvalidInput) as exc:
        statistics_export.export_report(
            stats_ctx, out=tmp_path / "nope" / "s.csv", fmt="csv", period_from=PERIOD.start, period_to=PERIOD.end
        )
    assert exc.value.field == "out"
    with pytest.raises(InvalidInput) as exc:
        statistics_export.export_report(
            stats_ctx, out=tmp_path / "s.csv", fmt="csv", period_from=PERIOD.start, period_to=PERIOD.start
        )
    assert exc.value.field == "to"
    with stats_ctx.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_event WHERE action = 'stats.export'")).scalar_one() == 1


# --- CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(stats_ctx, vault_path, monkeypatch):
    for key in list(os.environ):
        if key.startswith("REFERRAL_DESK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(vault_path))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("REFERRAL_DESK_USER", "admin")
    return stats_ctx


def test_cli_stats_export(cli_env, tmp_path, capsys):
    out = tmp_path / "q.json"
    args = [
        "--json",
        "stats",
        "export",
        "--from",
        f"{YEAR}-01-01",
        "--to",
        f"31.12.{YEAR}",
        "--format",
        "json",
        "--out",
        str(out),
    ]
    assert cli.main(args) == 0, capsys.readouterr().err
    result = json.loads(capsys.readouterr().out)
    assert result["path"] == str(out) and result["format"] == "json"
    assert result["tables"] == list(statistics.TABLE_IDS)
    assert json.loads(out.read_text("utf-8"))["period"]["to"] == f"{YEAR}-12-31"
    assert (
        cli.main(
            [
                "stats",
                "export",
                "--from",
                f"{YEAR}-01-01",
                "--to",
                f"{YEAR}-03-31",
                "--format",
                "pdf",
                "--out",
                str(tmp_path / "q.pdf"),
                "--min-cell",
                "5",
            ]
        )
        == 0
    )
    assert "Statistik exportiert" in capsys.readouterr().out
    assert (tmp_path / "q.pdf").read_bytes().startswith(b"%PDF")
    # a report profile: exactly the tables the funder asks for
    assert (
        cli.main(
            [
                "--json",
                "stats",
                "export",
                "--from",
                f"{YEAR}-01-01",
                "--to",
                f"{YEAR}-06-30",
                "--format",
                "json",
                "--out",
                str(out),
                "--profile",
                "kommune",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["tables"] == list(statistics.PROFILES["kommune"])
    assert [t["id"] for t in json.loads(out.read_text("utf-8"))["tables"]] == list(statistics.PROFILES["kommune"])


@pytest.mark.parametrize(
    "change, field_text",
    [
        ({"--from": f"{YEAR}-01-02"}, "Zeitraum von (from)"),
        ({"--from": "gestern"}, "Zeitraum von (from)"),
        ({"--to": f"{YEAR}-12-30"}, "Zeitraum bis (to)"),
        ({"--format": "ods"}, "Format (format)"),
        ({"--min-cell": "4"}, "Mindestfallzahl (min_cell)"),
        ({"--min-cell": "drei"}, "Mindestfallzahl (min_cell)"),
        ({"--to": f"{YEAR}-04-30"}, "Zeitraum bis (to)"),  # Jan–Apr: not a calendar period (issue 14, attack c)
        ({"--from": f"{YEAR}-02-01", "--to": f"{YEAR}-03-31"}, "Zeitraum bis (to)"),
        ({"--profile": "bamf"}, "Berichtsprofil (profile)"),
        ({"--method": "rounding"}, "Geheimhaltungsverfahren (method)"),
    ],
)
def test_cli_bad_input_exits_2_naming_the_field(cli_env, tmp_path, capsys, change, field_text):
    opts = {"--from": f"{YEAR}-01-01", "--to": f"{YEAR}-12-31", "--format": "csv", "--out": str(tmp_path / "s.csv")}
    opts.update(change)
    args = ["stats", "export"] + [x for kv in opts.items() for x in kv]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert field_text in err and "Traceback" not in err
    assert not (tmp_path / "s.csv").exists()


def test_cli_counsellor_is_refused_with_exit_3(cli_env, tmp_path, capsys, monkeypatch):
    users.add_user(cli_env, name="b.kaya", role="counsellor", password="Beratung-mit-Herz-2026")
    monkeypatch.setenv("REFERRAL_DESK_USER", "b.kaya")
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "Beratung-mit-Herz-2026")
    args = [
        "--lang",
        "en",
        "stats",
        "export",
        "--from",
        f"{YEAR}-01-01",
        "--to",
        f"{YEAR}-12-31",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "s.csv"),
    ]
    assert cli.main(args) == 3
    assert "counsellors see the figures of their own cases only" in capsys.readouterr().err
    assert not (tmp_path / "s.csv").exists()


@pytest.mark.parametrize("fmt", statistics.FORMATS)
def test_an_empty_period_exports_cleanly(admin_ctx, fmt):
    empty = statistics.build_report(admin_ctx, period_from=dt.date(2024, 2, 1), period_to=dt.date(2024, 2, 29))
    data = statistics_export.render(empty, fmt)
    assert data
    if fmt == "json":
        doc = json.loads(data)
        jsonschema.validate(doc, json.loads(SCHEMA.read_text("utf-8")))
        assert all(c["value"] == 0 for t in doc["tables"] for c in t["cells"])
