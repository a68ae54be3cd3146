"""The attack review of issue 12, one test (at least) per finding, with real files.

1 rollback / replaced database / lost WAL caught at unlock and before writes
2 a colleague re-chaining the audit log is caught by the other person's anchor
4 password change and deactivation rotate the data key; interrupted rotations resume
5 temp files never follow planted symlinks
7 backups authenticated over header and every chunk; verify refuses damaged ones
8 exit codes, KDF caps, invisible marks in names, dumpable flag, key wiping, file modes
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from referral_desk.core import anchors, audit, backup
from referral_desk.core.errors import AuthenticationFailed, IntegrityFailure, InvalidInput
from referral_desk.core.keyring import KEYRING_FILE, NEXT_KEYRING_FILE, PREVIOUS_KEYRING_FILE, KdfParams, Keyring
from referral_desk.core.services import clients, integrity, users
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import DB_FILE, Vault
from tests.conftest import ADMIN_PASSWORD, client_data

FAST = KdfParams.fast_for_tests()
COUNSELLOR_PW = "Beratung-Hemshof-2026"
SCRIPT = Path(sys.executable).with_name("referral-desk")
ROOT = Path(__file__).resolve().parents[2]


def _env(vault: Path, user: str = "admin", password: str = ADMIN_PASSWORD, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERRAL_DESK_")}
    env.update(
        {
            "REFERRAL_DESK_VAULT": str(vault),
            "REFERRAL_DESK_USER": user,
            "REFERRAL_DESK_PASSWORD": password,
            "REFERRAL_DESK_STATE_DIR": os.environ["REFERRAL_DESK_STATE_DIR"],
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra)
    return env


def run_cli(args: list[str], vault: Path, *, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), "--lang", "en", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(vault, **env),
        timeout=180,
    )


def _sign_in(vault_path: Path, user: str = "admin", password: str = ADMIN_PASSWORD, **kw) -> ServiceContext:
    vault = Vault.unlock(vault_path, user=user, password=password, **kw)
    return ServiceContext.sign_in(vault, user)


def _snapshot_all_but_keyring(vault_path: Path, into: Path) -> None:
    into.mkdir()
    for p in vault_path.iterdir():
        if p.is_file() and p.name != KEYRING_FILE:
            shutil.copy2(p, into / p.name)


def _roll_back(vault_path: Path, snapshot: Path) -> None:
    for p in vault_path.iterdir():
        if p.is_file() and p.name != KEYRING_FILE:
            p.unlink()
    for p in snapshot.iterdir():
        shutil.copy2(p, vault_path / p.name)


# --- finding 1: rollback caught at unlock by every command --------------------------------


@pytest.mark.slow
def test_rolled_back_vault_folder_is_refused_by_every_command_and_the_app(admin_ctx, vault_path, tmp_path):
    clients.create_client(admin_ctx, data=client_data())
    admin_ctx.vault.close()
    _snapshot_all_but_keyring(vault_path, tmp_path / "old")
    r = run_cli(["client", "add", "-"], vault_path, stdin=json.dumps(client_data(birth_date="1990-02-02")))
    assert r.returncode == 0, r.stderr
    _roll_back(vault_path, tmp_path / "old")
    for args in (["client", "find", "Yilmaz"], ["verify"], ["referral", "list"], ["client", "get", "1"]):
        r = run_cli(args, vault_path)
        assert r.returncode == 5, (args, r.returncode, r.stderr)
        assert "older than the audit anchor" in r.stderr and "acknowledge" in r.stderr
    # the desktop app unlocks through the same Vault.unlock (ui/worker.py)
    with pytest.raises(IntegrityFailure) as info:
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert info.value.code == "verify.anchor_missing_entry"


def test_deleted_in_vault_anchor_is_refused(admin_ctx, vault_path):
    clients.create_client(admin_ctx, data=client_data())
    admin_ctx.vault.close()
    (vault_path / audit.ANCHOR_FILE).unlink()
    with pytest.raises(IntegrityFailure) as info:
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert info.value.code == "verify.anchor_missing"


def test_database_replaced_while_open_is_refused_before_the_next_write(admin_ctx, vault_path, tmp_path):
    clients.create_client(admin_ctx, data=client_data())
    admin_ctx.vault.close()
    shutil.copy(vault_path / DB_FILE, tmp_path / "old.db")
    ctx = _sign_in(vault_path)
    clients.create_client(ctx, data=client_data(birth_date="1991-01-01"))
    # another program swaps the file under the open vault: our next write must not re-sign
    other = _sign_in(vault_path)
    with other.vault.write() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)"))
    other.vault.close()
    with pytest.raises(IntegrityFailure) as info:
        clients.create_client(ctx, data=client_data(birth_date="1992-01-01"))
    assert info.value.code in ("verify.anchor_missing_entry", "verify.anchor_mismatch")
    ctx.vault.close()


WAL_WRITER = textwrap.dedent("""
    import os, sys
    from referral_desk.core.vault import Vault
    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.services import clients
    vault = Vault.unlock(sys.argv[1], user="admin", password=sys.argv[2])
    ctx = ServiceContext.sign_in(vault, "admin")
    clients.create_client(ctx, data={"family_name": "Wal", "given_names": "Test", "birth_date": "1980-01-01"})
    os._exit(0)  # no close, no checkpoint: the commit lives only in the WAL
""")


def test_lost_wal_is_detected_like_a_rollback(admin_ctx, vault_path, tmp_path):
    admin_ctx.vault.close()
    script = tmp_path / "wal.py"
    script.write_text(WAL_WRITER)
    r = subprocess.run(
        [sys.executable, str(script), str(vault_path), ADMIN_PASSWORD],
        capture_output=True,
        text=True,
        env=_env(vault_path),
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    wal = vault_path / (DB_FILE + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    wal.unlink()  # the damaged/lost WAL
    (vault_path / (DB_FILE + "-shm")).unlink(missing_ok=True)
    with pytest.raises(IntegrityFailure) as info:
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert info.value.code == "verify.anchor_missing_entry"


def test_only_an_administrator_can_acknowledge_with_a_reason(admin_ctx, vault_path, tmp_path):
    admin_ctx.vault.kdf = FAST
    users.add_user(admin_ctx, name="berater", role="counsellor", password=COUNSELLOR_PW)
    clients.create_client(admin_ctx, data=client_data())
    admin_ctx.vault.close()
    _snapshot_all_but_keyring(vault_path, tmp_path / "old")
    ctx = _sign_in(vault_path)
    clients.create_client(ctx, data=client_data(birth_date="1990-02-02"))
    ctx.vault.close()
    _roll_back(vault_path, tmp_path / "old")
    r = run_cli(
        ["verify", "--acknowledge", "--reason", "restored by IT"], vault_path, user="berater", password=COUNSELLOR_PW
    )
    assert r.returncode == 3, r.stderr
    r = run_cli(["verify", "--acknowledge"], vault_path)
    assert r.returncode == 2 and "reason" in r.stderr
    r = run_cli(["client", "find", "Yilmaz"], vault_path)
    assert r.returncode == 5
    r = run_cli(["--json", "verify", "--acknowledge", "--reason", "Ordner vom Stand Montag zurückgespielt"], vault_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["acknowledged"]["problem"] == "verify.anchor_missing_entry"
    r = run_cli(["client", "find", "Yilmaz"], vault_path)
    assert r.returncode == 0, r.stderr
    ctx = _sign_in(vault_path)
    try:
        with ctx.reading() as conn:
            actions = [a for (a,) in conn.execute(text("SELECT action FROM audit_event ORDER BY seq"))]
        assert "vault.anchor_acknowledged" in actions
        [ack] = integrity.acknowledgements(ctx)
        assert ack["reason"] == "Ordner vom Stand Montag zurückgespielt" and ack["problem"]
    finally:
        ctx.vault.close()


def test_fixture_vault_never_seen_here_opens_as_first_use(tmp_path):
    vault_path = tmp_path / "vault_v1"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "vault_v1", vault_path)
    vault = Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert vault.first_use
    ctx = ServiceContext.sign_in(vault, "admin")
    with ctx.reading() as conn:
        actions = [a for (a,) in conn.execute(text("SELECT action FROM audit_event ORDER BY seq DESC LIMIT 2"))]
    assert actions == ["session.sign_in", "vault.anchor_first_use"]
    ctx.vault.close()
    doc = json.loads((vault_path / audit.ANCHOR_FILE).read_text())
    assert doc["format"] == anchors.FORMAT  # the 0.1 anchor was verified and rewritten
    again = Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert not again.first_use
    again.close()


# --- finding 2: a colleague re-chaining the log -------------------------------------------


def test_colleague_who_rechains_the_log_is_caught_by_the_admins_anchor(admin_ctx, vault_path, tmp_path, monkeypatch):
    """Admin and counsellor have their own OS accounts (own profile state). The counsellor
    uses their own password and Python: creates an admin account, deletes that event,
    re-chains the log with the audit key from the database and re-signs *their* anchor."""
    admin_state = Path(os.environ["REFERRAL_DESK_STATE_DIR"])
    admin_ctx.vault.kdf = FAST
    users.add_user(admin_ctx, name="berater", role="counsellor", password=COUNSELLOR_PW)
    clients.create_client(admin_ctx, data=client_data())
    admin_ctx.vault.close()
    monkeypatch.setenv("REFERRAL_DESK_STATE_DIR", str(tmp_path / "counsellor-profile"))
    vault = Vault.unlock(vault_path, user="berater", password=COUNSELLOR_PW)
    with vault.write() as conn:
        conn.execute(
            text(
                "INSERT INTO user_account (name, name_folded, display_name, role, also_lead, active, "
                "created_at) VALUES ('mallory', 'mallory', 'M', 'admin', 0, 1, '2026-01-01')"
            )
        )
        first = conn.execute(text("SELECT min(seq) FROM audit_event WHERE action = 'client.create'")).scalar_one()
        conn.execute(text("DELETE FROM audit_event WHERE seq = :s"), {"s": first})
        rows = conn.execute(
            text(
                "SELECT seq, at, user_id, action, entity, entity_id, fields FROM audit_event "
                "WHERE seq > :s ORDER BY seq"
            ),
            {"s": first},
        ).all()
        conn.execute(text("DELETE FROM audit_event WHERE seq > :s"), {"s": first})
        prev = conn.execute(text("SELECT mac FROM audit_event WHERE seq = :s"), {"s": first - 1}).scalar_one()
        for i, r in enumerate(rows):
            seq = first + i
            mac = audit.event_mac(
                vault.audit_key,
                seq=seq,
                at=r.at,
                user_id=r.user_id,
                action=r.action,
                entity=r.entity,
                entity_id=r.entity_id,
                fields=r.fields,
                prev_mac=prev,
            )
            conn.execute(
                text(
                    "INSERT INTO audit_event (seq, at, user_id, action, entity, entity_id, fields, "
                    "prev_mac, mac) VALUES (:seq, :at, :u, :a, :e, :eid, :f, :p, :m)"
                ),
                {
                    "seq": seq,
                    "at": r.at,
                    "u": r.user_id,
                    "a": r.action,
                    "e": r.entity,
                    "eid": r.entity_id,
                    "f": r.fields,
                    "p": prev,
                    "m": mac,
                },
            )
            prev = mac
        head = audit.read_head(conn)
    # they re-sign everything they can: their own entry, and drop the others from the folder
    anchors.record(
        directory=vault_path,
        vault_id=vault.vault_id,
        slot_id=vault.slot.slot_id,
        user="berater",
        anchor_key=vault.slot.anchor_key,
        head=head,
        reset=True,
    )
    assert "audit_chain" in vault.verify()  # the chain itself looks fine again
    vault.close()
    monkeypatch.setenv("REFERRAL_DESK_STATE_DIR", str(admin_state))
    with pytest.raises(IntegrityFailure) as info:
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert info.value.code in ("verify.anchor_mismatch", "verify.anchor_missing_entry")


def test_someone_elses_anchor_entry_cannot_be_forged(admin_ctx, vault_path):
    clients.create_client(admin_ctx, data=client_data())
    own = admin_ctx.vault.slot.slot_id
    admin_ctx.vault.close()
    for path in (vault_path / audit.ANCHOR_FILE, anchors.profile_path(Keyring.load(vault_path).vault_id, vault_path)):
        doc = json.loads(path.read_text())
        doc["entries"][own]["seq"] = 2
        doc["entries"][own]["mac"] = "0" * 64
        path.write_text(json.dumps(doc))
    with pytest.raises(IntegrityFailure) as info:
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert info.value.code == "verify.anchor_invalid"


# --- sign-in, failed sign-in, lock ---------------------------------------------------------


def test_sign_in_failed_sign_in_and_lock_are_audited(admin_ctx, vault_path):
    admin_ctx.lock()
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(vault_path, user="admin", password="falsch-falsch-falsch")
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(vault_path, user="niemand", password="falsch-falsch-falsch")
    ctx = _sign_in(vault_path)
    with ctx.reading() as conn:
        rows = conn.execute(text("SELECT action, entity_id FROM audit_event ORDER BY seq")).all()
    ctx.vault.close()
    actions = [a for a, _ in rows]
    assert "session.lock" in actions
    assert actions[-3:] == ["session.sign_in_failed", "session.sign_in_failed", "session.sign_in"]
    assert rows[-3].entity_id == 1 and rows[-2].entity_id is None  # unknown names are not stored
    assert not (vault_path / "sign-in-failures.json").exists()


# --- finding 4: rotation -------------------------------------------------------------------


def _old_copy_opens(vault_path: Path, old_keyring: bytes, user: str, password: str, tmp: Path) -> bool:
    probe = tmp / f"probe-{time.monotonic_ns()}"
    probe.mkdir()
    for name in (DB_FILE, DB_FILE + "-wal"):
        if (vault_path / name).exists():
            shutil.copy(vault_path / name, probe / name)
    (probe / KEYRING_FILE).write_bytes(old_keyring)
    try:
        Vault.unlock(probe, user=user, password=password, tolerate_anchor=True).close()
        return True
    except (IntegrityFailure, AuthenticationFailed):
        return False


def test_password_change_with_rotation_locks_out_old_keyring_copies(admin_ctx, vault_path, tmp_path):
    admin_ctx.vault.kdf = FAST
    clients.create_client(admin_ctx, data=client_data())
    old_ring = (vault_path / KEYRING_FILE).read_bytes()
    users.change_own_password(admin_ctx, new_password="Neues-Passwort-Rheinufer-7")
    assert _old_copy_opens(vault_path, old_ring, "admin", ADMIN_PASSWORD, tmp_path)  # the documented gap
    users.change_own_password(admin_ctx, new_password="Noch-Neueres-Passwort-8", rotate=True)
    assert not _old_copy_opens(vault_path, old_ring, "admin", ADMIN_PASSWORD, tmp_path)
    admin_ctx.vault.close()
    ctx = _sign_in(vault_path, password="Noch-Neueres-Passwort-8")
    assert clients.find_clients(ctx, text_query="Yilmaz")
    ctx.vault.close()


def test_passwd_rotate_on_the_command_line(admin_ctx, vault_path, tmp_path):
    admin_ctx.vault.close()
    old_ring = (vault_path / KEYRING_FILE).read_bytes()
    r = run_cli(["passwd", "--rotate"], vault_path, REFERRAL_DESK_NEW_PASSWORD="Kommandozeile-Neu-2026")
    assert r.returncode == 0, r.stderr
    assert not _old_copy_opens(vault_path, old_ring, "admin", ADMIN_PASSWORD, tmp_path)
    r = run_cli(["client", "find", "x"], vault_path, password="Kommandozeile-Neu-2026")
    assert r.returncode == 0, r.stderr


def test_user_deactivate_on_the_command_line(admin_ctx, vault_path, tmp_path):
    admin_ctx.vault.kdf = FAST
    users.add_user(admin_ctx, name="geht", role="counsellor", password=COUNSELLOR_PW)
    admin_ctx.vault.close()
    old_ring = (vault_path / KEYRING_FILE).read_bytes()
    r = run_cli(["--json", "user", "deactivate", "geht", "--backup-dir", str(tmp_path / "b")], vault_path)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert Path(out["backup"]).exists() and out["data_key_rotated"]
    assert not _old_copy_opens(vault_path, old_ring, "geht", COUNSELLOR_PW, tmp_path)
    r = run_cli(["--json", "user", "list"], vault_path)
    assert {u["name"]: u["active"] for u in json.loads(r.stdout)} == {"admin": True, "geht": False}
    r = run_cli(["client", "find", "x"], vault_path, user="geht", password=COUNSELLOR_PW)
    assert r.returncode == 4
    r = run_cli(["user", "list"], vault_path, user="geht", password=COUNSELLOR_PW)
    assert r.returncode == 4
    r = run_cli(["user", "deactivate", "admin"], vault_path)
    assert r.returncode == 3


def test_interrupted_deactivation_is_resumed_at_the_next_unlock(admin_ctx, vault_path, tmp_path):
    admin_ctx.vault.kdf = FAST
    users.add_user(admin_ctx, name="geht", role="counsellor", password=COUNSELLOR_PW)
    clients.create_client(admin_ctx, data=client_data())
    old_ring = (vault_path / KEYRING_FILE).read_bytes()
    # stop where a crash would: deactivated and slot removed, rekey staged but not run
    original = Vault.rotate_data_key

    class Crash(BaseException):
        pass

    def crash(self, *, remove_user=None, _stop_after=None):
        original(self, remove_user=remove_user, _stop_after="staged")
        raise Crash  # the process dies here

    Vault.rotate_data_key = crash
    try:
        with pytest.raises(Crash):
            users.deactivate(admin_ctx, name="geht", backup_dir=tmp_path / "b")
    finally:
        Vault.rotate_data_key = original
    admin_ctx.vault.close()
    (vault_path / NEXT_KEYRING_FILE).unlink()  # even without the staged file: the marker is in the database
    assert _old_copy_opens(vault_path, old_ring, "geht", COUNSELLOR_PW, tmp_path)  # not rotated yet
    ctx = _sign_in(vault_path)  # anyone's next unlock finishes it
    with ctx.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM meta WHERE key='rotation_pending'")).scalar_one() == 0
        actions = [a for (a,) in conn.execute(text("SELECT action FROM audit_event ORDER BY seq"))]
    ctx.vault.close()
    assert "vault.rekey" in actions and "user.deactivate" in actions
    assert not (vault_path / NEXT_KEYRING_FILE).exists()
    assert not _old_copy_opens(vault_path, old_ring, "geht", COUNSELLOR_PW, tmp_path)


def test_deactivation_while_the_vault_is_open_elsewhere_rotates_at_the_next_unlock(admin_ctx, vault_path, tmp_path):
    admin_ctx.vault.kdf = FAST
    users.add_user(admin_ctx, name="geht", role="counsellor", password=COUNSELLOR_PW)
    old_ring = (vault_path / KEYRING_FILE).read_bytes()
    elsewhere = Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)  # e.g. the app beside the CLI
    try:
        done = users.deactivate(admin_ctx, name="geht", backup_dir=tmp_path / "b")
    finally:
        elsewhere.close()
    assert not done.rotated and "vault.rotation_unfinished" in admin_ctx.vault.warnings
    with pytest.raises(AuthenticationFailed):  # the slot is gone at once
        Vault.unlock(vault_path, user="geht", password=COUNSELLOR_PW)
    admin_ctx.vault.close()
    ctx = _sign_in(vault_path)
    ctx.vault.close()
    assert not _old_copy_opens(vault_path, old_ring, "geht", COUNSELLOR_PW, tmp_path)


def test_previous_keyring_never_outlives_a_successful_unlock(admin_ctx, vault_path):
    admin_ctx.vault.kdf = FAST
    # a password change killed between writing keyring.json and removing the previous file
    before = (vault_path / KEYRING_FILE).read_bytes()
    users.change_own_password(admin_ctx, new_password="Neues-Passwort-Rheinufer-7")
    admin_ctx.vault.close()
    (vault_path / PREVIOUS_KEYRING_FILE).write_bytes(before)
    Vault.unlock(vault_path, user="admin", password="Neues-Passwort-Rheinufer-7").close()
    assert not (vault_path / PREVIOUS_KEYRING_FILE).exists()
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)


REKEY_WORKER = textwrap.dedent("""
    import sys
    from referral_desk.core.vault import Vault
    vault = Vault.unlock(sys.argv[1], user="admin", password=sys.argv[2])
    print("open", flush=True)
    vault.rotate_data_key()
    print("done", flush=True)
    vault.close()
""")


@pytest.mark.slow
def test_sigkill_during_pragma_rekey_never_loses_the_vault(admin_ctx, vault_path, tmp_path):
    from referral_desk.core.services import demo

    demo.generate(admin_ctx, clients=400, seed=3)
    admin_ctx.vault.close()
    size = (vault_path / DB_FILE).stat().st_size
    assert size > 1_000_000, size  # so the rekey takes a while
    script = tmp_path / "rekey.py"
    script.write_text(REKEY_WORKER)
    delays = [0.0, 0.002, 0.01, 0.03, 0.1, 0.3]
    outcomes = set()
    for delay in delays:
        ring_before = (vault_path / KEYRING_FILE).read_bytes()
        proc = subprocess.Popen(
            [sys.executable, str(script), str(vault_path), ADMIN_PASSWORD],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=_env(vault_path),
        )
        assert proc.stdout.readline().strip() == "open"
        staged = vault_path / NEXT_KEYRING_FILE
        deadline = time.monotonic() + 60
        while not staged.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcomes.add(
            "journal" if (vault_path / (DB_FILE + "-journal")).exists() else "staged" if staged.exists() else "finished"
        )
        ctx = _sign_in(vault_path)
        try:
            assert "audit_chain" in ctx.vault.verify()
        finally:
            ctx.vault.close()
        assert not staged.exists()
        # whatever the moment, the key was replaced in the end (finished or resumed)
        assert not _old_copy_opens(vault_path, ring_before, "admin", ADMIN_PASSWORD, tmp_path)
    assert outcomes & {"journal", "staged"}, outcomes


# --- finding 5: temp files -----------------------------------------------------------------


def test_temp_files_do_not_follow_planted_symlinks(tmp_path):
    from referral_desk.core.fileio import atomic_write_bytes

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    target = out_dir / "export.json"
    # the names release 0.1 used: .<name>.tmp-<pid>
    for pid in range(os.getpid() - 5, os.getpid() + 5):
        (out_dir / f".{target.name}.tmp-{pid}").symlink_to(victim)
    atomic_write_bytes(target, b"{}")
    assert victim.read_text() == "keep me"
    assert target.read_bytes() == b"{}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".rd-")]


def test_backup_temp_files_do_not_follow_planted_symlinks(admin_ctx, tmp_path):
    victim = tmp_path / "victim.db"
    victim.write_text("keep me")
    out = tmp_path / "b" / "x.rdbackup"
    out.parent.mkdir()
    for pid in range(os.getpid() - 3, os.getpid() + 3):
        (out.parent / f".{out.name}.db-{pid}").symlink_to(victim)
        (out.parent / f".{out.name}.tmp-{pid}").symlink_to(victim)
    backup.create(admin_ctx.vault, out, created_by=1)
    assert victim.read_text() == "keep me"


# --- finding 7: backups fully authenticated -----------------------------------------------


def _chunks(path: Path) -> tuple[bytes, list[bytes], bytes]:
    data = path.read_bytes()
    import struct

    (hlen,) = struct.unpack(">I", data[10:14])
    pos = 14 + hlen
    head = data[:pos]
    end = len(data) - 38
    chunks = []
    while pos < end:
        (clen,) = struct.unpack(">I", data[pos : pos + 4])
        chunks.append(data[pos : pos + 4 + clen])
        pos += 4 + clen
    return head, chunks, data[end:]


@pytest.mark.parametrize("damage", ["reorder", "drop", "duplicate", "truncate", "header"])
def test_backups_with_several_chunks_refuse_any_change(admin_ctx, vault_path, tmp_path, damage):
    for i in range(3):
        clients.create_client(admin_ctx, data=client_data(birth_date=f"1970-01-0{i + 1}"))
    folder = tmp_path / "backups"
    folder.mkdir()
    made = backup.create(admin_ctx.vault, folder / "a.rdbackup", created_by=1, chunk_size=16 * 1024)
    head, chunks, trailer = _chunks(made.path)
    assert len(chunks) >= 4
    assert "backup_heads" in admin_ctx.vault.verify(backup_dirs=[folder])
    if damage == "reorder":
        chunks[1], chunks[2] = chunks[2], chunks[1]
    elif damage == "drop":
        del chunks[2]
    elif damage == "duplicate":
        chunks.insert(2, chunks[1])
    elif damage == "truncate":
        chunks, trailer = chunks[:-1], b""
    if damage == "header":
        doc_start = head.index(b"{")
        header = json.loads(head[doc_start:])
        header["manifest"]["audit_head"]["seq"] = 1  # an unauthenticated header would be believed
        raw = json.dumps(header, ensure_ascii=True, sort_keys=True).encode()
        import struct

        head = head[:10] + struct.pack(">I", len(raw)) + raw
    made.path.write_bytes(head + b"".join(chunks) + trailer)
    with pytest.raises(IntegrityFailure) as info:
        admin_ctx.vault.verify(backup_dirs=[folder])
    assert info.value.code == "backup.damaged_named" and "a.rdbackup" in info.value.message("en")
    with pytest.raises(IntegrityFailure):
        backup.restore(made.path, tmp_path / "restored", user="admin", password=ADMIN_PASSWORD)


def test_verify_refuses_an_unreadable_backup_instead_of_skipping_it(admin_ctx, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "broken.rdbackup").write_bytes(b"RDBACKUP\x00\x02\x00\x00")
    with pytest.raises(IntegrityFailure) as info:
        admin_ctx.vault.verify(backup_dirs=[folder])
    assert info.value.code == "backup.damaged_named"


def test_backup_verifies_after_a_key_rotation(admin_ctx, tmp_path):
    admin_ctx.vault.kdf = FAST
    folder = tmp_path / "backups"
    folder.mkdir()
    backup.create(admin_ctx.vault, folder / "a.rdbackup", created_by=1)
    users.rotate_data_key(admin_ctx)
    assert "backup_heads" in admin_ctx.vault.verify(backup_dirs=[folder])


# --- finding 8: exit codes and hardening ---------------------------------------------------


def _keyring_doc(vault_path: Path) -> dict:
    return json.loads((vault_path / KEYRING_FILE).read_text())


@pytest.mark.parametrize("case", ["missing", "generation", "nested", "kdf_4gib", "kdf_passes"])
def test_damaged_keyring_ends_with_exit_5_and_a_message(admin_ctx, vault_path, case):
    admin_ctx.vault.close()
    ring = vault_path / KEYRING_FILE
    doc = _keyring_doc(vault_path)
    if case == "missing":
        ring.unlink()
    elif case == "generation":
        doc["generation"] = "sieben"
        ring.write_text(json.dumps(doc))
    elif case == "nested":
        ring.write_text("[" * 100000 + "]" * 100000)
    else:
        for slot in doc["slots"]:
            if slot["kind"] == "password":
                if case == "kdf_4gib":
                    slot["kdf"]["memory_kib"] = 4 * 1024 * 1024
                else:
                    slot["kdf"]["iterations"] = 11
        ring.write_text(json.dumps(doc))
    started = time.monotonic()
    r = run_cli(["client", "find", "x"], vault_path)
    assert r.returncode == 5, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and r.stderr.strip()
    assert time.monotonic() - started < 60


def test_bad_numbers_and_nested_input_end_with_exit_2(admin_ctx, vault_path):
    admin_ctx.vault.close()
    r = run_cli(["client", "get", str(10**23)], vault_path)
    assert r.returncode == 2, r.stderr
    assert "id" in r.stderr
    r = run_cli(["client", "add", "-"], vault_path, stdin="[" * 100000 + "]" * 100000)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_locked_database_ends_with_exit_2_naming_the_vault(admin_ctx, vault_path):
    raw = admin_ctx.vault.engine.raw_connection()
    raw.execute("BEGIN IMMEDIATE")
    try:
        r = run_cli(["client", "find", "x"], vault_path)
    finally:
        raw.execute("ROLLBACK")
        raw.close()
    assert r.returncode == 2, r.stderr
    assert "vault" in r.stderr


def test_kdf_parameters_are_capped():
    with pytest.raises(InvalidInput):
        KdfParams(memory_kib=2 * 1024 * 1024)
    with pytest.raises(InvalidInput):
        KdfParams(iterations=11)
    KdfParams(memory_kib=1024 * 1024, iterations=10)


def test_direction_marks_and_soft_hyphens_are_stripped_from_names(admin_ctx):
    c = clients.create_client(
        admin_ctx, data=client_data(family_name="\u200eYıl\u00admaz\u200f", given_names="Ay\u061cşe\u200b")
    )
    assert (c.family_name, c.given_names) == ("Yılmaz", "Ayşe")
    persian = clients.create_client(admin_ctx, data=client_data(family_name="محمدی\u200cنژاد", birth_date="1970-05-05"))
    assert "\u200c" in persian.family_name  # the Persian zero-width non-joiner is part of the name


def test_process_is_not_dumpable_after_start_up():
    code = (
        "import ctypes, sys; from referral_desk.core.hygiene import disable_core_dumps; disable_core_dumps(); "
        "libc = ctypes.CDLL(None); print(libc.prctl(3, 0, 0, 0, 0))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert r.stdout.strip() == "0", r.stderr


def test_lock_wipes_the_key_buffers(admin_ctx):
    key = admin_ctx.vault.data_key
    audit_key = admin_ctx.vault.audit_key
    anchor_key = admin_ctx.vault.slot.anchor_key
    assert any(key) and any(audit_key) and any(anchor_key)
    admin_ctx.lock()
    assert not any(key) and not any(audit_key) and not any(anchor_key)
    with pytest.raises(AuthenticationFailed):
        admin_ctx.vault.data_key  # noqa: B018 - reading the property is what must fail


def test_vault_files_are_private_even_in_an_existing_folder(tmp_path):
    from referral_desk.core.services import setup

    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    ctx, _ = setup.initialise(folder, org_name="AWO", admin="admin", password=ADMIN_PASSWORD, kdf=FAST)
    ctx.vault.close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in (DB_FILE, KEYRING_FILE, audit.ANCHOR_FILE):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    os.chmod(folder / DB_FILE, 0o644)  # e.g. copied by hand
    Vault.unlock(folder, user="admin", password=ADMIN_PASSWORD).close()
    assert stat.S_IMODE((folder / DB_FILE).stat().st_mode) == 0o600
    sqlite3.connect(":memory:").close()


# --- finding 3: the duplicate check -------------------------------------------------------


def test_duplicate_check_reveals_case_numbers_only_to_who_may_open_them(admin_ctx, vault_path):
    from referral_desk.core.errors import DuplicateClient

    admin_ctx.vault.kdf = FAST
    users.add_user(admin_ctx, name="anna", role="counsellor", password=COUNSELLOR_PW)
    users.add_user(admin_ctx, name="bernd", role="counsellor", password=COUNSELLOR_PW)
    users.add_user(admin_ctx, name="leitung", role="lead", password=COUNSELLOR_PW)
    admin_ctx.vault.close()
    anna = _sign_in(vault_path, "anna", COUNSELLOR_PW)
    existing = clients.create_client(anna, data=client_data())
    anna.vault.close()
    bernd = _sign_in(vault_path, "bernd", COUNSELLOR_PW)
    try:
        found = clients.likely_duplicates(bernd, data=client_data(family_name="Yilmaz"))
        assert found and list(found) == [] and found.hidden == 1
        with pytest.raises(DuplicateClient) as info:
            clients.create_client(bernd, data=client_data())
        assert existing.case_number not in info.value.message("de")
        assert "anderen Fallakte" in info.value.message("de") and info.value.exit_code == 3
        with bernd.reading() as conn:
            actions = [
                a
                for (a,) in conn.execute(
                    text(
                        "SELECT action FROM audit_event WHERE user_id = "
                        "(SELECT id FROM user_account WHERE name='bernd')"
                    )
                )
            ]
        assert {"client.duplicate_check", "client.duplicate_refused"} <= set(actions)
    finally:
        bernd.vault.close()
    lead = _sign_in(vault_path, "leitung", COUNSELLOR_PW)
    try:
        assert list(clients.likely_duplicates(lead, data=client_data())) == [existing.case_number]
    finally:
        lead.vault.close()
    r = run_cli(
        ["client", "add", "-"], vault_path, stdin=json.dumps(client_data()), user="bernd", password=COUNSELLOR_PW
    )
    assert r.returncode == 3 and existing.case_number not in r.stderr and "another caseload" in r.stderr


def test_an_unusable_profile_folder_does_not_break_writes(admin_ctx, vault_path, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("REFERRAL_DESK_STATE_DIR", str(blocker / "state"))
    clients.create_client(admin_ctx, data=client_data())  # committed and anchored in the vault folder
    admin_ctx.vault.close()
    ctx = _sign_in(vault_path)
    assert clients.find_clients(ctx, text_query="Yilmaz")
    ctx.vault.close()
