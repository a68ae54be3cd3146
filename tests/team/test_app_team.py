"""Two app instances against one team database (issue 18, "Done when").

Two main windows, each with its own database worker and connection — Anna's desk and Bert's —
signed in through the team sign-in page against the private PostgreSQL cluster (TLS, SCRAM).
What they show and save is decided by the server's row-level security and the version column:
Anna cannot see Bert's client until he shares it; two concurrent edits of the same record end
in the merge dialog, never in a lost update; a draft kept over a lock is merged too.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from referral_desk.core.audit import verify_chain
from referral_desk.core.services import clients
from referral_desk.core.team import connection, shares
from referral_desk.ui.clients.record import ClientRecord
from tests.consent_fixtures import referral_with_consent
from tests.ui.clients_fixtures import SCREENSHOTS, call_sync, wait_idle
from tests.ui.conftest import child, click, replace_text


@pytest.fixture
def desks(qtbot, team_db, tmp_path):
    from referral_desk.ui.main_window import MainWindow

    params = connection.parse_dsn(team_db.dsn("super"))
    params.pop("password"), params.pop("user")  # what an administration puts in the shortcut
    windows = {}
    for who in ("anna", "bert"):
        settings = QSettings(str(tmp_path / f"{who}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(tmp_path / f"no-vault-{who}", settings=settings, language="de", team=dict(params))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows[who] = window
    yield windows
    for window in windows.values():
        window.shutdown()


def _sign_in(qtbot, window, team_db, who: str, password: str | None = None) -> None:
    qtbot.waitUntil(lambda: window.team_sign_in_page is not None)
    page = window.team_sign_in_page
    login = team_db.users[who]
    replace_text(child(page, QLineEdit, "team_user_edit"), login)
    replace_text(child(page, QLineEdit, "team_password_edit"), password or team_db.passwords[login])
    click(qtbot, child(page, QPushButton, "team_sign_in_button"))


def _signed_in(qtbot, window, team_db, who: str) -> None:
    _sign_in(qtbot, window, team_db, who)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    wait_idle(qtbot, window.db)


def _listed(qtbot, window) -> list[str]:
    page = window.workspace.clients_page
    page.refresh()
    wait_idle(qtbot, window.db)
    qtbot.waitUntil(lambda: not page.model.is_loading, timeout=10_000)
    return sorted(page.model.summary(r).case_number for r in range(page.model.rowCount()))


def _record(qtbot, window, client_id: int) -> ClientRecord:
    record = window.workspace.clients_page.open_client(client_id)
    wait_idle(qtbot, window.db)
    qtbot.waitUntil(lambda: record.client is not None, timeout=10_000)
    return record


def _stored(team_db, client_id: int):
    with team_db.raw("super") as conn:
        return conn.execute("SELECT phone, notes, email, version FROM client WHERE id = %s", (client_id,)).fetchone()


def test_two_desks_share_a_caseload_through_the_server(qtbot, desks, team_db):
    anna, bert = desks["anna"], desks["bert"]
    # A wrong password is the server's "no": a calm message, still on the sign-in page.
    _sign_in(qtbot, anna, team_db, "anna", password="falsch-falsch-falsch")
    page = anna.team_sign_in_page
    qtbot.waitUntil(lambda: bool(child(page, type(page.error_label), "team_error_label").text()), timeout=20_000)
    assert anna.workspace is None and "team_server_label" in {
        w.objectName() for w in page.findChildren(type(page.server_label))
    }
    page.grab().save(str(SCREENSHOTS / "60-team-sign-in.png"))
    _signed_in(qtbot, anna, team_db, "anna")
    _signed_in(qtbot, bert, team_db, "bert")
    assert anna.db.actor.name == team_db.users["anna"] and anna.db.context.team
    assert not anna.restore_action.isEnabled() and anna.change_password_action.isEnabled()
    assert "Teamdatenbank" in anna.status_backup_label.text()
    assert anna.workspace.clients_page.import_button.isEnabled()  # the list import runs on the server too
    # Verwaltung is the administrator's (tests/team/test_app_team_admin.py); a counsellor is told.
    assert "Administration" in anna.workspace.findChild(QWidget, "admin_page").text_label.text()

    # Bert records a client at his desk.
    created = call_sync(
        qtbot,
        bert.db,
        clients.create_client,
        data={"family_name": "Şahin", "given_names": "Zeynep", "birth_date": "1991-04-23", "phone": "0621 100"},
    )
    assert _listed(qtbot, bert) == [created.case_number]
    # Anna's desk does not show it, finds it by no search, and cannot open it.
    assert _listed(qtbot, anna) == []
    found = call_sync(qtbot, anna.db, clients.find_clients, text_query="Sahin")
    assert found == []
    with pytest.raises(Exception) as refused:
        call_sync(qtbot, anna.db, clients.get_client, client_id=created.id)
    assert getattr(refused.value, "code", "") == "client.not_found"

    # Bert shares the client for his leave: now Anna's desk lists it.
    until = dt.date.today() + dt.timedelta(days=14)
    call_sync(qtbot, bert.db, shares.share_client, client_id=created.id, colleague=team_db.users["anna"], until=until)
    assert _listed(qtbot, anna) == [created.case_number]

    # Both open the record; Bert saves first, then Anna: a conflict, shown to merge.
    mine, theirs = _record(qtbot, anna, created.id), _record(qtbot, bert, created.id)
    theirs.form.phone_edit.setText("0621 200")
    theirs.form.notes_edit.setPlainText("Termin Jobcenter am Montag")
    theirs.save_button.click()
    wait_idle(qtbot, bert.db)
    assert theirs.client.version == created.version + 1
    mine.form.phone_edit.setText("0621 300")
    mine.form.email_edit.setText("z.sahin@example.org")
    mine.save_button.click()
    qtbot.waitUntil(lambda: mine.merge_dialog is not None and mine.merge_dialog.isVisible(), timeout=10_000)
    dialog = mine.merge_dialog
    assert [f.key for f in dialog.plan.conflicts] == ["phone"]
    assert dialog.choices() == {"phone": True, "email": True, "notes": False}
    dialog.merge_button.click()
    wait_idle(qtbot, anna.db)
    phone, notes, email, version = _stored(team_db, created.id)
    assert (phone, notes, email) == ("0621 300", "Termin Jobcenter am Montag", "z.sahin@example.org")
    assert version == created.version + 2  # two saves, none lost

    # Anna keeps typing, her desk locks; Bert saves meanwhile; her draft comes back merged.
    mine.form.notes_edit.setPlainText("Termin Jobcenter am Montag; Unterlagen mitbringen")
    anna.lock()
    qtbot.waitUntil(lambda: anna.team_sign_in_page is not None)
    wait_idle(qtbot, anna.db)
    theirs.form.email_edit.setText("zeynep.sahin@example.org")
    theirs.save_button.click()
    wait_idle(qtbot, bert.db)
    # Bert's form was still at his own save's version: Anna's merge came in between.
    qtbot.waitUntil(lambda: theirs.merge_dialog is not None and theirs.merge_dialog.isVisible(), timeout=10_000)
    # Her phone number is preselected (he had not changed it again); both changed the e-mail.
    assert theirs.merge_dialog.choices() == {"email": True, "phone": False}
    assert [f.key for f in theirs.merge_dialog.plan.conflicts] == ["email"]
    theirs.merge_dialog.merge_button.click()
    wait_idle(qtbot, bert.db)
    assert _stored(team_db, created.id)[2] == "zeynep.sahin@example.org"
    _signed_in(qtbot, anna, team_db, "anna")
    qtbot.waitUntil(lambda: bool(anna.workspace.clients_page.open_records()), timeout=10_000)
    (restored,) = anna.workspace.clients_page.open_records()
    qtbot.waitUntil(lambda: restored.merge_dialog is not None and restored.merge_dialog.isVisible(), timeout=10_000)
    assert restored.merge_dialog.choices() == {"notes": True, "email": False}
    restored.merge_dialog.merge_button.click()
    restored.save_button.click()
    wait_idle(qtbot, anna.db)
    _phone, notes, email, _version = _stored(team_db, created.id)
    assert notes == "Termin Jobcenter am Montag; Unterlagen mitbringen"
    assert email == "zeynep.sahin@example.org"  # Bert's change survived Anna's old draft

    # The whole story is in the server's audit chain, which verifies.
    with team_db.raw("super") as su:
        key = bytes(su.execute("SELECT audit_key FROM team_secret").fetchone()[0])
        updates = su.execute(
            "SELECT count(*) FROM audit_event WHERE action = 'client.update' AND entity_id = %s", (created.id,)
        ).fetchone()[0]
    assert updates == 4
    engine = team_db.engine("super")
    try:
        with engine.connect() as conn:
            _head, broken = verify_chain(conn, key)
        assert broken is None
    finally:
        engine.dispose()


def test_the_app_refuses_a_dsn_with_a_password_or_none_at_all(capsys):
    from referral_desk.ui.app import team_params

    assert team_params(None) is None
    assert team_params("postgresql://anna:geheim@db.example.org/awo_lu") == {}
    assert team_params("kein dsn ===") == {}
    err = capsys.readouterr().err
    assert "geheim" not in err and "Passwort" in err and "Verbindungsangabe" in err
    params = team_params("postgresql://db.example.org/awo_lu")
    assert params is not None and params["sslmode"] == "verify-full" and "password" not in params


def test_case_work_on_the_server_stays_in_the_caseload(team_db):
    """What the record's tabs do (contacts, consents, referrals) runs on the team database,
    and the rows under a client follow the client's visibility."""
    from referral_desk.core.services import contacts

    anna, bert = team_db.context("anna"), team_db.context("bert")
    try:
        client = clients.create_client(
            anna, data={"family_name": "Кузнецова", "given_names": "Ольга", "birth_date": "1979-11-02"}
        )
        contacts.add_contact(anna, client_id=client.id, data={"date": "2026-11-10", "minutes": 30, "topics": ["work"]})
        made = referral_with_consent(anna, client.id)
        assert [c.minutes for c in contacts.list_contacts(anna, client_id=client.id)] == [30]
        assert made.client_family_name == "Кузнецова"
        for table in ("contact", "consent", "referral"):
            with team_db.raw("bert") as raw:
                assert raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        with pytest.raises(Exception) as refused:
            contacts.list_contacts(bert, client_id=client.id)
        assert getattr(refused.value, "code", "") == "client.not_found"
    finally:
        anna.vault.close()
        bert.vault.close()


def test_a_team_prints_once_the_administration_entered_the_addresses(team_db, monkeypatch, capsys):
    """``org set`` / ``agency set`` with ``--dsn`` as the team's administrator; then a
    counsellor's referral sheet is a real PDF from the server's records."""
    from referral_desk.cli import main
    from referral_desk.core.printable import NotPrintable
    from referral_desk.core.services import referrals
    from tests.core.letters_fixtures import cli_commands

    for name in ("REFERRAL_DESK_DSN", "REFERRAL_DESK_USER", "REFERRAL_DESK_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    anna = team_db.context("anna")
    try:
        client = clients.create_client(
            anna,
            data={
                "family_name": "Ahmadi",
                "given_names": "Zahra",
                "birth_date": "1994-01-15",
                "address": {"street": "Bismarckstraße 10", "postal_code": "67059", "city": "Ludwigshafen am Rhein"},
            },
        )
        made = referral_with_consent(anna, client.id)
        with pytest.raises(NotPrintable):  # a new team database has no sender address
            referrals.render_sheet(anna, referral_id=made.id)
        # A counsellor cannot change the organisation's profile; the administrator can.
        assert main(["--dsn", team_db.dsn("anna"), "org", "set", "--phone", "0621 1"]) == 3
        for args in cli_commands():
            code = main(["--dsn", team_db.dsn("admin"), *args])
            assert code == 0, capsys.readouterr().err
        capsys.readouterr()
        assert main(["--json", "--dsn", team_db.dsn("admin"), "org", "show"]) == 0
        assert json.loads(capsys.readouterr().out)["street"] == "Ludwigstraße 67"
        pdf = referrals.render_sheet(anna, referral_id=made.id)
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    finally:
        anna.vault.close()


def test_case_work_commands_run_on_the_server_as_the_counsellor(team_db, monkeypatch, capsys, tmp_path):
    """Case work with ``--dsn`` (contacts, consents, referrals, the support plan, signposts,
    reminders): the counsellor's own login, row-level security in force (a colleague lists
    nothing), status changes and withdrawals only from the version read."""
    from referral_desk.cli import main
    from tests.core.letters_fixtures import complete_addresses

    for name in ("REFERRAL_DESK_DSN", "REFERRAL_DESK_USER", "REFERRAL_DESK_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    admin = team_db.context("admin")
    anna = team_db.context("anna")
    try:
        complete_addresses(admin)
        client = clients.create_client(
            anna,
            data={
                "family_name": "Petrenko",
                "given_names": "Olena",
                "birth_date": "1988-07-09",
                "address": {"street": "Bismarckstraße 12", "postal_code": "67059", "city": "Ludwigshafen am Rhein"},
            },
        )
    finally:
        admin.vault.close()
        anna.vault.close()

    def run(who: str, *args: str):
        code = main(["--json", "--dsn", team_db.dsn(who), *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return json.loads(out) if out.strip() else None

    cid = str(client.id)
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    run("anna", "contact", "add", cid, "--date", yesterday, "--minutes", "45", "--topics", "work,housing")
    run("anna", "consent", "grant", cid, "--recipient", "jobcenter", "--categories", "identity,contact",
        "--purpose", "job_placement", "--given-on", yesterday)  # fmt: skip
    assert len(run("anna", "consent", "list", cid)) == 1
    made = run("anna", "referral", "create", cid, "--recipient", "jobcenter", "--categories", "identity,contact",
               "--reason", "Termin bei der Arbeitsvermittlung")  # fmt: skip
    pdf = tmp_path / "bogen.pdf"
    run("anna", "referral", "pdf", str(made["id"]), "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert made["id"] in [r["id"] for r in run("anna", "referral", "list")]
    assert made["id"] not in [r["id"] for r in run("bert", "referral", "list")]  # not his caseload, not shared
    assert main(["--dsn", team_db.dsn("bert"), "contact", "add", cid, "--date", yesterday, "--minutes", "5",
                 "--topics", "work"]) != 0  # fmt: skip

    # Moving the referral on and withdrawing part of the consent, each only from the version read.
    assert made["version"] == 1
    sent = run("anna", "referral", "status", str(made["id"]), "sent", "--if-version", "1")
    assert sent["status"] == "sent" and sent["version"] == 2
    assert main(["--dsn", team_db.dsn("anna"), "referral", "status", str(made["id"]), "received",
                 "--if-version", "1"]) == 3  # fmt: skip
    assert "version" in capsys.readouterr().err
    revoked = run("anna", "consent", "revoke", str(made["consent_id"]), "--categories", "contact", "--if-version", "1")
    assert revoked["withdrawn_categories"] == ["contact"] and revoked["version"] == 2
    # The declaration to sign and the withdrawal notice to the Jobcenter, printed from the server.
    run("admin", "forms", "approve", "--regime", "dsgvo", "--language", "uk")  # the Ukrainian text was checked
    assert any(t["language"] == "uk" and t["status"] == "approved" for t in run("admin", "forms", "status"))
    run("anna", "consent", "form", cid, "--recipient", "jobcenter", "--categories", "identity", "--language", "uk",
        "--out", str(tmp_path / "erklaerung.pdf"))  # fmt: skip
    run("anna", "consent", "notice", str(made["consent_id"]), "--out", str(tmp_path / "mitteilung.pdf"))
    for name in ("erklaerung.pdf", "mitteilung.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")
    # The support plan and a signpost, read back on the server.
    goal = run("anna", "plan", "add", cid, "--area", "work", "--goal", "Arbeit finden")
    soon = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    step = run("anna", "plan", "step", str(goal["id"]), "--text", "Lebenslauf schreiben", "--due", soon)
    run("anna", "plan", "review", str(goal["id"]), "--outcome", "partly")
    plan = run("anna", "plan", "show", cid)
    assert [len(g["steps"]) for g in plan["goals"]] == [1] and plan["goals"][0]["outcome"] == "partly"
    run("anna", "plan", "pdf", cid, "--out", str(tmp_path / "plan.pdf"))
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    run("anna", "signpost", "add", cid, "--to", "Schuldnerberatung", "--date", yesterday)
    assert main(["--dsn", team_db.dsn("bert"), "plan", "show", cid]) != 0  # not his caseload
    capsys.readouterr()
    due = [(r["kind"], r["subject_id"], r["due_on"]) for r in run("anna", "reminders", "--days", "30")]
    assert ("plan_step", step["id"], soon) in due
    assert run("bert", "reminders", "--days", "30") == []


def test_f1_on_the_team_sign_in_opens_the_team_database_page(qtbot, desks):
    window = desks["anna"]
    qtbot.waitUntil(lambda: window.team_sign_in_page is not None)
    assert window.current_help_page() == "teamdatenbank"
    help_window = window.show_help()
    assert "Vertretung" in help_window.browser.toPlainText()
