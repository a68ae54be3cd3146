"""Verwaltung: users, partner agencies, organisation settings, and the language switch."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QListWidget, QPushButton, QSpinBox, QTableView

from referral_desk.core.errors import AuthenticationFailed
from referral_desk.core.services import organisation, users
from referral_desk.core.vault import Vault
from referral_desk.ui.admin_page import AdminPage, suggest_key

from .conftest import ADMIN, ADMIN_PASSWORD, child, click, replace_text, sign_in, type_text, wait_idle

COUNSELLOR_PASSWORD = "Beratung-mit-Herz-2026"


def open_admin(qtbot, window) -> AdminPage:
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    window.workspace.show_section("admin")
    page = window.workspace.admin_page
    assert page is not None and page.isVisible()
    wait_idle(qtbot, window.db)
    return page


def select_row(qtbot, table: QTableView, text: str) -> None:
    model = table.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == text:
            table.setCurrentIndex(model.index(row, 0))
            return
    raise AssertionError(f"no row {text!r}")


def test_admin_adds_a_counsellor_who_signs_in(qtbot, main_window):
    page = open_admin(qtbot, main_window)
    tab = page.users_tab
    table = child(tab, QTableView, "users_table")
    assert table.model().rowCount() == 1

    click(qtbot, child(tab, QPushButton, "new_user_button"))
    name = child(tab, QLineEdit, "new_user_name_edit")
    type_text(name, "Jörg Weiß")  # not a valid user name
    type_text(child(tab, QLineEdit, "new_user_display_name_edit"), "Jörg Weiß")
    role = child(tab, QComboBox, "new_user_role_combo_box")
    assert role.currentText() == "Berater*in"
    type_text(child(tab, QLineEdit, "new_user_password_edit"), COUNSELLOR_PASSWORD)
    type_text(child(tab, QLineEdit, "new_user_password_repeat_edit"), COUNSELLOR_PASSWORD)
    click(qtbot, child(tab, QPushButton, "add_user_button"))
    name_error = child(tab, QLabel, "new_user_name_error_label")
    qtbot.waitUntil(name_error.isVisible)
    assert "ohne Leerzeichen und Umlaute" in name_error.text()
    wait_idle(qtbot, main_window.db)
    assert table.model().rowCount() == 1

    replace_text(name, "j.weiss")
    click(qtbot, child(tab, QPushButton, "add_user_button"))
    qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=10_000)
    wait_idle(qtbot, main_window.db)
    assert not name_error.isVisible()
    assert [table.model().index(r, 0).data() for r in range(2)] == ["admin", "j.weiss"]
    assert table.model().index(1, 2).data() == "Berater*in"
    assert child(tab, QLabel, "user_status_label").text() == "Benutzerkonto „j.weiss“ angelegt."

    main_window.lock()
    sign_in(qtbot, main_window, "j.weiss", COUNSELLOR_PASSWORD)
    assert main_window.status_role_label.text() == "Berater*in"
    assert main_window.status_user_label.text() == "Angemeldet: Jörg Weiß"
    assert main_window.workspace.admin_page is None
    assert "vorbehalten" in child(main_window.workspace, QLabel, "admin_unavailable_label").text()


def test_admin_changes_role_deactivates_and_resets_password(qtbot, admin_ctx, main_window, vault_dir):
    users.add_user(admin_ctx, name="b.kaya", role="counsellor", password=COUNSELLOR_PASSWORD, display_name="Bahar Kaya")
    page = open_admin(qtbot, main_window)
    tab = page.users_tab
    table = tab.users_table

    # Own account: role and status cannot be changed here.
    select_row(qtbot, table, "admin")
    assert not child(tab, QComboBox, "user_role_combo_box").isEnabled()
    assert not child(tab, QCheckBox, "user_active_check_box").isEnabled()

    select_row(qtbot, table, "b.kaya")
    role = child(tab, QComboBox, "user_role_combo_box")
    role.setCurrentIndex(role.findData("lead"))
    click(qtbot, child(tab, QPushButton, "save_user_button"))
    qtbot.waitUntil(lambda: table.model().index(1, 2).data() == "Teamleitung", timeout=10_000)
    assert users.get_user(admin_ctx, name="b.kaya").role == "lead"

    # A weak reset password is refused under its field.
    select_row(qtbot, table, "b.kaya")
    type_text(child(tab, QLineEdit, "reset_password_edit"), "kurz")
    type_text(child(tab, QLineEdit, "reset_password_repeat_edit"), "kurz")
    click(qtbot, child(tab, QPushButton, "reset_password_button"))
    reset_error = child(tab, QLabel, "reset_password_error_label")
    qtbot.waitUntil(reset_error.isVisible)
    assert "mindestens 10 Zeichen" in reset_error.text()
    new_password = "Ganz-neues-Passwort-31"
    replace_text(tab.reset_password_edit, new_password)
    replace_text(tab.reset_password_repeat_edit, new_password)
    click(qtbot, tab.reset_password_button)
    qtbot.waitUntil(lambda: "Neues Passwort" in tab.user_status_label.text(), timeout=10_000)
    with Vault.unlock(vault_dir, user="b.kaya", password=new_password) as vault:
        assert vault.is_open

    # Deactivating removes the password: signing in fails from now on.
    select_row(qtbot, table, "b.kaya")
    tab.user_active_check_box.setChecked(False)
    click(qtbot, tab.save_user_button)
    qtbot.waitUntil(lambda: table.model().index(1, 3).data() == "Nein", timeout=10_000)
    wait_idle(qtbot, main_window.db)
    try:
        Vault.unlock(vault_dir, user="b.kaya", password=new_password).close()
    except AuthenticationFailed:
        pass
    else:
        raise AssertionError("a deactivated user could still unlock")


def test_partner_agencies_are_validated_and_saved(qtbot, admin_ctx, main_window):
    page = open_admin(qtbot, main_window)
    page.tabs.setCurrentWidget(page.agencies_tab)
    tab = page.agencies_tab
    table = child(tab, QTableView, "agencies_table")
    assert table.model().rowCount() == 3  # the built-in recipients

    # Built-in agency: kind is fixed, address is editable.
    select_row(qtbot, table, "Jobcenter Vorderpfalz-Ludwigshafen")
    assert not child(tab, QComboBox, "agency_kind_combo_box").isEnabled()
    replace_text(child(tab, QLineEdit, "agency_city_edit"), "Ludwigshafen am Rhein")
    click(qtbot, child(tab, QPushButton, "save_agency_button"))
    qtbot.waitUntil(lambda: tab.agency_status_label.text() == "Gespeichert.", timeout=10_000)
    assert organisation.get_agency(admin_ctx, key="jobcenter").city == "Ludwigshafen am Rhein"

    click(qtbot, child(tab, QPushButton, "new_agency_button"))
    type_text(child(tab, QLineEdit, "agency_name_edit"), "Ärztehaus Süd – Sozialdienst")
    assert child(tab, QLineEdit, "agency_key_edit").text() == "arztehaus-sud-sozialdienst"
    kind = child(tab, QComboBox, "agency_kind_combo_box")
    assert kind.isEnabled() and kind.currentText() == "Andere Stelle"
    type_text(child(tab, QLineEdit, "agency_email_edit"), "keine-adresse")
    click(qtbot, tab.save_agency_button)
    email_error = child(tab, QLabel, "agency_email_error_label")
    qtbot.waitUntil(email_error.isVisible)
    assert email_error.text() == "Keine gültige E-Mail-Adresse."
    assert len(organisation.list_agencies(admin_ctx, include_inactive=True)) == 3

    replace_text(tab.agency_email_edit, "sozialdienst@example.org")
    click(qtbot, tab.save_agency_button)
    qtbot.waitUntil(lambda: table.model().rowCount() == 4, timeout=10_000)
    saved = organisation.get_agency(admin_ctx, key="arztehaus-sud-sozialdienst")
    assert saved.email == "sozialdienst@example.org" and saved.kind == "other"

    # A new entry must not take over an existing key.
    click(qtbot, tab.new_agency_button)
    type_text(tab.agency_name_edit, "Neue Stelle")
    replace_text(tab.agency_key_edit, "jobcenter")
    click(qtbot, tab.save_agency_button)
    assert child(tab, QLabel, "agency_key_error_label").text() == "Dieses Kürzel ist schon vergeben."


def test_organisation_settings_are_validated_and_applied(qtbot, admin_ctx, main_window):
    page = open_admin(qtbot, main_window)
    page.tabs.setCurrentWidget(page.organisation_tab)
    tab = page.organisation_tab
    name = child(tab, QLineEdit, "org_name_edit")
    qtbot.waitUntil(lambda: name.text() != "")
    replace_text(name, "")
    click(qtbot, child(tab, QPushButton, "save_organisation_button"))
    name_error = child(tab, QLabel, "org_name_error_label")
    qtbot.waitUntil(name_error.isVisible)
    assert organisation.get_organisation(admin_ctx).name != ""

    type_text(name, "Caritas-Zentrum Ludwigshafen")
    child(tab, QSpinBox, "idle_lock_minutes_spin_box").setValue(12)
    click(qtbot, tab.save_organisation_button)
    qtbot.waitUntil(lambda: tab.organisation_status_label.text() == "Gespeichert.", timeout=10_000)
    assert not name_error.isVisible()
    assert organisation.get_organisation(admin_ctx).idle_lock_minutes == 12
    assert main_window.idle.interval_ms == 12 * 60_000
    assert main_window.workspace.org_name_label.text() == "Caritas-Zentrum Ludwigshafen"


def test_a_profile_or_agency_saved_elsewhere_is_not_overwritten(qtbot, admin_ctx, main_window):
    """Two administrators at once (issue 18): the second save is refused, nothing is written,
    the form shows what is stored now and says so; saving again then goes through."""
    page = open_admin(qtbot, main_window)
    page.tabs.setCurrentWidget(page.organisation_tab)
    tab = page.organisation_tab
    qtbot.waitUntil(lambda: tab.current is not None)
    organisation.update_organisation(admin_ctx, changes={"phone": "0621 111111"})  # the other desk
    replace_text(child(tab, QLineEdit, "email_edit"), "beratung@awo-lu.example")
    click(qtbot, tab.save_organisation_button)
    qtbot.waitUntil(lambda: child(tab, QLineEdit, "phone_edit").text() == "0621 111111", timeout=10_000)
    assert "anderen Arbeitsplatz" in tab.rules_form.general_error_label.text()
    assert organisation.get_organisation(admin_ctx).email != "beratung@awo-lu.example"  # nothing written
    replace_text(child(tab, QLineEdit, "email_edit"), "beratung@awo-lu.example")
    click(qtbot, tab.save_organisation_button)
    qtbot.waitUntil(lambda: tab.organisation_status_label.text() == "Gespeichert.", timeout=10_000)
    stored = organisation.get_organisation(admin_ctx)
    assert (stored.phone, stored.email) == ("0621 111111", "beratung@awo-lu.example")

    page.tabs.setCurrentWidget(page.agencies_tab)
    agencies = page.agencies_tab
    select_row(qtbot, child(agencies, QTableView, "agencies_table"), "Jobcenter Vorderpfalz-Ludwigshafen")
    organisation.save_agency(admin_ctx, key="jobcenter", data={"contact_person": "Frau Beispiel"})
    replace_text(child(agencies, QLineEdit, "agency_city_edit"), "Ludwigshafen")
    click(qtbot, agencies.save_agency_button)
    qtbot.waitUntil(lambda: "anderen Arbeitsplatz" in agencies.form.general_error_label.text(), timeout=10_000)
    assert agencies.agency_contact_person_edit.text() == "Frau Beispiel"  # the stored entry is shown
    assert organisation.get_agency(admin_ctx, key="jobcenter").city != "Ludwigshafen"


def test_english_language_setting_switches_the_labels(qtbot, admin_ctx, main_window):
    page = open_admin(qtbot, main_window)
    page.tabs.setCurrentWidget(page.organisation_tab)
    tab = page.organisation_tab
    language = child(tab, QComboBox, "ui_language_combo_box")
    qtbot.waitUntil(lambda: tab.current is not None)
    language.setCurrentIndex(language.findData("en"))
    click(qtbot, tab.save_organisation_button)
    qtbot.waitUntil(lambda: "nächsten Anmeldung" in tab.organisation_status_label.text(), timeout=10_000)

    main_window.lock()
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    nav = child(main_window.workspace, QListWidget, "navigation_list")
    assert [nav.item(i).text() for i in range(nav.count())] == [
        "Clients",
        "Referrals",
        "Statistics",
        "Administration",
        "Group sessions",
    ]
    assert main_window.status_lock_label.text() == "Unlocked"
    assert main_window.status_role_label.text() == "Administration"  # catalogue label in English
    assert main_window.workspace.lock_button.text() == "Lock"
    main_window.lock()
    assert main_window.unlock_page.unlock_button.text() == "&Unlock"


def test_non_admin_sees_an_explanation(qtbot, admin_ctx, make_window):
    users.add_user(admin_ctx, name="lead", role="lead", password=COUNSELLOR_PASSWORD, display_name="Lea Leitung")
    window = make_window()
    sign_in(qtbot, window, "lead", COUNSELLOR_PASSWORD)
    window.workspace.show_section("admin")
    assert window.workspace.admin_page is None
    text = child(window.workspace, QLabel, "admin_unavailable_label").text()
    assert "Teamleitung" in text and "Administration" in text


def test_suggest_key():
    assert suggest_key("Ärztehaus Süd", set()) == "arztehaus-sud"
    assert suggest_key("Ärztehaus Süd", {"arztehaus-sud"}) == "arztehaus-sud-2"
    assert suggest_key("Центр", set()) == "tsentr"
    assert suggest_key("!", set()) == ""


def test_replies_after_a_lock_are_dropped(qtbot, main_window):
    """Replies that arrive after the lock threw the admin page away are dropped quietly."""
    import threading

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    page = open_admin(qtbot, main_window)
    gate = threading.Event()
    main_window.db.run(gate.wait)  # hold the worker so the page's calls wait behind it
    page.reload()
    main_window.lock()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the page is gone now
    gate.set()
    wait_idle(qtbot, main_window.db)
    qtbot.wait(50)
    assert main_window.unlock_page is not None
