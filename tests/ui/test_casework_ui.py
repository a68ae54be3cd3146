"""Case work in the app (real vault, real widgets offscreen): the issue's walk-through — a
counsellor opens a JMD case, writes a plan with three goals, records a contact with two
family members, a group session and a signposting, sees a residence title expiring next
month in the reminders after sign-in, and prints the plan. Screenshots go to docs/."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton

from referral_desk.core.services import casework, clients, contacts, groups, organisation, users
from referral_desk.core.services.clients import ClientQuery
from tests.ui.clients_fixtures import SCREENSHOTS
from tests.ui.conftest import ADMIN, ADMIN_PASSWORD, child, click, sign_in, type_text, wait_idle

TODAY = dt.date.today()


def _next_month() -> dt.date:
    return (TODAY.replace(day=1) + dt.timedelta(days=32)).replace(day=1) + dt.timedelta(days=9)


def _save(qtbot, dialog, db) -> None:
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, db)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)


def test_walk_through_jmd_case_in_the_app(qtbot, admin_ctx, make_window, tmp_path):
    organisation.update_organisation(admin_ctx, changes={"services": ["mbe", "jmd"]})
    window = make_window()
    window.resize(1280, 800)
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    workspace = window.workspace
    db = window.db
    page = window.clients_page

    # --- a JMD case: service and access route in the record ------------------------------
    record = page.new_client()
    record.resize(1180, 760)
    f = record.form
    type_text(f.family_name_edit, "Haddad")
    type_text(f.given_names_edit, "Rami")
    birth = TODAY.replace(year=TODAY.year - 19) - dt.timedelta(days=40)
    type_text(f.birth_date_edit.edit, birth.strftime("%d.%m.%Y"))
    f.preferred_language_picker.setText("Arabisch")
    f.preferred_language_picker.editingFinished.emit()
    assert not f.residence_basis_combo.isEnabled()  # no legal basis to choose for the default status
    f.residence_status_combo.setCurrentIndex(f.residence_status_combo.findData("aufenthaltserlaubnis_humanitaer"))
    # only the bases of the chosen status are offered (issue 14: the funders' residence groups)
    assert [f.residence_basis_combo.itemData(i) for i in range(f.residence_basis_combo.count())] == [
        "",
        "asyl_25_1",
        "fluechtling_25_2_1",
        "subsidiaer_25_2_2",
        "abschiebungsverbot_25_3",
        "humanitaer_sonstige",
    ]
    f.residence_basis_combo.setCurrentIndex(f.residence_basis_combo.findData("subsidiaer_25_2_2"))
    type_text(f.residence_valid_until_edit.edit, _next_month().strftime("%d.%m.%Y"))
    f.service_combo.setCurrentIndex(f.service_combo.findData("jmd"))
    f.access_route_combo.setCurrentIndex(f.access_route_combo.findData("school"))
    record.save_button.click()
    wait_idle(qtbot, db)
    qtbot.waitUntil(lambda: record.client is not None, timeout=10_000)
    assert (record.client.service, record.client.access_route) == ("jmd", "school")
    assert record.client.residence_basis == "subsidiaer_25_2_2"
    cid = record.client_id

    # --- the plan: three goals, a step, a review -----------------------------------------
    record.show_tab("foerderplan")
    qtbot.waitUntil(lambda: record.tab("foerderplan").inner is not None)
    plan_tab = record.tab("foerderplan").inner
    wait_idle(qtbot, db)
    assert "noch kein Förderplan" in plan_tab.status_label.text()
    for area, text in (
        ("language", "Deutsch B1 bis zum Sommer"),
        ("education", "Ausbildungsplatz als Elektroniker"),
        ("residence", "Aufenthaltserlaubnis verlängern"),
    ):
        dialog = plan_tab.add_goal()
        dialog.area_combo.setCurrentIndex(dialog.area_combo.findData(area))
        type_text(dialog.goal_edit, text)
        _save(qtbot, dialog, db)
    qtbot.waitUntil(lambda: plan_tab.tree.topLevelItemCount() == 3)
    assert "Case-Management-Fall: 3" in plan_tab.status_label.text()
    plan_tab.select_goal(2)
    step = plan_tab.add_step()
    type_text(step.text_edit, "Termin bei der Ausländerbehörde buchen")
    type_text(step.due_edit.edit, (TODAY + dt.timedelta(days=10)).strftime("%d.%m.%Y"))
    _save(qtbot, step, db)
    # bad input: a step due before the goal was set → error under the field, nothing written
    qtbot.waitUntil(lambda: plan_tab.tree.topLevelItemCount() == 3)
    plan_tab.select_goal(1)
    bad = plan_tab.add_step()
    type_text(bad.text_edit, "Zu früh")
    type_text(bad.due_edit.edit, "01.01.2020")
    click(qtbot, bad.save_button)
    wait_idle(qtbot, db)
    assert bad.isVisible() and "nicht vor Ziel vereinbart am" in bad.form._lookup("due_on")[1].text()
    bad.reject()
    plan_tab.select_goal(1)
    review = plan_tab.review_goal()
    review.outcome_combo.setCurrentIndex(review.outcome_combo.findData("partly"))
    type_text(review.note_edit, "Zwei Bewerbungen geschrieben")
    _save(qtbot, review, db)

    # --- signposting from the record ----------------------------------------------------
    sign = plan_tab.add_signpost()
    type_text(sign.to_edit, "Jugendberufsagentur Ludwigshafen")
    sign.topic_combo.setCurrentIndex(sign.topic_combo.findData("education"))
    _save(qtbot, sign, db)
    qtbot.waitUntil(lambda: plan_tab.signpost_table.rowCount() == 1)
    qtbot.waitUntil(lambda: plan_tab.tree.topLevelItem(1) is not None and plan_tab.tree.topLevelItem(1).childCount())
    plan_tab.tree.topLevelItem(2).setExpanded(True)
    record.grab().save(str(SCREENSHOTS / "60-casework-plan-tab.png"))

    # --- a contact with two family members ------------------------------------------------
    record.show_tab("kontakte")
    contacts_tab = record.tab("kontakte")
    wait_idle(qtbot, db)
    dialog = contacts_tab.add_contact()
    dialog.topic_checks["education"].setChecked(True)
    dialog.with_family_spin.setValue(2)
    dialog.interpreter_check.setChecked(True)
    click(qtbot, dialog.save_button)
    wait_idle(qtbot, db)
    stored = contacts.list_contacts(admin_ctx, client_id=cid)
    assert [(c.with_family, c.language, c.interpreter) for c in stored] == [(2, "ar", True)]

    # --- a group session on its own page ----------------------------------------------------
    record.request_close()
    workspace.show_section("groups")
    qtbot.waitUntil(lambda: workspace.groups_page is not None)
    gp = workspace.groups_page
    wait_idle(qtbot, db)
    dialog = gp.add_group()
    dialog.topic_combo.setCurrentIndex(dialog.topic_combo.findData("education"))
    click(qtbot, dialog.save_button)  # 0 participants → named error, nothing written
    wait_idle(qtbot, db)
    assert dialog.isVisible() and groups.list_groups(admin_ctx) == []
    dialog.participants_spin.setValue(11)
    dialog.service_combo.setCurrentIndex(dialog.service_combo.findData("jmd"))
    dialog.clients_edit.setText(str(cid))
    _save(qtbot, dialog, db)
    qtbot.waitUntil(lambda: gp.table.rowCount() == 1)
    assert "11 Teilnehmende" in gp.count_label.text()
    shown = gp.table.item(0, gp.table.columnCount() - 1).text()
    assert shown == users.get_user(admin_ctx, name=ADMIN).display_name != ADMIN  # a person, not a login
    gp.resize(1000, 420)
    gp.grab().save(str(SCREENSHOTS / "61-casework-groups-page.png"))

    # --- the reminders after sign-in ---------------------------------------------------------
    window.lock()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    workspace = window.workspace
    qtbot.waitUntil(lambda: workspace.follow_up_bar.isVisible(), timeout=10_000)
    assert "Aufenthaltstitel" in workspace.follow_up_label.text()
    click(qtbot, child(workspace, QPushButton, "reminders_show_button"))
    dialog = workspace.reminders_dialog
    rows = [(dialog.table.item(r, 1).text(), dialog.table.item(r, 3).text()) for r in range(dialog.table.rowCount())]
    case_number = clients.get_client(admin_ctx, client_id=cid).case_number
    assert any(cn == case_number and "Aufenthaltstitel läuft ab" in what for cn, what in rows)
    assert any(cn == case_number and "Förderplan" in what for cn, what in rows)
    dialog.grab().save(str(SCREENSHOTS / "62-casework-reminders.png"))
    dialog.table.selectRow(0)
    dialog.open_selected()
    wait_idle(qtbot, db)
    opened = window.clients_page.open_records()
    assert [r.client_id for r in opened] == [cid]

    # --- print the plan -------------------------------------------------------------------
    record = opened[0]
    qtbot.waitUntil(lambda: record.client is not None)
    record.show_tab("foerderplan")
    qtbot.waitUntil(lambda: record.tab("foerderplan").inner is not None)
    plan_tab = record.tab("foerderplan").inner
    wait_idle(qtbot, db)
    out = tmp_path / "plan.pdf"
    plan_tab.save_pdf(str(out))
    wait_idle(qtbot, db)
    qtbot.waitUntil(lambda: out.exists(), timeout=10_000)
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "plan")], check=True
        )
        shutil.copy(tmp_path / "plan-1.png", SCREENSHOTS / "63-casework-plan-pdf.png")
    record.request_close()
    assert clients.search_ids(admin_ctx, query=ClientQuery(service="jmd")) == [cid]
    window.lock()


def test_organisation_services_in_the_settings(qtbot, admin_ctx, make_window):
    # One place edits the services: the organisation settings, saved with the other fields.
    window = make_window()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    tab = window.workspace.admin_page.findChild(QPushButton, "save_organisation_button").parent()
    while not hasattr(tab, "services_checks"):
        tab = tab.parent()
    tab.reload()
    wait_idle(qtbot, window.db)
    assert len(window.workspace.admin_page.findChildren(QCheckBox, "service_jmd_check_box")) == 1
    assert tab.services_checks["mbe"].isChecked() and not tab.services_checks["jmd"].isChecked()
    tab.services_checks["jmd"].setChecked(True)
    click(qtbot, tab.save_organisation_button)
    wait_idle(qtbot, window.db)
    with admin_ctx.vault.read() as conn:
        assert casework.organisation_services(conn) == ["mbe", "jmd"]
    clients.create_client(
        admin_ctx, data={"family_name": "Kaya", "given_names": "Elif", "birth_date": "2008-02-02", "service": "jmd"}
    )
    tab.services_checks["jmd"].setChecked(False)  # still used by a record → refused, named
    click(qtbot, tab.save_organisation_button)
    wait_idle(qtbot, window.db)
    assert "Kaya" not in tab.findChild(QLabel, "services_error_label").text()
    assert (
        "JMD" in tab.findChild(QLabel, "services_error_label").text()
        or "jmd" in tab.findChild(QLabel, "services_error_label").text()
    )
    with admin_ctx.vault.read() as conn:
        assert casework.organisation_services(conn) == ["mbe", "jmd"]
    window.lock()
