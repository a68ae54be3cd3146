"""Verwaltung in team mode: the team's administrator enters what letters need through the app.

A main window signs in to the team database of the private PostgreSQL cluster as the admin
login and fills the organisation's sender address and a partner agency's address in the
Verwaltung tabs; the stored rows are read back with raw SQL as the superuser, and then a
counsellor's referral sheet, refused before, prints. The accounts are the server's login
roles: the list is read-only (``user add`` / ``user deactivate`` make and end them); the
data-protection tab and the desk vault's own settings are not offered on a team database.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView, QTableWidget, QWidget

from referral_desk.core.services import clients, users
from referral_desk.core.team import connection, server
from referral_desk.ui.admin_page import AdminPage
from tests.consent_fixtures import referral_with_consent
from tests.core.letters_fixtures import AGENCIES, ORGANISATION
from tests.team.test_app_team import _signed_in
from tests.ui.clients_fixtures import SCREENSHOTS, wait_idle
from tests.ui.conftest import child, click, replace_text

# Display names as the administration gives them with ``user add --display-name`` (synthetic).
DISPLAY = {
    "admin": "Ida Verwaltung",
    "anna": "Anna Meier",
    "bert": "Bert Kaya",
    "carl": "Carl Nowak",
    "lena": "Lena Leitung",
    "stat": "Sam Statistik",
    "ret": "Löschdienst",
}


@pytest.fixture
def window(qtbot, team_db, tmp_path):
    """One desk on the team database (no credentials in the DSN, as in a shortcut)."""
    from referral_desk.ui.main_window import MainWindow

    params = connection.parse_dsn(team_db.dsn("super"))
    params.pop("password"), params.pop("user")
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    desk = MainWindow(tmp_path / "no-vault", settings=settings, language="de", team=dict(params))
    qtbot.addWidget(desk)
    desk.resize(1280, 820)
    desk.show()
    qtbot.waitExposed(desk)
    yield desk
    desk.shutdown()


def _admin_page(qtbot, desk, team_db) -> AdminPage:
    _signed_in(qtbot, desk, team_db, "admin")
    desk.workspace.show_section("admin")
    page = desk.workspace.admin_page
    assert isinstance(page, AdminPage) and page.team and page.isVisible()
    wait_idle(qtbot, desk.db)
    return page


def _select(table: QTableView, text: str) -> None:
    model = table.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == text:
            table.setCurrentIndex(model.index(row, 0))
            return
    raise AssertionError(f"no row {text!r}")


def _rows(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]


def _super(team_db, sql: str, params: tuple = ()):
    with team_db.raw("super") as conn:
        return conn.execute(sql, params).fetchall()


def test_the_administrator_enters_the_addresses_and_the_team_prints(qtbot, team_db, window):
    from referral_desk.core.printable import NotPrintable
    from referral_desk.core.services import referrals

    # Anna's referral to the Jobcenter cannot be printed: a new team database has no addresses.
    anna = team_db.context("anna")
    try:
        client = clients.create_client(
            anna,
            data={
                "family_name": "Haddad",
                "given_names": "Rania",
                "birth_date": "1990-06-30",
                "address": {"street": "Bismarckstraße 14", "postal_code": "67059", "city": "Ludwigshafen am Rhein"},
            },
        )
        made = referral_with_consent(anna, client.id)
        with pytest.raises(NotPrintable):
            referrals.render_sheet(anna, referral_id=made.id)
    finally:
        anna.vault.close()

    page = _admin_page(qtbot, window, team_db)
    titles = [page.tabs.tabText(i).replace("&", "") for i in range(page.tabs.count())]
    assert titles == [
        "Benutzerkonten",
        "Partnerstellen",
        "Organisation und Einstellungen",
        "Datenschutz",  # the log and erasure only (tests/team/test_app_team_casework.py)
        "Einwilligungsformulare",
    ]
    assert page.data_protection_tab.team

    # Organisation und Einstellungen: what is missing for letters is said; the desk vault's
    # own "Teamzugriff" switch is replaced by a note (the server's row-level security decides).
    page.tabs.setCurrentWidget(page.organisation_tab)
    tab = page.organisation_tab
    qtbot.waitUntil(lambda: tab.current is not None, timeout=10_000)
    assert tab.letters_hint_label.isVisible() and "organisation.street" in tab.letters_hint_label.text()
    assert tab.findChild(QWidget, "team_access_check_box") is None
    assert "Server" in child(tab, QLabel, "team_access_note_label").text()
    for field, value in ORGANISATION.items():
        replace_text(child(tab, QLineEdit, f"{field}_edit"), value)
    click(qtbot, child(tab, QPushButton, "save_organisation_button"))
    qtbot.waitUntil(lambda: tab.organisation_status_label.text() == "Gespeichert.", timeout=10_000)
    assert not tab.letters_hint_label.isVisible()
    columns = ", ".join(ORGANISATION)
    (stored,) = _super(team_db, f"SELECT {columns}, team_access, version FROM organisation WHERE id = 1")
    assert stored[: len(ORGANISATION)] == tuple(ORGANISATION.values())
    assert stored[-2] is False and stored[-1] == 2  # nothing else written; one save, one version

    # Saved elsewhere meanwhile (a raw UPDATE, the server's trigger raises the version): the
    # stale form writes nothing, shows what is stored now and says so; saving again works.
    with team_db.raw("super") as su:
        su.execute("UPDATE organisation SET phone = '0621 999999' WHERE id = 1")
    replace_text(tab.email_edit, "beratung@awo-lu.example.org")
    click(qtbot, tab.save_organisation_button)
    qtbot.waitUntil(lambda: tab.phone_edit.text() == "0621 999999", timeout=10_000)
    assert "anderen Arbeitsplatz" in tab.rules_form.general_error_label.text()
    assert _super(team_db, "SELECT email FROM organisation")[0][0] == ORGANISATION["email"]
    replace_text(tab.email_edit, "beratung@awo-lu.example.org")
    click(qtbot, tab.save_organisation_button)
    qtbot.waitUntil(lambda: tab.organisation_status_label.text() == "Gespeichert.", timeout=10_000)
    assert _super(team_db, "SELECT phone, email FROM organisation")[0] == ("0621 999999", "beratung@awo-lu.example.org")

    # Partnerstellen: the Jobcenter's address.
    page.tabs.setCurrentWidget(page.agencies_tab)
    agencies = page.agencies_tab
    qtbot.waitUntil(lambda: agencies.model.rowCount() == 3, timeout=10_000)
    _select(child(agencies, QTableView, "agencies_table"), "Jobcenter Vorderpfalz-Ludwigshafen")
    for field, value in AGENCIES["jobcenter"].items():
        replace_text(child(agencies, QLineEdit, f"agency_{field}_edit"), value)
    click(qtbot, child(agencies, QPushButton, "save_agency_button"))
    qtbot.waitUntil(lambda: agencies.agency_status_label.text() == "Gespeichert.", timeout=10_000)
    fields = ", ".join(AGENCIES["jobcenter"])
    (agency,) = _super(team_db, f"SELECT {fields}, version FROM agency WHERE key = 'jobcenter'")
    assert agency == (*AGENCIES["jobcenter"].values(), 2)

    # The counsellor's sheet prints now, from the server's records.
    anna = team_db.context("anna")
    try:
        pdf = referrals.render_sheet(anna, referral_id=made.id)
    finally:
        anna.vault.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_consent_forms_are_approved_on_the_server(qtbot, team_db, window):
    page = _admin_page(qtbot, window, team_db)
    page.tabs.setCurrentWidget(page.consent_forms_tab)
    tab = page.consent_forms_tab
    table = child(tab, QTableWidget, "consent_templates_table")
    qtbot.waitUntil(lambda: table.rowCount() > 1, timeout=10_000)
    # Only the shipped templates exist on a team database: no origin column, a note says why.
    assert table.isColumnHidden(tab.ORIGIN_COLUMN)
    assert "Tresor" in child(tab, QLabel, "consent_forms_team_note_label").text()
    languages = [table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(table.rowCount())]
    table.selectRow(languages.index("uk"))
    replace_text(child(tab, QLineEdit, "consent_approve_note_edit"), "geprüft von der Übersetzerin")
    click(qtbot, child(tab, QPushButton, "consent_approve_button"))
    wait_idle(qtbot, window.db)
    row = languages.index("uk")
    qtbot.waitUntil(lambda: table.item(row, 2).text() == "freigegeben", timeout=10_000)
    approvals = _super(
        team_db,
        "SELECT a.language, u.name, a.note FROM template_approval a JOIN user_account u ON u.id = a.approved_by",
    )
    assert approvals == [("uk", team_db.users["admin"], "geprüft von der Übersetzerin")]

    # The supervisory authority's e-mail, the organisation's own entry.
    replace_text(child(tab, QLineEdit, "authority_email_edit"), "poststelle@datenschutz.example.org")
    click(qtbot, child(tab, QPushButton, "supervisory_authority_save_button"))
    wait_idle(qtbot, window.db)
    assert _super(team_db, "SELECT regime, email FROM supervisory_authority") == [
        ("dsgvo", "poststelle@datenschutz.example.org")
    ]


def test_the_accounts_are_listed_read_only_with_their_teams(qtbot, team_db, window):
    for who, name in DISPLAY.items():  # as `user add --display-name` would have set them
        _super_write(team_db, "UPDATE user_account SET display_name = %s WHERE name = %s", (name, team_db.users[who]))
    engine = team_db.engine("super")
    try:
        server.deactivate_login(engine, name=team_db.users["bert"])  # `user deactivate`
    finally:
        engine.dispose()

    page = _admin_page(qtbot, window, team_db)
    tab = page.users_tab
    table = child(tab, QTableView, "users_table")
    qtbot.waitUntil(lambda: table.model().rowCount() == len(team_db.users), timeout=10_000)
    rows = {r[0]: r[1:] for r in _rows(table)}
    assert set(rows) == set(team_db.users.values())
    assert rows[team_db.users["anna"]] == ["Anna Meier", "Berater*in", "default", "Ja"]
    assert rows[team_db.users["carl"]] == ["Carl Nowak", "Berater*in", "nord", "Ja"]
    assert rows[team_db.users["lena"]][1:] == ["Teamleitung", "default", "Ja"]
    assert rows[team_db.users["bert"]][-1] == "Nein"  # deactivated on the server
    assert rows[team_db.users["ret"]][1] == "Aufbewahrung (Löschfristen)"
    # Nothing to create, change or reset here: the server's login roles are the command line's.
    assert tab.findChildren(QPushButton) == [] and tab.findChild(QWidget, "new_user_button") is None
    note = child(tab, QLabel, "team_users_note_label").text()
    assert "user add" in note and "user deactivate" in note
    window.workspace.grab().save(str(SCREENSHOTS / "75-team-admin.png"))


@pytest.mark.parametrize("who", ["lena", "anna"])
def test_a_lead_or_counsellor_gets_no_administration(qtbot, team_db, window, who):
    _signed_in(qtbot, window, team_db, who)
    window.workspace.show_section("admin")
    assert window.workspace.admin_page is None
    text = child(window.workspace, QLabel, "admin_unavailable_label").text()
    assert "vorbehalten" in text and "Administration" in text


def test_the_team_list_reads_the_teams_on_the_server_and_none_on_a_vault(team_db, admin_ctx):
    """``users.list_team_members``: the team of each login from ``team_user`` (readable by
    every client role, so a counsellor's connection gets it too); a desk vault has no teams."""
    anna = team_db.context("anna")
    try:
        members = {m.name: m for m in users.list_team_members(anna)}
    finally:
        anna.vault.close()
    assert set(members) == set(team_db.users.values())
    assert members[team_db.users["carl"]].team == "nord" and members[team_db.users["anna"]].team == "default"
    assert members[team_db.users["stat"]].role == "statistics"
    on_desk = users.list_team_members(admin_ctx)
    assert [(m.role, m.team, m.active) for m in on_desk] == [("admin", None, True)]


def _super_write(team_db, sql: str, params: tuple) -> None:
    with team_db.raw("super") as conn:
        conn.execute(sql, params)
