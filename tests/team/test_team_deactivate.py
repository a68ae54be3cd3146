"""Someone leaves the team: ``user deactivate NAME --dsn SUPERUSER``.

Their login can no longer sign in, the connection still open is closed, the shares they
received end, the audit log says so (field names only), and nothing of the caseload is
deleted: the records stay for the lead to reassign.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy.exc import DBAPIError

from referral_desk.cli import main
from referral_desk.core.errors import AuthenticationFailed
from referral_desk.core.services import clients
from referral_desk.core.team import shares
from tests.conftest import client_data


def test_a_deactivated_login_is_closed_out_and_its_shares_end(team_db, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("REFERRAL_DESK_CONFIG_DIR", str(tmp_path / "config"))
    anna, bert = team_db.context("anna"), team_db.context("bert")
    try:
        client = clients.create_client(anna, data=client_data(family_name="Abdi", given_names="Hodan"))
        shares.share_client(
            anna, client_id=client.id, colleague=team_db.users["bert"], until=dt.date.today() + dt.timedelta(days=14)
        )
        assert clients.get_client(bert, client_id=client.id).family_name == "Abdi"  # covering for Anna

        assert main(["--dsn", team_db.dsn("anna"), "user", "deactivate", team_db.users["bert"]]) == 3
        assert "Superuser" in capsys.readouterr().err  # a counsellor cannot lock a colleague out
        code = main(["--json", "--dsn", team_db.dsn("super"), "user", "deactivate", team_db.users["bert"]])
        out, err = capsys.readouterr()
        assert code == 0, err
        done = json.loads(out)
        assert done["active"] is False and done["shares_ended"] == 1 and done["sessions_ended"] >= 1

        with pytest.raises(DBAPIError):  # Bert's open desk connection was closed by the server
            clients.get_client(bert, client_id=client.id)
        with pytest.raises(AuthenticationFailed):
            team_db.context("bert")
        assert clients.get_client(anna, client_id=client.id).family_name == "Abdi"  # nothing deleted
        with team_db.raw("super") as su:
            assert (
                su.execute(
                    "SELECT count(*) FROM client_share WHERE grantee_id = %s AND ended_at IS NULL", (done["id"],)
                ).fetchone()[0]
                == 0
            )
            assert su.execute("SELECT active FROM user_account WHERE id = %s", (done["id"],)).fetchone()[0] is False
            events = su.execute(
                "SELECT entity, entity_id, fields FROM audit_event WHERE action = 'user.deactivate'"
            ).fetchall()
        assert events == [("user", done["id"], ["active", "login", "shares"])]
        code = main(["--dsn", team_db.dsn("super"), "user", "deactivate", "niemand_hier"])
        assert code == 2 and "name" in capsys.readouterr().err
    finally:
        anna.vault.close()
        bert.vault.close()
