"""Counselling contacts, users and organisation settings through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from referral_desk.core.errors import AuthenticationFailed, InvalidInput, PolicyRefused
from referral_desk.core.services import clients, contacts, drafts, organisation, users
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault
from tests.conftest import client_data

pytestmark = pytest.mark.both_backends


def test_contacts_update_last_contact_and_list_newest_first(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data())
    contacts.add_contact(admin_ctx, client_id=c.id, data={"date": "2026-01-10", "minutes": 30, "topics": ["work"]})
    second = contacts.add_contact(
        admin_ctx,
        client_id=c.id,
        data={
            "date": "2026-03-01",
            "minutes": 60,
            "topics": ["residence", "benefits"],
            "mode": "video",
            "interpreter": True,
            "language": "ar",
            "note": "Dolmetschung über Video.",
        },
    )
    listed = contacts.list_contacts(admin_ctx, client_id=c.id)
    assert [x.id for x in listed] == [second.id, listed[1].id]
    assert clients.get_client(admin_ctx, client_id=c.id).last_contact_on == dt.date(2026, 3, 1)
    contacts.update_contact(admin_ctx, contact_id=second.id, changes={"date": "2025-12-01"})
    assert clients.get_client(admin_ctx, client_id=c.id).last_contact_on == dt.date(2026, 1, 10)


@pytest.mark.parametrize(
    "data, field",
    [
        ({"date": "2999-01-01", "minutes": 30, "topics": []}, "date"),
        ({"date": "2026-01-01", "minutes": 0, "topics": []}, "minutes"),
        ({"date": "2026-01-01", "minutes": 601, "topics": []}, "minutes"),
        ({"date": "2026-01-01", "minutes": 30, "topics": ["x"]}, "topics"),
        ({"date": "2026-01-01", "minutes": 30, "mode": "fax"}, "mode"),
        ({"date": "2026-01-01", "minutes": 30, "language": "zz"}, "language"),
        ({"date": "2026-01-01", "minutes": 30, "note": "a\x00b"}, "note"),
        ({"date": "2026-01-01", "minutes": 30, "weather": "rain"}, "weather"),
    ],
)
def test_bad_contact_input(admin_ctx, data, field):
    c = clients.create_client(admin_ctx, data=client_data())
    with pytest.raises(InvalidInput) as info:
        contacts.add_contact(admin_ctx, client_id=c.id, data=data)
    assert info.value.field == field
    assert contacts.list_contacts(admin_ctx, client_id=c.id) == []


@pytest.mark.vault_only(reason="desk user accounts (the server's are login roles: tests/team)")
def test_user_lifecycle(admin_ctx, vault_path):
    u = users.add_user(
        admin_ctx, name="b.schmitt", role="counsellor", password="Beratung-Hemshof-1", display_name="Birgit Schmitt"
    )
    assert u.display_name == "Birgit Schmitt"
    with pytest.raises(InvalidInput) as info:
        users.add_user(admin_ctx, name="x y", role="counsellor", password="Beratung-Hemshof-1")
    assert info.value.field == "name"
    with pytest.raises(InvalidInput) as info:
        users.add_user(admin_ctx, name="kurz", role="counsellor", password="short")
    assert info.value.field == "password"
    with pytest.raises(InvalidInput) as info:
        users.add_user(admin_ctx, name="boss", role="king", password="Beratung-Hemshof-1")
    assert info.value.field == "role"
    users.update_user(admin_ctx, name="b.schmitt", role="lead")
    users.reset_password(admin_ctx, name="b.schmitt", new_password="Zurueckgesetzt-Oppau-3")
    Vault.unlock(vault_path, user="b.schmitt", password="Zurueckgesetzt-Oppau-3").close()
    users.update_user(admin_ctx, name="b.schmitt", active=False)
    with pytest.raises(AuthenticationFailed):
        Vault.unlock(vault_path, user="b.schmitt", password="Zurueckgesetzt-Oppau-3")
    with pytest.raises(PolicyRefused):
        users.update_user(admin_ctx, name="admin", role="counsellor")  # the last admin stays


def test_organisation_settings_and_agencies(admin_ctx):
    org = organisation.get_organisation(admin_ctx)
    assert org.name == "AWO Kreisverband Ludwigshafen" and org.min_cell_size == 3 and org.idle_lock_minutes == 5
    keys = [a.key for a in organisation.list_agencies(admin_ctx)]
    assert keys[:3] == ["agentur", "auslaenderbehoerde", "jobcenter"] or set(keys) >= {
        "jobcenter",
        "agentur",
        "auslaenderbehoerde",
    }
    jc = organisation.get_agency(admin_ctx, key="jobcenter")
    assert jc.name == "Jobcenter Vorderpfalz-Ludwigshafen" and jc.street is None  # addresses are not invented
    organisation.update_organisation(admin_ctx, changes={"idle_lock_minutes": 10, "min_cell_size": 5})
    with pytest.raises(InvalidInput) as info:
        organisation.update_organisation(admin_ctx, changes={"min_cell_size": 4})
    assert info.value.field == "min_cell_size"
    saved = organisation.save_agency(
        admin_ctx, key="sozialamt", data={"name": "Sozialamt", "kind": "other", "postal_code": "67059"}
    )
    assert saved.key == "sozialamt"
    with pytest.raises(InvalidInput):
        organisation.save_agency(admin_ctx, key="Bad Key!", data={"name": "x"})


def test_drafts_round_trip(admin_ctx):
    drafts.save_draft(admin_ctx, kind="client", ref="new", payload={"family_name": "Yıl", "tab": 0})
    drafts.save_draft(admin_ctx, kind="client", ref="new", payload={"family_name": "Yılmaz", "tab": 1})
    listed = drafts.list_drafts(admin_ctx)
    assert [(d["kind"], d["ref"], d["payload"]["family_name"]) for d in listed] == [("client", "new", "Yılmaz")]
    drafts.delete_draft(admin_ctx, kind="client", ref="new")
    assert drafts.list_drafts(admin_ctx) == []


@pytest.mark.vault_only(reason="desk user accounts (the server's are login roles: tests/team)")
def test_statistics_role_cannot_touch_records(admin_ctx, vault_path):
    users.add_user(admin_ctx, name="zahlen", role="statistics", password="Statistik-Friesenheim-2")
    c = clients.create_client(admin_ctx, data=client_data())
    with Vault.unlock(vault_path, user="zahlen", password="Statistik-Friesenheim-2") as v:
        ctx = ServiceContext.sign_in(v, "zahlen")
        for call in (
            lambda: clients.get_client(ctx, client_id=c.id),
            lambda: clients.create_client(ctx, data=client_data(birth_date="1970-01-01")),
            lambda: contacts.list_contacts(ctx, client_id=c.id),
        ):
            with pytest.raises(PolicyRefused):
                call()
