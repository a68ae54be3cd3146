"""The shell: first run, unlock, lock (keyboard, button, inactivity), drafts, recovery."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QToolButton,
    QWidget,
)

from referral_desk.core.errors import AuthenticationFailed
from referral_desk.core.keyring import KdfParams, parse_recovery_key
from referral_desk.core.services import drafts, organisation, users
from referral_desk.core.vault import Vault, vault_exists
from referral_desk.ui import i18n
from referral_desk.ui.setup_wizard import SetupWizard
from referral_desk.ui.widgets import clipboard_guard

from .conftest import ADMIN, ADMIN_DISPLAY, ADMIN_PASSWORD, child, click, replace_text, sign_in, type_text, wait_idle

GERMAN_SECTIONS = ["Klient*innen", "Überleitungen", "Statistik", "Verwaltung", "Gruppenangebote"]


class FakeClientsPage(QWidget):
    """Stands in for ``referral_desk.ui.clients.ClientsPage`` with the same contract, so the
    lock/draft hand-off is tested without depending on the client pages' internals."""

    instances: ClassVar[list[FakeClientsPage]] = []

    def __init__(self, db, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("fake_clients_page")
        self.editor = QLineEdit(self)
        self.editor.setObjectName("fake_family_name_edit")
        self.model = QStringListModel(["Öztürk, Ayşe", "Петров, Иван"], self)
        self.cleared = 0
        self.searched = 0
        self.new_clients = 0
        self.restored: list[tuple[str, str, dict]] = []
        FakeClientsPage.instances.append(self)

    def focus_search(self) -> None:
        self.searched += 1

    def new_client(self) -> None:
        self.new_clients += 1

    def drafts_for_lock(self):
        text = self.editor.text()
        return [("client", "new", {"family_name": text})] if text else []

    def clear_for_lock(self) -> None:
        self.cleared += 1
        self.editor.clear()
        self.model.setStringList([])
        self.rows_after_clear = self.model.rowCount()

    def restore_draft(self, kind, ref, payload) -> bool:
        self.restored.append((kind, ref, payload))
        self.editor.setText(payload.get("family_name", ""))
        return True


@pytest.fixture
def fake_pages():
    FakeClientsPage.instances = []
    return FakeClientsPage.instances


def nav_labels(window) -> list[str]:
    nav = child(window.workspace, QListWidget, "navigation_list")
    return [nav.item(i).text() for i in range(nav.count())]


# --- first run ---------------------------------------------------------------------------


def make_png(path: Path) -> Path:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkBlue)
    assert image.save(str(path), "PNG")
    return path


def test_first_run_wizard_creates_vault_and_signs_in(qtbot, make_window, vault_dir, tmp_path):
    window = make_window()
    wizard = window.setup_wizard
    assert isinstance(wizard, SetupWizard)
    wizard.kdf = KdfParams.fast_for_tests()
    assert wizard.step_label.text() == "Schritt 1 von 5: Organisation"
    next_button = child(wizard, QPushButton, "next_button")

    # Organisation: a bad postal code is reported under its field and blocks the step.
    type_text(child(wizard, QLineEdit, "org_name_edit"), "Diakonisches Werk Pfalz – Migrationsdienst")
    type_text(child(wizard, QLineEdit, "street_edit"), "Friesenheimer Straße 12")
    type_text(child(wizard, QLineEdit, "postal_code_edit"), "67#63")
    type_text(child(wizard, QLineEdit, "city_edit"), "Ludwigshafen am Rhein")
    regime = wizard.legal_regime_combo_box
    regime.setCurrentIndex(regime.findData("dsg-ekd"))
    assert regime.currentText() == "DSG-EKD (evangelisch, z. B. Diakonie)"
    click(qtbot, next_button)
    error = child(wizard, QLabel, "postal_code_error_label")
    assert error.isVisible() and error.text()
    assert wizard.step == SetupWizard.STEP_ORGANISATION
    replace_text(child(wizard, QLineEdit, "postal_code_edit"), "67063")
    click(qtbot, next_button)
    assert not error.isVisible()
    assert wizard.step == SetupWizard.STEP_LOGO

    # Logo: not a PNG is refused; a PNG is taken.
    not_png = tmp_path / "logo.png"
    not_png.write_bytes(b"GIF89a not really")
    assert not wizard.set_logo_file(not_png)
    assert child(wizard, QLabel, "logo_error_label").isVisible()
    assert wizard.set_logo_file(make_png(tmp_path / "real.png"))
    assert wizard.logo_png is not None
    click(qtbot, next_button)
    assert wizard.step == SetupWizard.STEP_PARTNERS

    # Partner addresses: entered here, checked like in Verwaltung, stored with the vault.
    type_text(child(wizard, QLineEdit, "partner_jobcenter_street_edit"), "Teststraße 1")
    type_text(child(wizard, QLineEdit, "partner_jobcenter_postal_code_edit"), "67#59")
    click(qtbot, next_button)
    assert wizard.step == SetupWizard.STEP_PARTNERS
    box = child(wizard, QGroupBox, "partner_jobcenter_box")
    shown = [
        lab.text()
        for lab in box.findChildren(QLabel)
        if lab.objectName().endswith("error_label") and lab.isVisible() and lab.text()
    ]
    assert shown, "the invalid postal code is reported in the Jobcenter's box"
    replace_text(child(wizard, QLineEdit, "partner_jobcenter_postal_code_edit"), "67059")
    type_text(child(wizard, QLineEdit, "partner_jobcenter_city_edit"), "Ludwigshafen am Rhein")
    click(qtbot, next_button)
    assert wizard.step == SetupWizard.STEP_ADMIN

    # Administrator: weak password, then a mismatch, each shown under its field.
    type_text(child(wizard, QLineEdit, "admin_name_edit"), "m.yilmaz")
    type_text(child(wizard, QLineEdit, "admin_display_name_edit"), "Meryem Yılmaz")
    password = child(wizard, QLineEdit, "password_edit")
    repeat = child(wizard, QLineEdit, "password_repeat_edit")
    type_text(password, "kurz")
    type_text(repeat, "kurz")
    assert "Nicht zulässig" in child(wizard, QLabel, "password_hint_label").text()
    click(qtbot, next_button)
    assert "mindestens 10 Zeichen" in child(wizard, QLabel, "password_error_label").text()
    replace_text(password, "Weinberg-Rhein-Brücke-7")
    replace_text(repeat, "Weinberg-Rhein-Bruecke-7")
    assert wizard.password_strength.score >= 3
    click(qtbot, next_button)
    assert "stimmen nicht überein" in child(wizard, QLabel, "password_repeat_error_label").text()
    assert not vault_exists(vault_dir)
    replace_text(repeat, "Weinberg-Rhein-Brücke-7")
    click(qtbot, next_button)
    qtbot.waitUntil(lambda: wizard.step == SetupWizard.STEP_RECOVERY, timeout=15_000)

    # Recovery key: shown once, in groups; "Fertig" only after the confirmation.
    key_text = child(wizard, QLabel, "recovery_key_label").text()
    assert len(key_text.split()) == 13
    assert parse_recovery_key(key_text)
    finish = child(wizard, QPushButton, "finish_button")
    assert not finish.isEnabled()
    child(wizard, QCheckBox, "recovery_stored_check_box").setChecked(True)
    assert finish.isEnabled()
    click(qtbot, finish)
    qtbot.waitUntil(lambda: window.workspace is not None)

    assert nav_labels(window) == GERMAN_SECTIONS
    assert window.status_role_label.text() == "Administration"
    assert window.status_user_label.text() == "Angemeldet: Meryem Yılmaz"
    assert window.status_lock_label.text() == "Entsperrt"
    assert window.setup_wizard is None  # the page with the key is gone
    assert vault_exists(vault_dir)

    got = {}
    window.db.call(organisation.get_organisation, on_success=lambda org: got.setdefault("org", org))
    qtbot.waitUntil(lambda: "org" in got)
    assert got["org"].postal_code == "67063" and got["org"].legal_regime == "dsg-ekd" and got["org"].has_logo
    window.db.call(organisation.get_agency, key="jobcenter", on_success=lambda a: got.setdefault("jc", a))
    qtbot.waitUntil(lambda: "jc" in got)
    assert (got["jc"].street, got["jc"].postal_code, got["jc"].city) == (
        "Teststraße 1",
        "67059",
        "Ludwigshafen am Rhein",
    )

    window.close()
    # The key that was shown really opens the vault.
    with Vault.unlock_with_recovery(vault_dir, recovery_key=key_text) as vault:
        assert vault.is_open


def test_recovery_key_prints_to_pdf(qtbot, make_window, tmp_path):
    window = make_window()
    wizard = window.setup_wizard
    wizard.kdf = KdfParams.fast_for_tests()
    type_text(wizard.org_name_edit, "AWO Kreisverband Ludwigshafen")
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.next_button)  # partner addresses may be left for later
    type_text(wizard.admin_name_edit, "leitung")
    for edit in (wizard.password_edit, wizard.password_repeat_edit):
        type_text(edit, "Lange-Nacht-am-Rhein-2026")
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.step == SetupWizard.STEP_RECOVERY, timeout=15_000)

    html = wizard.recovery_sheet_html()
    assert "AWO Kreisverband Ludwigshafen" in html
    assert wizard.recovery_key.split("-")[0] in html

    # The "Drucken" button goes through the injectable dialog; here it prints to a PDF.
    pdf = tmp_path / "recovery.pdf"

    class PdfDialog:
        def __init__(self, printer, parent):
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(pdf))

        def exec(self):
            return QDialog.DialogCode.Accepted

    wizard.print_dialog_factory = PdfDialog
    click(qtbot, child(wizard, QPushButton, "print_button"))
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"/Type /Page" in data
    assert child(wizard, QLabel, "print_status_label").text() == "An den Drucker gesendet."

    # And print_recovery_key works with any printer the caller sets up.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    second = tmp_path / "second.pdf"
    printer.setOutputFileName(str(second))
    wizard.print_recovery_key(printer)
    assert second.read_bytes().startswith(b"%PDF")


# --- unlock ------------------------------------------------------------------------------


def test_wrong_then_right_password(qtbot, main_window, settings):
    page = main_window.unlock_page
    assert page is not None and main_window.status_lock_label.text() == "Gesperrt"
    user = child(page, QLineEdit, "user_edit")
    password = child(page, QLineEdit, "password_edit")
    error = child(page, QLabel, "unlock_error_label")
    type_text(user, ADMIN)
    type_text(password, "falsches-Passwort-123")
    click(qtbot, child(page, QPushButton, "unlock_button"))
    qtbot.waitUntil(lambda: error.isVisible())
    assert error.text() == AuthenticationFailed("auth.failed").message("de")
    assert password.text() == ""
    assert main_window.focusWidget() is password
    assert user.text() == ADMIN
    assert main_window.workspace is None and main_window.db.context is None

    type_text(password, ADMIN_PASSWORD)
    QTest.keyClick(password, Qt.Key.Key_Return)  # Enter signs in as well
    qtbot.waitUntil(lambda: main_window.workspace is not None, timeout=10_000)
    assert main_window.status_user_label.text() == f"Angemeldet: {ADMIN_DISPLAY}"
    assert settings.value("unlock/last_user") == ADMIN
    # Nothing but the user name (and which vault it belongs to) goes to QSettings.
    assert sorted(settings.allKeys()) == ["unlock/last_user", "unlock/last_vault"]


def test_unlock_requires_user_and_password(qtbot, main_window):
    page = main_window.unlock_page
    click(qtbot, page.unlock_button)
    assert child(page, QLabel, "user_error_label").text() == "Bitte den Benutzernamen eingeben."
    type_text(page.user_edit, ADMIN)
    click(qtbot, page.unlock_button)
    assert child(page, QLabel, "password_error_label").text() == "Bitte das Passwort eingeben."
    assert not main_window.db.is_busy


def test_unlock_page_remembers_last_user(qtbot, admin_ctx, make_window, settings):
    settings.setValue("unlock/last_user", ADMIN)
    window = make_window()
    assert window.unlock_page.user_edit.text() == ADMIN


# --- lock ----------------------------------------------------------------------------------


def test_ctrl_l_locks(qtbot, main_window, fake_pages):
    main_window._clients_page_factory = FakeClientsPage
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    assert main_window.status_lock_label.text() == "Entsperrt"
    qtbot.waitActive(main_window)
    QTest.keyClick(main_window.workspace.navigation_list, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: main_window.unlock_page is not None)
    assert main_window.workspace is None
    assert main_window.db.context is None
    assert main_window.status_lock_label.text() == "Gesperrt"
    assert main_window.status_role_label.text() == ""
    assert main_window.unlock_page.user_edit.text() == ADMIN  # pre-filled for the next sign-in
    assert fake_pages[0].cleared == 1


def test_lock_button_closes_dialogs_and_clears_our_clipboard(qtbot, main_window, fake_pages):
    main_window._clients_page_factory = FakeClientsPage
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    dialog = QDialog(main_window)
    dialog.show()
    clipboard_guard.copy("Öztürk, Ayşe – 01.02.1990")
    click(qtbot, child(main_window, QToolButton, "lock_button"))
    qtbot.waitUntil(lambda: main_window.unlock_page is not None)
    assert not dialog.isVisible()
    assert QGuiApplication.clipboard().text() == ""
    assert fake_pages[0].rows_after_clear == 0


def test_lock_keeps_clipboard_text_from_elsewhere(qtbot, main_window):
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    clipboard_guard.copy("ours")
    # Something copied later (by another program, as far as the guard knows) stays,
    # unless the platform says we own the clipboard.
    QGuiApplication.clipboard().setText("from another program")
    owns = QGuiApplication.clipboard().ownsClipboard()
    main_window.lock()
    assert QGuiApplication.clipboard().text() == ("" if owns else "from another program")


def test_shortcuts_reach_the_clients_page(qtbot, main_window, fake_pages):
    main_window._clients_page_factory = FakeClientsPage
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    page = fake_pages[0]
    assert page.searched == 1  # the search gets the focus after sign-in
    qtbot.waitActive(main_window)
    nav = main_window.workspace.navigation_list
    QTest.keyClick(nav, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert main_window.workspace.current_section == "admin"
    QTest.keyClick(nav, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.new_clients == 1 and main_window.workspace.current_section == "clients"
    QTest.keyClick(nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.searched == 2


def test_idle_lock_saves_drafts_and_restores_them(qtbot, admin_setup, make_window, fake_pages):
    # Long enough for sign-in and typing to finish first, even on a busy CI machine.
    # 2.5 s: opening the workspace (reminders, backup status, printer) must not outlast it.
    window = make_window(idle_interval_ms=2_500, clients_page_factory=FakeClientsPage)
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    first = fake_pages[0]
    type_text(first.editor, "Öztürk-Çelik")
    qtbot.waitUntil(lambda: window.unlock_page is not None, timeout=15_000)

    assert window.workspace is None and window.db.context is None
    assert first.cleared == 1 and first.rows_after_clear == 0
    notice = child(window.unlock_page, QLabel, "unlock_notice_label")
    assert "Inaktivität" in notice.text() and "Entwurf" in notice.text()

    # The draft is in the vault, for this user only.
    wait_idle(qtbot, window.db)
    saved = [(d["kind"], d["ref"], d["payload"]) for d in drafts.list_drafts(admin_setup.ctx)]
    assert saved == [("client", "new", {"family_name": "Öztürk-Çelik"})]

    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    assert fake_pages == [first]  # one clients page per window: cleared on lock, reused after
    assert window.clients_page is first
    qtbot.waitUntil(lambda: first.restored != [])
    assert first.restored == [("client", "new", {"family_name": "Öztürk-Çelik"})]
    assert first.editor.text() == "Öztürk-Çelik"


def test_activity_postpones_the_idle_lock(qtbot, admin_ctx, make_window):
    window = make_window(idle_interval_ms=1_500)
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    nav = window.workspace.navigation_list
    # 2.5 s of key presses (longer than the 1.5 s interval), one every 100 ms. A key that changes
    # nothing: moving through the sections would build pages (statistics, Verwaltung), whose
    # first build can block the event loop and lock for a reason that is not idleness.
    for _ in range(25):
        QTest.keyClick(nav, Qt.Key.Key_Shift)
        qtbot.wait(100)
        assert window.workspace is not None
    qtbot.waitUntil(lambda: window.workspace is None, timeout=3_000)


def test_idle_interval_comes_from_the_organisation(qtbot, admin_ctx, make_window):
    organisation.update_organisation(admin_ctx, changes={"idle_lock_minutes": 7})
    window = make_window()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    assert window.idle.is_active and window.idle.interval_ms == 7 * 60_000
    window.lock()
    assert not window.idle.is_active


# --- recovery -----------------------------------------------------------------------------


def test_recovery_key_sets_a_new_password(qtbot, admin_setup, main_window):
    page = main_window.unlock_page
    click(qtbot, child(page, QPushButton, "forgot_button"))
    assert page.in_recovery_mode
    key_edit = child(page, QLineEdit, "recovery_key_edit")
    new_password = "Neues-Passwort-am-Rhein-9"

    # A wrong key is refused under the key field; nothing changes.
    wrong = "-".join(["AAAA"] * 12 + ["AAAA"])
    type_text(key_edit, wrong)
    type_text(child(page, QLineEdit, "recovery_user_edit"), ADMIN)
    type_text(child(page, QLineEdit, "new_password_edit"), new_password)
    type_text(child(page, QLineEdit, "new_password_repeat_edit"), new_password)
    click(qtbot, child(page, QPushButton, "recover_button"))
    key_error = child(page, QLabel, "recovery_key_error_label")
    qtbot.waitUntil(lambda: key_error.isVisible(), timeout=10_000)
    assert key_error.text() == "Wiederherstellungsschlüssel ist falsch."
    assert main_window.workspace is None

    # The right key, typed in lower case without dashes, as people do.
    replace_text(key_edit, admin_setup.recovery_key.replace("-", " ").lower())
    click(qtbot, child(page, QPushButton, "recover_button"))
    qtbot.waitUntil(lambda: main_window.workspace is not None, timeout=10_000)
    assert main_window.status_role_label.text() == "Administration"

    main_window.lock()
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(admin_setup.directory, user=ADMIN, password=ADMIN_PASSWORD)
    sign_in(qtbot, main_window, ADMIN, new_password)
    assert main_window.workspace is not None


def test_recovery_refuses_unknown_user_and_weak_password(qtbot, admin_setup, main_window):
    page = main_window.unlock_page
    click(qtbot, page.forgot_button)
    type_text(page.recovery_key_edit, admin_setup.recovery_key)
    type_text(page.recovery_user_edit, "niemand")
    for edit in (page.new_password_edit, page.new_password_repeat_edit):
        type_text(edit, "Neues-Passwort-am-Rhein-9")
    click(qtbot, page.recover_button)
    user_error = child(page, QLabel, "recovery_user_error_label")
    qtbot.waitUntil(lambda: user_error.isVisible(), timeout=10_000)
    assert user_error.text() == "Kein aktives Benutzerkonto mit diesem Namen."

    replace_text(page.recovery_user_edit, ADMIN)
    for edit in (page.new_password_edit, page.new_password_repeat_edit):
        replace_text(edit, "zu-kurz")
    click(qtbot, page.recover_button)
    pw_error = child(page, QLabel, "new_password_error_label")
    qtbot.waitUntil(lambda: pw_error.isVisible(), timeout=10_000)
    assert "mindestens 10 Zeichen" in pw_error.text()
    assert main_window.workspace is None
    # The old password still works.
    with Vault.unlock(admin_setup.directory, user=ADMIN, password=ADMIN_PASSWORD) as vault:
        assert vault.is_open


# --- roles and pages ------------------------------------------------------------------------


def test_sections_for_a_statistics_user(qtbot, admin_ctx, make_window):
    users.add_user(
        admin_ctx, name="stat", role="statistics", password="Zahlen-und-Tabellen-7", display_name="Sam Statistik"
    )
    window = make_window()
    sign_in(qtbot, window, "stat", "Zahlen-und-Tabellen-7")
    assert window.status_role_label.text() == "Statistik"
    assert window.clients_page is None
    clients_text = child(window.workspace, QLabel, "clients_unavailable_label").text()
    assert "keinen Zugriff auf Klientenakten" in clients_text
    assert "Administration" in child(window.workspace, QLabel, "admin_unavailable_label").text()
    window.workspace.show_section("referrals")
    assert "keinen Zugriff auf Überleitungen" in child(window.workspace, QLabel, "referrals_unavailable_label").text()
    window.workspace.show_section("statistics")
    assert window.workspace.statistics_page is not None  # built on first visit, aggregates only
    assert window.workspace.statistics_page.objectName() == "statistics_page"


def test_referrals_and_statistics_sections_and_follow_up_reminder(qtbot, admin_ctx, make_window):
    import datetime as dt

    from referral_desk.core.services import clients, consent, referrals

    c = clients.create_client(
        admin_ctx,
        data={"family_name": "Şahin", "given_names": "Zeynep", "birth_date": "1992-04-17", "nationalities": ["TR"]},
    )
    long_ago = dt.date.today() - dt.timedelta(days=40)
    consent.grant(
        admin_ctx,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity", "contact"],
        purpose="Vermittlung in Arbeit",
        given_on=long_ago,
    )
    referrals.create(
        admin_ctx,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity", "contact"],
        request="Beratung zu Leistungen",
        created_on=long_ago,
    )
    window = make_window()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    workspace = window.workspace
    qtbot.waitUntil(lambda: workspace.follow_up_bar.isVisible())
    assert "Wiedervorlage" in workspace.follow_up_label.text()
    qtbot.mouseClick(child(workspace, QPushButton, "follow_up_show_button"), Qt.MouseButton.LeftButton)
    assert workspace.current_section == "referrals"
    assert workspace.referrals_page is not None and workspace.referrals_page.overdue_check.isChecked()
    workspace.show_section("statistics")
    assert workspace.statistics_page is not None


def test_clients_section_uses_the_clients_page_or_says_it_is_missing(qtbot, main_window):
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    try:
        from referral_desk.ui.clients import ClientsPage
    except ImportError:
        assert "Noch nicht verfügbar" in child(main_window.workspace, QLabel, "clients_unavailable_label").text()
    else:
        assert isinstance(main_window.clients_page, ClientsPage)
    main_window.lock()
    assert main_window.clients_page is None


def test_language_follows_the_system_before_sign_in(qtbot, admin_ctx, make_window, monkeypatch):
    monkeypatch.setattr(i18n, "system_language", lambda: "en")
    window = make_window(language=None)
    assert i18n.current_language() == "en"
    assert window.unlock_page.unlock_button.text() == "&Unlock"


def test_german_standard_buttons_and_locale(qtbot, admin_ctx, make_window):
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QDialogButtonBox

    make_window()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Yes)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"
    assert box.button(QDialogButtonBox.StandardButton.Yes).text() == "&Ja"
    assert QLocale().name() == "de_DE"
    assert QLocale().toString(1234.5, "f", 1) == "1.234,5"


def test_shared_widgets():
    import datetime as dt

    from referral_desk.core.errors import InvalidInput
    from referral_desk.ui.widgets import DateEdit, inline_error_text

    optional = DateEdit(optional=True)
    assert optional.value() is None and optional.text().strip() == ""
    optional.set_value(dt.date(1990, 2, 1))
    assert optional.text() == "01.02.1990" and optional.value() == dt.date(1990, 2, 1)
    optional.clear_value()
    assert optional.value() is None
    required = DateEdit()
    assert required.value() == dt.date.today()
    assert inline_error_text(InvalidInput("input.required", field="family_name")) == "Angabe fehlt."
    assert (
        inline_error_text(InvalidInput("input.password_mismatch", field="password"))
        == "Passwort: die beiden Eingaben stimmen nicht überein."
    )


def test_english_translation_covers_the_shell():
    """Every string of the shell's contexts has an English translation in the .ts, and the
    committed .qm is there (``resources/translations/update.sh`` rebuilds both)."""
    import xml.etree.ElementTree as ET

    from referral_desk.core.paths import resource

    shell = {
        "AdminPage",
        "AgenciesTab",
        "MainWindow",
        "OrganisationTab",
        "SetupWizard",
        "UnlockPage",
        "UsersTab",
        "Workspace",
        "widgets",
    }
    ts = ET.parse(resource("translations", "referral_desk_en.ts"))
    seen, missing = set(), []
    for context in ts.getroot().iter("context"):
        name = context.findtext("name")
        if name not in shell:
            continue
        seen.add(name)
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation.get("type") not in ("unfinished", "obsolete", "vanished")
            forms = (
                [f.text for f in translation.iter("numerusform")]
                if message.get("numerus") == "yes"
                else [translation.text]
            )
            if not done or not all((text or "").strip() for text in forms):
                missing.append((name, message.findtext("source")))
    assert seen == shell
    assert missing == []
    assert resource("translations", "referral_desk_en.qm").stat().st_size > 1000


def test_a_long_status_message_can_be_read_in_full_by_hovering(qtbot, main_window):
    from referral_desk.core.messages import render

    bar = main_window.statusBar()
    notice = render("vault.first_use", "de")  # the longest notice after sign-in
    bar.showMessage(notice, 30_000)
    assert bar.currentMessage() == notice and bar.toolTip() == notice
    bar.clearMessage()
    assert bar.toolTip() == ""
