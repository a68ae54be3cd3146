"""``server backup`` / ``server restore``: pg_dump into the encrypted backup format and back,
against the session's real PostgreSQL cluster (issue 18, item 5)."""

from __future__ import annotations

import json

import pytest

from referral_desk.cli import main
from referral_desk.core.audit import verify_chain
from referral_desk.core.errors import IntegrityFailure, InvalidInput, PolicyRefused
from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import clients
from referral_desk.core.team import backup, connection
from tests.conftest import client_data
from tests.team.conftest import TeamDb

PASSPHRASE = "Rheinufer-Sicherung-2026"
FAMILIES = ("Haddad", "Kovalenko", "Yıldırım")


@pytest.fixture(scope="module")
def filled(pg_cluster):
    db = TeamDb(pg_cluster, "t_backup")
    for who, family in zip(("anna", "bert", "anna"), FAMILIES, strict=True):
        ctx = db.context(who)
        with ctx.vault:
            clients.create_client(
                ctx, data=client_data(family_name=family, given_names="Test", birth_date="1980-02-03")
            )
    return db


def _fingerprint(db: TeamDb) -> dict[str, tuple[int, str]]:
    """Rows and an MD5 over the ordered rows of every table, read as the superuser."""
    with db.raw("super") as su:
        tables = [
            r[0]
            for r in su.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        out = {}
        for t in tables:
            n, digest = su.execute(
                f"SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM \"{t}\" x"
            ).fetchone()
            out[t] = (n, digest)
        return out


def _params(db: TeamDb, who: str) -> dict[str, str]:
    return connection.parse_dsn(db.dsn(who))


def _cli(monkeypatch, capsys, *args: str, passphrase: str | None = PASSPHRASE):
    for name in ("REFERRAL_DESK_DSN", "REFERRAL_DESK_USER", "REFERRAL_DESK_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    if passphrase is None:
        monkeypatch.delenv("REFERRAL_DESK_BACKUP_PASSPHRASE", raising=False)
    else:
        monkeypatch.setenv("REFERRAL_DESK_BACKUP_PASSPHRASE", passphrase)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_is_encrypted_and_restores_every_row(filled, pg_cluster, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REFERRAL_DESK_CONFIG_DIR", str(tmp_path / "config"))
    before = _fingerprint(filled)
    out = tmp_path / "sicherung" / "team.rdbackup"
    code, stdout, err = _cli(
        monkeypatch, capsys, "--json", "--dsn", filled.dsn("super"), "server", "backup", "--out", str(out)
    )
    assert code == 0, err
    made = json.loads(stdout)
    assert made["database"] == "t_backup" and made["dump_size"] > 0 and out.exists()
    raw = out.read_bytes()
    assert not any(name.encode() in raw for name in (*FAMILIES, "Kreisverband"))  # nothing readable inside
    assert sorted(p.name for p in out.parent.iterdir()) == ["team.rdbackup"]  # no plaintext left beside it
    assert (out.stat().st_mode & 0o777) == 0o600

    # Disaster: the database is gone. An empty one of the same name takes the backup.
    import psycopg

    # Bert's login role is gone too, as on a new server (roles are not in a database's dump).
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as su:
        su.execute('DROP DATABASE "t_backup" WITH (FORCE)')
        su.execute(f'DROP ROLE "{filled.users["bert"]}"')
    pg_cluster.create_database("t_backup")
    code, stdout, err = _cli(monkeypatch, capsys, "--json", "--dsn", filled.dsn("super"), "server", "restore", str(out))
    assert code == 0, err
    restored = json.loads(stdout)
    assert restored["database"] == "t_backup" and restored["logins_created"] == [filled.users["bert"]]
    assert "reset-password" in err
    assert _fingerprint(filled) == before

    # Bert's login exists again but has no password until the administration sets one.
    with pytest.raises(psycopg.OperationalError):
        filled.raw("bert").close()
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", "Neu-nach-Umzug-2026")
    for who, code_wanted in (("anna", 3), ("super", 0)):
        code, stdout, err = _cli(
            monkeypatch, capsys, "--json", "--dsn", filled.dsn(who), "user", "reset-password", filled.users["bert"]
        )
        assert code == code_wanted, err
    for not_a_person in ("postgres", "t_backup_owner"):  # only people of this database
        code, _, err = _cli(monkeypatch, capsys, "--dsn", filled.dsn("super"), "user", "reset-password", not_a_person)
        assert code == 2, err
    filled.passwords[filled.users["bert"]] = "Neu-nach-Umzug-2026"

    # The logins still work with their caseloads and roles, and the audit chain verifies.
    with filled.raw("anna") as anna:
        assert {r[0] for r in anna.execute("SELECT family_name FROM client")} == {FAMILIES[0], FAMILIES[2]}
    with filled.raw("bert") as bert:
        assert {r[0] for r in bert.execute("SELECT family_name FROM client")} == {FAMILIES[1]}
    with filled.raw("super") as su:
        key = bytes(su.execute("SELECT audit_key FROM team_secret").fetchone()[0])
        last = su.execute("SELECT action FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()[0]
        assert last == "user.password_reset"
    engine = connection.make_engine(_params(filled, "super"))
    try:
        with engine.connect() as conn:
            _head, broken = verify_chain(conn, key)
    finally:
        engine.dispose()
    assert broken is None
    ctx = filled.context("anna")  # and the services work on the restored database
    with ctx.vault:
        clients.create_client(ctx, data=client_data(family_name="Nachher", given_names="Test", birth_date="1990-01-01"))


def test_wrong_passphrase_changed_file_and_wrong_target_are_refused(filled, tmp_path):
    out = tmp_path / "b.rdbackup"
    backup.create(_params(filled, "super"), out, passphrase=PASSPHRASE, kdf=KdfParams.fast_for_tests())
    assert backup.open_dump(out, passphrase=PASSPHRASE)[1][:5] == b"PGDMP"  # pg_dump's custom format
    with pytest.raises(IntegrityFailure) as wrong:
        backup.open_dump(out, passphrase=PASSPHRASE + "x")
    assert wrong.value.code == "backup.team_unlock"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed = tmp_path / "changed.rdbackup"
    changed.write_bytes(bytes(data))
    with pytest.raises(IntegrityFailure):
        backup.open_dump(changed, passphrase=PASSPHRASE)
    before = _fingerprint(filled)
    with pytest.raises(PolicyRefused) as full:  # a database with data is never overwritten
        backup.restore(out, _params(filled, "super"), passphrase=PASSPHRASE)
    assert full.value.code == "team.restore_not_empty"
    assert _fingerprint(filled) == before


def test_only_the_owner_or_a_superuser_backs_up_and_the_passphrase_is_long(filled, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REFERRAL_DESK_CONFIG_DIR", str(tmp_path / "config"))
    out = tmp_path / "anna.rdbackup"
    with pytest.raises(PolicyRefused) as refused:  # RLS would hide the colleagues' clients
        backup.create(_params(filled, "anna"), out, passphrase=PASSPHRASE, kdf=KdfParams.fast_for_tests())
    assert refused.value.code == "team.backup_role" and not out.exists()
    with pytest.raises(InvalidInput) as short:
        backup.create(_params(filled, "super"), out, passphrase="kurz")
    assert short.value.field == "passphrase" and not out.exists()
    code, _out, err = _cli(
        monkeypatch, capsys, "--dsn", filled.dsn("super"), "server", "backup", "--out", str(out), passphrase=None
    )
    assert code == 2 and "REFERRAL_DESK_BACKUP_PASSPHRASE" in err and not out.exists()
