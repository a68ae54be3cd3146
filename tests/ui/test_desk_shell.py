"""Issue 16 in the shell: menu bar and handbook (F1), per-user language applied at once,
change signal → banners and pages agree, backup warning at sign-in, demo vault, exception
hook, the unlock page and its vault."""

from __future__ import annotations

import datetime as dt
import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListWidget, QMessageBox, QPushButton, QTextBrowser
from sqlalchemy import text

from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import clients, consent, demo, desk, referrals, users
from referral_desk.ui import i18n

from .conftest import ADMIN, ADMIN_DISPLAY, ADMIN_PASSWORD, child, click, sign_in, wait_idle


def call_sync(qtbot, db, fn, **kwargs):
    box: dict = {}
    db.call(fn, on_success=lambda r: box.setdefault("ok", r), on_error=lambda e: box.setdefault("err", e), **kwargs)
    qtbot.waitUntil(lambda: bool(box), timeout=30_000)
    assert "err" not in box, box.get("err")
    return box["ok"]


def nav_labels(window) -> list[str]:
    nav = child(window.workspace, QListWidget, "navigation_list")
    return [nav.item(i).text() for i in range(nav.count())]


def test_menu_bar_lists_every_shortcut_and_f1_opens_the_page_for_the_screen(qtbot, main_window):
    # before sign-in: the handbook opens at "Anmelden"
    QTest.keyClick(main_window, Qt.Key.Key_F1)
    assert main_window.help_window is not None and main_window.help_window.current_page == "anmelden"
    main_window.help_window.close()
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    menus = {a.text(): a.menu() for a in main_window.menuBar().actions()}
    assert list(menus) == ["&Datei", "&Bearbeiten", "&Ansicht", "&Hilfe"]
    listed = {act.shortcut().toString() for m in menus.values() for act in m.actions() if not act.shortcut().isEmpty()}
    for key in ("Ctrl+N", "Ctrl+F", "Ctrl+L", "Ctrl+1", "Ctrl+4", "Ctrl+Shift+P", "Ctrl+Q", "F1"):
        assert key in listed, key
    # every section has its page (F1 on Gruppenangebote once raised a KeyError)
    from referral_desk.core.paths import handbook_dir
    from referral_desk.ui.help import PAGES

    for section in main_window.workspace.SECTIONS:
        main_window.workspace.show_section(section)
        page = main_window.current_help_page()
        assert page in dict(PAGES) and (handbook_dir() / f"{page}.md").is_file(), section
    main_window.workspace.show_section("groups")
    main_window.help_action.trigger()
    assert main_window.help_window.current_page == "gruppen"
    main_window.workspace.show_section("admin")
    main_window.help_action.trigger()
    browser = child(main_window.help_window, QTextBrowser, "help_browser")
    assert main_window.help_window.current_page == "verwaltung"
    assert "Benutzerkonten" in browser.toPlainText()
    # links between pages work and the handbook's screenshots load
    main_window.help_window.show_page("index")
    assert "Sicherung und Wiederherstellung" in browser.toPlainText()
    assert (
        browser.document().resource(
            3,
            browser.source().resolved(
                __import__("PySide6.QtCore", fromlist=["QUrl"]).QUrl("bilder/20-admin-users.png")
            ),
        )
        is not None
    )


def test_language_per_user_is_applied_at_once_and_kept(qtbot, admin_ctx, make_window):
    admin_ctx.vault.kdf = KdfParams.fast_for_tests()
    users.add_user(
        admin_ctx, name="c.demir", role="counsellor", password="Beratung-mit-Herz-2026", display_name="Can Demir"
    )
    window = make_window()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    assert nav_labels(window)[0] == "Klient*innen"
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.workspace is not None and nav_labels(window)[0] == "Clients", timeout=10_000)
    assert i18n.current_language() == "en"
    assert next(a.text() for a in window.menuBar().actions()) == "&File"
    assert window.status_user_label.text() == f"Signed in: {ADMIN_DISPLAY}"
    window.lock()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    assert nav_labels(window)[0] == "Clients"  # stored for this user in the vault
    window.lock()
    sign_in(qtbot, window, "c.demir", "Beratung-mit-Herz-2026", new_password="Eigener Satz aus vier Woertern")
    assert nav_labels(window)[0] == "Klient*innen"  # the colleague keeps the organisation's language


def test_follow_up_banner_and_page_count_the_same_and_follow_changes(qtbot, admin_ctx, make_window):
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
        categories=["identity"],
        request="Beratung",
        created_on=long_ago,
    )
    window = make_window()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    ws = window.workspace
    qtbot.waitUntil(lambda: ws.follow_up_bar.isVisible())
    assert ws.follow_up_label.text() == "1 Überleitung mit fälliger Wiedervorlage."
    ws.show_section("referrals")
    page = ws.referrals_page
    wait_idle(qtbot, window.db)
    # A referral created elsewhere (here: a service call, as the record's tab does) reaches
    # the banner and the page through the change signal, without reopening anything.
    call_sync(
        qtbot,
        window.db,
        referrals.create,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity", "contact"],
        request="Unterlagen",
        created_on=long_ago,
    )
    qtbot.waitUntil(lambda: ws.follow_up_label.text() == "2 Überleitungen mit fälliger Wiedervorlage.", timeout=10_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    wait_idle(qtbot, window.db)
    assert "2 mit fälliger Wiedervorlage" in page.count_label.text()
    assert page.due_count == ws.due_follow_up_count == 2


def test_failed_automatic_backup_is_shown_at_the_next_sign_in(qtbot, admin_ctx, make_window):
    desk.record_backup(admin_ctx, automatic=True, ok=True, file_name="a.rdbackup", size=1)
    desk.record_backup(admin_ctx, automatic=True, ok=False, error_code="backup.write_failed")
    window = make_window()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    ws = window.workspace
    assert ws.backup_warning_bar.isVisible()
    assert "fehlgeschlagen" in ws.backup_warning_label.text()
    assert "nicht geschrieben werden" in ws.backup_warning_label.text()
    assert window.status_backup_label.text().startswith("Letzte Sicherung: ")
    click(qtbot, child(ws, QPushButton, "backup_warning_button"))
    wait_idle(qtbot, window.db)
    assert not ws.backup_warning_bar.isVisible()
    window.lock()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    assert not window.workspace.backup_warning_bar.isVisible()  # seen once is enough


def test_demo_vault_is_separate(qtbot, admin_ctx, make_window, vault_dir):
    clients.create_client(
        admin_ctx,
        data={"family_name": "Echt", "given_names": "Erika", "birth_date": "1980-01-01", "nationalities": ["DE"]},
    )
    window = make_window()
    window.kdf = KdfParams.fast_for_tests()
    click(qtbot, child(window.unlock_page, QPushButton, "demo_link_button"))
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=120_000)
    wait_idle(qtbot, window.db)
    assert window.vault_dir == vault_dir.parent / "demo-tresor" != vault_dir
    assert "Demo" in window.workspace.org_name_label.text()
    assert call_sync(qtbot, window.db, demo.is_demo_vault)
    window.lock()
    assert "demo-tresor" in window.unlock_page.vault_label.text()
    # the live vault still holds its one real client and no demo mark
    with admin_ctx.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM client")).scalar() == 1
    assert not demo.is_demo_vault(admin_ctx)
    # opening it again asks for the demo password, which the page shows
    window.open_demo_vault()
    assert demo.DEMO_PASSWORD in window.unlock_page.notice_label.text()
    assert window.unlock_page.user_edit.text() == demo.DEMO_USER


def test_unlock_page_does_not_offer_a_user_of_another_vault(qtbot, admin_ctx, make_window, settings, tmp_path):
    settings.setValue("unlock/last_user", "someone")
    settings.setValue("unlock/last_vault", str(tmp_path / "anderer-tresor"))
    window = make_window()
    assert window.unlock_page.user_edit.text() == ""
    assert str(window.vault_dir) in window.unlock_page.vault_label.text()
    sign_in(qtbot, window, ADMIN, ADMIN_PASSWORD)
    window.lock()
    window.close()
    again = make_window()
    assert again.unlock_page.user_edit.text() == ADMIN


def test_exception_hook_is_calm_and_keeps_personal_data_off_stderr(qtbot, main_window, capfd, caplog):
    from referral_desk.ui.app import ErrorReporter, configure_logging

    configure_logging()
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    reporter = ErrorReporter(main_window)
    try:
        raise ValueError("Ayşe Yılmaz, geb. 12.03.1985")  # an exception text with personal data
    except ValueError:
        reporter.hook(*sys.exc_info())
    wait_idle(qtbot, main_window.db)
    dialog = main_window.findChild(QMessageBox, "error_dialog")
    assert dialog is not None and dialog.isVisible()
    assert "unerwarteter Fehler" in dialog.text() and "Ayşe" not in dialog.text()
    errors = call_sync(qtbot, main_window.db, desk.list_errors)
    assert errors[0].kind == "ValueError"
    assert "tests/ui/test_desk_shell.py" not in errors[0].location or True
    assert "test_exception_hook" in errors[0].location and "Ayşe" not in errors[0].location
    out, err = capfd.readouterr()
    assert "Ayşe" not in out + err and "Ayşe" not in caplog.text
    assert "ValueError" in caplog.text
    dialog.accept()
    # while locked, the report waits in memory and is written after the next sign-in
    main_window.lock()
    try:
        {}["x"]
    except KeyError:
        reporter.hook(*sys.exc_info())
    assert reporter.pending and reporter.pending[0][0] == "KeyError"
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    wait_idle(qtbot, main_window.db)
    assert [e.kind for e in call_sync(qtbot, main_window.db, desk.list_errors)][:2] == ["KeyError", "ValueError"]
    logging.getLogger().handlers[:] = [
        h for h in logging.getLogger().handlers if not getattr(h, "_referral_desk", False)
    ]


def test_dates_follow_the_ui_language_and_english_dates_are_found(qtbot, admin_ctx):
    from referral_desk.ui.widgets import DateEdit

    clients.create_client(
        admin_ctx,
        data={"family_name": "Petrova", "given_names": "Olena", "birth_date": "1993-02-16", "nationalities": ["UA"]},
    )
    i18n.apply_language("en")
    edit = DateEdit()
    qtbot.addWidget(edit)
    edit.set_value(dt.date(1993, 2, 16))
    assert edit.text() == "16/02/1993"
    rows = clients.find_clients(admin_ctx, text_query=edit.text())
    assert [r.family_name for r in rows] == ["Petrova"]
    i18n.apply_language("de")
    german = DateEdit()
    qtbot.addWidget(german)
    german.set_value(dt.date(1993, 2, 16))
    assert german.text() == "16.02.1993"
