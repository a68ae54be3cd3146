"""Statistik page: period picker, tables exactly as exported, bar charts, exports, roles.

Real widgets offscreen on a real vault through the real DatabaseWorker; the save dialog is
replaced by a function (``choose_file``), everything else is the app's own code."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableWidget
from sqlalchemy import text

from referral_desk.core.disclosure import SUPPRESSED, TOTAL
from referral_desk.core.services import demo, statistics, users
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.services.statistics import period_for
from referral_desk.ui.statistics import BarChart, StatisticsPage
from referral_desk.ui.worker import DatabaseWorker
from tests.core.stats_fixtures import Person, seed

from .conftest import child, click

YEAR = dt.date.today().year - 1


def wait_idle(qtbot, db: DatabaseWorker) -> None:
    for _ in range(20):
        qtbot.waitUntil(lambda: not db.is_busy, timeout=20_000)
        qtbot.wait(10)
        if not db.is_busy:
            return


@pytest.fixture
def db(qtbot, admin_ctx):
    worker = DatabaseWorker()
    worker.adopt(admin_ctx)
    yield worker
    try:
        qtbot.waitUntil(lambda: not worker.is_busy, timeout=20_000)
    finally:
        worker.shutdown()


@pytest.fixture
def chosen(tmp_path):
    """What the 'save dialog' was asked and answered."""
    return {"dir": tmp_path / "exports", "asked": []}


def make_page(qtbot, db, chosen) -> StatisticsPage:
    chosen["dir"].mkdir(exist_ok=True)

    def choose_file(suggested: str, fmt: str) -> str:
        chosen["asked"].append((suggested, fmt))
        return str(chosen["dir"] / suggested)

    page = StatisticsPage(db, choose_file=choose_file)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot, db)
    return page


def show_year(qtbot, page: StatisticsPage, year: int = YEAR) -> None:
    page.set_period("year", year)
    wait_idle(qtbot, page.db)
    qtbot.waitUntil(lambda: page.report is not None and page.report.period == period_for("year", year))


def cell_texts(view: QTableWidget) -> list[list[str]]:
    return [[view.item(r, c).text() for c in range(view.columnCount())] for r in range(view.rowCount())]


def test_tables_on_screen_are_the_exported_ones(qtbot, admin_ctx, db, chosen):
    demo.generate(admin_ctx, clients=300, seed=5)
    seed(
        admin_ctx,
        [
            Person(
                birth_date=dt.date(1990, 5, 5), gender="diverse", contacts=[(dt.date(YEAR, 3, 3), "video", ["housing"])]
            )
        ],
    )
    page = make_page(qtbot, db, chosen)
    assert page.report is not None  # a report is shown at once (last complete quarter)
    assert child(page, QComboBox, "period_kind_combo").currentData() == "quarter"
    show_year(qtbot, page)
    report = page.report
    assert child(page, QLabel, "report_heading_label").text().startswith(f"Statistik Jahr {YEAR}")
    assert "„.“" in child(page, QLabel, "suppression_note_label").text()
    gender = child(page, QTableWidget, "persons_by_gender_table")
    rows = cell_texts(gender)
    t = report.table("persons_by_gender")
    assert [r[0] for r in rows] == [t.row_labels[k] for k in t.rows]
    assert [r[1] for r in rows] == [str(t.value(k)) for k in t.rows]
    assert rows[2] == ["Divers", str(t.value("diverse"))]
    suppressed = [
        (tid, key) for tid in report.table_ids for key, v in report.table(tid).values.items() if v == SUPPRESSED
    ]
    assert suppressed, "the demo year has small cells"
    tid, _key = suppressed[0]
    shown = cell_texts(child(page, QTableWidget, f"{tid}_table"))
    assert SUPPRESSED in [c for row in shown for c in row]  # suppressed on screen as in the export
    assert gender.horizontalHeaderItem(0).text() == "Geschlecht"
    mean = child(page, QTableWidget, "contacts_per_person_mean_table")
    assert mean.item(0, 1).text() == f"{t_mean(report):.1f}".replace(".", ",")
    ref = child(page, QTableWidget, "referrals_by_recipient_status_table")
    assert ref.columnCount() == 1 + 8 and ref.horizontalHeaderItem(8).text() == "Insgesamt"
    # the cross table takes the width of its columns, or the page's where that is less (it
    # used to get a scroll area's default width: the row labels, every number behind a scrollbar)
    assert ref.width() >= min(sum(ref.columnWidth(j) for j in range(ref.columnCount())), page.width() - 100)
    r_table = report.table("referrals_by_recipient_status")
    assert cell_texts(ref)[-1][1:] == [str(r_table.value(TOTAL, c)) for c in r_table.cols]
    chart = child(page, BarChart, "persons_by_gender_chart")
    assert chart.items() == [(t.row_labels[k], t.value(k)) for k in t.rows if k != TOTAL]
    assert page.findChild(BarChart, "overview_chart") is None

    # export: every format, the dialog is offered the suggested name, the file matches the screen
    for fmt in statistics.FORMATS:
        button = child(page, QPushButton, f"export_{fmt}_button")
        click(qtbot, button)
        wait_idle(qtbot, db)
        assert (
            child(page, QLabel, "export_status_label").text()
            == f"Gespeichert: statistik-{YEAR}-01-01_{YEAR}-12-31.{fmt}"
        )
    assert list(chosen["asked"]) == [(f"statistik-{YEAR}-01-01_{YEAR}-12-31.{f}", f) for f in statistics.FORMATS]
    doc = json.loads((chosen["dir"] / f"statistik-{YEAR}-01-01_{YEAR}-12-31.json").read_text("utf-8"))
    cells = next(x for x in doc["tables"] if x["id"] == "persons_by_gender")["cells"]
    assert [str(c["value"]) for c in cells] == [r[1] for r in rows]
    with admin_ctx.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_event WHERE action = 'stats.export'")).scalar_one() == 4

    # cancelling the dialog writes nothing
    page.choose_file = lambda suggested, fmt: None
    click(qtbot, child(page, QPushButton, "export_csv_button"))
    wait_idle(qtbot, db)
    assert len(list(chosen["dir"].iterdir())) == 4

    # locking drops the figures
    db.lock()
    qtbot.waitUntil(lambda: page.report is None)
    qtbot.waitUntil(lambda: page.findChild(QTableWidget, "persons_by_gender_table") is None)
    assert not child(page, QPushButton, "export_pdf_button").isEnabled()


def t_mean(report) -> float:
    return report.table("contacts_per_person_mean").value()


def test_period_picker(qtbot, admin_ctx, db, chosen):
    page = make_page(qtbot, db, chosen)
    kinds = [page.period_kind_combo.itemData(i) for i in range(page.period_kind_combo.count())]
    assert kinds == ["month", "quarter", "half", "year"]  # no free ranges (issue 14: no differencing)
    page.set_period("month", 2025, 2)
    assert page.selected_period() == (dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    assert page.month_combo.isVisible() and not page.quarter_combo.isVisible()
    page.set_period("quarter", 2025, 4)
    assert page.selected_period() == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    page.set_period("half", 2025, 2)
    assert page.selected_period() == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert page.half_combo.isVisible() and not page.month_combo.isVisible()
    wait_idle(qtbot, db)
    qtbot.waitUntil(lambda: page.report is not None and page.report.period.kind == "half")
    assert "2. Halbjahr 2025" in page.heading_label.text()


def test_export_uses_the_selected_period_and_profile(qtbot, admin_ctx, db, chosen):
    demo.generate(admin_ctx, clients=150, seed=3)
    page = make_page(qtbot, db, chosen)
    show_year(qtbot, page)
    # the picker changes; the export is asked before (or without) the new report on screen
    page.quarter_combo.setCurrentIndex(1)
    page.period_kind_combo.setCurrentIndex(page.period_kind_combo.findData("quarter"))
    page.year_spin.setValue(YEAR)
    page.set_profile("kommune")
    page.export("json")
    wait_idle(qtbot, db)
    name = f"statistik-{YEAR}-04-01_{YEAR}-06-30.json"
    assert chosen["asked"][-1] == (name, "json")
    doc = json.loads((chosen["dir"] / name).read_text("utf-8"))
    assert doc["period"] == {"from": f"{YEAR}-04-01", "to": f"{YEAR}-06-30"}
    assert [t["id"] for t in doc["tables"]] == list(statistics.PROFILES["kommune"])
    # and the screen follows the selection: the Kommune tables of Q2
    qtbot.waitUntil(
        lambda: (
            page.report is not None
            and page.report.profile == "kommune"
            and page.report.period == period_for("quarter", YEAR, 2)
        )
    )
    assert set(page.table_views) == set(statistics.PROFILES["kommune"])
    assert "Kommune" in page.heading_label.text()


def test_counsellor_sees_own_caseload_and_cannot_export(qtbot, admin_ctx, chosen):
    users.add_user(admin_ctx, name="b.kaya", role="counsellor", password="Beratung-mit-Herz-2026")
    counsellor = ServiceContext.sign_in(admin_ctx.vault, "b.kaya")
    day = dt.date(YEAR, 5, 5)
    seed(
        admin_ctx,
        [
            Person(
                birth_date=dt.date(1988, 1, 1),
                counsellor_id=counsellor.actor_id,
                contacts=[(day, "in_person", ["work"])],
            )
            for _ in range(4)
        ]
        + [Person(birth_date=dt.date(1988, 1, 1), contacts=[(day, "in_person", ["work"])]) for _ in range(7)],
    )
    worker = DatabaseWorker()
    worker.adopt(counsellor)
    try:
        page = make_page(qtbot, worker, chosen)
        show_year(qtbot, page)
        assert page.report.scope == "own_caseload"
        assert "eigenen Fälle" in child(page, QLabel, "scope_label").text()
        overview = cell_texts(child(page, QTableWidget, "overview_table"))
        assert overview[0][1] == "4"
        for fmt in statistics.FORMATS:
            button = child(page, QPushButton, f"export_{fmt}_button")
            assert not button.isEnabled()
            assert "Teamleitung" in button.toolTip()
        page.export("csv")  # even if called directly: nothing happens
        wait_idle(qtbot, worker)
        assert chosen["asked"] == [] and list(chosen["dir"].iterdir()) == []
    finally:
        qtbot.waitUntil(lambda: not worker.is_busy, timeout=20_000)
        worker.shutdown()


def test_cell_key_method_on_the_page_and_in_the_export(qtbot, admin_ctx, db, chosen):
    """The page offers the cell-key method: the tables show noisy counts without dots, the
    note explains the method, and the export uses the method selected."""
    demo.generate(admin_ctx, clients=150, seed=3)
    page = make_page(qtbot, db, chosen)
    show_year(qtbot, page)
    assert page.report.method == "suppression"
    page.set_method("cell_key")
    wait_idle(qtbot, db)
    qtbot.waitUntil(lambda: page.report is not None and page.report.method == "cell_key")
    assert "Zellschlüsselverfahren" in page.note_label.text()
    texts = [t for view in page.table_views.values() for row in cell_texts(view) for t in row]
    assert SUPPRESSED not in texts and not {"1", "2"} & set(texts)
    page.export("json")
    wait_idle(qtbot, db)
    doc = json.loads((chosen["dir"] / f"statistik-{YEAR}-01-01_{YEAR}-12-31.json").read_text("utf-8"))
    assert doc["method"]["name"] == "cell_key"
    shown = page.report.table("persons_by_gender").values
    gender = next(t for t in doc["tables"] if t["id"] == "persons_by_gender")
    assert {(c["gender"],): c["value"] for c in gender["cells"]} == shown
