"""Consent: grant, revoke, list, and the coverage rule every referral relies on.

Real vaults (``admin_ctx``), no mocks. The coverage table spells out the rule: a consent
covers a referral on day D only if given_on ≤ D ≤ valid_until, it is not withdrawn on or
before D, it names the recipient and it includes every requested category.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from sqlalchemy import text

from referral_desk import cli
from referral_desk.core.errors import InvalidInput, NotFound, PolicyRefused
from referral_desk.core.services import clients, consent
from tests.conftest import client_data
from tests.consent_fixtures import complete_profile

pytestmark = pytest.mark.both_backends

TODAY = dt.date.today()
D = dt.timedelta


def days(n: int) -> dt.date:
    return TODAY + D(days=n)


@pytest.fixture
def client_id(admin_ctx) -> int:
    return clients.create_client(admin_ctx, data=client_data()).id


def _grant(ctx, cid, **kw):
    args = {
        "recipient": "jobcenter",
        "categories": ["identity", "contact", "residence"],
        "purpose": "Vermittlung in Arbeit",
        "given_on": days(-100),
    }
    args.update(kw)
    return consent.grant(ctx, client_id=cid, **args)


def _cov(ctx, cid, categories, on=TODAY, recipient="jobcenter"):
    return consent.coverage(ctx, client_id=cid, recipient=recipient, categories=categories, on=on)


# --- the coverage table -----------------------------------------------------------------------


def test_exact_match_is_covered(admin_ctx, client_id):
    c = _grant(admin_ctx, client_id)
    cov = _cov(admin_ctx, client_id, ["identity", "contact", "residence"])
    assert cov.covered and cov.consent_id == c.id and cov.missing == [] and cov.reason == "covered"


def test_subset_of_categories_is_covered(admin_ctx, client_id):
    c = _grant(admin_ctx, client_id)
    cov = _cov(admin_ctx, client_id, ["residence"])
    assert cov.covered and cov.consent_id == c.id


def test_superset_requested_is_refused_naming_the_missing_categories(admin_ctx, client_id):
    c = _grant(admin_ctx, client_id)
    cov = _cov(admin_ctx, client_id, ["identity", "benefits", "residence", "employment"])
    assert not cov.covered
    assert cov.reason == "missing_categories" and cov.consent_id == c.id
    assert cov.missing == ["employment", "benefits"]  # catalogue order
    assert cov.message("de").startswith(
        "Keine gültige Einwilligung für Arbeit, Sozialleistungen gegenüber Jobcenter Vorderpfalz-Ludwigshafen"
    )
    assert "No valid consent for Employment, Social benefits towards Jobcenter" in cov.message("en")
    err = cov.error()
    assert isinstance(err, PolicyRefused) and err.exit_code == 3 and "Sozialleistungen" in err.message("de")


def test_other_recipient_is_refused(admin_ctx, client_id):
    _grant(admin_ctx, client_id)
    cov = _cov(admin_ctx, client_id, ["identity"], recipient="agentur")
    assert not cov.covered and cov.reason == "no_consent" and cov.consent_id is None
    assert cov.missing == ["identity"]
    assert "Agentur für Arbeit Ludwigshafen" in cov.message("de")


def test_expired_yesterday_is_refused_valid_until_today_is_covered(admin_ctx, client_id):
    expired = _grant(admin_ctx, client_id, given_on=days(-400), valid_until=days(-1))
    cov = _cov(admin_ctx, client_id, ["identity"])
    assert not cov.covered and cov.reason == "expired" and cov.consent_id == expired.id
    assert cov.date == days(-1) and days(-1).strftime("%d.%m.%Y") in cov.message("de")
    assert _cov(admin_ctx, client_id, ["identity"], on=days(-1)).covered  # its last day
    still = _grant(admin_ctx, client_id, given_on=days(-10), valid_until=TODAY)
    cov = _cov(admin_ctx, client_id, ["identity"])
    assert cov.covered and cov.consent_id == still.id
    assert not _cov(admin_ctx, client_id, ["identity"], on=days(1)).covered


def test_withdrawal_takes_effect_from_its_date_not_before(admin_ctx, client_id):
    c = _grant(admin_ctx, client_id, given_on=days(-100))
    w = consent.revoke(admin_ctx, consent_id=c.id, on=days(-10), reason="per Brief", source="letter")
    assert w.status == "withdrawn" and w.withdrawn_on == days(-10) and w.withdrawal_source == "letter"
    assert _cov(admin_ctx, client_id, ["identity"], on=days(-11)).covered
    for on in (days(-10), days(-5), TODAY):
        cov = _cov(admin_ctx, client_id, ["identity"], on=on)
        assert not cov.covered and cov.reason == "withdrawn" and cov.date == days(-10)


def test_not_yet_given_on_the_referral_day(admin_ctx, client_id):
    _grant(admin_ctx, client_id, given_on=days(-5))
    cov = _cov(admin_ctx, client_id, ["identity"], on=days(-6))
    assert not cov.covered and cov.reason == "not_yet_valid"


def test_one_consent_must_cover_all_categories(admin_ctx, client_id):
    a = _grant(admin_ctx, client_id, categories=["identity", "contact"])
    _grant(admin_ctx, client_id, categories=["residence"])
    cov = _cov(admin_ctx, client_id, ["identity", "contact", "residence"])
    assert not cov.covered and cov.reason == "split"
    assert cov.consent_id == a.id and cov.missing == ["residence"]
    both = _grant(admin_ctx, client_id, categories=["identity", "contact", "residence", "benefits"])
    cov = _cov(admin_ctx, client_id, ["identity", "contact", "residence"])
    assert cov.covered and cov.consent_id == both.id


def test_coverage_inside_another_services_transaction(admin_ctx, client_id):
    c = _grant(admin_ctx, client_id)
    with admin_ctx.transaction() as uow:
        cov = consent.coverage(uow, client_id=client_id, recipient="jobcenter", categories=["identity"], on=TODAY)
        assert cov.covered and cov.consent_id == c.id
        cov = consent.coverage(uow.conn, client_id=client_id, recipient="jobcenter", categories=["health"], on=TODAY)
        assert not cov.covered and cov.missing == ["health"]


def test_coverage_rejects_bad_input(admin_ctx, client_id):
    with pytest.raises(InvalidInput) as e:
        _cov(admin_ctx, client_id, ["astrology"])
    assert e.value.field == "categories"
    with pytest.raises(InvalidInput) as e:
        _cov(admin_ctx, client_id, [])
    assert e.value.field == "categories"
    with pytest.raises(NotFound) as e:
        _cov(admin_ctx, client_id, ["identity"], recipient="nowhere")
    assert e.value.field == "recipient"


# --- grant validation -------------------------------------------------------------------------


def _count(ctx, table: str) -> int:
    with ctx.reading() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"categories": ["identity", "health"]}, "health_confirmed"),
        ({"given_on": days(1)}, "given_on"),
        ({"given_on": days(-10), "valid_until": days(-10)}, "valid_until"),
        ({"given_on": days(-10), "valid_until": days(-20)}, "valid_until"),
        ({"recipient": "unknown-agency"}, "recipient"),
        ({"categories": ["identity", "everything"]}, "categories"),
        ({"categories": []}, "categories"),
        ({"purpose": "   "}, "purpose"),
        ({"purpose": "x" * 501}, "purpose"),
        ({"purpose": "Vermittlung\x1b"}, "purpose"),
        ({"language": "xx"}, "language"),
        ({"language": "vi"}, "language"),  # a language without a translated template
        ({"direction": "sideways"}, "direction"),
        ({"given_on": "31.02.2026"}, "given_on"),
    ],
)
def test_invalid_grant_is_refused_naming_the_field_and_writes_nothing(admin_ctx, client_id, kw, field):
    before = _count(admin_ctx, "consent")
    with pytest.raises(InvalidInput) as e:
        _grant(admin_ctx, client_id, **kw)
    assert e.value.field == field, e.value.message("en")
    assert _count(admin_ctx, "consent") == before


def test_health_needs_the_separate_confirmation(admin_ctx, client_id):
    with pytest.raises(InvalidInput) as e:
        _grant(admin_ctx, client_id, categories=["identity", "health"])
    assert "Gesundheitsdaten" in e.value.message("de")
    c = _grant(admin_ctx, client_id, categories=["health", "identity"], health_confirmed=True)
    assert c.categories == ["identity", "health"] and c.health_confirmed


def test_grant_records_template_hash_and_audit(admin_ctx, client_id):
    c = _grant(admin_ctx, client_id, language="ar", interpreter_language="ar", direction="mutual")
    assert (c.template_id, c.template_version, c.language) == ("consent-dsgvo", "1.1", "ar")
    assert c.interpreter_used and c.interpreter_language == "ar" and c.direction == "mutual"
    assert c.recorded_by == admin_ctx.actor.name and c.status == "active"
    # default validity: the organisation's consent_validity_months (24) after given_on
    assert c.valid_until == consent.add_months(days(-100), 24)
    # the hash is the hash of exactly the text a form with the same parameters prints
    prepared = consent.prepare_form(
        admin_ctx,
        client_id=client_id,
        recipient="jobcenter",
        categories=["identity", "contact", "residence"],
        language="ar",
        purpose="Vermittlung in Arbeit",
        valid_until=c.valid_until,
        direction="mutual",
    )
    assert prepared.text_sha256 == c.text_sha256
    with admin_ctx.reading() as conn:
        ev = conn.execute(
            text("SELECT action, entity, entity_id, fields FROM audit_event WHERE action = 'consent.grant'")
        ).first()
    assert ev.entity == "consent" and ev.entity_id == c.id
    fields = json.loads(ev.fields) if isinstance(ev.fields, str) else ev.fields  # text in a vault, jsonb on the server
    assert "Vermittlung" not in json.dumps(fields) and "categories" in fields


def test_revoke_rules(admin_ctx, client_id):
    c = _grant(admin_ctx, client_id, given_on=days(-30))
    with pytest.raises(InvalidInput) as e:
        consent.revoke(admin_ctx, consent_id=c.id, on=days(-31))
    assert e.value.field == "on"
    with pytest.raises(InvalidInput) as e:
        consent.revoke(admin_ctx, consent_id=c.id, on=days(1))
    assert e.value.field == "on"
    with pytest.raises(InvalidInput) as e:
        consent.revoke(admin_ctx, consent_id=c.id, source="pigeon")
    assert e.value.field == "source"
    consent.revoke(admin_ctx, consent_id=c.id)
    with pytest.raises(InvalidInput) as e:
        consent.revoke(admin_ctx, consent_id=c.id)
    assert e.value.field == "consent_id"
    with pytest.raises(NotFound):
        consent.revoke(admin_ctx, consent_id=999)


def test_list_with_status_and_expires_soon(admin_ctx, client_id):
    a = _grant(admin_ctx, client_id, given_on=days(-100))
    soon = _grant(admin_ctx, client_id, given_on=days(-100), valid_until=days(20), recipient="agentur")
    old = _grant(admin_ctx, client_id, given_on=days(-800), valid_until=days(-70))
    gone = _grant(
        admin_ctx, client_id, given_on=days(-50), recipient="auslaenderbehoerde", categories=["identity", "residence"]
    )
    consent.revoke(admin_ctx, consent_id=gone.id, on=days(-2))
    rows = consent.list_for_client(admin_ctx, client_id=client_id)
    by_id = {r.id: r for r in rows}
    assert (by_id[a.id].status, by_id[a.id].expires_soon) == ("active", False)
    assert (by_id[soon.id].status, by_id[soon.id].expires_soon) == ("active", True)
    assert by_id[old.id].status == "expired" and by_id[gone.id].status == "withdrawn"
    assert [r.status for r in rows] == ["active", "active", "expired", "withdrawn"]
    # as of an earlier day: the withdrawal had not happened; later consents left out
    past = {r.id: r.status for r in consent.list_for_client(admin_ctx, client_id=client_id, on=days(-3))}
    assert past[gone.id] == "active" and set(past) == {a.id, soon.id, old.id, gone.id}
    assert {r.id for r in consent.list_for_client(admin_ctx, client_id=client_id, on=days(-200))} == {old.id}


@pytest.mark.vault_only(reason="desk user accounts (the server's are login roles: tests/team)")
def test_counsellor_cannot_touch_another_counsellors_client(admin_ctx, client_id):
    from referral_desk.core.keyring import KdfParams
    from referral_desk.core.services import users
    from referral_desk.core.services.context import ServiceContext

    admin_ctx.vault.kdf = KdfParams.fast_for_tests()
    users.add_user(admin_ctx, name="berater", role="counsellor", password="Beratung-Hemshof-1")
    other = ServiceContext.sign_in(admin_ctx.vault, "berater")
    with pytest.raises(PolicyRefused):
        _grant(other, client_id)
    c = _grant(admin_ctx, client_id)
    with pytest.raises(PolicyRefused):
        consent.revoke(other, consent_id=c.id)
    with pytest.raises(PolicyRefused):
        consent.list_for_client(other, client_id=client_id)
    with pytest.raises(PolicyRefused):
        _cov(other, client_id, ["identity"])


def test_render_form_records_a_generated_document_and_audit_event(admin_ctx, client_id):
    complete_profile(admin_ctx)
    pdf = consent.render_form(
        admin_ctx,
        client_id=client_id,
        recipient="jobcenter",
        categories=["identity"],
        language="tr",
        purpose="Vermittlung in Arbeit",
        allow_unreviewed=True,
    )
    assert pdf.startswith(b"%PDF")
    import hashlib

    with admin_ctx.reading() as conn:
        doc = conn.execute(
            text("SELECT kind, client_id, sha256, template_id, template_version FROM generated_document")
        ).one()
        ev = conn.execute(text("SELECT entity, entity_id FROM audit_event WHERE action = 'consent.form_printed'")).one()
    assert doc.kind == "consent_form" and doc.client_id == client_id
    assert doc.sha256 == hashlib.sha256(pdf).hexdigest() and doc.template_id == "consent-dsgvo"
    assert (ev.entity, ev.entity_id) == ("client", client_id)


def test_suggested_filename_has_no_name():
    from referral_desk.core.documents import suggested_filename

    name = suggested_filename("2026-00012", "consent_form", dt.date(2026, 3, 12))
    assert name == "2026-00012_Einwilligung_2026-03-12.pdf"
    assert (
        suggested_filename("../2026/00012", "consent_form", dt.date(2026, 3, 12))
        == "202600012_Einwilligung_2026-03-12.pdf"
    )


@pytest.mark.vault_only(reason="the demo fills a desk vault")
def test_demo_consents(admin_ctx):
    from referral_desk.core.services import demo

    result = demo.generate(admin_ctx, clients=60, seed=5)  # the generator adds consents itself
    n = result["consents"]
    assert 25 <= n <= 60
    statuses = [c.status for cid in range(1, 61) for c in consent.list_for_client(admin_ctx, client_id=cid)]
    assert len(statuses) == n and "active" in statuses
    with admin_ctx.reading() as conn:
        clients_with = conn.execute(text("SELECT count(DISTINCT client_id) FROM consent")).scalar()
        recipients = {r[0] for r in conn.execute(text("SELECT DISTINCT agency_id FROM consent"))}
    assert 0.4 <= clients_with / 60 <= 0.8 and len(recipients) >= 2
    assert "audit_chain" in admin_ctx.vault.verify()


# --- CLI --------------------------------------------------------------------------------------


PASSWORD = "Rheinufer-Sued-2026!"


@pytest.fixture
def cli_vault(tmp_path, monkeypatch):
    vault = tmp_path / "vault"
    for key in list(os.environ):
        if key.startswith("REFERRAL_DESK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(vault))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("REFERRAL_DESK_USER", "admin")
    assert cli.main(["init", "--org-name", "AWO Ludwigshafen", "--admin", "admin"]) == 0
    return vault


def run(capsys, args, stdin=None, monkeypatch=None):
    if stdin is not None:
        import io
        import sys

        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_consent_workflow(cli_vault, capsys, monkeypatch, tmp_path):
    code, out, err = run(capsys, ["--json", "client", "add", "-"], json.dumps(client_data()), monkeypatch)
    assert code == 0, err
    cid = str(json.loads(out)["id"])
    pdf = tmp_path / "form.pdf"
    form = [
        "--json",
        "consent",
        "form",
        cid,
        "--recipient",
        "jobcenter",
        "--categories",
        "identity,residence",
        "--language",
        "ar",
        "--out",
        str(pdf),
    ]
    code, out, err = run(capsys, form + ["--allow-unreviewed"])
    assert code == 3 and "organisation.street" in err and "organisation.dpo_name" in err and not pdf.exists()
    from tests.consent_fixtures import AGENCY, ORG

    for flag, value in ORG.items():
        assert run(capsys, ["org", "set", f"--{flag.replace('_', '-')}", value])[0] == 0
    assert (
        run(
            capsys,
            [
                "agency",
                "set",
                "jobcenter",
                "--street",
                AGENCY["street"],
                "--postal-code",
                AGENCY["postal_code"],
                "--city",
                AGENCY["city"],
            ],
        )[0]
        == 0
    )
    code, out, err = run(capsys, form)  # unapproved translation without the override
    assert code == 3 and "allow-unreviewed" in err and not pdf.exists()
    code, out, err = run(capsys, form + ["--allow-unreviewed"])
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF") and json.loads(out)["bytes"] == pdf.stat().st_size
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".form.pdf.tmp")]
    code, out, err = run(
        capsys,
        [
            "--json",
            "consent",
            "grant",
            cid,
            "--recipient",
            "jobcenter",
            "--categories",
            "identity,residence",
            "--purpose",
            "Vermittlung in Arbeit",
            "--language",
            "ar",
            "--given-on",
            days(-3).strftime("%d.%m.%Y"),
            "--interpreter",
            "ar",
        ],
    )
    assert code == 0, err
    granted = json.loads(out)
    assert granted["id"] == 1 and granted["status"] == "active" and granted["interpreter_language"] == "ar"
    code, out, err = run(capsys, ["consent", "list", cid])
    assert code == 0 and "aktiv" in out and "Jobcenter" in out and "Identität, Aufenthalt" in out
    code, out, err = run(capsys, ["consent", "revoke", "1", "--reason", "Anruf", "--source", "phone"])
    assert code == 0 and "widerrufen" in out
    code, out, err = run(capsys, ["--json", "consent", "list", cid])
    assert json.loads(out)[0]["status"] == "withdrawn"
    code, out, err = run(capsys, ["--lang", "en", "consent", "list", cid])
    assert "withdrawn" in out


def test_cli_consent_errors(cli_vault, capsys, monkeypatch, tmp_path):
    code, out, err = run(capsys, ["--json", "client", "add", "-"], json.dumps(client_data()), monkeypatch)
    cid = str(json.loads(out)["id"])
    base = ["consent", "grant", cid, "--recipient", "jobcenter", "--purpose", "Vermittlung"]
    code, _, err = run(capsys, base + ["--categories", "identity,health"])
    assert code == 2 and "health_confirmed" in err and "Traceback" not in err
    code, _, err = run(capsys, base + ["--categories", "identity", "--given-on", days(5).isoformat()])
    assert code == 2 and "given_on" in err
    code, _, err = run(capsys, base + ["--categories", "hobbies"])
    assert code == 2 and "categories" in err
    code, _, err = run(
        capsys, ["consent", "grant", cid, "--recipient", "nowhere", "--purpose", "x", "--categories", "identity"]
    )
    assert code == 2 and "Partnerstelle" in err and "nowhere" in err
    code, _, err = run(capsys, ["consent", "grant", cid, "--categories", "identity"])  # usage
    assert code == 2
    code, _, err = run(capsys, ["consent", "revoke", "77"])
    assert code == 2 and "77" in err
    code, _, err = run(
        capsys,
        [
            "consent",
            "form",
            cid,
            "--recipient",
            "jobcenter",
            "--categories",
            "identity",
            "--language",
            "tr",
            "--out",
            str(tmp_path / "missing-dir" / "x.pdf"),
        ],
    )
    assert code == 2 and "out" in err
    code, _, err = run(capsys, ["consent", "list", "999"])
    assert code == 2
    # exit 3: a statistics user may not see consents; a counsellor not another's client
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", "Statistik-Rheinufer-9")
    assert run(capsys, ["user", "add", "zahlen", "--role", "statistics"])[0] == 0
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", "Beratung-Hemshof-1")
    assert run(capsys, ["user", "add", "berater", "--role", "counsellor"])[0] == 0
    monkeypatch.setenv("REFERRAL_DESK_USER", "zahlen")
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "Statistik-Rheinufer-9")
    code, _, err = run(capsys, ["consent", "list", cid])
    assert code == 3 and "Keine Berechtigung" in err
    monkeypatch.setenv("REFERRAL_DESK_USER", "berater")
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "Beratung-Hemshof-1")
    code, _, err = run(capsys, base + ["--categories", "identity"])
    assert code == 3 and "Keine Berechtigung" in err
