"""The vault: keyring, unlocking, tampering, plaintext refusal, verify."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest

from referral_desk.core.errors import AuthenticationFailed, IntegrityFailure
from referral_desk.core.keyring import KEYRING_FILE, PREVIOUS_KEYRING_FILE, KdfParams, Keyring, parse_recovery_key
from referral_desk.core.services import clients, users
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import DB_FILE, Vault
from tests.conftest import ADMIN_PASSWORD, client_data


def test_unlock_with_password_and_recovery_key(created_vault, vault_path):
    ctx, recovery = created_vault
    clients.create_client(ctx, data=client_data())
    ctx.vault.close()
    with Vault.unlock(vault_path, user="ADMIN", password=ADMIN_PASSWORD) as vault:  # user names ignore case
        assert ServiceContext.sign_in(vault, "admin").actor.role == "admin"
    with Vault.unlock_with_recovery(vault_path, recovery_key=recovery.lower().replace("-", " ")) as vault:
        ctx2 = ServiceContext.sign_in(vault, "admin")
        assert clients.find_clients(ctx2, text_query="Yilmaz")[0].family_name == "Yılmaz"


def test_recovery_key_format_is_printable_groups(created_vault):
    _ctx, recovery = created_vault
    groups = recovery.split("-")
    assert len(groups) == 13 and all(len(g) == 4 for g in groups)
    assert len(parse_recovery_key(recovery)) == 32


def test_wrong_password_and_unknown_user_fail(created_vault, vault_path):
    created_vault[0].vault.close()
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(vault_path, user="admin", password="wrong password 123")
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(vault_path, user="nobody", password=ADMIN_PASSWORD)
    other = "A" * 52
    with pytest.raises(AuthenticationFailed):
        Vault.unlock_with_recovery(vault_path, recovery_key=other)


def test_keyring_holds_no_plaintext_key(created_vault, vault_path):
    ctx, _ = created_vault
    key = ctx.vault.data_key
    raw = (vault_path / KEYRING_FILE).read_bytes()
    for form in (key, key.hex().encode(), key.hex().upper().encode(), base64.b64encode(key), base64.b32encode(key)):
        assert form not in raw
    assert not (vault_path / PREVIOUS_KEYRING_FILE).exists()


def _tamper(vault_path: Path, mutate) -> None:
    path = vault_path / KEYRING_FILE
    doc = json.loads(path.read_text())
    mutate(doc)
    path.write_text(json.dumps(doc))


def _flip_b64(value: str) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def _swap_data_keys(doc):
    admin = _admin_slot(doc)
    recovery = next(s for s in doc["slots"] if s["kind"] == "recovery")
    admin["data_key"], recovery["data_key"] = recovery["data_key"], admin["data_key"]


def _admin_slot(doc):
    return next(s for s in doc["slots"] if s["user"] == "admin")


@pytest.mark.parametrize(
    "what, mutate",
    [
        ("user", lambda d: _admin_slot(d).update(user="Admin ")),
        ("salt", lambda d: _admin_slot(d)["kdf"].update(salt=_flip_b64(_admin_slot(d)["kdf"]["salt"]))),
        ("kdf iterations", lambda d: _admin_slot(d)["kdf"].update(iterations=2)),
        ("kdf memory", lambda d: _admin_slot(d)["kdf"].update(memory_kib=128)),
        ("kdf lanes", lambda d: _admin_slot(d)["kdf"].update(lanes=2)),
        (
            "private-key nonce",
            lambda d: _admin_slot(d)["private_key"].update(nonce=_flip_b64(_admin_slot(d)["private_key"]["nonce"])),
        ),
        (
            "sealed private key",
            lambda d: _admin_slot(d)["private_key"].update(sealed=_flip_b64(_admin_slot(d)["private_key"]["sealed"])),
        ),
        ("public key", lambda d: _admin_slot(d).update(public_key=_flip_b64(_admin_slot(d)["public_key"]))),
        (
            "data-key nonce",
            lambda d: _admin_slot(d)["data_key"].update(nonce=_flip_b64(_admin_slot(d)["data_key"]["nonce"])),
        ),
        (
            "ephemeral key",
            lambda d: _admin_slot(d)["data_key"].update(ephemeral=_flip_b64(_admin_slot(d)["data_key"]["ephemeral"])),
        ),
        (
            "sealed data key",
            lambda d: _admin_slot(d)["data_key"].update(sealed=_flip_b64(_admin_slot(d)["data_key"]["sealed"])),
        ),
        ("slot swapped with another user's", lambda d: _swap_data_keys(d)),
        ("slot id", lambda d: _admin_slot(d).update(slot_id="00000000-0000-0000-0000-000000000000")),
        ("vault id", lambda d: d.update(vault_id="00000000-0000-0000-0000-000000000000")),
    ],
)
def test_altered_slot_field_refuses_unlock(created_vault, vault_path, what, mutate):
    created_vault[0].vault.close()
    if what == "user":
        # renaming the slot to a user name that would match after folding still fails
        _tamper(vault_path, mutate)
        with pytest.raises((AuthenticationFailed, IntegrityFailure)):
            Vault.unlock(vault_path, user="Admin ", password=ADMIN_PASSWORD)
    else:
        _tamper(vault_path, mutate)
    with pytest.raises((AuthenticationFailed, IntegrityFailure)):
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)


def test_password_change_rewraps_one_slot_and_keeps_the_data_key(created_vault, vault_path):
    ctx, _ = created_vault
    users.add_user(ctx, name="berater", role="counsellor", password="Beratung-Hemshof-1")
    ctx.vault.close()
    ring_before = Keyring.load(vault_path)
    vault = Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD, kdf=KdfParams.fast_for_tests())
    key_before = bytes(vault.data_key)
    users.change_own_password(ServiceContext.sign_in(vault, "admin"), new_password="Neues-Passwort-Rheinufer-7")
    assert bytes(vault.data_key) == key_before  # without rotation only the slot changes
    vault.close()
    ring_after = Keyring.load(vault_path)
    changed = [s.user for s in ring_after.slots if s.to_json() not in [o.to_json() for o in ring_before.slots]]
    assert changed == ["admin"]
    assert ring_after.generation == ring_before.generation + 1
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    Vault.unlock(vault_path, user="admin", password="Neues-Passwort-Rheinufer-7").close()
    Vault.unlock(vault_path, user="berater", password="Beratung-Hemshof-1").close()


def test_interrupted_keyring_write_falls_back_to_previous_generation(created_vault, vault_path):
    created_vault[0].vault.close()
    current = vault_path / KEYRING_FILE
    (vault_path / PREVIOUS_KEYRING_FILE).write_bytes(current.read_bytes())
    current.write_bytes(b'{"format": "referral-desk-keyring", "trunc')  # torn write
    Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD).close()


def test_plaintext_sqlite_file_is_refused(created_vault, vault_path):
    created_vault[0].vault.close()
    db = vault_path / DB_FILE
    db.unlink()
    plain = sqlite3.connect(db)
    plain.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    plain.commit()
    plain.close()
    with pytest.raises(IntegrityFailure) as info:
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert info.value.code == "vault.plaintext"
    assert "unverschlüsselt" in info.value.message("de")


def test_database_from_another_vault_is_refused(tmp_path):
    from referral_desk.core.services import setup

    a, _ = setup.initialise(
        tmp_path / "a", org_name="A", admin="admin", password=ADMIN_PASSWORD, kdf=KdfParams.fast_for_tests()
    )
    b, _ = setup.initialise(
        tmp_path / "b", org_name="B", admin="admin", password=ADMIN_PASSWORD, kdf=KdfParams.fast_for_tests()
    )
    a.vault.close()
    b.vault.close()
    (tmp_path / "a" / DB_FILE).write_bytes((tmp_path / "b" / DB_FILE).read_bytes())
    with pytest.raises(IntegrityFailure):
        Vault.unlock(tmp_path / "a", user="admin", password=ADMIN_PASSWORD)


def test_settings_enforced_on_open(admin_ctx):
    raw = admin_ctx.vault.engine.raw_connection()
    try:
        cur = raw.cursor()
        assert cur.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
        assert cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cur.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert cur.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert cur.execute("PRAGMA temp_store").fetchone()[0] == 2
    finally:
        raw.close()


def test_flipped_byte_is_found_by_verify(admin_ctx, vault_path):
    for i in range(30):
        clients.create_client(admin_ctx, data=client_data(birth_date=f"1990-01-{i + 1:02d}"))
    assert "audit_chain" in admin_ctx.vault.verify()
    admin_ctx.vault.close()
    db = vault_path / DB_FILE
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[3 * page + 1000] ^= 0x40  # inside the fourth page
    db.write_bytes(bytes(data))
    with pytest.raises(IntegrityFailure) as info:
        vault = Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
        try:
            vault.verify()
        finally:
            vault.close()
    assert info.value.exit_code == 5
    assert info.value.code in ("verify.cipher", "vault.database_unreadable")


def test_closed_vault_refuses_work(admin_ctx):
    admin_ctx.vault.close()
    with pytest.raises(AuthenticationFailed):
        clients.find_clients(admin_ctx, text_query="x")
