"""Backups, restore, key rotation, erasure, retention, access export, audit viewer."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from referral_desk.core import backup
from referral_desk.core.errors import AuthenticationFailed, IntegrityFailure, InvalidInput, PolicyRefused
from referral_desk.core.keyring import NEXT_KEYRING_FILE, KdfParams
from referral_desk.core.services import access, audit_log, backups, clients, contacts, organisation, retention, users
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import DB_FILE, Vault
from tests.conftest import ADMIN_PASSWORD, client_data

FAST = KdfParams.fast_for_tests()


def test_backup_round_trip_with_password_and_recovery_key(created_vault, tmp_path):
    ctx, recovery = created_vault
    c = clients.create_client(ctx, data=client_data())
    made = backups.create_backup(ctx, out=tmp_path / "b.rdbackup")
    assert made.path.exists() and made.audit_seq > 0
    raw = made.path.read_bytes()
    assert b"Yilmaz" not in raw and "Yılmaz".encode() not in raw
    for target, kwargs in (
        (tmp_path / "r1", {"user": "admin", "password": ADMIN_PASSWORD}),
        (tmp_path / "r2", {"recovery_key": recovery}),
    ):
        vault = backup.restore(made.path, target, **kwargs)
        try:
            assert "audit_anchor" in vault.verify()
            restored = ServiceContext.sign_in(vault, "admin")
            assert clients.get_client(restored, client_id=c.id).family_name == "Yılmaz"
        finally:
            vault.close()


def test_restore_refuses_wrong_password_damage_and_non_empty_target(created_vault, tmp_path):
    ctx, _ = created_vault
    made = backups.create_backup(ctx, out=tmp_path / "b.rdbackup")
    with pytest.raises(AuthenticationFailed):
        backup.restore(made.path, tmp_path / "x", user="admin", password="wrong-password-1")
    data = bytearray(made.path.read_bytes())
    data[-100] ^= 1
    damaged = tmp_path / "damaged.rdbackup"
    damaged.write_bytes(bytes(data))
    with pytest.raises(IntegrityFailure):
        backup.restore(damaged, tmp_path / "y", user="admin", password=ADMIN_PASSWORD)
    assert not list((tmp_path / "y").glob("*"))  # nothing left behind
    truncated = tmp_path / "short.rdbackup"
    truncated.write_bytes(made.path.read_bytes()[:-20])
    with pytest.raises(IntegrityFailure):
        backup.restore(truncated, tmp_path / "z", user="admin", password=ADMIN_PASSWORD)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    with pytest.raises(InvalidInput):
        backup.restore(made.path, tmp_path / "full", user="admin", password=ADMIN_PASSWORD)
    not_backup = tmp_path / "plain.rdbackup"
    not_backup.write_bytes(b"hello")
    with pytest.raises(IntegrityFailure):
        backup.restore(not_backup, tmp_path / "w", user="admin", password=ADMIN_PASSWORD)


def test_backup_contains_data_still_in_the_wal_of_another_connection(created_vault, vault_path, tmp_path):
    ctx, _ = created_vault
    other = Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)  # a second connection
    try:
        other_ctx = ServiceContext.sign_in(other, "admin")
        c = clients.create_client(other_ctx, data=client_data(family_name="Walinhalt"))
        wal = vault_path / (DB_FILE + "-wal")
        assert wal.exists() and wal.stat().st_size > 0
        made = backups.create_backup(ctx, out=tmp_path / "b.rdbackup")
    finally:
        other.close()
    vault = backup.restore(made.path, tmp_path / "restored", user="admin", password=ADMIN_PASSWORD)
    try:
        assert clients.get_client(ServiceContext.sign_in(vault, "admin"), client_id=c.id).family_name == "Walinhalt"
    finally:
        vault.close()


def test_automatic_backup_rotation_and_verify_against_backup_heads(created_vault, vault_path, tmp_path):
    ctx, _ = created_vault
    folder = tmp_path / "backups"
    folder.mkdir()
    # No folder configured: on by default, into the documented folder beside the vault.
    first = backups.automatic_backup(ctx)
    assert first.path.parent == backups.default_backup_dir(vault_path) == vault_path.parent / "vault-sicherungen"
    organisation.update_organisation(ctx, changes={"backup_dir": str(folder), "backup_keep": 2})
    for i in range(3):
        clients.create_client(ctx, data=client_data(birth_date=f"1970-01-0{i + 1}"))
        backups.automatic_backup(ctx)
        time.sleep(1.05)  # file names carry the second
    assert len(list(folder.glob("*.rdbackup"))) == 2
    assert "backup_heads" in ctx.vault.verify(backup_dirs=[folder])
    # a database replaced by an older copy is older than the newest backup
    ctx.vault.close()
    made_early = sorted(folder.glob("*.rdbackup"))[0]
    old = backup.restore(made_early, tmp_path / "old", user="admin", password=ADMIN_PASSWORD)
    old.close()
    (vault_path / DB_FILE).write_bytes((tmp_path / "old" / DB_FILE).read_bytes())
    (vault_path / "audit-anchor.json").unlink()
    with pytest.raises(IntegrityFailure) as info:  # the unlock itself refuses
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert info.value.code == "verify.anchor_missing"
    # even after an administrator accepted the anchor problem, the backups tell
    from referral_desk.core.services import integrity

    vault = Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD, tolerate_anchor=True)
    try:
        assert integrity.acknowledge_anchor_problem(ServiceContext.sign_in(vault, "admin"), reason="Test")
        with pytest.raises(IntegrityFailure) as info:
            vault.verify(backup_dirs=[folder])
        assert info.value.code == "verify.backup_newer"
    finally:
        vault.close()


def test_offboarding_rotates_the_data_key(created_vault, vault_path, tmp_path):
    ctx, recovery = created_vault
    ctx.vault.kdf = FAST
    users.add_user(ctx, name="geht", role="counsellor", password="Abschied-Oggersheim-1")
    users.add_user(ctx, name="bleibt", role="counsellor", password="Bleiben-Friesenheim-2")
    clients.create_client(ctx, data=client_data())
    old_key = ctx.vault.data_key
    old_keyring = (vault_path / "keyring.json").read_bytes()
    users.offboard(ctx, name="geht")
    assert ctx.vault.data_key != old_key
    assert list((vault_path / "backups").glob("*.rdbackup"))  # backup first
    assert "audit_chain" in ctx.vault.verify()  # the chain survives rotation
    ctx.vault.close()
    # the old key no longer opens the database file
    probe_dir = tmp_path / "probe"
    probe_dir.mkdir()
    (probe_dir / DB_FILE).write_bytes((vault_path / DB_FILE).read_bytes())
    (probe_dir / "keyring.json").write_bytes(old_keyring)
    with pytest.raises(IntegrityFailure):
        Vault.unlock(probe_dir, user="geht", password="Abschied-Oggersheim-1")
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(vault_path, user="geht", password="Abschied-Oggersheim-1")
    for user, pw in (("bleibt", "Bleiben-Friesenheim-2"), ("admin", ADMIN_PASSWORD)):
        Vault.unlock(vault_path, user=user, password=pw).close()
    Vault.unlock_with_recovery(vault_path, recovery_key=recovery).close()


@pytest.mark.parametrize("stop", ["staged", "rekeyed"])
def test_interrupted_rotation_is_finished_or_discarded_on_open(created_vault, vault_path, stop):
    ctx, _ = created_vault
    clients.create_client(ctx, data=client_data())
    ctx.vault.rotate_data_key(_stop_after=stop)
    ctx.vault.close()
    assert (vault_path / NEXT_KEYRING_FILE).exists()
    vault = Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    try:
        assert "audit_chain" in vault.verify()
        assert clients.find_clients(ServiceContext.sign_in(vault, "admin"), text_query="Yilmaz")
    finally:
        vault.close()
    assert not (vault_path / NEXT_KEYRING_FILE).exists()


def _plaintext_dump(vault: Vault, tmp_path: Path, team=None) -> bytes:
    """A plaintext export of the whole database, made here only to search it, then deleted.
    A team database (``team``: tests/team/conftest.TeamDb): the superuser's plain pg_dump."""
    if team is not None:
        from referral_desk.core.team.backup import tool

        return subprocess.run(
            [tool("pg_dump"), "--format=plain", "--dbname", team.dsn("super")], check=True, capture_output=True
        ).stdout
    out = tmp_path / "plain-export.db"
    raw = vault.engine.raw_connection()
    try:
        raw.execute("ATTACH DATABASE ? AS plain KEY ''", (str(out),))
        raw.execute("SELECT sqlcipher_export('plain')")
        raw.execute("DETACH DATABASE plain")
    finally:
        raw.close()
    try:
        return out.read_bytes()
    finally:
        out.unlink()


SENTINELS = {
    "family_name": "Sentinelfamily",
    "given_names": "Sentinelgiven",
    "phone": "0621 9988776",
    "email": "sentinel.mail@example.org",
    "notes": "Sentinelnote about residence",
    "jobcenter_customer_number": "987S654321",
    "address": {"street": "Sentinelstraße 5", "postal_code": "67061", "city": "Sentinelstadt"},
}


@pytest.mark.both_backends
@pytest.mark.parametrize("mode", ["anonymise", "delete"])
def test_erasure_leaves_no_trace_in_a_plaintext_export(admin_ctx, team_backend, tmp_path, mode):
    keep = clients.create_client(admin_ctx, data=client_data(family_name="Bleibtda"))
    c = clients.create_client(admin_ctx, data=client_data(birth_date="1977-07-17", **SENTINELS))
    contacts.add_contact(
        admin_ctx,
        client_id=c.id,
        data={"date": "2020-02-02", "minutes": 30, "topics": ["work"], "note": "Sentinelcontactnote"},
    )
    plain = _plaintext_dump(admin_ctx.vault, tmp_path, team_backend)
    assert b"Sentinelfamily" in plain  # the check can fail
    retention.close_case(admin_ctx, client_id=c.id)
    assert retention.erase_client(admin_ctx, client_id=c.id, mode=mode) == mode
    plain = _plaintext_dump(admin_ctx.vault, tmp_path, team_backend)
    for value in (
        "Sentinelfamily",
        "Sentinelgiven",
        "9988776",
        "sentinel.mail",
        "Sentinelnote",
        "987S654321",
        "Sentinelstra",
        "Sentinelstadt",
        "Sentinelcontactnote",
        "1977-07-17",
        "sentinelfamily",
    ):
        assert value.encode() not in plain, value
    assert b"Bleibtda" in plain
    assert clients.get_client(admin_ctx, client_id=keep.id).family_name == "Bleibtda"
    if mode == "anonymise":
        kept = clients.get_client(admin_ctx, client_id=c.id)
        assert kept.birth_date.year == 1977 and kept.gender == "female" and kept.nationalities == ["TR"]
        assert kept.erased_on == dt.date.today()


@pytest.mark.both_backends
def test_legal_hold_blocks_erasure_and_due_list(admin_ctx):
    old = clients.create_client(admin_ctx, data=client_data(birth_date="1960-01-01"))
    recent = clients.create_client(admin_ctx, data=client_data(birth_date="1961-01-01"))
    with admin_ctx.vault.write() as conn:  # a case opened long ago
        conn.execute(
            text("UPDATE client SET opened_on = '2018-01-01' WHERE id IN (:a, :b)"), {"a": old.id, "b": recent.id}
        )
    retention.close_case(admin_ctx, client_id=old.id, closed_on=dt.date(2019, 6, 30))
    retention.close_case(admin_ctx, client_id=recent.id, closed_on=dt.date.today())
    due = retention.due_for_erasure(admin_ctx)
    assert [d.id for d in due] == [old.id] and due[0].due_since == dt.date(2022, 6, 30)
    retention.set_legal_hold(admin_ctx, client_id=old.id, hold=True)
    assert retention.due_for_erasure(admin_ctx) == []
    with pytest.raises(PolicyRefused) as info:
        retention.erase_client(admin_ctx, client_id=old.id)
    assert info.value.code == "retention.legal_hold"
    with pytest.raises(InvalidInput):
        retention.close_case(admin_ctx, client_id=recent.id, closed_on=dt.date.today() + dt.timedelta(days=2))


@pytest.mark.both_backends
def test_access_export_contains_everything_and_is_audited(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data())
    contacts.add_contact(admin_ctx, client_id=c.id, data={"date": "2026-01-10", "minutes": 30, "topics": ["work"]})
    report = access.export_client(admin_ctx, client_id=c.id)
    assert report["client"]["family_name"] == "Yılmaz"
    assert report["client"]["address"]["city"] == "Ludwigshafen am Rhein"
    assert report["contacts"][0]["topics"] == ["work"]
    assert report["consents"] == [] and report["referrals"] == []
    json.dumps(report)  # plain JSON
    total, entries = audit_log.list_events(admin_ctx, client_id=c.id)
    assert total >= 3 and entries[0].action == "client.export"
    assert {"client.create", "contact.create", "client.export"} <= {e.action for e in entries}


def test_role_matrix(admin_ctx, vault_path):
    """Who may do what, through the services (the UI only mirrors this)."""
    ctx = admin_ctx
    ctx.vault.kdf = FAST
    c = clients.create_client(ctx, data=client_data())
    for name, role, extra in (
        ("pure.admin", "admin", {}),
        ("lead", "lead", {}),
        ("zahlen", "statistics", {}),
        ("berater", "counsellor", {}),
    ):
        users.add_user(ctx, name=name, role=role, password="Gutes-Passwort-Rhein-9", **extra)

    def as_user(name):
        return ServiceContext.sign_in(Vault.unlock(vault_path, user=name, password="Gutes-Passwort-Rhein-9"), name)

    matrix = {
        # action: {user: allowed}
        "client get": (
            lambda x: clients.get_client(x, client_id=c.id),
            {"pure.admin": False, "lead": True, "zahlen": False, "berater": False},
        ),
        "audit log": (
            lambda x: audit_log.list_events(x),
            {"pure.admin": True, "lead": True, "zahlen": False, "berater": False},
        ),
        "user add": (
            lambda x: users.add_user(
                x, name=f"n{random.randint(0, 10**6)}", role="counsellor", password="Noch-ein-Passwort-7"
            ),
            {"pure.admin": True, "lead": False, "zahlen": False, "berater": False},
        ),
        "erase": (
            lambda x: retention.due_for_erasure(x),
            {"pure.admin": False, "lead": True, "zahlen": False, "berater": False},
        ),
        "backup": (
            lambda x: backups.create_backup(x, out=vault_path.parent / f"{x.actor.name}.rdbackup"),
            {"pure.admin": True, "lead": False, "zahlen": False, "berater": False},
        ),
    }
    contexts = {name: as_user(name) for name in ("pure.admin", "lead", "zahlen", "berater")}
    try:
        for call, allowed in matrix.values():
            for name, ok in allowed.items():
                if ok:
                    call(contexts[name])
                else:
                    with pytest.raises(PolicyRefused):
                        call(contexts[name])
    finally:
        for x in contexts.values():
            x.vault.close()


CRASH_WRITER = textwrap.dedent("""
    import sys
    from referral_desk.core.vault import Vault
    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.services import clients
    vault = Vault.unlock(sys.argv[1], user="admin", password=sys.argv[2])
    ctx = ServiceContext.sign_in(vault, "admin")
    start = int(sys.argv[3])
    print("ready", flush=True)
    for i in range(start, start + 1000):
        clients.create_client(ctx, data={"family_name": f"Crash {i:05d}", "given_names": "Test",
                                         "birth_date": "1980-01-01"}, allow_duplicate=True)
        print(i, flush=True)
""")


@pytest.mark.slow
def test_sigkill_during_writes_never_breaks_the_vault(admin_ctx, vault_path, tmp_path):
    admin_ctx.vault.close()
    script = tmp_path / "writer.py"
    script.write_text(CRASH_WRITER)
    rng = random.Random(42)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    expected_next = 0
    for run in range(20):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(vault_path), ADMIN_PASSWORD, str(expected_next)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        # Kill at a random moment once the vault is open: before the first write or amid them.
        # Waiting for "ready" keeps the test meaningful on a loaded machine, where start-up
        # alone can take longer than any fixed delay.
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(0.0, 0.6)
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        vault = Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
        try:
            vault.verify()
            with vault.read() as conn:
                names = [r[0] for r in conn.execute(text("SELECT family_name FROM client ORDER BY id"))]
        finally:
            vault.close()
        numbers = [int(n.split()[1]) for n in names]
        proc.stdout.close()
        assert numbers == list(range(len(numbers))), f"run {run}: committed rows are not a prefix"
        expected_next = len(numbers)
    assert expected_next > 0
