"""The app on a team database: group sessions and the data-protection tab (log and erasure).

Real windows offscreen, signed in through the team sign-in page against the private
PostgreSQL cluster; what they show is what the server lets each login read.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QGroupBox, QLabel

from referral_desk.core.services import clients, groups
from tests.conftest import client_data
from tests.ui.clients_fixtures import SCREENSHOTS, call_sync, wait_idle
from tests.ui.conftest import click

TODAY = dt.date.today()


def test_group_sessions_page_shows_what_the_server_lets_one_see(qtbot, team_db, team_window):
    carl = team_db.context("carl")  # another team's session: never listed for Anna
    with carl.vault:
        groups.add_group(carl, data={"date": TODAY.isoformat(), "minutes": 60, "topic": "health", "participants": 4})
    anna = team_window("anna")
    client = call_sync(qtbot, anna.db, clients.create_client, data=client_data(family_name="Gruppenprobe"))
    call_sync(
        qtbot,
        anna.db,
        groups.add_group,
        data={"date": TODAY.isoformat(), "minutes": 90, "topic": "work", "participants": 6, "client_ids": [client.id]},
    )
    anna.workspace.show_section("groups")
    page = anna.workspace.groups_page
    qtbot.waitUntil(lambda: page is not None or anna.workspace.groups_page is not None, timeout=10_000)
    page = anna.workspace.groups_page
    page.reload()
    wait_idle(qtbot, anna.db)
    assert page.table.model().rowCount() == 1
    assert page.add_button.isEnabled()


def test_the_team_admin_erases_a_due_case_from_the_data_protection_tab(qtbot, team_db, team_window):
    anna_ctx = team_db.context("anna")
    with anna_ctx.vault:
        due = clients.create_client(anna_ctx, data=client_data(family_name="Fristablauf"))
    with team_db.raw("super") as su:  # a case closed long ago; the administrator also leads the team
        su.execute(
            "UPDATE client SET opened_on = '2015-01-01', case_status = 'closed', closed_on = '2019-03-31' "
            "WHERE id = %s",
            (due.id,),
        )
        su.execute("UPDATE user_account SET also_lead = true WHERE name = %s", (team_db.users["admin"],))
    admin = team_window("admin")
    admin.workspace.show_section("admin")
    page = admin.workspace.admin_page
    tab = page.data_protection_tab
    page.tabs.setCurrentWidget(tab)
    wait_idle(qtbot, admin.db)
    titles = {box.title() for box in tab.findChildren(QGroupBox)}
    assert titles == {"Protokoll", "Aufbewahrung und Löschung", "Löschregeln"}  # no desk backups, demo, offboarding
    assert "server backup" in tab.findChild(QLabel, "team_data_protection_note_label").text()
    qtbot.waitUntil(lambda: tab.retention_model.rowCount() == 1, timeout=10_000)
    assert tab.retention_model.rows()[0].case_number == due.case_number
    tab.show_audit()
    wait_idle(qtbot, admin.db)
    assert tab.audit_model.rowCount() > 0
    tab.grab().save(str(SCREENSHOTS / "team-data-protection.png"))
    # The erase mode is the organisation's, saved on the server (stale forms refused as on the desk).
    tab.erase_mode_combo.setCurrentIndex(tab.erase_mode_combo.findData("delete"))
    tab.save_settings()
    wait_idle(qtbot, admin.db)
    with team_db.raw("super") as su:
        assert su.execute("SELECT erase_mode FROM organisation").fetchone()[0] == "delete"
        su.execute("UPDATE organisation SET erase_mode = 'anonymise'")  # another desk changes it back
    tab.erase_mode_combo.setCurrentIndex(tab.erase_mode_combo.findData("delete"))
    tab.save_settings()
    wait_idle(qtbot, admin.db)
    assert "anderen" in tab.settings_form.general_error_label.text()  # stale: nothing written, reloaded
    qtbot.waitUntil(lambda: tab.erase_mode_combo.currentData() == "anonymise", timeout=10_000)
    asked = []
    tab.confirm = lambda text: asked.append(text) or True
    tab.retention_table.selectRow(0)
    tab.erase_selected()
    wait_idle(qtbot, admin.db)
    qtbot.waitUntil(lambda: tab.retention_model.rowCount() == 0, timeout=10_000)
    assert "anonymisieren" in asked[0]  # the organisation's erase mode, named before erasing
    with team_db.raw("super") as su:
        family, erased = su.execute("SELECT family_name, erased_on FROM client WHERE id = %s", (due.id,)).fetchone()
    assert family.startswith("Gelöscht ") and erased == TODAY


def test_a_counsellor_imports_a_list_through_the_wizard(qtbot, team_db, team_window, tmp_path):
    from PySide6.QtCore import Qt

    from tests.core.import_lists import german_rows, write_xlsx
    from tests.ui.test_import_wizard import _next

    path = write_xlsx(tmp_path / "Liste.xlsx", german_rows(60))
    bert = team_window("bert")
    page = bert.workspace.clients_page
    assert page.import_button.isEnabled()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wizard = page._import_wizard
    qtbot.addWidget(wizard)
    wizard.file_page.choose(path)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=20_000)
    while wizard.currentPage() is not wizard.check_page:
        _next(qtbot, wizard)
        if wizard.currentPage() is wizard.mapping_page:
            qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=20_000)
    qtbot.waitUntil(lambda: wizard.state.check is not None and wizard.check_page.isComplete(), timeout=60_000)
    _next(qtbot, wizard)  # "Importieren"
    qtbot.waitUntil(wizard.run_page.isComplete, timeout=60_000)
    assert "60 Klient*innen angelegt" in wizard.run_page.status_label.text()
    with team_db.raw("super") as su:  # Bert's own records, one case number each
        count, numbers = su.execute(
            "SELECT count(*), count(DISTINCT case_number) FROM client c JOIN user_account u "
            "ON u.id = c.counsellor_id WHERE u.name = %s",
            (team_db.users["bert"],),
        ).fetchone()
    assert count == numbers == 60


def test_a_counsellor_shares_a_record_for_cover_and_ends_it(qtbot, team_db, team_window):
    from tests.team.test_app_team import _listed, _record

    anna = team_window("anna")
    bert = team_window("bert")
    client = call_sync(qtbot, anna.db, clients.create_client, data=client_data(family_name="Vertretungsfall"))
    assert client.case_number not in _listed(qtbot, bert)
    record = _record(qtbot, anna, client.id)
    assert record.share_button.isVisible() and record.share_button.isEnabled()
    dialog = record.open_shares()
    wait_idle(qtbot, anna.db)
    qtbot.waitUntil(lambda: dialog.colleague_combo.count() > 0)
    offered = [dialog.colleague_combo.itemData(i) for i in range(dialog.colleague_combo.count())]
    assert team_db.users["bert"] in offered and team_db.users["anna"] not in offered  # not oneself
    dialog.colleague_combo.setCurrentIndex(dialog.colleague_combo.findData(team_db.users["bert"]))
    dialog.until_edit.set_value(TODAY + dt.timedelta(days=7))
    click(qtbot, dialog.share_button)
    wait_idle(qtbot, anna.db)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    share = dialog.model.rows()[0]
    assert share.login == team_db.users["bert"] and share.valid_until == TODAY + dt.timedelta(days=7)
    assert "Freigegeben für" in dialog.status_label.text()
    dialog.grab().save(str(SCREENSHOTS / "team-share-dialog.png"))
    assert client.case_number in _listed(qtbot, bert)  # the server shows it to Bert now
    # 93 days is more than a cover may last: the date field does not go that far.
    assert dialog.until_edit.maximumDate().toPython() == TODAY + dt.timedelta(days=91)
    dialog.table.selectRow(0)
    click(qtbot, dialog.end_button)
    wait_idle(qtbot, anna.db)
    qtbot.waitUntil(lambda: dialog.model.rows()[0].ended)
    assert client.case_number not in _listed(qtbot, bert)
    with team_db.raw("super") as su:
        actions = [r[0] for r in su.execute("SELECT action FROM audit_event WHERE entity_id = %s AND "
                                             "action LIKE 'client.share%%' ORDER BY seq", (client.id,))]  # fmt: skip
    assert actions == ["client.share", "client.share_end"]
    # A lead sharing for Anna is not offered Anna herself (nor themself).
    from referral_desk.core.team import shares

    lena = team_db.context("lena")
    with lena.vault:
        offered = [login for login, _name in shares.colleagues(lena, client_id=client.id)]
    assert team_db.users["bert"] in offered
    assert team_db.users["anna"] not in offered and team_db.users["lena"] not in offered
