"""Verwaltung → Datenschutz: backup, settings, audit log, retention, offboarding, demo data.

A real vault (conftest's ``admin_ctx``) behind the real ``DatabaseWorker``; only the folder
chooser and the confirmation question are answered by the test.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QProgressDialog, QPushButton, QTableView
from sqlalchemy import text

from referral_desk.core.errors import AuthenticationFailed
from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import clients, demo, organisation, retention, users
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault
from referral_desk.ui.data_protection_tab import DataProtectionTab
from referral_desk.ui.worker import DatabaseWorker

from .clients_fixtures import SCREENSHOTS, call_sync, call_sync_run, demo_items
from .conftest import ADMIN, ADMIN_DISPLAY, ADMIN_PASSWORD, child, click, replace_text, wait_idle

COLLEAGUE_PASSWORD = "Beratung-mit-Herz-2026"


@pytest.fixture
def db(qtbot, admin_ctx):
    admin_ctx.vault.kdf = KdfParams.fast_for_tests()  # cheap slots for users added here
    worker = DatabaseWorker()
    worker.adopt(admin_ctx)
    yield worker
    wait_idle(qtbot, worker, timeout=60_000)
    worker.shutdown()


@pytest.fixture
def tab(qtbot, db):
    widget = DataProtectionTab(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    widget.reload()
    wait_idle(qtbot, db)
    return widget


def count_clients(qtbot, db) -> int:
    def count(ctx):
        with ctx.reading() as conn:
            return conn.execute(text("SELECT count(*) FROM client")).scalar_one()

    return call_sync(qtbot, db, count)


def due_client(qtbot, db, *, years_ago: int = 4) -> int:
    """A client whose case was closed ``years_ago`` years ago (past the 3-year default)."""
    client = call_sync(qtbot, db, clients.create_client, data=demo_items(1, seed=11)[0])

    def backdate(ctx):
        with ctx.vault.write() as conn:
            conn.execute(text("UPDATE client SET opened_on='2018-01-01' WHERE id=:i"), {"i": client.id})

    call_sync(qtbot, db, backdate)
    closed = dt.date.today() - dt.timedelta(days=365 * years_ago + 2)
    call_sync(qtbot, db, retention.close_case, client_id=client.id, closed_on=closed)
    return client.id


def test_backup_now_writes_a_file_into_the_chosen_folder(qtbot, db, tab, tmp_path):
    folder = tmp_path / "sicherungen"
    folder.mkdir()
    tab.choose_folder = lambda: str(folder)
    click(qtbot, child(tab, QPushButton, "backup_now_button"))
    status = child(tab, QLabel, "backup_status_label")
    qtbot.waitUntil(lambda: status.text().startswith("Gesichert:"), timeout=30_000)
    written = list(folder.glob("*.rdbackup"))
    assert len(written) == 1
    assert written[0].name in status.text()
    # The result is stored in the vault and shown (refreshed through the change signal).
    qtbot.waitUntil(lambda: "erfolgreich" in tab.backup_last_label.text(), timeout=10_000)
    assert "von Hand" in tab.backup_last_label.text()
    wait_idle(qtbot, db)

    # Cancelling the folder chooser does nothing.
    tab.choose_folder = lambda: None
    click(qtbot, tab.backup_now_button)
    assert not db.is_busy


def test_settings_round_trip(qtbot, db, tab, admin_ctx, tmp_path):
    tab.choose_folder = lambda: str(tmp_path)
    click(qtbot, child(tab, QPushButton, "backup_dir_button"))
    assert tab.backup_dir_edit.text() == str(tmp_path)
    tab.backup_keep_spin.setValue(4)
    mode = child(tab, QComboBox, "erase_mode_combo")
    mode.setCurrentIndex(mode.findData("delete"))
    tab.retention_years_spin.setValue(5)
    click(qtbot, child(tab, QPushButton, "data_protection_save_button"))
    qtbot.waitUntil(lambda: tab.settings_status_label.text() == "Gespeichert.", timeout=10_000)
    org = call_sync(qtbot, db, organisation.get_organisation)
    assert (org.backup_dir, org.backup_keep, org.erase_mode, org.retention_years) == (str(tmp_path), 4, "delete", 5)

    # A fresh tab shows the stored values; an empty folder switches automatic backups off.
    other = DataProtectionTab(db)
    qtbot.addWidget(other)
    other.reload()
    wait_idle(qtbot, db)
    assert other.backup_dir_edit.text() == str(tmp_path)
    assert other.backup_keep_spin.value() == 4 and other.erase_mode_combo.currentData() == "delete"
    replace_text(other.backup_dir_edit, "")
    click(qtbot, other.data_protection_save_button)
    qtbot.waitUntil(lambda: other.settings_status_label.text() == "Gespeichert.", timeout=10_000)
    assert call_sync(qtbot, db, organisation.get_organisation).backup_dir is None


def test_audit_log_shows_events_and_filters_by_action(qtbot, db, tab, tmp_path):
    tab.choose_folder = lambda: str(tmp_path)
    click(qtbot, tab.backup_now_button)
    wait_idle(qtbot, db, timeout=30_000)
    click(qtbot, child(tab, QPushButton, "audit_show_button"))
    wait_idle(qtbot, db)
    table = child(tab, QTableView, "audit_table")
    model = table.model()
    actions = [model.index(r, 3).data() for r in range(model.rowCount())]
    # Plain language and the person's display name, not developer codes (issue 16).
    assert "Sicherung erstellt" in actions and "Benutzerkonto angelegt" in actions
    assert not any("." in a for a in actions)
    assert "Sicherung erstellt" in actions[:3]  # newest first (the result note follows it)
    assert model.index(0, 2).data() == ADMIN_DISPLAY
    assert str(len(actions)) in tab.audit_total_label.text()

    combo = child(tab, QComboBox, "audit_action_combo")
    combo.setCurrentIndex(combo.findData("user."))
    click(qtbot, tab.audit_show_button)
    wait_idle(qtbot, db)
    filtered = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert filtered and all(a.startswith("Benutzerkonto") for a in filtered)
    assert not tab.audit_more_button.isEnabled()

    # The log follows changes made anywhere, without "Anzeigen" (the worker's change signal).
    call_sync(
        qtbot,
        db,
        users.add_user,
        name="c.demir",
        role="counsellor",
        password=COLLEAGUE_PASSWORD,
        display_name="Can Demir",
    )
    qtbot.waitUntil(lambda: model.rowCount() == len(filtered) + 1, timeout=10_000)
    assert model.index(0, 3).data() == "Benutzerkonto angelegt"
    assert model.index(0, 5).data() == "Anzeigename, Benutzername, Rolle"
    people = child(tab, QComboBox, "audit_user_combo")
    qtbot.waitUntil(lambda: people.findData("c.demir") >= 0, timeout=10_000)
    assert people.itemText(people.findData("c.demir")) == "Can Demir"

    # PDF for the data-protection officer, with the same filter.
    out = tmp_path / "protokoll.pdf"
    tab.choose_pdf_path = lambda: str(out)
    click(qtbot, tab.audit_pdf_button)
    qtbot.waitUntil(lambda: tab.audit_pdf_status_label.text().startswith("Gespeichert"), timeout=20_000)
    from pypdf import PdfReader

    pdf_text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Protokoll der Datenverarbeitung" in pdf_text and "Benutzerkonto angelegt" in pdf_text
    assert ADMIN_DISPLAY in pdf_text and "Sicherung erstellt" not in pdf_text
    import subprocess

    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "pdf")], check=False)


def test_audit_log_loads_more_pages(qtbot, db, tab):
    call_sync(qtbot, db, demo.generate, clients=250, seed=3, timeout=120_000)
    click(qtbot, tab.audit_show_button)
    wait_idle(qtbot, db)
    assert tab.audit_model.rowCount() == 200
    assert tab.audit_more_button.isEnabled()
    click(qtbot, tab.audit_more_button)
    wait_idle(qtbot, db)
    assert tab.audit_model.rowCount() == 400
    while tab.audit_more_button.isEnabled():
        click(qtbot, tab.audit_more_button)
        wait_idle(qtbot, db)
    total = tab._audit_total
    assert total > 400 and tab.audit_model.rowCount() == total
    assert tab.audit_total_label.text() == f"{total} von {total} Einträgen angezeigt"
    seqs = [tab.audit_model.index(r, 0).data() for r in range(total)]
    assert len(set(seqs)) == total  # no page twice
    assert not tab.audit_more_button.isEnabled()


def test_due_client_is_listed_and_erased_after_confirmation(qtbot, db, tab):
    client_id = due_client(qtbot, db)
    tab.reload_due()
    wait_idle(qtbot, db)
    table = child(tab, QTableView, "retention_table")
    assert not child(tab, QLabel, "retention_unavailable_label").isVisible()
    assert table.model().rowCount() == 1
    case_number = table.model().index(0, 0).data()
    assert table.model().index(0, 3).data() == ADMIN_DISPLAY  # the person, not the login name
    erase = child(tab, QPushButton, "erase_button")
    assert not erase.isEnabled()
    table.setCurrentIndex(table.model().index(0, 0))

    questions: list[str] = []
    tab.confirm = lambda question: questions.append(question) or False
    click(qtbot, erase)
    assert case_number in questions[0]
    assert not db.is_busy and table.model().rowCount() == 1

    tab.confirm = lambda question: True
    click(qtbot, erase)
    qtbot.waitUntil(lambda: "gelöscht" in tab.retention_status_label.text(), timeout=10_000)
    assert table.model().rowCount() == 0
    assert call_sync(qtbot, db, retention.due_for_erasure) == []

    def erased_on(ctx):
        with ctx.reading() as conn:
            return conn.execute(text("SELECT erased_on, family_name FROM client WHERE id=:i"), {"i": client_id}).one()

    row = call_sync(qtbot, db, erased_on)
    assert row[0] is not None and row[1].startswith("Gelöscht")  # default mode: anonymise


def test_legal_hold_takes_a_case_off_the_list(qtbot, db, tab):
    due_client(qtbot, db)
    tab.reload_due()
    wait_idle(qtbot, db)
    tab.retention_table.setCurrentIndex(tab.retention_model.index(0, 0))
    click(qtbot, child(tab, QPushButton, "legal_hold_button"))
    qtbot.waitUntil(lambda: "gesperrt" in tab.retention_status_label.text(), timeout=10_000)
    assert tab.retention_model.rowCount() == 0


def test_retention_list_needs_a_lead(qtbot, db, tab):
    call_sync(qtbot, db, users.update_user, name=ADMIN, also_lead=False)
    vault = db.context.vault
    db.adopt(call_sync_run(qtbot, db, lambda: ServiceContext.sign_in(vault, ADMIN)))  # actor re-read
    tab.reload_due()
    wait_idle(qtbot, db)
    assert tab.retention_unavailable_label.isVisibleTo(tab)
    assert not tab.retention_content.isVisibleTo(tab)


def test_offboarding_locks_the_colleague_out(qtbot, db, tab, vault_dir):
    call_sync(
        qtbot,
        db,
        users.add_user,
        name="b.kaya",
        role="counsellor",
        password=COLLEAGUE_PASSWORD,
        display_name="Bahar Kaya",
    )
    call_sync(
        qtbot,
        db,
        users.add_user,
        name="c.demir",
        role="counsellor",
        password=COLLEAGUE_PASSWORD,
        display_name="Can Demir",
    )
    tab.reload_users()
    wait_idle(qtbot, db)
    combo = child(tab, QComboBox, "offboard_user_combo")
    assert [combo.itemData(i) for i in range(combo.count())] == ["b.kaya", "c.demir"]  # not the admin self
    combo.setCurrentIndex(combo.findData("b.kaya"))

    tab.confirm = lambda question: False
    click(qtbot, child(tab, QPushButton, "offboard_button"))
    assert not db.is_busy

    tab.confirm = lambda question: "b.kaya" in question
    click(qtbot, tab.offboard_button)
    qtbot.waitUntil(lambda: "ausgeschieden" in tab.offboard_status_label.text(), timeout=60_000)
    wait_idle(qtbot, db)
    assert [combo.itemData(i) for i in range(combo.count())] == ["c.demir"]
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(vault_dir, user="b.kaya", password=COLLEAGUE_PASSWORD).close()
    # Everyone else keeps their password.
    for name, password in ((ADMIN, ADMIN_PASSWORD), ("c.demir", COLLEAGUE_PASSWORD)):
        with Vault.unlock(vault_dir, user=name, password=password) as vault:
            assert vault.is_open
    assert list((vault_dir / "backups").glob("*.rdbackup"))  # the backup made first


def test_no_demo_data_in_a_vault_with_real_records(qtbot, db, tab):
    call_sync(qtbot, db, clients.create_client, data=demo_items(1, seed=11)[0])
    tab.reload()
    wait_idle(qtbot, db)
    assert not tab.demo_button.isVisible() and tab.demo_vault_button.isVisible()
    assert "nur im separaten Demo-Tresor" in tab.demo_note_label.text()
    tab.generate_demo()  # even if called: nothing happens outside the demo vault
    assert not db.is_busy and count_clients(qtbot, db) == 1


def make_demo_vault(qtbot, db, tab) -> None:
    call_sync(qtbot, db, demo.generate, clients=1, seed=1)  # an empty vault becomes the demo vault
    tab.reload()
    wait_idle(qtbot, db)
    assert tab.is_demo_vault and tab.demo_button.isVisible()
    tab.confirm = lambda _text: True


def test_demo_data_with_progress(qtbot, db, tab):
    make_demo_vault(qtbot, db, tab)
    tab.demo_count_spin.setValue(300)
    click(qtbot, child(tab, QPushButton, "demo_button"))
    dialog = tab.findChild(QProgressDialog, "demo_progress_dialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.findChild(QPushButton).text() == "Abbrechen"
    qtbot.waitUntil(lambda: tab.demo_status_label.text().startswith("Erzeugt: 300 Klient*innen"), timeout=120_000)
    assert tab.demo_progress_dialog is None and tab.demo_button.isEnabled()
    assert count_clients(qtbot, db) == 301


def test_cancelled_demo_run_writes_nothing(qtbot, db, tab):
    make_demo_vault(qtbot, db, tab)
    gate = threading.Event()
    db.run(gate.wait)  # hold the worker so the cancel arrives before the run starts
    tab.demo_count_spin.setValue(300)
    click(qtbot, tab.demo_button)
    dialog = tab.demo_progress_dialog
    assert dialog is not None
    click(qtbot, dialog.findChild(QPushButton))  # "Abbrechen"
    gate.set()
    qtbot.waitUntil(
        lambda: tab.demo_status_label.text() == "Abgebrochen – es wurde nichts gespeichert.", timeout=60_000
    )
    assert tab.demo_button.isEnabled()
    assert count_clients(qtbot, db) == 1


def test_admin_page_has_the_data_protection_tab(qtbot, admin_ctx, main_window):
    from .test_admin import open_admin

    admin_ctx.vault.kdf = KdfParams.fast_for_tests()
    users.add_user(admin_ctx, name="b.kaya", role="counsellor", password=COLLEAGUE_PASSWORD, display_name="Bahar Kaya")
    client = clients.create_client(admin_ctx, data=demo_items(1, seed=11)[0])
    with admin_ctx.vault.write() as conn:
        conn.execute(text("UPDATE client SET opened_on='2018-01-01' WHERE id=:i"), {"i": client.id})
    retention.close_case(admin_ctx, client_id=client.id, closed_on=dt.date.today() - dt.timedelta(days=4 * 365 + 2))

    main_window.resize(1400, 1000)
    page = open_admin(qtbot, main_window)
    assert page.tabs.tabText(3) == "&Datenschutz"
    page.tabs.setCurrentIndex(3)
    tab = page.data_protection_tab
    assert tab.objectName() == "data_protection_tab" and tab.isVisible()
    wait_idle(qtbot, main_window.db)
    assert tab.retention_model.rowCount() == 1
    assert tab.audit_model.rowCount() > 0
    assert tab.offboard_user_combo.currentData() == "b.kaya"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert main_window.grab().save(str(SCREENSHOTS / "24-admin-data-protection.png"))


def test_program_errors_are_listed_for_the_administration(qtbot, db, tab):
    from referral_desk.core.services import desk

    call_sync(
        qtbot,
        db,
        desk.record_error,
        kind="ZeroDivisionError",
        location="referral_desk/ui/a.py:f:1\nreferral_desk/ui/b.py:g:2",
        app_version="0.2.0",
    )
    qtbot.waitUntil(lambda: tab.errors_model.rowCount() == 1, timeout=10_000)
    model = tab.errors_model
    assert model.index(0, 1).data() == "ZeroDivisionError"
    assert model.index(0, 2).data() == "referral_desk/ui/b.py:g:2"  # the innermost frame


def test_a_call_after_shutdown_is_dropped_not_raised(qtbot, admin_ctx):
    """Closing the window shuts the worker down while replies may still be on their way; one
    that chains a follow-up call (the referrals list asks for its reminder count) must not
    raise "cannot schedule new futures after shutdown"."""
    from referral_desk.core.services import organisation

    worker = DatabaseWorker()
    worker.adopt(admin_ctx)
    worker.shutdown()
    called: list[object] = []
    worker.call(organisation.get_organisation, on_success=called.append, on_error=called.append)
    qtbot.wait(50)
    assert called == [] and not worker.is_busy
