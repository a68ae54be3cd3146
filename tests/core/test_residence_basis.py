"""The legal basis that refines a residence status (issue 14): catalogue, validation in the
service and the CLI, updates, the upgraded 0.1 vault, the demo and the residence groups."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from referral_desk import cli
from referral_desk.core import catalogues
from referral_desk.core.errors import InvalidInput
from referral_desk.core.services import clients, contacts, demo, statistics
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault
from tests.conftest import ADMIN_PASSWORD, client_data

pytestmark = pytest.mark.both_backends

FIXTURE_V1 = Path(__file__).resolve().parents[1] / "data" / "vault_v1"
HUMANITARIAN = "aufenthaltserlaubnis_humanitaer"


def test_catalogue_ties_every_basis_to_a_status():
    keys = [b.key for b in catalogues.residence_bases()]
    assert keys == [
        "asyl_25_1",
        "fluechtling_25_2_1",
        "subsidiaer_25_2_2",
        "abschiebungsverbot_25_3",
        "humanitaer_sonstige",
        "chancen_104c",
    ]
    assert {b.status for b in catalogues.residence_bases()} <= catalogues.residence_status_keys()
    assert [b.key for b in catalogues.residence_bases("other")] == ["chancen_104c"]
    assert catalogues.residence_bases("niederlassungserlaubnis") == ()
    assert catalogues.residence_basis_label("subsidiaer_25_2_2") == "Subsidiärer Schutz (§ 25 Abs. 2 Alt. 2 AufenthG)"
    assert "Section 104c" in catalogues.residence_basis_label("chancen_104c", "en")


def test_basis_must_belong_to_the_status(admin_ctx):
    c = clients.create_client(
        admin_ctx, data=client_data(residence_status=HUMANITARIAN, residence_basis="subsidiaer_25_2_2")
    )
    assert clients.get_client(admin_ctx, client_id=c.id).residence_basis == "subsidiaer_25_2_2"
    for bad in ({"residence_basis": "chancen_104c"}, {"residence_basis": "§ 25"}, {"residence_basis": 3}):
        with pytest.raises(InvalidInput) as exc:
            clients.create_client(admin_ctx, data=client_data(family_name="Kaya", residence_status=HUMANITARIAN, **bad))
        assert exc.value.field == "residence_basis"
    with pytest.raises(InvalidInput) as exc:  # an update naming a basis of another status: nothing written
        clients.update_client(admin_ctx, client_id=c.id, changes={"residence_basis": "chancen_104c"})
    assert exc.value.field == "residence_basis"
    assert clients.get_client(admin_ctx, client_id=c.id).residence_basis == "subsidiaer_25_2_2"
    # a new status voids the basis of the old one; a status and its basis together are fine
    r = clients.update_client(admin_ctx, client_id=c.id, changes={"residence_status": "niederlassungserlaubnis"})
    assert r.residence_basis is None
    r = clients.update_client(
        admin_ctx, client_id=c.id, changes={"residence_status": "other", "residence_basis": "chancen_104c"}
    )
    assert (r.residence_status, r.residence_basis) == ("other", "chancen_104c")
    with admin_ctx.vault.read() as conn:
        fields = conn.execute(
            text("SELECT fields FROM audit_event WHERE action = 'client.update' ORDER BY seq DESC LIMIT 1")
        ).scalar_one()
    assert "residence_basis" in fields and "chancen_104c" not in fields  # names, never values


@pytest.mark.vault_only(reason="the command line on a desk vault")
def test_cli_refuses_a_foreign_basis_with_exit_2(admin_ctx, vault_path, monkeypatch, capsys):
    for key in list(os.environ):
        if key.startswith("REFERRAL_DESK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(vault_path))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("REFERRAL_DESK_USER", "admin")
    admin_ctx.vault.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(client_data(residence_basis="asyl_25_1"))))
    assert cli.main(["client", "add", "-"]) == 2
    err = capsys.readouterr().err
    assert "residence_basis" in err and "Traceback" not in err
    monkeypatch.setattr(
        "sys.stdin", io.StringIO(json.dumps(client_data(residence_status=HUMANITARIAN, residence_basis="asyl_25_1")))
    )
    assert cli.main(["--json", "client", "add", "-"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert cli.main(["--json", "client", "get", str(created["id"])]) == 0
    assert json.loads(capsys.readouterr().out)["residence_basis"] == "asyl_25_1"


def test_upgraded_release_0_1_vault_takes_a_basis(tmp_path):
    target = tmp_path / "vault"
    shutil.copytree(FIXTURE_V1, target)
    with Vault.unlock(target, user="admin", password=ADMIN_PASSWORD) as vault:
        ctx = ServiceContext.sign_in(vault, "admin")
        with vault.read() as conn:
            assert conn.execute(text("SELECT count(*) FROM client WHERE residence_basis IS NOT NULL")).scalar() == 0
        c = clients.create_client(
            ctx,
            data=client_data(family_name="Haddad", residence_status=HUMANITARIAN, residence_basis="fluechtling_25_2_1"),
        )
        assert clients.get_client(ctx, client_id=c.id).residence_basis == "fluechtling_25_2_1"


@pytest.mark.vault_only(reason="statistics of a desk vault (the server's: tests/team)")
def test_residence_groups_split_by_basis(admin_ctx):
    today = dt.date.today()
    day = today.replace(day=1)
    period = statistics.period_for("month", day.year, day.month)
    people = (
        [(HUMANITARIAN, "fluechtling_25_2_1")] * 4
        + [(HUMANITARIAN, "subsidiaer_25_2_2")] * 3
        + [(HUMANITARIAN, None)] * 3
        + [("other", "chancen_104c")] * 3
        + [("niederlassungserlaubnis", None)] * 5
    )
    for i, (status, basis) in enumerate(people):
        c = clients.create_client(
            admin_ctx,
            data=client_data(family_name=f"Person{chr(65 + i)}", residence_status=status, residence_basis=basis),
            allow_duplicate=True,
        )
        contacts.add_contact(admin_ctx, client_id=c.id, data={"date": day.isoformat(), "minutes": 30})
    r = statistics.build_report(admin_ctx, period_from=period.start, period_to=period.end)
    groups = r.table("persons_by_residence_group")
    assert groups.value("refugee") == 4 and groups.value("subsidiary_protection") == 3
    assert groups.value("humanitarian") == 3 and groups.value("chancen_104c") == 3
    assert groups.value("permanent") == 5 and groups.value("_total") == 18
    assert "§ 104c" in groups.row_labels["chancen_104c"]


@pytest.mark.vault_only(reason="the demo fills a desk vault")
def test_demo_records_bases_of_the_right_status(admin_ctx):
    demo.generate(admin_ctx, clients=200, seed=1)
    with admin_ctx.vault.read() as conn:
        rows = conn.execute(
            text("SELECT residence_status, residence_basis FROM client WHERE residence_basis IS NOT NULL")
        ).all()
    assert rows and all(catalogues.residence_basis(b).status == s for s, b in rows)


def test_list_import_maps_the_legal_basis_column(admin_ctx, tmp_path):
    from referral_desk.core.importing import import_clients
    from tests.core.import_lists import GERMAN_HEADERS, german_rows, write_csv

    headers = GERMAN_HEADERS + ["Rechtsgrundlage"]
    rows = [r + [""] for r in german_rows(3)]
    status = GERMAN_HEADERS.index("Aufenthaltsstatus")
    rows[0][status], rows[0][-1] = (
        "Aufenthaltserlaubnis (humanitäre Gründe, §§ 22–25b AufenthG)",
        "§ 25 Abs. 2 Alt. 2 AufenthG",
    )
    rows[1][status], rows[1][-1] = "other", "Chancen-Aufenthaltsrecht"
    report = import_clients(admin_ctx, path=write_csv(tmp_path / "liste.csv", rows, headers=headers))
    assert report.created == 3, report.to_json("de")
    got = [clients.get_client(admin_ctx, client_id=i) for i in report.client_ids]
    assert [(c.residence_status, c.residence_basis) for c in got[:2]] == [
        (HUMANITARIAN, "subsidiaer_25_2_2"),
        ("other", "chancen_104c"),
    ]
    assert got[2].residence_basis is None
    # a basis that does not fit the row's status, and one that is not recognised: row and field named
    rows = [r + [""] for r in german_rows(3, seed=11)]
    rows[0][status], rows[0][-1] = "Duldung", "§ 25 Abs. 3 AufenthG"
    rows[2][-1] = "§ 99 AufenthG"
    before = clients.search_ids(admin_ctx, query=clients.ClientQuery())
    report = import_clients(admin_ctx, path=write_csv(tmp_path / "falsch.csv", rows, headers=headers))
    assert report.outcome == "refused_invalid" and report.created == 0
    assert {(p.field, p.code) for p in report.invalid} == {
        ("residence_basis", "input.choice"),
        ("residence_basis", "import.residence_basis"),
    }
    assert clients.search_ids(admin_ctx, query=clients.ClientQuery()) == before
