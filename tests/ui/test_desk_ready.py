"""Issue 16, "Done when": first start → weak password refused → counsellor created → first
sign-in forces a change → restore a backup in the app. Plus the change-password dialog."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton

from referral_desk.core import backup
from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import backups, users
from referral_desk.core.vault import Vault, vault_exists
from referral_desk.ui.setup_wizard import SetupWizard

from .conftest import ADMIN, ADMIN_PASSWORD, child, click, replace_text, sign_in, type_text, wait_idle

ADMIN_NAME = "m.yilmaz"
ADMIN_PW = "Weinberg-Rhein-Brücke-7"
COUNSELLOR = "b.berger"
INITIAL_PW = "Anfang-Oggersheim-Hafen-4"
OWN_PW = "Kaffee Tasse Fahrrad Mond"


def call_sync(qtbot, db, fn, **kwargs):
    box = {}
    db.call(fn, on_success=lambda r: box.setdefault("ok", r), on_error=lambda e: box.setdefault("err", e), **kwargs)
    qtbot.waitUntil(lambda: bool(box), timeout=30_000)
    assert "err" not in box, box.get("err")
    return box["ok"]


def run_wizard(qtbot, window) -> None:
    wizard = window.setup_wizard
    assert isinstance(wizard, SetupWizard)
    wizard.kdf = KdfParams.fast_for_tests()
    type_text(child(wizard, QLineEdit, "org_name_edit"), "Migrationsdienst Ludwigshafen")
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.next_button)  # no logo
    assert wizard.step == SetupWizard.STEP_PARTNERS
    click(qtbot, wizard.next_button)  # partner addresses later, in Verwaltung
    assert wizard.step == SetupWizard.STEP_ADMIN
    type_text(child(wizard, QLineEdit, "admin_name_edit"), ADMIN_NAME)
    type_text(child(wizard, QLineEdit, "admin_display_name_edit"), "Meryem Yılmaz")
    password = child(wizard, QLineEdit, "password_edit")
    repeat = child(wizard, QLineEdit, "password_repeat_edit")
    # The example: the meter said "schwach" and the wizard accepted it anyway.
    type_text(password, "passwort12")
    type_text(repeat, "passwort12")
    hint = child(wizard, QLabel, "password_hint_label").text()
    assert "Nicht zulässig" in hint and "zu leicht zu erraten" in hint
    assert wizard.password_strength.score <= 2
    click(qtbot, wizard.next_button)
    error = child(wizard, QLabel, "password_error_label")
    assert error.isVisible() and "zu leicht zu erraten" in error.text()
    assert wizard.step == SetupWizard.STEP_ADMIN and not vault_exists(window.vault_dir)
    replace_text(password, ADMIN_PW)
    replace_text(repeat, ADMIN_PW)
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.step == SetupWizard.STEP_RECOVERY, timeout=15_000)
    wizard.recovery_key_for_test = child(wizard, QLabel, "recovery_key_label").text()
    child(wizard, QCheckBox, "recovery_stored_check_box").setChecked(True)
    click(qtbot, wizard.finish_button)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    wait_idle(qtbot, window.db)


def test_first_start_to_restore(qtbot, make_window, vault_dir, tmp_path):
    window = make_window()
    run_wizard(qtbot, window)
    assert window.status_user_label.text() == "Angemeldet: Meryem Yılmaz"
    window.db.context.vault.kdf = KdfParams.fast_for_tests()

    # The admin creates a counsellor in Verwaltung → Benutzerkonten; weak passwords are refused there too.
    window.workspace.show_section("admin")
    tab = window.workspace.admin_page.users_tab
    tab.show_new_form()
    type_text(tab.new_user_name_edit, COUNSELLOR)
    type_text(tab.new_user_display_name_edit, "Bea Berger")
    type_text(tab.new_user_password_edit, "Sommer2024")
    type_text(tab.new_user_password_repeat_edit, "Sommer2024")
    click(qtbot, tab.add_user_button)
    wait_idle(qtbot, window.db)
    assert child(tab, QLabel, "new_user_password_error_label").isVisible()
    replace_text(tab.new_user_password_edit, INITIAL_PW)
    replace_text(tab.new_user_password_repeat_edit, INITIAL_PW)
    click(qtbot, tab.add_user_button)
    wait_idle(qtbot, window.db)
    created = call_sync(qtbot, window.db, users.get_user, name=COUNSELLOR)
    assert created.display_name == "Bea Berger" and created.must_change_password

    # A backup to restore later (made with the admin's password of today).
    backup_file = call_sync(qtbot, window.db, backups.create_backup, out=tmp_path / "sicherungen").path

    # First sign-in of the counsellor: the workspace stays closed until a new password is set.
    window.lock()
    sign_in_page = window.unlock_page
    replace_text(sign_in_page.user_edit, COUNSELLOR)
    replace_text(sign_in_page.password_edit, INITIAL_PW)
    click(qtbot, sign_in_page.unlock_button)
    qtbot.waitUntil(lambda: window.forced_password_page is not None, timeout=10_000)
    assert window.workspace is None and not window.new_client_action.isEnabled()
    page = window.forced_password_page
    window.show_help()
    assert window.help_window.current_page == "passwort"
    window.help_window.close()
    new = child(page, QLineEdit, "new_password_edit")
    repeat = child(page, QLineEdit, "new_password_repeat_edit")
    save = child(page, QPushButton, "forced_password_save_button")
    type_text(new, INITIAL_PW)  # the admin knows this one
    type_text(repeat, INITIAL_PW)
    click(qtbot, save)
    wait_idle(qtbot, window.db, timeout=20_000)
    assert "unterscheiden" in child(page, QLabel, "new_password_error_label").text()
    replace_text(new, "beratung2024")
    replace_text(repeat, "beratung2024")
    click(qtbot, save)
    wait_idle(qtbot, window.db)
    assert "zu leicht zu erraten" in child(page, QLabel, "new_password_error_label").text()
    replace_text(new, OWN_PW)
    replace_text(repeat, OWN_PW)
    click(qtbot, save)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    assert window.status_user_label.text() == "Angemeldet: Bea Berger"
    assert not call_sync(qtbot, window.db, users.must_change_password)

    # Next time the own password opens directly.
    window.lock()
    sign_in(qtbot, window, COUNSELLOR, OWN_PW)
    assert window.forced_password_page is None

    # Restore the backup in the app: file → password → target → verify → open.
    dialog = window.show_restore_dialog()
    assert window.workspace is None  # locked first
    dialog.set_file(backup_file)
    assert "Tresor" in child(dialog, QLabel, "restore_file_info_label").text()
    replace_text(dialog.user_edit, ADMIN_NAME)
    type_text(dialog.password_edit, "falsch-falsch-falsch")
    target = tmp_path / "wiederhergestellt"
    replace_text(dialog.target_edit, str(target))
    click(qtbot, dialog.restore_button)
    qtbot.waitUntil(lambda: not dialog.is_working, timeout=20_000)
    assert child(dialog, QLabel, "restore_password_error_label").isVisible()
    assert not (target / "keyring.json").exists()
    type_text(dialog.password_edit, ADMIN_PW)
    click(qtbot, dialog.restore_button)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=30_000)
    assert window.vault_dir == target
    assert window.status_user_label.text() == "Angemeldet: Meryem Yılmaz"
    assert window.workspace.org_name_label.text() == "Migrationsdienst Ludwigshafen"
    restored_users = call_sync(qtbot, window.db, users.list_users)
    # The backup was made before the counsellor replaced the initial password.
    assert {u.name: u.must_change_password for u in restored_users} == {ADMIN_NAME: False, COUNSELLOR: True}
    window.close()


def test_restore_with_the_recovery_key_asks_for_a_new_password(qtbot, admin_setup, make_window, tmp_path):
    made = backup.create(admin_setup.ctx.vault, tmp_path / "s.rdbackup", created_by=admin_setup.ctx.actor_id)
    window = make_window()
    dialog = window.show_restore_dialog()
    dialog.set_file(made.path)
    dialog.recovery_radio.setChecked(True)
    assert not dialog.user_edit.isVisible() and dialog.recovery_key_edit.isVisible()
    type_text(dialog.recovery_key_edit, admin_setup.recovery_key)
    target = tmp_path / "neu"
    replace_text(dialog.target_edit, str(target))
    click(qtbot, dialog.restore_button)
    qtbot.waitUntil(lambda: window.unlock_page is not None and window.unlock_page.in_recovery_mode, timeout=30_000)
    assert window.vault_dir == target and vault_exists(target)
    assert "wiederhergestellt und geprüft" in window.unlock_page.notice_label.text()
    assert str(target) in window.unlock_page.vault_label.text()


def test_restore_refuses_a_target_that_is_not_empty(qtbot, admin_setup, make_window, tmp_path):
    window = make_window()
    dialog = window.show_restore_dialog()
    not_a_backup = tmp_path / "x.rdbackup"
    not_a_backup.write_bytes(b"nope")
    dialog.set_file(not_a_backup)
    assert child(dialog, QLabel, "restore_file_error_label").text()
    full = tmp_path / "voll"
    full.mkdir()
    (full / "etwas.txt").write_text("x")
    replace_text(dialog.target_edit, str(full))
    type_text(dialog.password_edit, ADMIN_PASSWORD)
    click(qtbot, dialog.restore_button)
    assert child(dialog, QLabel, "restore_target_error_label").text() == "Der Zielordner muss neu oder leer sein."
    assert not window.db.is_busy
    replace_text(dialog.user_edit, ADMIN)
    replace_text(dialog.target_edit, str(tmp_path / "leer"))
    click(qtbot, dialog.restore_button)
    qtbot.waitUntil(lambda: not dialog.is_working, timeout=20_000)
    assert child(dialog, QLabel, "restore_file_error_label").text() == "Die Datei ist keine Referral-Desk-Sicherung."
    assert not (tmp_path / "leer").exists() or not any((tmp_path / "leer").iterdir())
    assert not window.db.is_busy


def test_change_password_dialog(qtbot, admin_setup, main_window, vault_dir):
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    main_window.db.context.vault.kdf = KdfParams.fast_for_tests()
    menu_texts = [a.text() for a in main_window.menuBar().actions()]
    assert menu_texts == ["&Datei", "&Bearbeiten", "&Ansicht", "&Hilfe"]
    dialog = main_window.show_change_password()
    form = dialog.form
    type_text(form.current_password_edit, "nicht-das-richtige-1")
    type_text(form.new_password_edit, "Neues-Passwort-am-Rhein-9")
    type_text(form.repeat_edit, "Neues-Passwort-am-Rhein-9")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not form.is_working, timeout=20_000)
    assert child(dialog, QLabel, "current_password_error_label").text() == "Das bisherige Passwort stimmt nicht."
    assert dialog.isVisible()
    type_text(form.current_password_edit, ADMIN_PASSWORD)
    type_text(form.new_password_edit, "")
    click(qtbot, dialog.ok_button)
    # Accepted: the dialog closes (and may already be deleted by Qt).
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=20_000)
    main_window.close()
    with Vault.unlock(vault_dir, user=ADMIN, password="Neues-Passwort-am-Rhein-9"):
        pass
