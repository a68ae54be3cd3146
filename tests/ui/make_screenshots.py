"""Screenshots of the shell for docs/screenshots (run on purpose, not part of the suite):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/ui/make_screenshots.py -q

The file name does not match ``test_*.py``, so ``make test`` does not collect it; passing
it explicitly does. It drives the real widgets on a temp vault, like the tests.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import organisation, users
from referral_desk.ui.setup_wizard import SetupWizard
from tests.screenshots import screenshot_dir

from .conftest import ADMIN, ADMIN_PASSWORD, click, sign_in, type_text, wait_idle

OUT = screenshot_dir()
SIZE = QSize(1180, 760)


def shot(qtbot, widget, name: str) -> None:
    QApplication.processEvents()
    qtbot.wait(50)
    OUT.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(OUT / f"{name}.png"))


def test_setup_wizard_screens(qtbot, make_window, tmp_path):
    window = make_window()
    window.resize(SIZE)
    wizard = window.setup_wizard
    wizard.kdf = KdfParams.fast_for_tests()
    type_text(wizard.org_name_edit, "Caritasverband Ludwigshafen e. V.")
    wizard.service_combo_box.setCurrentIndex(wizard.service_combo_box.findData("mbe"))
    type_text(wizard.street_edit, "Ludwigstraße 67")
    type_text(wizard.postal_code_edit, "67059")
    type_text(wizard.city_edit, "Ludwigshafen am Rhein")
    type_text(wizard.phone_edit, "0621 5980-0")
    type_text(wizard.email_edit, "migrationsdienst@example.org")
    wizard.legal_regime_combo_box.setCurrentIndex(wizard.legal_regime_combo_box.findData("kdg"))
    shot(qtbot, window, "01-setup-organisation")

    click(qtbot, wizard.next_button)
    logo = QImage(360, 90, QImage.Format.Format_ARGB32)
    logo.fill(Qt.GlobalColor.white)
    painter = QPainter(logo)
    painter.fillRect(0, 0, 90, 90, Qt.GlobalColor.darkRed)
    painter.setPen(Qt.GlobalColor.darkRed)
    font = painter.font()
    font.setPixelSize(34)
    painter.setFont(font)
    painter.drawText(105, 58, "Beispiel-Logo")
    painter.end()
    logo.save(str(tmp_path / "logo.png"))
    wizard.set_logo_file(tmp_path / "logo.png")
    shot(qtbot, window, "02-setup-logo")

    click(qtbot, wizard.next_button)
    type_text(wizard.partner_edits["jobcenter"]["department"], "Team Markt und Integration")
    shot(qtbot, window, "03b-setup-partners")
    click(qtbot, wizard.next_button)
    type_text(wizard.admin_name_edit, "m.yilmaz")
    type_text(wizard.admin_display_name_edit, "Meryem Yılmaz")
    type_text(wizard.password_edit, "Weinberg-Rhein-Brücke-7")
    type_text(wizard.password_repeat_edit, "Weinberg-Rhein-Brücke-8")
    click(qtbot, wizard.next_button)  # mismatch: shows the inline error
    shot(qtbot, window, "03-setup-admin")

    wizard.password_repeat_edit.clear()
    type_text(wizard.password_repeat_edit, "Weinberg-Rhein-Brücke-7")
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.step == SetupWizard.STEP_RECOVERY, timeout=15_000)
    wizard.print_status_label.setText("")
    shot(qtbot, window, "04-setup-recovery-key")

    # The printed sheet, rendered the same way as on paper (A4 at 60 dpi).
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(wizard.recovery_sheet_html())
    doc.setTextWidth(170 / 25.4 * 96)
    image = QImage(int(210 / 25.4 * 96), int(297 / 25.4 * 96) // 2, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.translate(20 / 25.4 * 96, 20 / 25.4 * 96)
    doc.drawContents(painter)
    painter.end()
    image.save(str(OUT / "04b-recovery-sheet.png"))


def test_unlock_and_workspace_screens(qtbot, admin_ctx, make_window):
    users.add_user(
        admin_ctx, name="j.weiss", role="counsellor", password="Beratung-mit-Herz-2026", display_name="Jörg Weiß"
    )
    users.add_user(
        admin_ctx, name="s.petrova", role="lead", password="Beratung-mit-Herz-2026", display_name="Svetlana Petrova"
    )
    organisation.update_organisation(
        admin_ctx, changes={"street": "Ludwigstraße 67", "postal_code": "67059", "phone": "0621 5980-0"}
    )
    window = make_window()
    window.resize(SIZE)
    page = window.unlock_page
    type_text(page.user_edit, ADMIN)
    type_text(page.password_edit, "falsch-geraten-123")
    click(qtbot, page.unlock_button)
    qtbot.waitUntil(page.unlock_error_label.isVisible, timeout=10_000)
    shot(qtbot, window, "05-unlock")

    click(qtbot, page.forgot_button)
    type_text(page.recovery_user_edit, "")
    shot(qtbot, window, "06-unlock-recovery")
    click(qtbot, page.back_to_sign_in_button)

    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    wait_idle(qtbot, window.db)
    shot(qtbot, window, "07-main-window-signed-in")
    window.workspace.show_section("referrals")
    wait_idle(qtbot, window.db)
    shot(qtbot, window, "08-referrals-page")

    window.workspace.show_section("admin")
    admin = window.workspace.admin_page
    wait_idle(qtbot, window.db)
    admin.users_tab.users_table.selectRow(1)
    shot(qtbot, window, "20-admin-users")
    admin.users_tab.show_new_form()
    type_text(admin.users_tab.new_user_name_edit, "Ayşe Demir")
    type_text(admin.users_tab.new_user_display_name_edit, "Ayşe Demir")
    type_text(admin.users_tab.new_user_password_edit, "Sonne-über-Oggersheim-5")
    type_text(admin.users_tab.new_user_password_repeat_edit, "Sonne-über-Oggersheim-5")
    click(qtbot, admin.users_tab.add_user_button)
    qtbot.waitUntil(admin.users_tab.new_form.has_errors, timeout=10_000)
    shot(qtbot, window, "21-admin-new-user")

    admin.tabs.setCurrentWidget(admin.agencies_tab)
    admin.agencies_tab.agencies_table.selectRow(0)
    shot(qtbot, window, "22-admin-agencies")
    admin.tabs.setCurrentWidget(admin.organisation_tab)
    shot(qtbot, window, "23-admin-organisation")

    window.lock()
    sign_in(qtbot, window, "j.weiss", "Beratung-mit-Herz-2026")
    window.workspace.show_section("admin")
    shot(qtbot, window, "30-counsellor-admin-restricted")
    window.lock(reason=window.tr("Wegen Inaktivität automatisch gesperrt."))
    shot(qtbot, window, "31-locked-after-idle")


def test_english_screens(qtbot, admin_ctx, make_window):
    organisation.update_organisation(admin_ctx, changes={"ui_language": "en"})
    window = make_window(language="en")
    window.resize(SIZE)
    shot(qtbot, window, "40-english-unlock")
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    window.workspace.show_section("admin")
    admin = window.workspace.admin_page
    admin.tabs.setCurrentWidget(admin.organisation_tab)
    wait_idle(qtbot, window.db)
    shot(qtbot, window, "41-english-admin-organisation")
