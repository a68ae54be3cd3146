"""``vault push``: a desk vault moved into the team database and checked (issue 18, item 5),
against the session's real PostgreSQL cluster and a real SQCipher vault with demo records."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from referral_desk.cli import main
from referral_desk.core.audit import verify_chain
from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import clients, demo, setup, users
from referral_desk.core.team import push
from tests.conftest import client_data
from tests.team.conftest import TeamDb

VAULT_PASSWORD = "Schreibtisch-Tresor-2026"


@pytest.fixture(scope="module")
def desk_vault(tmp_path_factory):
    """A desk vault with the demo's case history: 40 clients of the admin and four demo
    counsellors; two of those have left (deactivated)."""
    path = tmp_path_factory.mktemp("desk") / "vault"
    ctx, _recovery = setup.initialise(
        path, org_name="AWO Ludwigshafen", admin="admin", password=VAULT_PASSWORD, kdf=KdfParams.fast_for_tests()
    )
    try:
        demo.generate(ctx, clients=40, seed=3)
        counsellors = [u.name for u in users.list_users(ctx) if u.role == "counsellor"]
        for name in counsellors[2:]:
            users.deactivate(ctx, name=name)
    finally:
        ctx.vault.close()
    return path, counsellors


def _vault_counts(path) -> dict[str, int]:
    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.vault import Vault

    vault = Vault.unlock(path, user="admin", password=VAULT_PASSWORD)
    try:
        ctx = ServiceContext.sign_in(vault, "admin")
        with ctx.reading() as conn:
            return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in push.MOVED} | {
                "audit_event": int(conn.execute(text("SELECT count(*) FROM audit_event")).scalar_one())
            }
    finally:
        vault.close()


def _push(monkeypatch, capsys, path, dsn: str, *maps: str) -> tuple[int, dict | None, str]:
    for name in ("REFERRAL_DESK_DSN", "REFERRAL_DESK_USER", "REFERRAL_DESK_DSN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", VAULT_PASSWORD)
    args = ["--vault", str(path), "--user", "admin", "--json", "vault", "push", "--dsn", dsn]
    for m in maps:
        args += ["--map", m]
    code = main(args)
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def _super_counts(db: TeamDb) -> dict[str, int]:
    with db.raw("super") as su:
        return {t: su.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*push.MOVED, "audit_event")}


def test_a_desk_vault_moves_in_verified_with_ids_case_numbers_and_audit_carried_over(
    pg_cluster, desk_vault, monkeypatch, capsys
):
    path, counsellors = desk_vault
    db = TeamDb(pg_cluster, "t_push")
    # The team already works: Anna's client holds the case number the vault's first client has.
    ctx = db.context("anna")
    with ctx.vault:
        existing = clients.create_client(ctx, data=client_data(family_name="Öztürk", birth_date="1979-05-06"))
    before = _super_counts(db)
    in_vault = _vault_counts(path)
    anna, bert = counsellors[0], counsellors[1]

    # Someone active in the vault without a login in the team: refused by name, nothing written.
    code, _, err = _push(monkeypatch, capsys, path, db.dsn("super"), f"admin={db.users['admin']}")
    assert code == 3 and anna in err and "--map" in err
    assert _super_counts(db) == before
    # A counsellor's connection cannot move a vault in.
    maps = (f"admin={db.users['admin']}", f"{anna}={db.users['anna']}", f"{bert}={db.users['bert']}")
    code, _, err = _push(monkeypatch, capsys, path, db.dsn("anna"), *maps)
    assert code == 3 and "Superuser" in err
    assert _super_counts(db) == before

    code, result, err = _push(monkeypatch, capsys, path, db.dsn("super"), *maps)
    assert code == 0, err
    after = _super_counts(db)
    for table in push.MOVED:
        assert result["rows"][table] == in_vault[table], table
        assert after[table] == before[table] + in_vault[table], table
        assert len(result["sha256"][table]) == 64
    assert in_vault["client"] == 40 and in_vault["consent"] > 0 and in_vault["contact"] > 100
    # the vault's events (each sign-in adds one, so more than counted above), then the push
    assert result["audit_events"] > in_vault["audit_event"]
    assert after["audit_event"] == before["audit_event"] + result["audit_events"] + 1

    # Case numbers: the one the team already used was renumbered; the year counter moved past.
    assert {"old": existing.case_number, "new": result["renumbered"][0]["new"]} in result["renumbered"]
    with db.raw("super") as su:
        numbers = [r[0] for r in su.execute("SELECT case_number FROM client").fetchall()]
        assert len(numbers) == len(set(numbers))
        key = su.execute("SELECT audit_key FROM team_secret").fetchone()[0]
        actions = [r[0] for r in su.execute("SELECT action FROM audit_event ORDER BY seq DESC LIMIT 1").fetchall()]
        assert actions == ["vault.push"]
    ctx = db.context("anna")
    with ctx.vault:
        later = clients.create_client(ctx, data=client_data(family_name="Nowak", birth_date="1990-01-02"))
    assert later.case_number not in numbers
    with db.raw("super") as su:  # the server draws the cell-key method's record key, 32 bits
        keys = [r[0] for r in su.execute("SELECT record_key FROM client").fetchall()]
    assert None not in keys and all(0 <= k < 2**32 for k in keys) and max(keys) >= 2**31

    # The whole chain verifies with the team's key, old events included.
    engine = db.engine("super")
    try:
        with engine.connect() as conn:
            head, broken = verify_chain(conn, bytes(key))
            total = conn.execute(text("SELECT count(*) FROM audit_event")).scalar_one()
        assert broken is None and head.seq == total > after["audit_event"]  # + Anna's sign-in and Nowak
    finally:
        engine.dispose()

    # Roles hold for the moved records: Anna sees hers (and her earlier client), not Bert's.
    with db.raw("super") as su:
        owners = dict(
            su.execute(
                "SELECT t.db_role, count(*) FROM client c JOIN team_user t ON t.user_id = c.counsellor_id GROUP BY 1"
            ).fetchall()
        )
    with db.raw("anna") as conn:
        assert conn.execute("SELECT count(*) FROM client").fetchone()[0] == owners[db.users["anna"]]
        seen = {r[0] for r in conn.execute("SELECT DISTINCT counsellor_id FROM client").fetchall()}
        assert len(seen) == 1
    assert owners[db.users["bert"]] > 0
    # Consents and their documents kept their links: every moved document's client is moved.
    with db.raw("super") as su:
        orphans = su.execute(
            "SELECT count(*) FROM referral r LEFT JOIN consent c ON c.id = r.consent_id "
            "WHERE r.consent_id IS NOT NULL AND c.id IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        former = su.execute(
            "SELECT count(*) FROM user_account u WHERE NOT u.active AND NOT EXISTS "
            "(SELECT 1 FROM team_user t WHERE t.user_id = u.id)"
        ).fetchone()[0]
        assert former == 2  # the two who left: accounts without a login

    # A vault moves once.
    moved = _super_counts(db)
    code, _, err = _push(monkeypatch, capsys, path, db.dsn("super"), *maps)
    assert code == 3 and "schon" in err
    assert _super_counts(db) == moved

    # The desk vault records where its records went.
    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.vault import Vault

    vault = Vault.unlock(path, user="admin", password=VAULT_PASSWORD)
    try:
        with ServiceContext.sign_in(vault, "admin").reading() as conn:
            pushed_at = conn.execute(text("SELECT seq FROM audit_event WHERE action = 'vault.push'")).scalar_one()
        assert result["audit_events"] == pushed_at - 1  # every event before it went along
    finally:
        vault.close()


def test_a_server_that_changes_a_value_on_the_way_in_fails_the_check_and_nothing_stays(
    pg_cluster, desk_vault, monkeypatch, capsys
):
    path, counsellors = desk_vault
    db = TeamDb(pg_cluster, "t_push_bad")
    with db.raw("super") as su:  # a damaged server: every moved contact loses a minute
        su.execute(
            "CREATE FUNCTION shave() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "NEW.minutes := NEW.minutes - 1; RETURN NEW; END $$"
        )
        su.execute("CREATE TRIGGER shave BEFORE INSERT ON contact FOR EACH ROW EXECUTE FUNCTION shave()")
    before = _super_counts(db)
    maps = (f"admin={db.users['admin']}", f"{counsellors[0]}=anna_t_push_bad", f"{counsellors[1]}=bert_t_push_bad")
    code, _, err = _push(monkeypatch, capsys, path, db.dsn("super"), *maps)
    assert code == 5 and "contact" in err
    assert _super_counts(db) == before


def test_map_options_are_checked():
    assert push.parse_map(["Anna.M=anna", "b=bert_x"]) == {"anna.m": "anna", "b": "bert_x"}
    for bad in (["anna"], ["=anna"], ["a=Anna"], ["a=1x"]):
        with pytest.raises(Exception) as exc:
            push.parse_map(bad)
        assert exc.value.field == "map"


def test_the_digest_sees_every_value():
    rows = [{"id": 1, "a": "x", "d": None}, {"id": 2, "a": "y", "d": None}]
    base = push.rows_digest(rows, ["id", "a", "d"])
    assert push.rows_digest([{**rows[0], "a": "X"}, rows[1]], ["id", "a", "d"]) != base
    assert push.rows_digest(list(reversed(rows)), ["id", "a", "d"]) != base
    assert push.rows_digest(rows[:1], ["id", "a", "d"]) != base
