"""The Statistik page on a team database (issue 18): the app signed in to the private
PostgreSQL cluster (TLS, SCRAM) through the team sign-in page, as the statistics login and
as a counsellor.

The statistics role, leads and admins read only what the administration published
(``services.statistics.build_report``'s team branch, core/team/reports.py); a period not
published is said on the page, naming it; the list of published reports sets the picker;
exports are the published report. A counsellor counts their own caseload under the server's
row-level security, as on the desk.
"""

from __future__ import annotations

import datetime as dt

import pytest

from referral_desk.core import clock, statistics_export
from referral_desk.core.errors import InvalidInput, NotFound
from referral_desk.core.services import clients, contacts, statistics
from referral_desk.core.services.statistics import StatTable
from referral_desk.core.team import reports
from referral_desk.ui.statistics.page import display_value
from tests.ui.clients_fixtures import SCREENSHOTS, wait_idle
from tests.ui.conftest import click

TODAY = clock.today()
YEAR = TODAY.year
# (family name, given names, birth date, gender, nationality, German level): sixteen clients,
# nine of Anna's and seven of Bert's, each with a contact today.
ANNA = [
    ("Yılmaz", "Ayşe", "1985-03-02", "female", "TR", "A2"),
    ("Haddad", "Omar", "1979-07-19", "male", "SY", "B1"),
    ("Karimi", "Zahra", "1992-11-30", "female", "AF", "A1"),
    ("Petrenko", "Olena", "1988-07-09", "female", "UA", "B1"),
    ("Nowak", "Piotr", "1970-01-15", "male", "PL", "B2"),
    ("Demir", "Emre", "1999-05-05", "male", "TR", "A2"),
    ("Rahimi", "Leyla", "1983-09-21", "female", "IR", "A2"),
    ("Kovač", "Ivana", "1991-02-14", "female", "HR", "B1"),
    ("Mensah", "Kofi", "1975-12-01", "male", "GH", "A1"),
]
BERT = [
    ("Şahin", "Zeynep", "1991-04-23", "female", "TR", "A1"),
    ("Alizada", "Farid", "1987-08-08", "male", "AF", "A2"),
    ("Hussein", "Amal", "1995-06-17", "female", "SY", "A2"),
    ("Bondarenko", "Iryna", "1981-10-10", "female", "UA", "B2"),
    ("Popescu", "Andrei", "1977-03-27", "male", "RO", "B1"),
    ("Kaya", "Mehmet", "1968-04-04", "male", "TR", "A1"),
    ("Osei", "Abena", "2001-01-20", "female", "GH", "B1"),
]


@pytest.fixture(scope="module")
def case_work(team_db):
    """Anna's and Bert's clients with a contact today, entered as themselves on the server."""
    made = {}
    for who, people in (("anna", ANNA), ("bert", BERT)):
        ctx = team_db.context(who)
        try:
            for family, given, born, gender, nationality, german in people:
                client = clients.create_client(
                    ctx,
                    data={
                        "family_name": family,
                        "given_names": given,
                        "birth_date": born,
                        "gender": gender,
                        "nationalities": [nationality],
                        "german_level": german,
                    },
                )
                contacts.add_contact(
                    ctx, client_id=client.id, data={"date": TODAY.isoformat(), "minutes": 45, "topics": ["work"]}
                )
            made[who] = ctx.actor.id
        finally:
            ctx.vault.close()
    return made


def _publish(team_db, **kw):
    engine = team_db.engine("super")  # the administration's superuser DSN
    try:
        return reports.publish(engine, **kw)
    finally:
        engine.dispose()


def _read_published(team_db, **kw):
    engine = team_db.engine("stat")
    try:
        with engine.connect() as conn:
            return reports.read_published(conn, lang="de", **kw)
    finally:
        engine.dispose()


def _caseload(team_db, counsellor_id: int, **kw):
    """What a desk counts for one counsellor: the same SQL on an unrestricted connection."""
    engine = team_db.engine("super")
    try:
        with engine.connect() as conn:
            return statistics.report_on(conn, counsellor_id=counsellor_id, **kw)
    finally:
        engine.dispose()


def _year(**kw):
    return {"period_from": dt.date(YEAR, 1, 1), "period_to": dt.date(YEAR, 12, 31), **kw}


def _statistics_page(qtbot, win, tmp_path):
    win.workspace.show_section("statistics")
    qtbot.waitUntil(lambda: win.workspace.statistics_page is not None)
    page = win.workspace.statistics_page
    wait_idle(qtbot, win.db)
    page.choose_file = lambda suggested, fmt: str(tmp_path / suggested)  # the save dialog's answer
    return page


def _on_screen(view) -> list[list[str]]:
    return [[view.item(r, c).text() for c in range(view.columnCount())] for r in range(view.rowCount())]


def _expected(table: StatTable) -> list[list[str]]:
    """A table's rows as the page must show them (label, then the published values)."""
    if len(table.dimensions) == 2:
        return [[table.row_labels[r], *(display_value(table.values[(r, c)]) for c in table.cols)] for r in table.rows]
    if table.dimensions:
        return [[table.row_labels[r], display_value(table.values[(r,)])] for r in table.rows]
    return [[table.measure_title, display_value(table.values[()])]]


def _shown(page, report) -> None:
    assert [t.id for t in report.tables] == list(page.table_views)
    for table in report.tables:
        assert _on_screen(page.table_views[table.id]) == _expected(table), table.id


# The statistics login opens the app too: it reads the organisation's profile and its own
# account row (revision 0007), never a client.
@pytest.mark.parametrize("who", ["lena", "stat"])
def test_a_lead_or_the_statistics_login_sees_only_what_the_administration_published(
    qtbot, team_db, case_work, team_window, tmp_path, who
):
    with team_db.raw("super") as su:  # each run starts with nothing published
        su.execute("DELETE FROM published_report")
    stat = team_window(who)
    page = _statistics_page(qtbot, stat, tmp_path)
    assert stat.db.context.team and stat.db.actor.role in ("lead", "statistics")
    # Nothing published: the page says so (the period named), and who publishes; no tables.
    assert page.published_hint_label.isVisible() and not page.published_combo.isVisible()
    assert "stats publish" in page.published_hint_label.text()
    start, end = page.selected_period()  # the last complete quarter
    shown = page.error_label.text()
    assert "keine Statistik veröffentlicht" in shown and f"{start:%d.%m.%Y} – {end:%d.%m.%Y}" in shown
    assert "Alle Tabellen" in shown and "Zellsperrung" in shown  # the report's names, not its codes
    assert page.report is None and not page.table_views
    assert not any(b.isEnabled() for b in page.export_buttons.values())

    # The administration publishes the year (minimum cell 5) and, later, one month.
    _publish(team_db, **_year(min_cell=5))
    _publish(team_db, period_from=dt.date(YEAR, TODAY.month, 1), period_to=statistics.period_for(
        "month", YEAR, TODAY.month).end, profile="mbe", method="cell_key")  # fmt: skip
    click(qtbot, page.show_button)  # "Anzeigen": the list again, the report of the selection
    wait_idle(qtbot, stat.db)
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    assert not page.published_hint_label.isVisible() and page.published_combo.isVisible()
    items = [page.published_combo.itemText(i) for i in range(page.published_combo.count())]
    month = statistics.period_for("month", YEAR, TODAY.month).label("de")
    assert items == [
        "Bitte wählen …",
        f"Jahr {YEAR} · Alle Tabellen · Zellsperrung",
        f"{month} · MBE (BAMF-Sachbericht) · Zellschlüsselverfahren",
    ]
    # The selection was not published: the newest publication is shown instead.
    assert page.selected_profile() == "mbe" and page.selected_method() == "cell_key"
    assert page.published_combo.currentIndex() == 2 and not page.error_label.text()

    # Choosing the year from the list: the same tables and values as the published report.
    page.published_combo.activated.emit(1)
    wait_idle(qtbot, stat.db)
    qtbot.waitUntil(lambda: page.report is not None and page.report.period.kind == "year", timeout=20_000)
    assert page.selected_period() == (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    assert (page.selected_profile(), page.selected_method()) == ("all", "suppression")
    published = _read_published(team_db, **_year(profile="all", method="suppression"))
    assert reports.to_document(page.report) == reports.to_document(published)
    _shown(page, published)
    assert published.table("overview").value("persons_counselled") == len(ANNA) + len(BERT)
    assert "Von der Administration am" in page.scope_label.text()
    assert "Mindestfallzahl 5" in page.scope_label.text()
    assert all(b.isEnabled() for b in page.export_buttons.values())
    stat.grab().save(str(SCREENSHOTS / "74-team-statistics.png"))

    # Export: the published report, as the desk's exporters write it (the fixed minimum cell
    # size is no question on the page, so no "5 only" error).
    for fmt in ("csv", "pdf"):
        page.export(fmt)
        wait_idle(qtbot, stat.db)
        assert page.status_label.text() == f"Gespeichert: statistik-{YEAR}-01-01_{YEAR}-12-31.{fmt}"
        assert not page.error_label.text()
    assert (tmp_path / f"statistik-{YEAR}-01-01_{YEAR}-12-31.csv").read_bytes() == statistics_export.to_csv(published)
    assert (tmp_path / f"statistik-{YEAR}-01-01_{YEAR}-12-31.pdf").read_bytes().startswith(b"%PDF")

    # Another selection, not published: said, naming it; the year's tables are gone.
    page.set_period("half", YEAR, 1)
    wait_idle(qtbot, stat.db)
    qtbot.waitUntil(lambda: bool(page.error_label.text()))
    assert f"01.01.{YEAR} – 30.06.{YEAR}" in page.error_label.text()
    assert page.report is None and not page.table_views and page.published_combo.currentIndex() == 0
    assert not any(b.isEnabled() for b in page.export_buttons.values())

    with team_db.raw("super") as su:
        actions = dict(
            su.execute(
                "SELECT action, count(*) FROM audit_event WHERE action IN ('stats.export', 'stats.read_published') "
                "AND user_id = %s GROUP BY action",
                (stat.db.actor.id,),
            ).fetchall()
        )
    assert actions["stats.export"] == 2 and actions["stats.read_published"] >= 4


def test_on_a_team_database_everyone_but_a_counsellor_gets_the_published_report(team_db, case_work):
    """The rule lives in build_report (the page and the export both ask it)."""
    _publish(team_db, **_year(min_cell=5))
    published = reports.to_document(_read_published(team_db, **_year(profile="all", method="suppression")))
    for who in ("stat", "lena", "admin"):
        ctx = team_db.context(who)
        try:
            report = statistics.build_report(ctx, **_year())
            assert reports.to_document(report) == published, who
            # The publication fixed the minimum cell size: another one is refused, naming it.
            with pytest.raises(InvalidInput) as refused:
                statistics.build_report(ctx, **_year(min_cell=3))
            assert refused.value.params["allowed"] == "5"
            with pytest.raises(NotFound) as missing:
                statistics.build_report(ctx, **_year(profile="jmd"))
            assert missing.value.code == "team.report_not_published"
        finally:
            ctx.vault.close()


def test_a_counsellors_page_counts_only_their_own_caseload(qtbot, team_db, case_work, team_window, tmp_path):
    anna = team_window("anna")
    page = _statistics_page(qtbot, anna, tmp_path)
    assert not page.published_row.isVisible()  # published reports are not a counsellor's
    page.set_period("year", YEAR)
    wait_idle(qtbot, anna.db)
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    report = page.report
    assert report.scope == "own_caseload" and "eigenen Fälle" in page.scope_label.text()
    assert not page.error_label.text()
    # Under row-level security the page counts what a desk counts for Anna: her nine, not Bert's.
    desk = _caseload(team_db, case_work["anna"], **_year())
    assert reports.to_document(report) == reports.to_document(desk)
    assert report.table("overview").value("persons_counselled") == len(ANNA)
    _shown(page, report)
    assert not any(b.isEnabled() for b in page.export_buttons.values())
    assert "Teamleitung" in page.export_buttons["csv"].toolTip()
