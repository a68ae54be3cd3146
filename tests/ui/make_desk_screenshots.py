"""Screenshots of issue 16 for docs/screenshots and the handbook (run on purpose):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/ui/make_desk_screenshots.py -q

Menu bar with an open menu, the handbook window, the audit log in plain language, the forced
password change, the restore dialog – at 1366 × 768, the smallest desk screen we support.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication

from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import backups, clients, consent, referrals, users
from tests.screenshots import screenshot_dir

from .conftest import ADMIN, ADMIN_PASSWORD, replace_text, sign_in, type_text, wait_idle

OUT = screenshot_dir()
HANDBOOK = Path(__file__).resolve().parents[2] / "docs" / "handbuch" / "bilder"
SIZE = QSize(1366, 768)


def save(qtbot, widget, name: str, *also: Path) -> None:
    QApplication.processEvents()
    qtbot.wait(80)
    image = widget.grab()
    assert image.save(str(OUT / f"{name}.png"))
    for folder in also:  # the handbook's copy at reading size
        small = image.scaledToWidth(640, Qt.TransformationMode.SmoothTransformation)
        assert small.save(str(folder / f"{name}.png"))


def test_desk_screens(qtbot, admin_setup, make_window, tmp_path):
    ctx = admin_setup.ctx
    ctx.vault.kdf = KdfParams.fast_for_tests()
    users.add_user(
        ctx, name="b.berger", role="counsellor", password="Anfang-Oggersheim-Hafen-4", display_name="Bea Berger"
    )
    c = clients.create_client(
        ctx, data={"family_name": "Şahin", "given_names": "Zeynep", "birth_date": "1992-04-17", "nationalities": ["TR"]}
    )
    consent.grant(
        ctx, client_id=c.id, recipient="jobcenter", categories=["identity", "contact"], purpose="Vermittlung in Arbeit"
    )
    referrals.create(ctx, client_id=c.id, recipient="jobcenter", categories=["identity"], request="Termin")
    backups.create_backup(ctx, out=tmp_path)
    window = make_window()
    window.resize(SIZE)
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)

    # menu bar with "Datei" open, painted into the window image
    menu = window.menuBar().actions()[0].menu()
    menu.popup(window.mapToGlobal(QPoint(0, window.menuBar().height())))
    qtbot.wait(100)
    image = window.grab()
    painter = QPainter(image)
    painter.drawPixmap(QPoint(4, window.menuBar().height()), menu.grab())
    painter.end()
    menu.hide()
    assert image.save(str(OUT / "90-menu-file.png"))

    # audit log in plain language
    window.workspace.show_section("admin")
    page = window.workspace.admin_page
    page.tabs.setCurrentWidget(page.data_protection_tab)
    wait_idle(qtbot, window.db)
    tab = page.data_protection_tab
    tab.layout().itemAt(0).widget().ensureWidgetVisible(tab.audit_table)
    qtbot.wait(50)
    save(qtbot, window, "91-audit-log", HANDBOOK)

    # the handbook at the page for the screen (F1)
    help_window = window.show_help()
    help_window.resize(1100, 700)
    save(qtbot, help_window, "92-handbook")
    help_window.close()

    # restore dialog
    window.lock()
    dialog = window.show_restore_dialog()
    dialog.set_file(next(tmp_path.glob("*.rdbackup")))
    replace_text(dialog.user_edit, ADMIN)
    save(qtbot, dialog, "93-restore-dialog", HANDBOOK)
    dialog.reject()

    # forced password change at first sign-in, with a weak try
    replace_text(window.unlock_page.user_edit, "b.berger")
    replace_text(window.unlock_page.password_edit, "Anfang-Oggersheim-Hafen-4")
    window.unlock_page.unlock()
    qtbot.waitUntil(lambda: window.forced_password_page is not None, timeout=20_000)
    form = window.forced_password_page.form
    type_text(form.new_password_edit, "passwort12")
    type_text(form.repeat_edit, "passwort12")
    form.submit()
    wait_idle(qtbot, window.db)
    save(qtbot, window, "94-forced-password-change", HANDBOOK)
