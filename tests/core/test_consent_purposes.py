"""Withdrawing purposes of a consent (issue 11 item 3), and the purpose catalogue's resolve."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import text

from referral_desk.core import purposes
from referral_desk.core.errors import InvalidInput, PolicyRefused
from referral_desk.core.services import clients, consent, referrals
from tests.conftest import client_data
from tests.consent_fixtures import complete_profile

pytestmark = pytest.mark.both_backends

TODAY = dt.date.today()


@pytest.fixture
def client_id(admin_ctx) -> int:
    return clients.create_client(admin_ctx, data=client_data()).id


def _two_purposes(ctx, cid, direction="one_way"):
    complete_profile(ctx)
    c = consent.grant(
        ctx,
        client_id=cid,
        recipient="jobcenter",
        purpose="job_placement,benefits_sgb2",
        categories=["identity", "contact", "residence"],
        given_on=TODAY - dt.timedelta(days=20),
        direction=direction,
    )
    placement = referrals.create(
        ctx,
        client_id=cid,
        recipient="jobcenter",
        categories=["identity", "contact"],
        request="Vermittlung",
        purpose="job_placement",
        created_on=TODAY - dt.timedelta(days=10),
    )
    benefits = referrals.create(
        ctx,
        client_id=cid,
        recipient="jobcenter",
        categories=["identity", "contact"],
        request="Antrag",
        purpose="benefits_sgb2",
        created_on=TODAY - dt.timedelta(days=9),
    )
    return c, placement, benefits


def _count(ctx, table):
    with ctx.reading() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


# --- resolve is idempotent -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        "job_placement,other:Wohnungssuche",
        "other:Wohnungssuche",
        "Anderer Zweck: Wohnungssuche",
        "job_placement,benefits_sgb2",
        "Hilfe bei der Wohnungssuche",
        "recognition",
    ],
)
def test_resolve_is_idempotent(given):
    keys, wording = purposes.resolve("jobcenter", given)
    assert purposes.resolve("jobcenter", wording) == (keys, wording)
    assert "Anderer Zweck: Anderer Zweck" not in wording


def test_resolve_reads_back_a_printed_other_purpose():
    keys, wording = purposes.resolve("jobcenter", "job_placement,other:Wohnungssuche")
    assert keys == ["job_placement", "other"]
    assert wording == "Vermittlung in Arbeit oder Ausbildung; Anderer Zweck: Wohnungssuche"
    assert purposes.resolve("jobcenter", "Anderer Zweck: Wohnungssuche") == (["other"], "Anderer Zweck: Wohnungssuche")
    with pytest.raises(InvalidInput) as e:
        purposes.resolve("jobcenter", "Anderer Zweck:  ")
    assert e.value.field == "purpose"


# --- partial withdrawal of purposes -----------------------------------------------------------------


def test_withdrawing_one_purpose_keeps_the_other_and_the_history(admin_ctx, client_id):
    c, placement, benefits = _two_purposes(admin_ctx, client_id)
    on = TODAY - dt.timedelta(days=3)
    r = consent.revoke(admin_ctx, consent_id=c.id, purposes=["benefits_sgb2"], on=on, reason="Anruf", source="phone")
    assert r.status == "active"
    assert r.active_purposes == ["job_placement"] and r.withdrawn_purposes == ["benefits_sgb2"]
    assert r.active_categories == ["identity", "contact", "residence"]  # categories untouched
    w = r.withdrawals[-1]
    assert (w.purposes, w.categories, w.withdrawn_on, w.source, w.complete) == (
        ["benefits_sgb2"],
        [],
        on,
        "phone",
        False,
    )
    flags = {a.id: a for a in r.affected_referrals}
    assert flags[benefits.id].affected and flags[benefits.id].purpose_withdrawn
    assert not flags[placement.id].affected
    # the withdrawn purpose: re-printing refused (exit 3), new referrals refused; the other still works
    with pytest.raises(PolicyRefused) as e:
        referrals.render_sheet(admin_ctx, referral_id=benefits.id)
    assert e.value.code == "purpose.withdrawn" and "widerrufen" in e.value.message("de")
    assert referrals.render_sheet(admin_ctx, referral_id=placement.id).startswith(b"%PDF")
    with pytest.raises(PolicyRefused):
        referrals.create(
            admin_ctx,
            client_id=client_id,
            recipient="jobcenter",
            categories=["identity"],
            request="Neu",
            purpose="benefits_sgb2",
        )
    # the one purpose left is now the default
    ref = referrals.create(
        admin_ctx, client_id=client_id, recipient="jobcenter", categories=["identity"], request="Neu"
    )
    assert ref.purpose == "job_placement"
    # the view on a day before the withdrawal still shows both purposes
    before = next(x for x in consent.list_for_client(admin_ctx, client_id=client_id, on=on - dt.timedelta(days=1)))
    assert before.active_purposes == ["job_placement", "benefits_sgb2"]
    with admin_ctx.reading() as conn:
        fields = conn.execute(text("SELECT fields FROM audit_event WHERE action = 'consent.revoke_partial'")).scalar()
    assert "purposes" in fields and "Anruf" not in fields


def test_withdrawing_the_last_purpose_withdraws_the_consent(admin_ctx, client_id):
    c, _p, _b = _two_purposes(admin_ctx, client_id)
    consent.revoke(admin_ctx, consent_id=c.id, purposes="benefits_sgb2", on=TODAY - dt.timedelta(days=3))
    r = consent.revoke(admin_ctx, consent_id=c.id, purposes=["job_placement"])
    assert r.status == "withdrawn" and r.withdrawals[-1].complete


@pytest.mark.parametrize(
    "bad, code",
    [(["recognition"], "consent.purpose_not_held"), (["no_such_key"], "input.choice"), ([], "input.list_empty")],
)
def test_bad_purpose_withdrawal_names_the_field_and_writes_nothing(admin_ctx, client_id, bad, code):
    c, _p, _b = _two_purposes(admin_ctx, client_id)
    before = _count(admin_ctx, "consent_withdrawal"), _count(admin_ctx, "audit_event")
    with pytest.raises(InvalidInput) as e:
        consent.revoke(admin_ctx, consent_id=c.id, purposes=bad)
    assert e.value.field == "purposes" and e.value.code == code
    assert (_count(admin_ctx, "consent_withdrawal"), _count(admin_ctx, "audit_event")) == before


def test_a_purpose_cannot_be_withdrawn_twice(admin_ctx, client_id):
    c, _p, _b = _two_purposes(admin_ctx, client_id)
    consent.revoke(admin_ctx, consent_id=c.id, purposes=["benefits_sgb2"])
    with pytest.raises(InvalidInput) as e:
        consent.revoke(admin_ctx, consent_id=c.id, purposes=["benefits_sgb2"])
    assert e.value.code == "consent.purpose_already_withdrawn" and e.value.field == "purposes"


def test_categories_and_purposes_in_one_withdrawal(admin_ctx, client_id):
    c, _p, _b = _two_purposes(admin_ctx, client_id)
    r = consent.revoke(admin_ctx, consent_id=c.id, categories=["residence"], purposes=["benefits_sgb2"])
    assert r.active_categories == ["identity", "contact"] and r.active_purposes == ["job_placement"]
    assert (r.withdrawals[-1].categories, r.withdrawals[-1].purposes) == (["residence"], ["benefits_sgb2"])


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_notice_lists_withdrawn_purposes(admin_ctx, client_id):
    c, placement, benefits = _two_purposes(admin_ctx, client_id)
    for ref in (placement, benefits):
        referrals.change_status(admin_ctx, referral_id=ref.id, status="sent")
    on = TODAY - dt.timedelta(days=2)
    consent.revoke(admin_ctx, consent_id=c.id, purposes=["benefits_sgb2"], on=on)
    flat = _pdf_text(consent.render_notice(admin_ctx, consent_id=c.id))
    assert "Teilweiser Widerruf" in flat
    assert "für die folgenden Zwecke nicht mehr verwendet werden" in flat
    assert "Beratung zu und Bezug von Bürgergeld nach dem SGB II" in flat
    assert "Sie gilt weiter für diese Zwecke: Vermittlung in Arbeit oder Ausbildung" in flat
    assert f"Überleitung Nr. {benefits.id} vom" in flat and "dient einem widerrufenen Zweck" in flat
    assert "dürfen die folgenden Daten" not in flat  # no category was withdrawn


def test_cli_revoke_purposes(tmp_path, monkeypatch, capsys):
    import os
    import sys

    from referral_desk import cli
    from tests.consent_fixtures import AGENCY, ORG

    for key in list(os.environ):
        if key.startswith("REFERRAL_DESK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(tmp_path / "vault"))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "Rheinufer-Sued-2026!")
    monkeypatch.setenv("REFERRAL_DESK_USER", "admin")
    assert cli.main(["init", "--org-name", "AWO Ludwigshafen", "--admin", "admin"]) == 0
    capsys.readouterr()

    def run(*args):
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    for flag, value in ORG.items():
        assert run("org", "set", f"--{flag.replace('_', '-')}", value)[0] == 0
    assert (
        run(
            "agency",
            "set",
            "jobcenter",
            "--street",
            AGENCY["street"],
            "--postal-code",
            AGENCY["postal_code"],
            "--city",
            AGENCY["city"],
        )[0]
        == 0
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(client_data())))
    code, out, err = run("--json", "client", "add", "-")
    cid = str(json.loads(out)["id"])
    code, out, err = run(
        "--json",
        "consent",
        "grant",
        cid,
        "--recipient",
        "jobcenter",
        "--categories",
        "identity,contact",
        "--purpose",
        "job_placement,benefits_sgb2,other:Wohnungssuche",
    )
    assert code == 0, err
    consent_id = str(json.loads(out)["id"])
    code, out, err = run(
        "--json",
        "referral",
        "create",
        cid,
        "--recipient",
        "jobcenter",
        "--categories",
        "identity",
        "--reason",
        "Antrag",
        "--purpose",
        "benefits_sgb2",
    )
    assert code == 0, err
    ref_id = str(json.loads(out)["id"])
    code, _, err = run("consent", "revoke", consent_id, "--purposes", "recognition")
    assert code == 2 and "purposes" in err
    code, _, err = run("consent", "revoke", consent_id, "--purposes", "nonsense")
    assert code == 2 and "purposes" in err
    code, out, err = run("consent", "revoke", consent_id, "--purposes", "benefits_sgb2,other", "--source", "letter")
    assert code == 0, err
    assert "Weiter gültig für: Vermittlung in Arbeit oder Ausbildung" in out
    assert f"Überleitung {ref_id}" in out and "widerrufenen Zweck" in out
    code, out, _ = run("consent", "list", cid)
    assert "Zweck widerrufen: benefits_sgb2, other" in out
    code, _, err = run("referral", "pdf", ref_id, "--out", str(tmp_path / "r.pdf"))
    assert code == 3 and "widerrufen" in err
    notice = tmp_path / "notice.pdf"
    code, out, err = run("consent", "notice", consent_id, "--out", str(notice))
    assert code == 0, err
    flat = _pdf_text(notice.read_bytes())
    assert "Anderer Zweck: Wohnungssuche" in flat and "Bürgergeld" in flat


def test_upgraded_release_0_1_vault_takes_purpose_withdrawals(tmp_path):
    import shutil
    from pathlib import Path

    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.vault import Vault
    from tests.conftest import ADMIN_PASSWORD

    target = tmp_path / "vault"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "vault_v1", target)
    vault = Vault.unlock(target, user="admin", password=ADMIN_PASSWORD)
    try:
        ctx = ServiceContext.sign_in(vault, "admin")
        with vault.read() as conn:
            old = conn.execute(text("SELECT purposes FROM consent_withdrawal")).scalars().all()
            active = conn.execute(
                text("SELECT id, purposes FROM consent WHERE withdrawn_on IS NULL AND valid_until >= :d ORDER BY id"),
                {"d": TODAY},
            ).first()
        assert old and all(json.loads(p) == [] for p in old)  # earlier withdrawals: categories only
        keys = json.loads(active[1])
        r = consent.revoke(ctx, consent_id=active[0], purposes=keys[:1])
        assert r.withdrawals[-1].purposes == keys[:1]
        assert r.status == ("withdrawn" if len(keys) == 1 else "active")
    finally:
        vault.close()


@pytest.mark.vault_only(reason="the demo fills a desk vault")
def test_demo_consents_carry_guardians_and_partial_withdrawal_history(admin_ctx):
    from referral_desk.core.documents import consent_form as cf
    from referral_desk.core.services import demo

    demo.generate(admin_ctx, clients=400, seed=7)
    with admin_ctx.reading() as conn:
        rows = conn.execute(
            text(
                "SELECT s.id, s.given_on, s.guardian_name, c.birth_date, s.withdrawn_on, s.purposes "
                "FROM consent s JOIN client c ON c.id = s.client_id"
            )
        ).all()
        history = conn.execute(text("SELECT consent_id, categories, purposes, complete FROM consent_withdrawal")).all()
    stages = {
        r.id: cf.minor_stage(dt.date.fromisoformat(str(r.birth_date)[:10]), dt.date.fromisoformat(str(r.given_on)[:10]))
        for r in rows
    }
    # every consent of a client under 15 names the guardian who co-signed
    under_15 = [r for r in rows if stages[r.id] == "under_15"]
    assert under_15 and all(r.guardian_name for r in under_15)
    assert all(r.guardian_name is None for r in rows if stages[r.id] is None)
    # every full withdrawal has its history row; some consents are partly withdrawn
    full = {r.id for r in rows if r.withdrawn_on is not None}
    assert full == {h.consent_id for h in history if h.complete}
    partial = [h for h in history if not h.complete]
    assert any(json.loads(h.categories) for h in partial) and any(json.loads(h.purposes) for h in partial)
    # the services read them: a partly withdrawn consent lists what remains
    by_purpose = next(h for h in partial if json.loads(h.purposes))
    with admin_ctx.reading() as conn:
        client_id = conn.execute(
            text("SELECT client_id FROM consent WHERE id = :i"), {"i": by_purpose.consent_id}
        ).scalar()
    shown = next(c for c in consent.list_for_client(admin_ctx, client_id=client_id) if c.id == by_purpose.consent_id)
    assert shown.withdrawn_purposes == json.loads(by_purpose.purposes) or shown.status != "active"
    assert "audit_chain" in admin_ctx.vault.verify()
