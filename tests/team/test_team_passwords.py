"""One's own password on the team database: the person's login role, changed by the person.

``passwd --dsn`` and "Datei → Passwort ändern" in the app send ``ALTER ROLE CURRENT_USER`` with
a SCRAM verifier made on the desk (the server never sees the password); the current password is
checked by a sign-in with it; the old one stops working at once, the desk's next connections
use the new one, and the audit log records the change without a value.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QLineEdit

from referral_desk.cli import main
from referral_desk.core.errors import AuthenticationFailed
from referral_desk.core.services import clients
from referral_desk.core.team import connection
from referral_desk.core.team.context import TeamContext
from tests.team.test_app_team import _signed_in, desks  # noqa: F401 - desks is a pytest fixture
from tests.ui.clients_fixtures import wait_idle
from tests.ui.conftest import child, replace_text

NEW = "Rheinufer-Sonnenschein-Brücke-77"


def _sign_in_as(team_db, who: str, password: str) -> TeamContext:
    params = connection.parse_dsn(team_db.dsn(who))
    params["password"] = password
    return TeamContext.sign_in(connection.make_engine(params))


def _events(team_db, action: str) -> list[tuple[str, object]]:
    with team_db.raw("super") as su:
        return su.execute("SELECT entity, fields FROM audit_event WHERE action = %s", (action,)).fetchall()


def test_passwd_with_dsn_changes_the_login_password(team_db, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("REFERRAL_DESK_CONFIG_DIR", str(tmp_path / "config"))
    login = team_db.users["bert"]
    old = team_db.passwords[login]
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", old)
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", "kurz")
    assert main(["--dsn", team_db.dsn("bert"), "passwd"]) == 2  # the password policy, as on the desk
    capsys.readouterr()
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", NEW)
    assert main(["--dsn", team_db.dsn("bert"), "passwd", "--rotate"]) == 2
    assert "rotate" in capsys.readouterr().err
    assert main(["--json", "--dsn", team_db.dsn("bert"), "passwd"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    with pytest.raises(AuthenticationFailed):
        _sign_in_as(team_db, "bert", old)
    ctx = _sign_in_as(team_db, "bert", NEW)
    ctx.vault.close()
    team_db.passwords[login] = NEW  # for the rest of this module
    assert _events(team_db, "user.password_change") == [("user", ["password"])]


def test_the_app_changes_ones_own_password_on_the_server(qtbot, desks, team_db):
    anna = desks["anna"]
    _signed_in(qtbot, anna, team_db, "anna")
    login = team_db.users["anna"]
    old = team_db.passwords[login]
    dialog = anna.show_change_password()
    form = dialog.form
    replace_text(child(dialog, QLineEdit, "current_password_edit"), "nicht-mein-Passwort-123")
    replace_text(form.new_password_edit, NEW)
    replace_text(form.repeat_edit, NEW)
    dialog.ok_button.click()
    wait_idle(qtbot, anna.db)
    assert dialog.isVisible()
    assert "stimmt nicht" in dialog.form.form._lookup("current_password")[1].text()
    replace_text(child(dialog, QLineEdit, "current_password_edit"), old)
    replace_text(form.new_password_edit, NEW)
    replace_text(form.repeat_edit, NEW)
    dialog.ok_button.click()
    wait_idle(qtbot, anna.db)
    qtbot.waitUntil(lambda: "neues Passwort" in anna.statusBar().currentMessage(), timeout=10_000)
    # The desk goes on working: its next connection signs in with the new password.
    anna.db.context.engine.dispose()
    found = []
    anna.db.call(clients.search_ids, query=clients.ClientQuery(text="x"), on_success=found.append)
    wait_idle(qtbot, anna.db)
    assert found == [[]]
    with pytest.raises(AuthenticationFailed):
        _sign_in_as(team_db, "anna", old)
    team_db.passwords[login] = NEW
