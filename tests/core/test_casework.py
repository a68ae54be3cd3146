"""Case work through the services on a real vault: service per client, support plan,
contacts with family members, group sessions, signposting, attribute history, reminders."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from referral_desk.core.errors import InvalidInput, PolicyRefused
from referral_desk.core.services import casework, clients, contacts, groups, organisation, reminders
from referral_desk.core.services.clients import ClientQuery
from referral_desk.core.vault import Vault
from tests.conftest import ADMIN_PASSWORD, client_data

pytestmark = pytest.mark.both_backends

TODAY = dt.date.today()


def _count(ctx, table: str) -> int:
    with ctx.vault.read() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


def _jmd_client(ctx, **overrides):
    organisation.update_organisation(ctx, changes={"services": ["mbe", "jmd"]})
    return clients.create_client(
        ctx,
        data=client_data(
            family_name="Haddad",
            given_names="Rami",
            birth_date=(TODAY - dt.timedelta(days=19 * 365)).isoformat(),
            service="jmd",
            access_route="school",
            **overrides,
        ),
    )


def test_service_defaults_to_the_organisations_first_and_must_be_run(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data())
    assert c.service == "mbe" and c.access_route is None
    with pytest.raises(InvalidInput) as info:
        clients.create_client(admin_ctx, data=client_data(family_name="Kaya", service="jmd"))
    assert info.value.field == "service"
    organisation.update_organisation(admin_ctx, changes={"services": ["jmd", "mbe"]})
    young = clients.create_client(admin_ctx, data=client_data(family_name="Kaya", birth_date="2008-01-01"))
    assert young.service == "jmd"
    with pytest.raises(InvalidInput) as info:
        organisation.update_organisation(admin_ctx, changes={"services": ["jmd"]})  # an MBE client still exists
    assert info.value.field == "services"
    ids = clients.search_ids(admin_ctx, query=ClientQuery(service="jmd"))
    assert ids == [young.id]
    assert clients.search_ids(admin_ctx, query=ClientQuery(service="mbe")) == [c.id]


def test_access_route_outside_the_catalogue_is_refused_and_nothing_written(admin_ctx):
    before = _count(admin_ctx, "client")
    with pytest.raises(InvalidInput) as info:
        clients.create_client(admin_ctx, data=client_data(access_route="newspaper"))
    assert info.value.field == "access_route"
    assert "Zugangsweg (access_route)" in info.value.message("de")
    assert _count(admin_ctx, "client") == before
    c = clients.create_client(admin_ctx, data=client_data(access_route="jobcenter"))
    assert clients.update_client(admin_ctx, client_id=c.id, changes={"access_route": "online"}).access_route == "online"


def test_plan_with_goals_steps_and_reviews(admin_ctx):
    c = _jmd_client(admin_ctx)
    assert casework.get_plan(admin_ctx, client_id=c.id).goals == []
    with admin_ctx.vault.read() as conn:
        assert not casework.is_case_management(conn, c.id)
    g1 = casework.add_goal(
        admin_ctx,
        client_id=c.id,
        data={
            "area": "language",
            "goal": "Deutsch B1 erreichen",
            "due_on": (TODAY + dt.timedelta(days=180)).isoformat(),
        },
    )
    g2 = casework.add_goal(admin_ctx, client_id=c.id, data={"area": "education", "goal": "Ausbildungsplatz finden"})
    casework.add_goal(admin_ctx, client_id=c.id, data={"area": "residence", "goal": "Aufenthaltstitel verlängern"})
    step = casework.add_step(
        admin_ctx,
        goal_id=g1.id,
        data={
            "text": "Anmeldung zum Sprachkurs",
            "due_on": (TODAY + dt.timedelta(days=10)).isoformat(),
            "responsible": "client",
        },
    )
    casework.add_review(admin_ctx, goal_id=g2.id, data={"outcome": "partly", "note": "Zwei Bewerbungen geschrieben"})
    plan = casework.get_plan(admin_ctx, client_id=c.id)
    assert [g.area for g in plan.goals] == ["language", "education", "residence"]
    assert plan.goals[0].steps[0].id == step.id and plan.goals[0].outcome is None
    assert plan.goals[1].outcome == "partly"
    with admin_ctx.vault.read() as conn:
        assert casework.is_case_management(conn, c.id)
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_event WHERE action LIKE 'plan.%'"))]
        fields = [r[0] for r in conn.execute(text("SELECT fields FROM audit_event WHERE action LIKE 'plan.%'"))]
    assert actions.count("plan.goal_create") == 3 and "plan.step_create" in actions and "plan.review_create" in actions
    assert not any("Deutsch" in f or "Bewerbungen" in f for f in fields)  # field names only, never values
    done = casework.complete_step(admin_ctx, step_id=step.id)
    assert done.done_on == TODAY


@pytest.mark.parametrize(
    "call, field",
    [
        (
            lambda ctx, cid, gid: casework.add_review(
                ctx, goal_id=gid, data={"outcome": "achieved", "on_date": "2020-01-01"}
            ),
            "on_date",
        ),
        (
            lambda ctx, cid, gid: casework.add_step(ctx, goal_id=gid, data={"text": "x", "due_on": "2020-01-01"}),
            "due_on",
        ),
        (lambda ctx, cid, gid: casework.add_review(ctx, goal_id=gid, data={"outcome": "great"}), "outcome"),
        (lambda ctx, cid, gid: casework.add_goal(ctx, client_id=cid, data={"area": "moon", "goal": "x"}), "area"),
        (lambda ctx, cid, gid: casework.add_goal(ctx, client_id=cid, data={"area": "work", "goal": "  "}), "goal"),
        (
            lambda ctx, cid, gid: casework.add_goal(
                ctx, client_id=cid, data={"area": "work", "goal": "x", "due_on": "2020-01-01"}
            ),
            "due_on",
        ),
        (lambda ctx, cid, gid: casework.add_step(ctx, goal_id=gid, data={"text": "a\x07b"}), "text"),
        (
            lambda ctx, cid, gid: casework.add_step(ctx, goal_id=gid, data={"text": "x", "responsible": "nobody"}),
            "responsible",
        ),
    ],
)
def test_bad_plan_input_names_the_field_and_writes_nothing(admin_ctx, call, field):
    c = clients.create_client(admin_ctx, data=client_data())
    goal = casework.add_goal(admin_ctx, client_id=c.id, data={"area": "work", "goal": "Arbeit finden"})
    before = [_count(admin_ctx, t) for t in ("support_goal", "support_step", "support_review", "audit_event")]
    with pytest.raises(InvalidInput) as info:
        call(admin_ctx, c.id, goal.id)
    assert info.value.field == field
    assert [_count(admin_ctx, t) for t in ("support_goal", "support_step", "support_review", "audit_event")] == before


def test_contact_with_family_and_language(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data())
    contact = contacts.add_contact(
        admin_ctx,
        client_id=c.id,
        data={
            "date": TODAY.isoformat(),
            "minutes": 45,
            "topics": ["family"],
            "with_family": 2,
            "language": "ar",
            "interpreter": True,
        },
    )
    assert contact.with_family == 2 and contact.language == "ar" and contact.interpreter
    assert contacts.list_contacts(admin_ctx, client_id=c.id)[0].with_family == 2
    for bad in (-1, 21, "zwei", True):
        with pytest.raises(InvalidInput) as info:
            contacts.add_contact(
                admin_ctx, client_id=c.id, data={"date": TODAY.isoformat(), "minutes": 30, "with_family": bad}
            )
        assert info.value.field == "with_family"
    assert _count(admin_ctx, "contact") == 1


def test_group_sessions_count_participants_and_optional_clients(admin_ctx):
    c = _jmd_client(admin_ctx)
    g = groups.add_group(
        admin_ctx,
        data={
            "date": TODAY.isoformat(),
            "minutes": 90,
            "topic": "education",
            "participants": 12,
            "service": "jmd",
            "client_ids": [c.id],
        },
    )
    assert g.service == "jmd" and g.client_ids == [c.id]
    assert groups.list_groups(admin_ctx)[0].participants == 12
    for data, field in (
        ({"participants": 0}, "participants"),
        ({"participants": 501}, "participants"),
        ({"topic": "sport"}, "topic"),
        ({"service": "other"}, "service"),
        ({"date": (TODAY + dt.timedelta(days=1)).isoformat()}, "date"),
        ({"participants": 1, "client_ids": [c.id, c.id + 999]}, "client_ids"),
        ({"client_ids": [c.id + 999]}, "client_ids"),
        ({"minutes": 0}, "minutes"),
    ):
        base = {"date": TODAY.isoformat(), "minutes": 60, "topic": "work", "participants": 5}
        base.update(data)
        with pytest.raises(InvalidInput) as info:
            groups.add_group(admin_ctx, data=base)
        assert info.value.field == field
    assert _count(admin_ctx, "group_session") == 1


def test_signposting_without_data_transfer(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data())
    s = casework.add_signpost(
        admin_ctx,
        client_id=c.id,
        data={"to_whom": "Schuldnerberatung der Diakonie", "date": TODAY.isoformat(), "topic": "finances"},
    )
    assert casework.list_signposts(admin_ctx, client_id=c.id)[0].id == s.id
    for data, field in (
        ({"date": (TODAY + dt.timedelta(days=3)).isoformat()}, "date"),
        ({"to_whom": ""}, "to_whom"),
        ({"topic": "astrology"}, "topic"),
    ):
        base = {"to_whom": "Mieterverein", "date": TODAY.isoformat()}
        base.update(data)
        with pytest.raises(InvalidInput) as info:
            casework.add_signpost(admin_ctx, client_id=c.id, data=base)
        assert info.value.field == field
    assert _count(admin_ctx, "signposting") == 1


def test_attribute_history_follows_changes(admin_ctx):
    c = clients.create_client(
        admin_ctx, data=client_data(residence_status="aufenthaltserlaubnis_familie", german_level="A2")
    )
    clients.update_client(admin_ctx, client_id=c.id, changes={"german_level": "B1"})
    clients.update_client(admin_ctx, client_id=c.id, changes={"notes": "nur eine Notiz"})
    casework.record_attribute(
        admin_ctx, client_id=c.id, attribute="residence_status", value="aufenthaltsgestattung", valid_from="2019-05-01"
    )
    hist = casework.attribute_history(admin_ctx, client_id=c.id)
    levels = [h["value"] for h in hist if h["attribute"] == "german_level"]
    assert levels == ["B1"]  # opened and changed today: the later value replaces the same day's
    with admin_ctx.vault.read() as conn:
        assert (
            casework.value_as_of(conn, client_id=c.id, attribute="residence_status", on=dt.date(2020, 1, 1))
            == "aufenthaltsgestattung"
        )
        assert (
            casework.value_as_of(conn, client_id=c.id, attribute="residence_status", on=TODAY)
            == "aufenthaltserlaubnis_familie"
        )
    with pytest.raises(InvalidInput) as info:
        casework.record_attribute(
            admin_ctx, client_id=c.id, attribute="residence_status", value="x", valid_from="2019-05-01"
        )
    assert info.value.field == "value"


def test_reminders_list_expiring_titles_due_steps_and_follow_ups(admin_ctx):
    c = _jmd_client(
        admin_ctx,
        residence_status="aufenthaltserlaubnis_ausbildung",
        residence_valid_until=(TODAY + dt.timedelta(days=35)).isoformat(),
    )
    clients.create_client(
        admin_ctx,
        data=client_data(
            family_name="Weit",
            residence_status="aufenthaltserlaubnis_familie",
            residence_valid_until=(TODAY + dt.timedelta(days=200)).isoformat(),
        ),
    )
    goal = casework.add_goal(admin_ctx, client_id=c.id, data={"area": "work", "goal": "Praktikum"})
    casework.add_step(
        admin_ctx,
        goal_id=goal.id,
        data={"text": "Lebenslauf schreiben", "due_on": (TODAY + dt.timedelta(days=5)).isoformat()},
    )
    items = reminders.reminders(admin_ctx)
    assert [(r.kind, r.client_id) for r in items] == [("plan_step", c.id), ("residence_expiry", c.id)]
    assert items[1].detail == "aufenthaltserlaubnis_ausbildung"
    assert len(reminders.reminders(admin_ctx, days=365)) == 3
    with pytest.raises(InvalidInput) as info:
        reminders.reminders(admin_ctx, days=-1)
    assert info.value.field == "days"


@pytest.mark.vault_only(reason="desk user accounts (the server's are login roles: tests/team)")
def test_statistics_role_cannot_use_case_work(admin_ctx):
    from referral_desk.core.services import users
    from referral_desk.core.services.context import ServiceContext

    users.add_user(admin_ctx, name="zahlen", role="statistics", password="Rheinufer-Sued-Bericht-2026")
    stat = ServiceContext.sign_in(admin_ctx.vault, "zahlen")
    with pytest.raises(PolicyRefused):
        reminders.reminders(stat)
    with pytest.raises(PolicyRefused):
        groups.add_group(stat, data={"date": TODAY.isoformat(), "minutes": 60, "topic": "work", "participants": 3})


FIXTURE_V1 = Path(__file__).resolve().parents[1] / "data" / "vault_v1"


def test_upgraded_release_0_1_vault_has_working_case_work(tmp_path):
    """The fixture vault made by release 0.1.0: every client gets the organisation's service
    and a history row per tracked attribute; the new tables take rows."""
    target = tmp_path / "vault"
    shutil.copytree(FIXTURE_V1, target)
    with Vault.unlock(target, user="admin", password=ADMIN_PASSWORD) as vault:
        from referral_desk.core.services.context import ServiceContext

        ctx = ServiceContext.sign_in(vault, "admin")
        with vault.read() as conn:
            services = {r[0] for r in conn.execute(text("SELECT DISTINCT service FROM client"))}
            history = conn.execute(
                text("SELECT attribute, count(*) FROM client_attribute_history GROUP BY attribute ORDER BY attribute")
            ).all()
            with_family = conn.execute(text("SELECT DISTINCT with_family FROM contact")).all()
            erased = conn.execute(text("SELECT count(*) FROM client WHERE erased_on IS NOT NULL")).scalar()
            first = casework.organisation_services(conn)[0]
        assert services == {first}
        assert dict(history) == {
            "employment_status": 40 - erased,
            "german_level": 40 - erased,
            "residence_status": 40 - erased,
        }
        assert with_family == [(0,)]
        cid = clients.search_ids(ctx, query=ClientQuery())[0]
        goal = casework.add_goal(ctx, client_id=cid, data={"area": "housing", "goal": "Wohnung finden"})
        casework.add_step(ctx, goal_id=goal.id, data={"text": "Wohnberechtigungsschein beantragen"})
        casework.add_review(ctx, goal_id=goal.id, data={"outcome": "achieved"})
        casework.add_signpost(ctx, client_id=cid, data={"to_whom": "Mieterverein", "date": TODAY.isoformat()})
        groups.add_group(
            ctx,
            data={"date": TODAY.isoformat(), "minutes": 60, "topic": "housing", "participants": 4, "client_ids": [cid]},
        )
        contacts.add_contact(ctx, client_id=cid, data={"date": TODAY.isoformat(), "minutes": 30, "with_family": 3})
        assert casework.get_plan(ctx, client_id=cid).goals[0].outcome == "achieved"
        assert isinstance(reminders.reminders(ctx, days=400), list)


@pytest.mark.parametrize("mode", ["anonymise", "delete"])
def test_erasure_covers_case_work(admin_ctx, mode):
    from referral_desk.core.services import retention

    c = clients.create_client(admin_ctx, data=client_data())
    goal = casework.add_goal(admin_ctx, client_id=c.id, data={"area": "health", "goal": "Hausarzt finden"})
    casework.add_step(admin_ctx, goal_id=goal.id, data={"text": "Termin vereinbaren"})
    casework.add_review(admin_ctx, goal_id=goal.id, data={"outcome": "achieved", "note": "Arzt gefunden"})
    casework.add_signpost(admin_ctx, client_id=c.id, data={"to_whom": "Gesundheitsamt", "date": TODAY.isoformat()})
    groups.add_group(
        admin_ctx,
        data={"date": TODAY.isoformat(), "minutes": 60, "topic": "health", "participants": 3, "client_ids": [c.id]},
    )
    retention.erase_client(admin_ctx, client_id=c.id, mode=mode)
    with admin_ctx.vault.read() as conn:
        texts = [
            value
            for column, table in (("goal", "support_goal"), ("text", "support_step"), ("note", "support_review"))
            + (("to_whom", "signposting"),)
            for (value,) in conn.execute(text(f"SELECT {column} FROM {table}"))
        ]
        counts = [
            conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("support_goal", "support_review", "group_participant", "client_attribute_history")
        ]
    assert not any(texts)
    # anonymise keeps the coded history (residence status, German level, employment status)
    assert counts == ([0, 0, 0, 0] if mode == "delete" else [1, 1, 1, 3])
    assert _count(admin_ctx, "group_session") == 1  # the session itself is not the client's


@pytest.mark.vault_only(reason="the demo fills a desk vault")
def test_demo_data_has_consistent_case_work(admin_ctx):
    from referral_desk.core.services import demo

    result = demo.generate(admin_ctx, clients=400, seed=3)
    assert result["goals"] > 0 and result["groups"] > 0 and result["signposts"] > 0
    with admin_ctx.vault.read() as conn:
        assert casework.organisation_services(conn)[:2] == ["mbe", "jmd"]
        ages = conn.execute(
            text(
                "SELECT service, min((julianday('now') - julianday(birth_date)) / 365.25), "
                "max((julianday('now') - julianday(birth_date)) / 365.25) FROM client GROUP BY service"
            )
        ).all()
        by_service = {s: (lo, hi) for s, lo, hi in ages}
        assert set(by_service) == {"mbe", "jmd"}
        assert by_service["jmd"][0] >= 12 and by_service["jmd"][1] < 27 and by_service["mbe"][0] >= 27
        routes = {r[0] for r in conn.execute(text("SELECT DISTINCT access_route FROM client"))}
        assert routes - {None} <= set(catalogues_keys("access_route")) and len(routes) > 5
        family = conn.execute(text("SELECT max(with_family), sum(with_family > 0) FROM contact")).one()
        assert 0 < family[0] <= 20 and family[1] > 0
        # dates are consistent: steps and reviews never before their goal
        bad = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM support_step s JOIN support_goal g ON g.id = s.goal_id "
                "WHERE s.due_on < g.set_on OR s.done_on < g.set_on) + (SELECT count(*) FROM support_review r "
                "JOIN support_goal g ON g.id = r.goal_id WHERE r.on_date < g.set_on)"
            )
        ).scalar()
        assert bad == 0
        assert conn.execute(text("SELECT count(*) FROM group_session WHERE participants < 1")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM signposting WHERE date > date('now')")).scalar() == 0
        per_client = conn.execute(
            text("SELECT count(DISTINCT client_id) FROM client_attribute_history WHERE attribute = 'residence_status'")
        ).scalar()
        assert per_client == 400
        jmd_in_groups = conn.execute(
            text(
                "SELECT count(*) FROM group_participant p JOIN group_session g "
                "ON g.id = p.group_id JOIN client c ON c.id = p.client_id "
                "WHERE c.service != g.service"
            )
        ).scalar()
        assert jmd_in_groups == 0


def catalogues_keys(name):
    from referral_desk.core import catalogues

    return catalogues.enum_keys(name)


def test_access_report_includes_case_work(admin_ctx):
    from referral_desk.core.documents.access_report import render_access_report
    from referral_desk.core.services import access

    c = clients.create_client(admin_ctx, data=client_data())
    goal = casework.add_goal(admin_ctx, client_id=c.id, data={"area": "work", "goal": "Arbeit als Pflegehelferin"})
    casework.add_step(admin_ctx, goal_id=goal.id, data={"text": "Bewerbung schreiben"})
    casework.add_signpost(admin_ctx, client_id=c.id, data={"to_whom": "Mieterverein", "date": TODAY.isoformat()})
    report = access.export_client(admin_ctx, client_id=c.id)
    work = report["case_work"]
    assert work["support_plan"][0]["goal"] == "Arbeit als Pflegehelferin"
    assert work["support_plan"][0]["steps"][0]["text"] == "Bewerbung schreiben"
    assert work["signposting"][0]["to_whom"] == "Mieterverein"
    assert {h["attribute"] for h in work["attribute_history"]} == {
        "residence_status",
        "german_level",
        "employment_status",
    }
    assert render_access_report(report).startswith(b"%PDF")
