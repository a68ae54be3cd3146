"""Schema v2 part ``v2_letters`` on the vault made by release 0.1: every record intact, the new
columns usable, and the records whose names need a document spelling listed (issue 10)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from referral_desk.core import validation as v
from referral_desk.core.errors import InvalidInput, PolicyRefused
from referral_desk.core.services import clients, referrals
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault
from tests.conftest import ADMIN_PASSWORD, client_data
from tests.core.letters_fixtures import complete_addresses

FIXTURE_V1 = Path(__file__).resolve().parents[1] / "data" / "vault_v1"


@pytest.fixture
def upgraded(tmp_path):
    target = tmp_path / "vault"
    shutil.copytree(FIXTURE_V1, target)
    vault = Vault.unlock(target, user="admin", password=ADMIN_PASSWORD)
    yield ServiceContext.sign_in(vault, "admin")
    vault.close()


def test_v1_records_keep_their_data_and_gain_unknown_facts(upgraded):
    ctx = upgraded
    with ctx.reading() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM client ORDER BY id"))]
        purposes = {r[0] for r in conn.execute(text("SELECT purposes FROM consent"))}
        ref_purposes = {r[0] for r in conn.execute(text("SELECT purpose FROM referral"))}
    assert len(ids) == 40
    assert purposes == {'["other"]'} and ref_purposes == {"other"}
    for cid in ids:
        c = clients.get_client(ctx, client_id=cid)
        assert c.family_name and c.given_names and c.birth_date  # intact
        assert (c.school_education, c.employment_status, c.benefit_type) == ("unknown", "unknown", "unknown")
        assert c.document_family_name is None


def test_records_needing_a_document_spelling_are_listed_and_can_be_completed(upgraded):
    ctx = upgraded
    listed = clients.needing_document_spelling(ctx)
    assert listed, "the demo data of release 0.1 has names in Arabic and Cyrillic script"
    assert all(v.has_non_latin_letters(f"{c.family_name} {c.given_names}") for c in listed)
    with ctx.reading() as conn:
        all_rows = conn.execute(text("SELECT id, family_name, given_names FROM client")).all()
    expected = {r.id for r in all_rows if v.has_non_latin_letters(f"{r.family_name} {r.given_names}")}
    assert {c.id for c in listed} == expected
    first = listed[0]
    clients.update_client(
        ctx, client_id=first.id, changes={"document_family_name": "Al-Hassan", "document_given_names": "Mohammed"}
    )
    assert first.id not in {c.id for c in clients.needing_document_spelling(ctx)}


def test_upgraded_referral_prints_once_addresses_and_spelling_are_there(upgraded):
    ctx = upgraded
    complete_addresses(ctx)
    with ctx.reading() as conn:
        row = conn.execute(
            text(
                "SELECT r.id, r.client_id FROM referral r JOIN consent k ON k.id = r.consent_id "
                "WHERE r.status != 'withdrawn' AND k.withdrawn_on IS NULL AND k.valid_until >= "
                "date('now') ORDER BY r.id"
            )
        ).first()
    if row is None:
        pytest.skip("no printable referral in the fixture")
    client = clients.get_client(ctx, client_id=row.client_id)
    if v.has_non_latin_letters(f"{client.family_name} {client.given_names}"):
        with pytest.raises(PolicyRefused):
            referrals.render_sheet(ctx, referral_id=row.id)
        clients.update_client(ctx, client_id=row.client_id, changes={"document_family_name": "Test"})
    try:
        pdf = referrals.render_sheet(ctx, referral_id=row.id, copies=["recipient"])
    except PolicyRefused as exc:  # consent lapsed since the fixture was made: the gate, not a bug
        assert exc.code.startswith("consent"), exc.code
        return
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("value", ["Шевченко", "الخطيب", "Smith3", "Yılmaz\u0646"])
def test_document_spelling_must_be_latin_script(admin_ctx, value):
    with pytest.raises(InvalidInput) as exc:
        clients.create_client(admin_ctx, data=client_data(document_family_name=value))
    assert exc.value.field == "document_family_name" and exc.value.exit_code == 2
    assert clients.find_clients(admin_ctx, text_query="Yılmaz") == []


@pytest.mark.parametrize(
    "value", ["Yılmaz", "İnönü", "O'Neill-van der Berg", "Al-Khateeb", "d’Almeida", "Müller", "bin Abdallah", "Nguyễn"]
)
def test_document_spelling_accepts_latin_names_with_particles(admin_ctx, value):
    c = clients.create_client(admin_ctx, data=client_data(document_family_name=value, document_given_names="Ayşe"))
    assert c.document_family_name == value


def test_cli_update_with_cyrillic_spelling_exits_2(tmp_path, monkeypatch, capsys):
    import io
    import json
    import os

    from referral_desk import cli

    for key in list(os.environ):
        if key.startswith("REFERRAL_DESK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(tmp_path / "v"))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("REFERRAL_DESK_USER", "admin")
    assert cli.main(["init", "--org-name", "AWO", "--admin", "admin"]) == 0
    monkeypatch.setattr(
        "sys.stdin", io.StringIO(json.dumps(client_data(family_name="Шевченко", given_names="Олександра")))
    )
    assert cli.main(["client", "add", "-"]) == 0
    capsys.readouterr()
    assert cli.main(["--json", "client", "needs-spelling"]) == 0
    assert [c["id"] for c in json.loads(capsys.readouterr().out)] == [1]
    (tmp_path / "u.json").write_text(json.dumps({"document_family_name": "Шевченко"}), "utf-8")
    assert cli.main(["client", "update", "1", str(tmp_path / "u.json")]) == 2
    assert "document_family_name" in capsys.readouterr().err
    (tmp_path / "u.json").write_text(
        json.dumps({"document_family_name": "Shevchenko", "document_given_names": "Oleksandra"}), "utf-8"
    )
    assert cli.main(["client", "update", "1", str(tmp_path / "u.json")]) == 0
    capsys.readouterr()
    assert cli.main(["--json", "client", "needs-spelling"]) == 0
    assert json.loads(capsys.readouterr().out) == []
