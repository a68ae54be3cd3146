"""Team mode through the command line and the services: ``server init``, ``user add``,
``client add/get/find/update --dsn`` as the connected person with row-level security in
force, and concurrent updates that conflict instead of overwriting."""

from __future__ import annotations

import json
import threading
from typing import ClassVar

import pytest

from referral_desk.core.errors import VersionConflict
from referral_desk.core.services import clients
from referral_desk.core.team import connection
from tests.conftest import client_data
from tests.team.conftest import PASSWORDS


def test_server_init_users_and_clients_through_the_cli(pg_cluster, run, tmp_path):
    db = "t_cli"
    pg_cluster.create_database(db)
    su = pg_cluster.dsn(dbname=db)
    code, out, err = run(
        "--json",
        "--dsn",
        su,
        "server",
        "init",
        "--org-name",
        "Caritasverband Ludwigshafen",
        "--admin",
        "chef_cli",
        new_password=PASSWORDS["admin"],
    )
    assert code == 0, err
    assert json.loads(out)["roles"]["counsellor"] == "t_cli_counsellor"
    # Only an empty database: a second run is refused by policy.
    code, _out, err = run("--dsn", su, "server", "init", "--org-name", "X", "--admin", "chef_zwei")
    assert code == 3 and "nicht leer" in err

    import psycopg

    with psycopg.connect(su) as conn:
        version = int(conn.execute("SHOW server_version_num").fetchone()[0])
    admin = pg_cluster.dsn("chef_cli", dbname=db)
    code, _out, err = run(
        "--dsn",
        admin,
        "user",
        "add",
        "anna_cli",
        "--role",
        "counsellor",
        password=PASSWORDS["admin"],
        new_password=PASSWORDS["counsellor"],
    )
    if version < 160000:
        # PostgreSQL 15: CREATEROLE could grant the owner role, so the admin login has none;
        # login roles are added with the superuser DSN.
        assert code == 3, err
        code, _out, err = run(
            "--dsn",
            su,
            "user",
            "add",
            "anna_cli",
            "--role",
            "counsellor",
            password=pg_cluster.password,
            new_password=PASSWORDS["counsellor"],
        )
    assert code == 0, err
    code, _out, err = run(
        "--dsn",
        su if version < 160000 else admin,
        "user",
        "add",
        "bert_cli",
        "--role",
        "counsellor",
        password=pg_cluster.password if version < 160000 else PASSWORDS["admin"],
        new_password=PASSWORDS["counsellor"],
    )
    assert code == 0, err
    # A counsellor cannot create login roles.
    code, _out, err = run(
        "--dsn",
        pg_cluster.dsn("anna_cli", dbname=db),
        "user",
        "add",
        "eve_cli",
        "--role",
        "admin",
        password=PASSWORDS["counsellor"],
        new_password=PASSWORDS["counsellor"],
    )
    assert code == 3, err

    anna = pg_cluster.dsn("anna_cli", dbname=db)
    bert = pg_cluster.dsn("bert_cli", dbname=db)
    code, out, err = run(
        "--json",
        "--dsn",
        anna,
        "client",
        "add",
        "-",
        password=PASSWORDS["counsellor"],
        stdin=json.dumps(client_data(family_name="Al-Khatib", given_names="Jamal")),
    )
    assert code == 0, err
    created = json.loads(out)
    assert created["version"] == 1 and created["counsellor"] == "anna_cli"
    cid = str(created["id"])

    code, out, _err = run("--json", "--dsn", anna, "client", "find", "Chatib")  # transliteration search on PG
    assert [c["id"] for c in json.loads(out)] == [created["id"]]
    code, out, _err = run("--json", "--dsn", bert, "client", "find", "Chatib", password=PASSWORDS["counsellor"])
    assert code == 0 and json.loads(out) == []  # RLS: not Bert's client
    code, _out, err = run("--dsn", bert, "client", "get", cid)
    assert code == 2 and "nicht gefunden" in err  # indistinguishable from a record that does not exist

    update = tmp_path / "update.json"
    update.write_text(json.dumps({"german_level": "B2"}))
    code, out, err = run(
        "--json",
        "--dsn",
        anna,
        "client",
        "update",
        cid,
        str(update),
        "--if-version",
        "1",
        password=PASSWORDS["counsellor"],
    )
    assert code == 0, err
    assert json.loads(out)["version"] == 2
    code, _out, err = run("--dsn", anna, "client", "update", cid, str(update), "--if-version", "1")
    assert code == 3 and "version" in err
    code, out, _err = run("--json", "--dsn", anna, "client", "get", cid)
    assert json.loads(out)["german_level"] == "B2" and json.loads(out)["version"] == 2

    # Commands of a desk vault only are refused, not half run (the demo fills a desk vault).
    code, _out, err = run("--dsn", anna, "demo")
    assert code == 2 and "demo" in err

    # The connection settings remembered for this person never hold the password.
    saved = (tmp_path / "config" / "team.json").read_text()
    assert "anna_cli" in saved and PASSWORDS["counsellor"] not in saved and "verify-full" in saved


def test_bad_dsn_and_unverifiable_server(pg_cluster, run, tmp_path):
    code, _out, err = run("--dsn", "postgresql://[nicht", "client", "find", "x", password="x")
    assert code == 2 and "dsn" in err
    # The default is verify-full: a server whose certificate the client's CA did not sign is refused.
    from tests.team.pgcluster import _make_certs

    ca, _cert, _key = _make_certs(tmp_path)
    dsn = pg_cluster.dsn("nobody_x", "pw", sslrootcert=str(ca))
    code, _out, err = run("--dsn", dsn, "client", "find", "x", password="pw")
    assert code == 4, err
    assert connection.parse_dsn("postgresql://u@db.example/team")["sslmode"] == "verify-full"
    assert connection.parse_dsn("postgresql://u@db.example/team?sslmode=require")["sslmode"] == "require"


def test_concurrent_update_conflicts_instead_of_overwriting(team_db):
    """Two connections: Lena (lead) holds an uncommitted change of Anna's client; Anna's update
    through the service read the old version and waits for the row; when Lena commits,
    Anna's conditional UPDATE finds no row with the version it read → conflict, and
    Lena's change is what the record keeps."""
    anna = team_db.context("anna")
    created = clients.create_client(
        anna, data=client_data(family_name="Schewtschenko", given_names="Taras", birth_date="1971-03-09")
    )
    # Lena's raw UPDATE holds the row lock; Anna's update through the service waits for it.
    outcome = team_db.write_while_locked(
        "lena",
        "UPDATE client SET notes = 'Leitung' WHERE id = %s",
        (created.id,),
        "anna",
        lambda: clients.update_client(anna, client_id=created.id, changes={"notes": "Beratung"}),
    )
    assert isinstance(outcome.get("error"), VersionConflict), outcome
    assert outcome["error"].params["field"] == "version" and outcome["error"].exit_code == 3
    after = clients.get_client(anna, client_id=created.id)
    assert after.notes == "Leitung" and after.version == 2
    # With the version she now holds, Anna's change goes through.
    assert (
        clients.update_client(
            anna, client_id=created.id, changes={"notes": "Beratung"}, expected_version=after.version
        ).version
        == 3
    )
    anna.vault.close()


def test_two_service_sessions_stale_version(team_db):
    """Two app instances (two connections) read the same record; the second save is refused."""
    anna = team_db.context("anna")
    lena = team_db.context("lena")
    created = clients.create_client(
        anna, data=client_data(family_name="Nguyen", given_names="Lan", birth_date="1988-08-08")
    )
    seen_by_lena = clients.get_client(lena, client_id=created.id)
    seen_by_anna = clients.get_client(anna, client_id=created.id)
    clients.update_client(
        anna, client_id=created.id, changes={"phone": "0621 5550000"}, expected_version=seen_by_anna.version
    )
    with pytest.raises(VersionConflict):
        clients.update_client(
            lena, client_id=created.id, changes={"phone": "0621 5551111"}, expected_version=seen_by_lena.version
        )
    assert clients.get_client(lena, client_id=created.id).phone == "0621 5550000"
    anna.vault.close()
    lena.vault.close()


def test_concurrent_client_adds_get_distinct_case_numbers(team_db):
    """Several counsellors adding clients at the same moment: no error, no case number twice
    (the counter row is created once and counted under its row lock)."""
    results: dict[str, list] = {"anna": [], "bert": [], "carl": []}
    errors_seen: list[BaseException] = []
    start = threading.Barrier(3)

    def add(who: str) -> None:
        ctx = team_db.context(who)
        try:
            start.wait(10)
            for i in range(6):
                results[who].append(
                    clients.create_client(
                        ctx,
                        data=client_data(
                            family_name=f"Parallel{who.title()}{chr(65 + i)}", birth_date=f"19{60 + i}-0{1 + i}-1{i}"
                        ),
                    ).case_number
                )
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors_seen.append(exc)
        finally:
            ctx.vault.close()

    threads = [threading.Thread(target=add, args=(who,)) for who in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors_seen == []
    numbers = [n for ns in results.values() for n in ns]
    assert len(numbers) == 18 and len(set(numbers)) == 18


class _MemoryKeyring:
    """Stands in for the operating system's keyring (a third-party store, not ours)."""

    def __init__(self) -> None:
        import keyring.backend

        class Backend(keyring.backend.KeyringBackend):
            priority = 1
            store: ClassVar[dict[tuple[str, str], str]] = {}

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, password):
                self.store[(service, username)] = password

            def delete_password(self, service, username):
                self.store.pop((service, username), None)

        self.backend = Backend()


def test_password_from_the_system_keyring(team_db, run):
    import keyring

    previous = keyring.get_keyring()
    memory = _MemoryKeyring().backend
    keyring.set_keyring(memory)
    try:
        login = team_db.users["anna"]
        dsn_without_password = team_db.cluster.dsn(login, None, dbname=team_db.name)
        params = connection.parse_dsn(dsn_without_password)
        assert connection.store_in_keyring(params, team_db.passwords[login])
        assert connection.resolve_password(params)["password"] == team_db.passwords[login]
        code, out, err = run("--json", "--dsn", dsn_without_password, "client", "find", "Zzzz")
        assert code == 0, err
        assert json.loads(out) == []
        memory.store.clear()
        code, _out, err = run("--dsn", dsn_without_password, "client", "find", "Zzzz")
        assert code == 2 and "REFERRAL_DESK_PASSWORD" in err  # no keyring entry, no terminal: asks for env
    finally:
        keyring.set_keyring(previous)


def test_cover_share_through_the_cli(team_db, run):
    """Anna shares a client with Bert for her leave; Bert can open it until she ends it."""
    anna, bert = team_db.dsn("anna"), team_db.dsn("bert")
    code, out, err = run(
        "--json",
        "--dsn",
        anna,
        "client",
        "add",
        "-",
        stdin=json.dumps(client_data(family_name="Okafor", given_names="Chidi", birth_date="1993-04-04")),
    )
    assert code == 0, err
    cid = str(json.loads(out)["id"])
    code, _out, _err = run("--dsn", bert, "client", "get", cid)
    assert code == 2
    import datetime as dt

    until = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    code, _out, err = run("--dsn", bert, "client", "share", cid, "--with", team_db.users["bert"], "--until", until)
    assert code == 3, err  # not Bert's client to share
    code, _out, err = run(
        "--dsn",
        anna,
        "client",
        "share",
        cid,
        "--with",
        team_db.users["bert"],
        "--until",
        (dt.date.today() + dt.timedelta(days=200)).isoformat(),
    )
    assert code == 2 and "until" in err
    code, _out, err = run("--dsn", anna, "client", "share", cid, "--with", "niemand_hier", "--until", until)
    assert code == 2 and "with" in err
    code, out, err = run(
        "--json", "--dsn", anna, "client", "share", cid, "--with", team_db.users["bert"], "--until", until
    )
    assert code == 0, err
    share_id = str(json.loads(out)["id"])
    code, out, err = run("--json", "--dsn", bert, "client", "get", cid)
    assert code == 0 and json.loads(out)["family_name"] == "Okafor", err
    code, _out, err = run("--dsn", anna, "client", "unshare", share_id)
    assert code == 0, err
    code, _out, _err = run("--dsn", bert, "client", "get", cid)
    assert code == 2
    code, _out, err = run("client", "share", cid, "--with", "x", "--until", until)
    assert code == 2 and "dsn" in err  # shares exist only in the team database
