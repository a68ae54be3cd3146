"""The blocking anchor notice: a rolled-back vault folder is refused at unlock in the app,
and only an administrator can acknowledge it, with a reason (audited)."""

from __future__ import annotations

import shutil

from PySide6.QtWidgets import QLineEdit, QPushButton
from sqlalchemy import text

from referral_desk.core.keyring import KEYRING_FILE, KdfParams
from referral_desk.core.services import clients, users
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault
from tests.conftest import client_data
from tests.ui.conftest import ADMIN, ADMIN_PASSWORD, child, click, replace_text, sign_in, wait_idle

COUNSELLOR_PW = "Beratung-Hemshof-2026"


def _roll_back_folder(admin_ctx, vault_dir, tmp_path) -> None:
    admin_ctx.vault.kdf = KdfParams.fast_for_tests()
    users.add_user(admin_ctx, name="berater", role="counsellor", password=COUNSELLOR_PW)
    admin_ctx.vault.close()
    old = tmp_path / "old"
    old.mkdir()
    for p in vault_dir.iterdir():
        if p.is_file() and p.name != KEYRING_FILE:
            shutil.copy2(p, old / p.name)
    vault = Vault.unlock(vault_dir, user=ADMIN, password=ADMIN_PASSWORD)
    clients.create_client(ServiceContext.sign_in(vault, ADMIN), data=client_data())
    vault.close()
    for p in vault_dir.iterdir():
        if p.is_file() and p.name != KEYRING_FILE:
            p.unlink()
    for p in old.iterdir():
        shutil.copy2(p, vault_dir / p.name)


def test_rolled_back_vault_shows_a_notice_only_an_admin_can_acknowledge(
    qtbot, admin_ctx, vault_dir, tmp_path, make_window
):
    _roll_back_folder(admin_ctx, vault_dir, tmp_path)
    window = make_window()
    qtbot.waitUntil(lambda: window.unlock_page is not None)
    page = window.unlock_page
    replace_text(child(page, QLineEdit, "user_edit"), "berater")
    replace_text(child(page, QLineEdit, "password_edit"), COUNSELLOR_PW)
    click(qtbot, child(page, QPushButton, "unlock_button"))
    qtbot.waitUntil(lambda: page.shows_anchor_notice, timeout=15_000)
    assert window.workspace is None
    notice = page.findChild(type(page.anchor_detail_label), "anchor_detail_label")
    assert "älter als der Protokollanker" in notice.text()
    page.grab().save(str(tmp_path / "anchor-notice.png"))
    # a counsellor cannot acknowledge
    replace_text(page.anchor_admin_edit, "berater")
    replace_text(page.anchor_password_edit, COUNSELLOR_PW)
    replace_text(page.anchor_reason_edit, "keine Ahnung")
    click(qtbot, page.acknowledge_button)
    qtbot.waitUntil(lambda: bool(page.anchor_error_label.text()) and not page.is_working, timeout=15_000)
    assert page.shows_anchor_notice
    # an administrator without a reason is asked for one
    replace_text(page.anchor_admin_edit, ADMIN)
    replace_text(page.anchor_password_edit, ADMIN_PASSWORD)
    page.anchor_reason_edit.clear()
    click(qtbot, page.acknowledge_button)
    assert page.shows_anchor_notice and not page.is_working
    replace_text(page.anchor_reason_edit, "Ordner vom Stand Montag zurückgespielt")
    click(qtbot, page.acknowledge_button)
    qtbot.waitUntil(lambda: not page.shows_anchor_notice, timeout=15_000)
    assert "Bestätigt" in page.notice_label.text()
    sign_in(qtbot, window, "berater", COUNSELLOR_PW, timeout=15_000)
    wait_idle(qtbot, window.db)
    window.lock()
    qtbot.waitUntil(lambda: window.unlock_page is not None)
    wait_idle(qtbot, window.db)
    vault = Vault.unlock(vault_dir, user=ADMIN, password=ADMIN_PASSWORD)
    try:
        with vault.read() as conn:
            actions = [a for (a,) in conn.execute(text("SELECT action FROM audit_event ORDER BY seq"))]
    finally:
        vault.close()
    assert "vault.anchor_acknowledged" in actions
    assert "session.lock" in actions


def test_database_replaced_while_the_app_is_open_locks_and_shows_the_notice(
    qtbot, admin_ctx, vault_dir, tmp_path, make_window
):
    from referral_desk.core.services import organisation

    window = make_window()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    # another program removes the newest audit entries behind the app's back
    with admin_ctx.vault.write() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq > (SELECT max(seq) - 2 FROM audit_event)"))
    failed = []
    window.db.call(organisation.update_organisation, changes={"phone": "0621 123"}, on_error=failed.append)
    qtbot.waitUntil(lambda: window.unlock_page is not None and window.unlock_page.shows_anchor_notice, timeout=15_000)
    assert failed and failed[0].code.startswith("verify.anchor")
    assert window.workspace is None
