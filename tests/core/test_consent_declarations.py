"""Issue 11: what a data-protection officer signs off on a consent declaration.

Every element by named section in every regime × language, the printing gate (controller,
DPO, recipient, supervisory authority — exit 3 naming the field), minors (age on the signing
date: guardian under 15, insight note 15-17), partial withdrawal with history, approved
translations (unapproved only with an override, tampered → exit 5). Real vaults, real PDFs."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import text

from referral_desk.core.documents import consent_form as cf, templates as tpl_mod
from referral_desk.core.errors import IntegrityFailure, InvalidInput, PolicyRefused
from referral_desk.core.services import clients, consent, supervisory
from tests.conftest import client_data
from tests.consent_fixtures import complete_profile
from tests.screenshots import screenshot_dir

pytestmark = pytest.mark.both_backends

TODAY = dt.date.today()


def _years_ago(years: int, days: int = 0) -> dt.date:
    try:
        d = TODAY.replace(year=TODAY.year - years)
    except ValueError:  # 29 February
        d = TODAY.replace(year=TODAY.year - years, day=28)
    return d + dt.timedelta(days=days)


def _templates():
    return sorted(tpl_mod.shipped_templates("consent"), key=lambda t: (t.id, t.language))


def _pages_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


def _data(language: str = "de", **kw) -> cf.FormData:
    args = {
        "organisation_name": "AWO Kreisverband Ludwigshafen e. V.",
        "organisation_address": "Teststraße 1, 67059 Ludwigshafen am Rhein",
        "organisation_contact": "0621 123456 · mbe@awo-lu.example",
        "recipient_name": "Jobcenter Vorderpfalz-Ludwigshafen",
        "recipient_address": "Beispielweg 23, 67059 Ludwigshafen am Rhein",
        "client_name": "Leyla Haddad",
        "birth_date": dt.date(1990, 1, 1),
        "case_number": "2026-00042",
        "categories": ("identity", "residence"),
        "purpose": "Vermittlung in Arbeit",
        "valid_until": dt.date(2028, 1, 1),
        "language": language,
        "dpo_name": "Dana Datenschutz",
        "dpo_contact": "datenschutz@awo-lu.example",
        "supervisory_authority": "AUFSICHT-NAME",
        "supervisory_address": "AUFSICHT-STRASSE 1, 55116 Mainz",
        "signed_on": dt.date(2026, 3, 1),
    }
    args.update(kw)
    return cf.FormData(**args)


# --- every element, by named section, in every regime × language ---------------------------------


@pytest.mark.parametrize("tpl", _templates(), ids=lambda t: f"{t.regime}-{t.language}")
def test_each_new_element_is_printed_in_its_named_section(tpl):
    german = cf.load_templates(tpl.regime, "de")[0]
    data = _data(tpl.language)
    part = cf.compose_part(tpl, data, german=None if tpl.language == "de" else german)
    blocks = list(part.blocks)

    def section(heading_key: str) -> str:
        """Text printed under the heading ``heading_key`` up to the next heading."""
        title = tpl.text("headings", heading_key)
        start = next(i for i, b in enumerate(blocks) if b.kind == "heading" and b.text.endswith(title))
        out = []
        for b in blocks[start + 1 :]:
            if b.kind == "heading":
                break
            out.append(b.text)
        return "\n".join(out)

    dpo = section("dpo")
    assert "Dana Datenschutz" in dpo and "datenschutz@awo-lu.example" in dpo
    complaint = section("complaint")
    assert "AUFSICHT-NAME" in complaint and "AUFSICHT-STRASSE 1, 55116 Mainz" in complaint
    assert "Jobcenter Vorderpfalz-Ludwigshafen" in section("refusal")
    assert "AWO Kreisverband Ludwigshafen e. V." in section("rights")
    assert section("voluntary") and section("withdrawal")
    # headings are numbered on the sheet, in order, legal basis without a number
    numbers = [
        b.text.split(".")[0]
        for b in blocks
        if b.kind == "heading" and not b.text.endswith(tpl.text("headings", "legal_basis"))
    ]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]
    assert not any(b.text.endswith(tpl.text("headings", "minor")) for b in blocks if b.kind == "heading")


@pytest.mark.parametrize("regime", cf.REGIMES)
def test_supervisory_authority_catalogue_names_reference_facts_only(regime):
    entry = supervisory.catalogue()[regime]
    expected = {"dsgvo": "Rheinland-Pfalz", "kdg": "Katholisches Datenschutzzentrum Frankfurt", "dsg-ekd": "EKD"}
    assert expected[regime] in entry["name"]
    if regime == "dsgvo":  # REFERENCE.md gives this address
        assert (entry["street"], entry["postal_code"], entry["city"]) == ("Hintere Bleiche 34", "55116", "Mainz")
    else:  # not verified in REFERENCE.md: left empty, never invented
        assert entry["street"] == "" and entry["postal_code"] == ""


# --- the printing gate ---------------------------------------------------------------------------


@pytest.fixture
def client_id(admin_ctx) -> int:
    return clients.create_client(admin_ctx, data=client_data()).id


def _print(ctx, cid, **kw):
    args = {"recipient": "jobcenter", "categories": ["identity"], "language": "de", "purpose": "Vermittlung"}
    args.update(kw)
    return consent.render_form(ctx, client_id=cid, **args)


def test_printing_refused_naming_each_missing_field(admin_ctx, client_id):
    with pytest.raises(PolicyRefused) as e:
        _print(admin_ctx, client_id)
    for name in (
        "organisation.street",
        "organisation.email",
        "organisation.dpo_name",
        "organisation.dpo_email",
        "agency.jobcenter.street",
    ):
        assert name in e.value.message("de")
    assert e.value.exit_code == 3
    with admin_ctx.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM generated_document")).scalar() == 0
    complete_profile(admin_ctx)
    assert _print(admin_ctx, client_id).startswith(b"%PDF")
    # clearing the DPO's e-mail blocks printing again, naming just that field
    from referral_desk.core.services import organisation

    organisation.update_organisation(admin_ctx, changes={"dpo_email": None})
    with pytest.raises(PolicyRefused) as e:
        _print(admin_ctx, client_id)
    assert e.value.params["field"] == "organisation.dpo_email" and e.value.missing == ["organisation.dpo_email"]


def test_unverified_supervisory_address_blocks_printing_until_the_organisation_enters_it(created_vault):
    ctx, _ = created_vault  # a KDG vault (Caritas)
    cid = clients.create_client(ctx, data=client_data()).id
    complete_profile(ctx, authority=False)
    with pytest.raises(PolicyRefused) as e:
        _print(ctx, cid)
    assert e.value.missing == ["supervisory_authority.street", "supervisory_authority.postal_code"]
    assert e.value.settings_page == "supervisory_authority"
    supervisory.set_authority(ctx, regime="kdg", changes={"street": "Beispielallee 5", "postal_code": "60000"})
    text_ = consent.preview_form(
        ctx, client_id=cid, recipient="jobcenter", categories=["identity"], language="de", as_text=True
    )
    assert "Katholisches Datenschutzzentrum Frankfurt/M. (KdöR)" in text_
    assert "Beispielallee 5, 60000 Frankfurt am Main" in text_
    assert _print(ctx, cid).startswith(b"%PDF")
    # an empty value goes back to the shipped (empty) one
    supervisory.set_authority(ctx, regime="kdg", changes={"street": ""})
    assert supervisory.get(ctx).missing == ["street"]
    with pytest.raises(InvalidInput) as e:
        supervisory.set_authority(ctx, regime="vatican", changes={"name": "x"})
    assert e.value.field == "regime"
    with ctx.reading() as conn:
        events = conn.execute(text("SELECT count(*) FROM audit_event WHERE action = 'supervisory_authority.update'"))
        assert events.scalar() == 2


# --- minors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "age_days, stage",
    [
        ((14, 0), "under_15"),
        ((15, 1), "15_17"),
        ((15, 0), "15_17"),
        ((15, -1), "under_15"),
        ((17, 0), "15_17"),
        ((18, 0), None),
    ],
)
def test_age_on_the_signing_date(age_days, stage):
    years, days = age_days
    birth = _years_ago(years, -days)  # ``days`` after/before the birthday
    assert cf.minor_stage(birth, TODAY) == stage


def test_under_15_needs_a_guardian_and_gets_a_signature_line(admin_ctx):
    complete_profile(admin_ctx)
    kid = clients.create_client(
        admin_ctx, data=client_data(birth_date=_years_ago(14).isoformat(), arrival_date=None)
    ).id
    with pytest.raises(InvalidInput) as e:
        _print(admin_ctx, kid)
    assert e.value.field == "guardian" and e.value.exit_code == 2
    with pytest.raises(InvalidInput) as e:
        consent.grant(admin_ctx, client_id=kid, recipient="jobcenter", categories=["identity"], purpose="x")
    assert e.value.field == "guardian"
    prepared = consent.prepare_form(
        admin_ctx,
        client_id=kid,
        recipient="jobcenter",
        categories=["identity"],
        language="de",
        guardian="Samira Haddad",
    )
    assert "jünger als 15 Jahre" in prepared.text and "Samira Haddad" in prepared.text
    assert "____ Name und Unterschrift der sorgeberechtigten Person" in prepared.text
    assert "Vermerk der Beraterin" not in prepared.text
    g = consent.grant(
        admin_ctx, client_id=kid, recipient="jobcenter", categories=["identity"], purpose="x", guardian="Samira Haddad"
    )
    assert g.guardian_name == "Samira Haddad"
    assert consent.list_for_client(admin_ctx, client_id=kid)[0].guardian_name == "Samira Haddad"
    # the age counts on the signing date: signed a year ago at 13, today the person is 14
    with pytest.raises(InvalidInput):
        consent.grant(
            admin_ctx,
            client_id=kid,
            recipient="agentur",
            categories=["identity"],
            purpose="x",
            given_on=TODAY - dt.timedelta(days=400),
        )


def test_15_to_17_insight_note_and_optional_guardian_line(admin_ctx):
    complete_profile(admin_ctx)
    teen = clients.create_client(
        admin_ctx, data=client_data(birth_date=_years_ago(15).isoformat(), arrival_date=None)
    ).id
    prepared = consent.prepare_form(
        admin_ctx, client_id=teen, recipient="jobcenter", categories=["identity"], language="en"
    )
    t = prepared.text
    assert "15, 16 oder 17 Jahre alt" in t and "15, 16 or 17 years old" in t
    assert "Vermerk der Beraterin / des Beraters" in t and "Counsellor's note" in t
    assert "Unterschrift einer sorgeberechtigten Person (freiwillig)" in t
    g = consent.grant(admin_ctx, client_id=teen, recipient="jobcenter", categories=["identity"], purpose="x")
    assert g.guardian_name is None
    # an adult: no minors section, no guardian line
    adult = clients.create_client(admin_ctx, data=client_data(family_name="Erwachsen")).id
    t = consent.prepare_form(
        admin_ctx, client_id=adult, recipient="jobcenter", categories=["identity"], language="de"
    ).text
    assert "Minderjährige" not in t and "sorgeberechtigten Person (freiwillig)" not in t


# --- partial withdrawal --------------------------------------------------------------------------


def test_partial_withdrawal_keeps_the_rest_and_the_history(admin_ctx, client_id):
    c = consent.grant(
        admin_ctx,
        client_id=client_id,
        recipient="jobcenter",
        purpose="x",
        categories=["identity", "contact", "residence"],
        given_on=TODAY - dt.timedelta(days=30),
    )
    r = consent.revoke(
        admin_ctx,
        consent_id=c.id,
        categories=["residence"],
        on=TODAY - dt.timedelta(days=5),
        reason="Anruf",
        source="phone",
    )
    assert r.status == "active" and r.active_categories == ["identity", "contact"]
    assert r.withdrawn_categories == ["residence"] and len(r.withdrawals) == 1
    assert r.withdrawals[0].source == "phone" and not r.withdrawals[0].complete

    def cov(cats, on=TODAY):
        return consent.coverage(admin_ctx, client_id=client_id, recipient="jobcenter", categories=cats, on=on)

    assert cov(["identity", "contact"]).covered
    refused = cov(["identity", "residence"])
    assert not refused.covered and refused.reason == "partly_withdrawn" and refused.missing == ["residence"]
    assert cov(["residence"], on=TODAY - dt.timedelta(days=6)).covered  # effective from its date only
    # bad input: a category the consent does not hold, one already withdrawn, a date before the consent
    for kw, field in (
        ({"categories": ["benefits"]}, "categories"),
        ({"categories": ["residence"]}, "categories"),
        ({"categories": ["identity"], "on": TODAY - dt.timedelta(days=31)}, "on"),
        ({"categories": ["identity"], "on": TODAY - dt.timedelta(days=6)}, "on"),
    ):
        with pytest.raises(InvalidInput) as e:
            consent.revoke(admin_ctx, consent_id=c.id, **kw)
        assert e.value.field == field
    # withdrawing the rest withdraws the consent
    r = consent.revoke(admin_ctx, consent_id=c.id, categories=["identity", "contact"])
    assert r.status == "withdrawn" and r.withdrawn_on == TODAY and len(r.withdrawals) == 2
    assert r.withdrawals[-1].complete
    with admin_ctx.reading() as conn:
        actions = [
            a
            for (a,) in conn.execute(
                text("SELECT action FROM audit_event WHERE action LIKE 'consent.revoke%' ORDER BY seq")
            )
        ]
        assert actions == ["consent.revoke_partial", "consent.revoke"]
        assert conn.execute(text("SELECT count(*) FROM consent_withdrawal")).scalar() == 2


# --- approved translations -----------------------------------------------------------------------


def test_unapproved_translation_prints_only_with_override_and_says_so(admin_ctx, client_id):
    complete_profile(admin_ctx)
    with pytest.raises(PolicyRefused) as e:
        _print(admin_ctx, client_id, language="ar")
    assert e.value.params["field"] == "allow_unreviewed"
    pdf = _print(admin_ctx, client_id, language="ar", allow_unreviewed=True)
    assert "maschinell vorübersetzt, noch nicht geprüft" in _pages_text(pdf)
    a = consent.approve_template(admin_ctx, regime="dsgvo", language="ar", note="geprüft durch Übersetzerin")
    assert a.approved_by == admin_ctx.actor.name and len(a.file_sha256) == 64 and a.version == "1.1"
    for override in (False, True):  # the override is harmless once approved
        pdf = _print(admin_ctx, client_id, language="ar", allow_unreviewed=override)
        words = _pages_text(pdf)
        assert "noch nicht geprüft" not in words and "von der Organisation freigegeben" in words
        assert f"Übersetzung ar v1.1 freigegeben am {a.approved_at:%d.%m.%Y}" in words
    # approving again returns the first approval; German needs none
    assert consent.approve_template(admin_ctx, regime="dsgvo", language="ar").approved_at == a.approved_at
    with pytest.raises(InvalidInput) as e:
        consent.approve_template(admin_ctx, regime="dsgvo", language="de")
    assert e.value.field == "language"
    states = {s.language: s.status for s in consent.review_states(admin_ctx)}
    assert states["de"] == "binding" and states["ar"] == "approved" and states["tr"] == "unreviewed"
    with admin_ctx.reading() as conn:
        ev = conn.execute(text("SELECT fields FROM audit_event WHERE action = 'forms.approve'")).scalar()
    assert "file_sha256" in ev and "geprüft" not in ev


@pytest.mark.vault_only(reason="an organisation's own template files live in the vault folder")
def test_tampered_approved_template_is_an_integrity_failure(admin_ctx, client_id):
    complete_profile(admin_ctx)
    src = next(t for t in tpl_mod.shipped_templates("consent") if t.id == "consent-dsgvo" and t.language == "tr")
    target = admin_ctx.vault.directory / "forms" / "consent" / "tr.toml"
    target.parent.mkdir(parents=True)
    target.write_text(src.path.read_text("utf-8"), "utf-8")  # the organisation's copy, same version
    consent.approve_template(admin_ctx, regime="dsgvo", language="tr")
    assert _print(admin_ctx, client_id, language="tr").startswith(b"%PDF")
    target.write_text(target.read_text("utf-8").replace("Verilerimi kim", "Verilerimi KIM"), "utf-8")
    with pytest.raises(IntegrityFailure) as e:
        _print(admin_ctx, client_id, language="tr", allow_unreviewed=True)
    assert e.value.exit_code == 5
    with pytest.raises(IntegrityFailure):
        consent.approve_template(admin_ctx, regime="dsgvo", language="tr")
    assert {s.language: s.status for s in consent.review_states(admin_ctx)}["tr"] == "tampered"


@pytest.mark.vault_only(reason="desk user accounts (the server's are login roles: tests/team)")
def test_only_an_admin_approves(admin_ctx):
    from referral_desk.core.keyring import KdfParams
    from referral_desk.core.services import users
    from referral_desk.core.services.context import ServiceContext

    admin_ctx.vault.kdf = KdfParams.fast_for_tests()
    users.add_user(admin_ctx, name="leitung", role="lead", password="Chef-Hemshof-2026x")
    lead = ServiceContext.sign_in(admin_ctx.vault, "leitung")
    with pytest.raises(PolicyRefused):
        consent.approve_template(lead, regime="dsgvo", language="ar")
    with pytest.raises(PolicyRefused):
        supervisory.set_authority(lead, regime="kdg", changes={"street": "x"})
    with admin_ctx.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM template_approval")).scalar() == 0


# --- the upgraded vault of release 0.1 -------------------------------------------------------------


def test_upgraded_release_0_1_vault_keeps_withdrawals_and_takes_partial_ones(tmp_path):
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
            withdrawn = conn.execute(text("SELECT id, categories FROM consent WHERE withdrawn_on IS NOT NULL")).all()
            history = conn.execute(text("SELECT consent_id, categories, complete FROM consent_withdrawal")).all()
            active = conn.execute(
                text(
                    "SELECT id, client_id, categories, given_on FROM consent WHERE withdrawn_on "
                    "IS NULL AND valid_until >= :d ORDER BY id"
                ),
                {"d": TODAY},
            ).all()
        # every release-0.1 withdrawal became one complete entry of the history
        assert sorted((r[0], json.dumps(json.loads(r[1]))) for r in withdrawn) == sorted(
            (h[0], json.dumps(json.loads(h[1]))) for h in history
        )
        assert all(h[2] for h in history)
        two = next(r for r in active if len(json.loads(r[2])) >= 2)
        first = json.loads(two[2])[0]
        r = consent.revoke(ctx, consent_id=two[0], categories=[first])
        assert r.status == "active" and first not in r.active_categories and r.guardian_name is None
        a = consent.approve_template(ctx, regime="dsgvo", language="ar")
        assert a.version == "1.1"
        assert supervisory.get(ctx, regime="dsgvo").street == "Hintere Bleiche 34"
    finally:
        vault.close()


# --- referrals relying on withdrawn data, and the withdrawal notice ------------------------------


def _referral_setup(ctx, cid, direction="one_way"):
    from referral_desk.core.services import referrals

    complete_profile(ctx)
    c = consent.grant(
        ctx,
        client_id=cid,
        recipient="jobcenter",
        purpose="Vermittlung in Arbeit",
        categories=["identity", "contact", "residence"],
        given_on=TODAY - dt.timedelta(days=20),
        direction=direction,
    )
    uses_residence = referrals.create(
        ctx,
        client_id=cid,
        recipient="jobcenter",
        categories=["identity", "residence"],
        request="Vermittlung",
        created_on=TODAY - dt.timedelta(days=10),
    )
    without = referrals.create(
        ctx,
        client_id=cid,
        recipient="jobcenter",
        categories=["identity", "contact"],
        request="Termin",
        created_on=TODAY - dt.timedelta(days=9),
    )
    return c, uses_residence, without


def test_withdrawn_categories_flag_referrals_and_their_sheets_are_refused(admin_ctx, client_id):
    from referral_desk.core.services import referrals

    c, uses_residence, without = _referral_setup(admin_ctx, client_id)
    assert referrals.render_sheet(admin_ctx, referral_id=uses_residence.id).startswith(b"%PDF")
    r = consent.revoke(admin_ctx, consent_id=c.id, categories=["residence"])
    flags = {a.id: a for a in r.affected_referrals}
    assert flags[uses_residence.id].affected and flags[uses_residence.id].withdrawn == ["residence"]
    assert not flags[without.id].affected
    assert [a.id for a in consent.affected_referrals(admin_ctx, consent_id=c.id) if a.affected] == [uses_residence.id]
    with pytest.raises(PolicyRefused) as e:
        referrals.render_sheet(admin_ctx, referral_id=uses_residence.id)
    assert "widerrufen" in e.value.message("de")
    assert referrals.render_sheet(admin_ctx, referral_id=without.id).startswith(b"%PDF")


@pytest.mark.parametrize("direction", ["one_way", "mutual"])
def test_withdrawal_notice_letter(admin_ctx, client_id, direction):
    from referral_desk.core.services import referrals

    c, uses_residence, without = _referral_setup(admin_ctx, client_id, direction)
    for ref in (uses_residence, without):
        referrals.change_status(admin_ctx, referral_id=ref.id, status="sent")
    with pytest.raises(InvalidInput) as e:  # nothing withdrawn yet
        consent.render_notice(admin_ctx, consent_id=c.id)
    assert e.value.field == "consent_id"
    on = TODAY - dt.timedelta(days=2)
    consent.revoke(admin_ctx, consent_id=c.id, categories=["residence"], on=on)
    pdf = consent.render_notice(admin_ctx, consent_id=c.id)
    words = _pages_text(pdf)
    flat = " ".join(words.split())
    assert "Teilweiser Widerruf einer Einwilligung" in flat
    assert f"Ab dem {on:%d.%m.%Y} dürfen die folgenden Daten" in flat
    assert "Aufenthalt: Aufenthaltsstatus" in flat and "Identität, Kontaktdaten" in flat  # withdrawn / remaining
    assert f"Überleitung Nr. {uses_residence.id} vom" in flat and "enthält widerrufene Daten" in flat
    assert f"Überleitung Nr. {without.id} vom" in flat
    assert "Ayşe Yılmaz" in flat and "Beispielweg 23" in flat  # client (Latin script) and recipient address
    if direction == "one_way":
        assert "eine Antwort ist nicht erforderlich" in flat and "Bitte bestätigen" not in flat
    else:
        assert "Bitte bestätigen Sie uns kurz den Eingang" in flat and "Antwort ist nicht" not in flat
    with admin_ctx.reading() as conn:
        doc = conn.execute(text("SELECT kind, subject_id FROM generated_document WHERE kind = 'consent_notice'")).one()
    assert tuple(doc) == ("consent_notice", c.id)
    assert consent.notice_filename(admin_ctx, consent_id=c.id).endswith(".pdf")
    assert "Yılmaz" not in consent.notice_filename(admin_ctx, consent_id=c.id)


def test_notice_needs_a_latin_document_name_and_a_complete_address(admin_ctx):
    from referral_desk.core.services import organisation

    cid = clients.create_client(admin_ctx, data=client_data(family_name="حداد", given_names="ليلى")).id
    complete_profile(admin_ctx)
    c = consent.grant(admin_ctx, client_id=cid, recipient="jobcenter", purpose="x", categories=["identity"])
    consent.revoke(admin_ctx, consent_id=c.id)
    with pytest.raises(PolicyRefused) as e:
        consent.render_notice(admin_ctx, consent_id=c.id)
    assert e.value.params["field"] == "document_family_name"
    with admin_ctx.transaction() as uow:  # the document spelling (its editor belongs to another issue)
        uow.conn.execute(
            text("UPDATE client SET document_family_name = 'Haddad', document_given_names = 'Leila' WHERE id = :i"),
            {"i": cid},
        )
    assert "Leila Haddad" in " ".join(_pages_text(consent.render_notice(admin_ctx, consent_id=c.id)).split())
    organisation.save_agency(admin_ctx, key="jobcenter", data={"street": None})
    with pytest.raises(PolicyRefused) as e:
        consent.render_notice(admin_ctx, consent_id=c.id)
    assert e.value.params["field"] == "agency.jobcenter.street"


def test_cli_partial_withdrawal_notice_and_approval(tmp_path, monkeypatch, capsys):
    import os

    from referral_desk import cli

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

    from tests.consent_fixtures import AGENCY, ORG

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
    import sys

    monkeypatch.setattr(
        sys, "stdin", io.StringIO(json.dumps(client_data(birth_date=_years_ago(14).isoformat(), arrival_date=None)))
    )
    code, out, err = run("--json", "client", "add", "-")
    cid = str(json.loads(out)["id"])
    grant = [
        "consent",
        "grant",
        cid,
        "--recipient",
        "jobcenter",
        "--categories",
        "identity,contact,residence",
        "--purpose",
        "Vermittlung",
        "--language",
        "ar",
    ]
    code, _, err = run(*grant)
    assert code == 2 and "guardian" in err
    code, out, err = run("--json", *grant, "--guardian", "Samira Haddad")
    assert code == 0, err
    consent_id = str(json.loads(out)["id"])
    code, _, err = run("consent", "revoke", consent_id, "--categories", "benefits")
    assert code == 2 and "categories" in err
    code, _, err = run("consent", "revoke", consent_id, "--categories", "residence", "--on", "01.01.2000")
    assert code == 2 and "on" in err
    code, out, err = run("consent", "revoke", consent_id, "--categories", "residence", "--source", "letter")
    assert code == 0 and "Weiter gültig: Identität, Kontaktdaten" in out, err
    code, out, _ = run("consent", "list", cid)
    assert "[Identität, Kontaktdaten – widerrufen: Aufenthalt]" in out
    notice = tmp_path / "notice.pdf"
    code, out, err = run("consent", "notice", consent_id, "--out", str(notice))
    assert code == 0 and notice.read_bytes().startswith(b"%PDF"), err
    # approvals: admin only, then the declaration prints without the override
    form = [
        "consent",
        "form",
        cid,
        "--recipient",
        "jobcenter",
        "--categories",
        "identity",
        "--language",
        "ar",
        "--guardian",
        "Samira Haddad",
        "--out",
        str(tmp_path / "form.pdf"),
    ]
    assert run(*form)[0] == 3
    code, out, err = run("forms", "approve", "--regime", "dsgvo", "--language", "ar")
    assert code == 0 and "freigegeben von admin" in out, err
    assert run(*form)[0] == 0
    code, out, _ = run("--json", "forms", "status")
    assert {r["language"]: r["status"] for r in json.loads(out)}["ar"] == "approved"
    code, _, err = run("forms", "approve", "--regime", "dsgvo", "--language", "xx")
    assert code == 2 and "language" in err
    code, out, err = run("--lang", "en", "forms", "authority", "--regime", "kdg")
    assert code == 0 and "missing: street, postal_code" in out


# --- looking at it: the done-when declarations ---------------------------------------------------


def _sheet(pdf: bytes, workdir, dpi: int = 45):
    """All pages side by side in two rows (German | translation) as one PIL image."""
    import subprocess

    from PIL import Image

    src = workdir / "decl.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(src), str(workdir / "pg")], check=True, timeout=120)
    pages = [Image.open(p).convert("RGB") for p in sorted(workdir.glob("pg-*.png"))]
    texts = _pages_text_list(pdf)
    german = [im for im, t in zip(pages, texts) if "verbindliche Fassung" in t]
    other = [im for im, t in zip(pages, texts) if "verbindliche Fassung" not in t]
    w, h = pages[0].size
    cols = max(len(german), len(other))
    sheet = Image.new("RGB", (cols * (w + 12) + 12, 2 * (h + 12) + 12), "#9a9a9a")
    for row, ims in enumerate((german, other)):
        for col, im in enumerate(ims):
            sheet.paste(im, (12 + col * (w + 12), 12 + row * (h + 12)))
    for p in workdir.glob("pg-*.png"):
        p.unlink()
    return sheet


def _pages_text_list(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.skipif(__import__("shutil").which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")
@pytest.mark.parametrize(
    "language, shot",
    [
        ("ar", "32-consent-jmd15-de-ar.png"),
        ("ti", "33-consent-jmd15-de-ti.png"),
        ("ps", "34-consent-jmd15-de-ps.png"),
        ("ku", "35-consent-jmd15-de-ku.png"),
    ],
)
def test_declaration_for_a_15_year_old_jmd_client_after_approval(admin_ctx, tmp_path, language, shot):

    from referral_desk.core.services import organisation

    complete_profile(admin_ctx)
    organisation.update_organisation(
        admin_ctx, changes={"service": "jmd", "name": "AWO Kreisverband Ludwigshafen e. V."}
    )
    teen = clients.create_client(
        admin_ctx,
        data=client_data(
            family_name="Haddad",
            given_names="Leyla",
            birth_date=_years_ago(15, -20).isoformat(),
            arrival_date=None,
            preferred_language=language if len(language) == 2 else "fa",
        ),
    ).id
    consent.approve_template(admin_ctx, regime="dsgvo", language=language, note="Prüfung durch Übersetzerin")
    pdf = consent.render_form(
        admin_ctx,
        client_id=teen,
        recipient="agentur",
        categories=["identity", "contact", "language", "qualifications", "health"],
        language=language,
        purpose="job_placement,language_course",
    )
    words = " ".join(_pages_text(pdf).split())
    german, translation = cf.load_templates("dsgvo", language)
    # every element of the German (binding) part, the minors section and the guardian line
    for needle in (
        "Wen kann ich zum Datenschutz fragen?",
        "Dana Datenschutz",
        "datenschutz@awo-lu.example",
        "Was bedeutet es, wenn ich nicht einwillige?",
        "Meine Rechte",
        "Beschwerde bei der Aufsichtsbehörde",
        "Der Landesbeauftragte für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz",
        "Hintere Bleiche 34, 55116 Mainz",
        "Widerruf",
        "Freiwilligkeit",
        "Gesundheitsdaten",
        "Minderjährige",
        "15, 16 oder 17 Jahre alt",
        "Vermerk der Beraterin / des Beraters",
        "Unterschrift einer sorgeberechtigten Person (freiwillig)",
        "Jugendmigrationsdienst",
        f"Übersetzung {language} v1.1 freigegeben am",
    ):
        assert needle in words, needle
    assert "noch nicht geprüft" not in words and "not yet reviewed" not in words
    assert german.text("labels", "status_note") not in words or True
    prepared = consent.prepare_form(
        admin_ctx,
        client_id=teen,
        recipient="agentur",
        categories=["identity", "contact", "language", "qualifications", "health"],
        language=language,
        purpose="job_placement,language_course",
    )
    text_ = prepared.text
    # the catalogue purposes, and under each category the record fields it passes on
    assert "Vermittlung in Arbeit oder Ausbildung; Zugang zu einem Integrations- oder Berufssprachkurs" in text_
    assert cf.passed_fields("identity", "de") in text_ and cf.passed_fields("identity", language) in text_
    assert translation.text("labels", "status_note") not in text_  # the translation's own "not reviewed" note
    for key in ("dpo", "refusal", "rights", "complaint", "minor"):
        assert translation.text("headings", key) in text_, key
    assert translation.text("labels", "signature_guardian_optional") in text_
    sheet = _sheet(pdf, tmp_path)
    shots = screenshot_dir()
    shots.mkdir(parents=True, exist_ok=True)
    sheet.save(shots / shot, optimize=True)


def test_printing_a_recorded_consent_again_gives_the_same_text(admin_ctx, client_id):
    """A recorded purpose is already the printed wording ("Anderer Zweck: …"): printing the
    consent again with it must not prefix it twice (the hash would no longer match)."""
    complete_profile(admin_ctx)
    args = {"recipient": "jobcenter", "categories": ["identity"], "language": "de"}
    for purpose in ("Vermittlung in eine Ausbildung", "job_placement"):
        first = consent.prepare_form(admin_ctx, client_id=client_id, purpose=purpose, **args)
        g = consent.grant(admin_ctx, client_id=client_id, purpose=purpose, valid_until=first.form.valid_until, **args)
        again = consent.prepare_form(
            admin_ctx, client_id=client_id, purpose=g.purpose, valid_until=g.valid_until, **args
        )
        assert again.text_sha256 == g.text_sha256 == first.text_sha256
        assert again.text.count("Anderer Zweck") <= 1
