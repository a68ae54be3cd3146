"""HMAC-chained audit: one event per mutation in the same transaction, tamper evidence."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import text

from referral_desk.core import audit
from referral_desk.core.errors import IntegrityFailure, InvalidInput
from referral_desk.core.services import clients, contacts
from referral_desk.core.vault import DB_FILE, Vault
from tests.conftest import ADMIN_PASSWORD, client_data


def _events(ctx):
    with ctx.reading() as conn:
        return conn.execute(text("SELECT seq, action, entity, entity_id, fields FROM audit_event ORDER BY seq")).all()


def test_mutations_and_views_write_events_with_field_names_only(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data())
    clients.get_client(admin_ctx, client_id=c.id)
    clients.update_client(admin_ctx, client_id=c.id, changes={"german_level": "B2"})
    contacts.add_contact(admin_ctx, client_id=c.id, data={"date": "2026-01-10", "minutes": 30, "topics": ["work"]})
    actions = [e.action for e in _events(admin_ctx)]
    assert actions[-4:] == ["client.create", "client.view", "client.update", "contact.create"]
    update = _events(admin_ctx)[-2]
    assert json.loads(update.fields) == ["german_level"]
    with admin_ctx.reading() as conn:
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM audit_event")) for v in row)
    # Values that cannot occur inside the chain's lowercase hex digests by chance: a bare
    # "0621" did, once in a few thousand runs.
    for value in ("Yılmaz", "Ayşe", "1985-03-12", "B2", "0621 1234567", "Bismarckstraße", "ayse@example.org"):
        assert value not in dump


def test_failing_mutation_leaves_no_audit_row(admin_ctx):
    before = len(_events(admin_ctx))
    with pytest.raises(InvalidInput):
        clients.create_clients(admin_ctx, items=[client_data(), client_data(birth_date="bad")])
    c = clients.create_client(admin_ctx, data=client_data())
    with pytest.raises(InvalidInput):
        contacts.add_contact(admin_ctx, client_id=c.id, data={"date": "1900-01-01", "minutes": 30, "topics": []})
    assert len(_events(admin_ctx)) == before + 1  # only the successful create


def test_edited_or_deleted_row_is_reported_with_its_sequence_number(admin_ctx):
    for i in range(5):
        clients.create_client(admin_ctx, data=client_data(birth_date=f"1980-01-0{i + 1}"))
    with admin_ctx.vault.read() as conn:
        head, broken = audit.verify_chain(conn, admin_ctx.vault.audit_key)
    assert broken is None and head.seq >= 6
    with admin_ctx.vault.write() as conn:
        conn.execute(text("UPDATE audit_event SET fields = '[]' WHERE seq = 4"))
    with pytest.raises(IntegrityFailure) as info:
        admin_ctx.vault.verify()
    assert info.value.code == "verify.audit_chain" and info.value.params["seq"] == 4
    assert "4" in info.value.message("de")


def test_deleted_row_is_reported(admin_ctx):
    for i in range(4):
        clients.create_client(admin_ctx, data=client_data(birth_date=f"1980-01-0{i + 1}"))
    with admin_ctx.vault.write() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq = 3"))
    with pytest.raises(IntegrityFailure) as info:
        admin_ctx.vault.verify()
    assert info.value.params["seq"] == 3


def test_database_replaced_by_older_copy_is_refused_at_unlock(admin_ctx, vault_path, tmp_path):
    clients.create_client(admin_ctx, data=client_data())
    admin_ctx.vault.close()
    old_copy = tmp_path / "old.db"
    shutil.copy(vault_path / DB_FILE, old_copy)
    vault = Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    from referral_desk.core.services.context import ServiceContext

    clients.create_client(ServiceContext.sign_in(vault, "admin"), data=client_data(birth_date="1999-01-01"))
    vault.close()
    shutil.copy(old_copy, vault_path / DB_FILE)
    with pytest.raises(IntegrityFailure) as info:
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert info.value.code == "verify.anchor_missing_entry"


def test_tampered_anchor_is_reported(admin_ctx, vault_path):
    from referral_desk.core import anchors

    clients.create_client(admin_ctx, data=client_data())
    path = vault_path / audit.ANCHOR_FILE
    doc = json.loads(path.read_text())
    assert doc["format"] == anchors.FORMAT
    own = admin_ctx.vault.slot.slot_id
    doc["entries"][own]["seq"] = 1  # the tag no longer matches
    path.write_text(json.dumps(doc))
    with pytest.raises(IntegrityFailure) as info:
        admin_ctx.vault.verify()
    assert info.value.code == "verify.anchor_invalid"
