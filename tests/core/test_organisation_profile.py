"""Organisation profile, partner directory and the one printing gate (issue 10 item 1)."""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import text

from referral_desk import cli
from referral_desk.core import printable
from referral_desk.core.errors import InvalidInput, PolicyRefused
from referral_desk.core.services import organisation, users
from referral_desk.core.services.context import ServiceContext

COMPLETE_ORG = {
    "street": "Ludwigstraße 67–69",
    "postal_code": "67059",
    "city": "Ludwigshafen am Rhein",
    "phone": "0621 123450",
    "email": "mbe@example.org",
}


def _audit(ctx, action):
    with ctx.vault.engine.connect() as conn:
        return [
            json.loads(r[0]) if isinstance(r[0], str) else r[0]  # text in a vault, jsonb on the server
            for r in conn.execute(text("SELECT fields FROM audit_event WHERE action = :a ORDER BY seq"), {"a": action})
        ]


def test_profile_with_dpo_and_services_is_saved_and_audited_without_values(admin_ctx):
    org = organisation.update_organisation(
        admin_ctx,
        changes={
            **COMPLETE_ORG,
            "dpo_name": "Datenschutz Süd GmbH",
            "dpo_email": "dsb@example.org",
            "dpo_address": "Postfach 1\n67059 Ludwigshafen",
            "services": ["jmd", "mbe"],
        },
    )
    assert (org.dpo_name, org.dpo_email, org.services, org.service) == (
        "Datenschutz Süd GmbH",
        "dsb@example.org",
        ["jmd", "mbe"],
        "jmd",
    )
    assert org.dpo_address == "Postfach 1\n67059 Ludwigshafen"
    fields = _audit(admin_ctx, "organisation.update")[-1]
    assert {"dpo_name", "dpo_email", "services", "street"} <= set(fields)
    with admin_ctx.vault.engine.connect() as conn:
        logged = " ".join(str(r) for r in conn.execute(text("SELECT * FROM audit_event")))
    assert "dsb@example.org" not in logged and "Ludwigstraße" not in logged


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"services": []}, "services"),
        ({"services": ["mbe", "mbe"]}, "services"),
        ({"services": ["beratung"]}, "services"),
        ({"dpo_email": "kein-at"}, "dpo_email"),
        ({"postal_code": "67059<script>"}, "postal_code"),
        ({"street": "S" * 201}, "street"),
    ],
)
def test_bad_profile_input_names_the_field_and_writes_nothing(admin_ctx, changes, field):
    before = organisation.get_organisation(admin_ctx)
    with pytest.raises(InvalidInput) as exc:
        organisation.update_organisation(admin_ctx, changes=changes)
    assert exc.value.field == field
    assert organisation.get_organisation(admin_ctx) == before


@pytest.mark.vault_only(reason="desk user accounts (the server's are login roles: tests/team)")
def test_only_admins_change_profile_and_agencies(admin_ctx):
    users.add_user(admin_ctx, name="b.schmitt", role="counsellor", password="Beratung-Hemshof-1")
    ctx = ServiceContext.sign_in(admin_ctx.vault, "b.schmitt")
    with pytest.raises(PolicyRefused):
        organisation.update_organisation(ctx, changes={"street": "Hauptstraße 1"})
    with pytest.raises(PolicyRefused):
        organisation.save_agency(ctx, key="jobcenter", data={"street": "Hauptstraße 1"})
    with pytest.raises(PolicyRefused):
        organisation.show_profile(ctx)
    # but anyone may learn what blocks printing, to be told whom to ask
    assert "organisation.street" in organisation.printing_gaps(ctx)


def test_printing_gate_names_every_missing_field(admin_ctx):
    gaps = organisation.printing_gaps(admin_ctx, recipient="jobcenter", dpo=True)
    assert gaps == [
        "organisation.street",
        "organisation.postal_code",
        "organisation.city",
        "organisation.phone",
        "organisation.email",
        "organisation.dpo_name",
        "organisation.dpo_email",
        "agency.jobcenter.street",
        "agency.jobcenter.postal_code",
        "agency.jobcenter.city",
    ]
    organisation.update_organisation(admin_ctx, changes=COMPLETE_ORG)
    assert organisation.printing_gaps(admin_ctx) == []
    assert organisation.printing_gaps(admin_ctx, dpo=True) == ["organisation.dpo_name", "organisation.dpo_email"]
    organisation.save_agency(admin_ctx, key="jobcenter", data={"street": "Berliner Str. 1", "city": "Ludwigshafen"})
    with admin_ctx.transaction() as uow, pytest.raises(printable.NotPrintable) as exc:
        organisation.require_printable_in(uow, recipient="jobcenter")
    assert exc.value.exit_code == 3 and exc.value.missing == ["agency.jobcenter.postal_code"]
    assert exc.value.settings_page == "agency:jobcenter"
    assert "agency.jobcenter.postal_code" in exc.value.message("de")
    assert "agency.jobcenter.postal_code" in exc.value.message("en")
    # a blank (whitespace) value counts as missing, never as an address
    row = type("Org", (), {**COMPLETE_ORG, "street": "  "})()
    assert printable.missing_fields(row) == ["organisation.street"]


def test_agency_department_may_have_two_lines_but_not_more(admin_ctx):
    a = organisation.save_agency(admin_ctx, key="jobcenter", data={"department": "Team 123\nMarkt und Integration"})
    assert a.department == "Team 123\nMarkt und Integration"
    with pytest.raises(InvalidInput) as exc:
        organisation.save_agency(admin_ctx, key="jobcenter", data={"department": "a\nb\nc"})
    assert exc.value.field == "department"


# --- command line -----------------------------------------------------------------------

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


def run(capsys, args):
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_org_and_agency_commands(cli_vault, capsys):
    code, out, _ = run(capsys, ["--json", "org", "show"])
    assert code == 0 and "organisation.street" in json.loads(out)["missing_for_print"]
    code, out, err = run(
        capsys,
        [
            "--json",
            "org",
            "set",
            "--street",
            "Ludwigstraße 67",
            "--postal-code",
            "67059",
            "--city",
            "Ludwigshafen am Rhein",
            "--phone",
            "0621 123450",
            "--email",
            "mbe@example.org",
            "--dpo-name",
            "R. Weber",
            "--dpo-email",
            "dsb@example.org",
            "--services",
            "mbe,jmd",
        ],
    )
    assert code == 0, err
    assert json.loads(out)["services"] == ["mbe", "jmd"]
    code, out, _ = run(capsys, ["org", "show"])
    assert code == 0 and "Ludwigstraße 67" in out and "vollständig" in out
    code, _, err = run(capsys, ["org", "set", "--dpo-email", "nope"])
    assert code == 2 and "dpo_email" in err
    code, _, err = run(capsys, ["org", "set"])
    assert code == 2
    code, out, err = run(
        capsys,
        [
            "--json",
            "agency",
            "set",
            "jobcenter",
            "--street",
            "Berliner Straße 1",
            "--postal-code",
            "67059",
            "--city",
            "Ludwigshafen am Rhein",
            "--department",
            "Markt und Integration",
            "--phone",
            "0621 5555",
        ],
    )
    assert code == 0, err
    assert json.loads(out)["department"] == "Markt und Integration"
    code, out, err = run(capsys, ["--json", "agency", "set", "sozialamt", "--name", "Sozialamt", "--active", "no"])
    assert code == 0 and json.loads(out)["active"] is False
    code, out, _ = run(capsys, ["--json", "agency", "list"])
    assert {a["key"] for a in json.loads(out)} == {"jobcenter", "agentur", "auslaenderbehoerde"}
    code, out, _ = run(capsys, ["agency", "list", "--all"])
    assert "sozialamt" in out and "agency.agentur.street" in out
    code, _, err = run(capsys, ["agency", "set", "Bad Key!", "--name", "x"])
    assert code == 2 and "key" in err


def test_counsellor_cannot_set_the_profile(cli_vault, capsys, monkeypatch):
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", "Beratung-Hemshof-1")
    assert cli.main(["user", "add", "b.schmitt", "--role", "counsellor"]) == 0
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "Beratung-Hemshof-1")
    code, _, _err = run(capsys, ["--user", "b.schmitt", "org", "set", "--street", "Hauptstraße 1"])
    assert code == 3
    code, _, _err = run(capsys, ["--user", "b.schmitt", "agency", "set", "jobcenter", "--street", "X 1"])
    assert code == 3


def test_referral_with_out_is_refused_before_anything_is_created_when_an_address_is_missing(
    cli_vault, capsys, monkeypatch, tmp_path
):
    import io

    from tests.conftest import client_data

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(client_data())))
    assert cli.main(["client", "add", "-"]) == 0
    assert (
        cli.main(
            [
                "consent",
                "grant",
                "1",
                "--recipient",
                "jobcenter",
                "--categories",
                "identity",
                "--purpose",
                "job_placement",
            ]
        )
        == 0
    )
    capsys.readouterr()
    code, _out, err = run(
        capsys,
        [
            "referral",
            "create",
            "1",
            "--recipient",
            "jobcenter",
            "--categories",
            "identity",
            "--reason",
            "Termin",
            "--out",
            str(tmp_path / "sheet.pdf"),
        ],
    )
    assert code == 3 and "organisation.street" in err and "agency.jobcenter.street" in err
    assert not (tmp_path / "sheet.pdf").exists()
    code, out, _ = run(capsys, ["--json", "referral", "list"])
    assert code == 0 and json.loads(out) == []
    code, _out, err = run(
        capsys,
        [
            "--lang",
            "en",
            "referral",
            "create",
            "1",
            "--recipient",
            "jobcenter",
            "--categories",
            "identity",
            "--reason",
            "Termin",
            "--purpose",
            "recognition",
        ],
    )
    assert code == 3 and "recognition" in err  # the consent lists job_placement only


# --- services offered, from the first start on (issue 13) --------------------------------

from referral_desk.core.keyring import KdfParams  # noqa: E402
from referral_desk.core.services import casework, setup  # noqa: E402

pytestmark = pytest.mark.both_backends


@pytest.mark.parametrize(
    "kwargs, service, services",
    [
        ({"service": "jmd"}, "jmd", ["jmd"]),
        ({"services": ["mbe", "jmd"]}, "mbe", ["mbe", "jmd"]),
        ({"services": "jmd,other"}, "jmd", ["jmd", "other"]),
        ({"services": ["mbe", "jmd"], "service": "jmd"}, "jmd", ["jmd", "mbe"]),
        ({}, "mbe", ["mbe"]),
    ],
)
def test_initialise_stores_the_services_asked_for(tmp_path, kwargs, service, services):
    ctx, _ = setup.initialise(
        tmp_path / "v",
        org_name="Caritas Ludwigshafen",
        admin="admin",
        password=PASSWORD,
        kdf=KdfParams.fast_for_tests(),
        **kwargs,
    )
    try:
        org = organisation.get_organisation(ctx)
        assert (org.service, org.services) == (service, services)
        with ctx.reading() as conn:
            assert casework.organisation_services(conn) == services
        assert sorted(_audit(ctx, "vault.create")[0]) == ["legal_regime", "name", "service", "services"]
    finally:
        ctx.vault.close()


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"services": []}, "services"),
        ({"services": ["mbe", "mbe"]}, "services"),
        ({"services": ["kita"]}, "services"),
        ({"services": ["mbe"], "service": "jmd"}, "service"),
    ],
)
def test_initialise_refuses_bad_services_before_creating_anything(tmp_path, kwargs, field):
    with pytest.raises(InvalidInput) as exc:
        setup.initialise(
            tmp_path / "v",
            org_name="Caritas",
            admin="admin",
            password=PASSWORD,
            kdf=KdfParams.fast_for_tests(),
            **kwargs,
        )
    assert exc.value.field == field
    assert not (tmp_path / "v").exists()


def test_org_set_cannot_drop_a_service_still_in_use(admin_ctx):
    from referral_desk.core.services import clients

    organisation.update_organisation(admin_ctx, changes={"services": ["mbe", "jmd"]})
    clients.create_client(
        admin_ctx, data={"family_name": "Demir", "given_names": "Ece", "birth_date": "2008-03-01", "service": "jmd"}
    )
    with pytest.raises(InvalidInput) as exc:
        organisation.update_organisation(admin_ctx, changes={"services": ["mbe"]})
    assert exc.value.field == "services"
    assert organisation.get_organisation(admin_ctx).services == ["mbe", "jmd"]
    assert organisation.update_organisation(admin_ctx, changes={"services": ["jmd", "mbe"]}).service == "jmd"


def test_cli_init_with_several_services_and_org_show(tmp_path, monkeypatch, capsys):
    for key in list(os.environ):
        if key.startswith("REFERRAL_DESK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(tmp_path / "vault"))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("REFERRAL_DESK_USER", "admin")
    code, _, err = run(capsys, ["init", "--org-name", "Caritas", "--admin", "admin", "--services", "jmd,mbe,jmd"])
    assert code == 2 and "services" in err and not (tmp_path / "vault").exists()
    code, _, err = run(capsys, ["init", "--org-name", "Caritas", "--admin", "admin", "--services", "jmd,mbe"])
    assert code == 0, err
    code, out, _ = run(capsys, ["--json", "org", "show"])
    assert (json.loads(out)["services"], json.loads(out)["service"]) == (["jmd", "mbe"], "jmd")
    code, out, _ = run(capsys, ["org", "show"])
    assert "jmd, mbe" in out
    code, out, err = run(capsys, ["--json", "org", "set", "--services", "mbe,jmd,other"])
    assert code == 0, err
    assert (json.loads(out)["services"], json.loads(out)["service"]) == (["mbe", "jmd", "other"], "mbe")
    code, _, err = run(capsys, ["--lang", "en", "org", "set", "--services", ""])
    assert code == 2 and "services" in err.lower()
