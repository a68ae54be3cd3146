"""The contacts per person and month and the newest tracked values the per-person statistics
read (migrations/v2_person_stats.py): kept by triggers through every kind of write, equal to
a recount, and giving exactly the person rows of the live count and of a plain history
search."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import text

from referral_desk.core.migrations import v2_person_stats
from referral_desk.core.services import casework, clients, contacts, demo, retention, statistics
from referral_desk.core.vault import Vault
from tests.conftest import client_data
from tests.core.contact_scenarios import three_clients_with_contacts

FIXTURE_PASSWORD = "Ludwigshafen-am-Rhein-2026"
BANDS = statistics.DEFAULT_AGE_BANDS["other"]
STATUSES = ("aufenthaltsgestattung", "duldung", "niederlassungserlaubnis", "aufenthaltserlaubnis_humanitaer")
LEVELS = ("none", "A1", "B1", "C1")


def _tables(conn) -> tuple[set, set]:
    months = set(conn.execute(text("SELECT year, client_id, month, n, with_family FROM person_month_stat")))
    head = set(conn.execute(text("SELECT client_id, since, residence_status, german_level FROM client_attribute_head")))
    return months, head


def _recounted(ctx) -> tuple[set, set]:
    """What a full recount gives, in a transaction that is rolled back (the tables stay)."""
    with ctx.vault.write() as conn:
        v2_person_stats.rebuild(conn)
        again = _tables(conn)
        conn.rollback()
    return again


def _person_rows(ctx, period, *, live: bool) -> Counter:
    params = statistics.query_params(period, BANDS, None)
    with ctx.reading() as conn:
        rows = conn.execute(text(statistics.persons_sql(BANDS, own=False, live=live, with_keys=True)), params).all()
    return Counter(tuple(r) for r in rows)


def _searched(ctx, period) -> Counter:
    """(record key, residence status, German level) of each person counselled in the period by
    a plain history search per person: the rule the head must not change."""
    out: Counter = Counter()
    with ctx.reading() as conn:
        people = conn.execute(
            text(
                "SELECT DISTINCT cl.id, coalesce(cl.record_key, 0), cl.residence_status, cl.german_level "
                "FROM contact c JOIN client cl ON cl.id = c.client_id WHERE c.date BETWEEN :f AND :t"
            ),
            {"f": period.start.isoformat(), "t": period.end.isoformat()},
        ).all()
        for cid, key, status, level in people:
            as_of = [
                casework.value_as_of(conn, client_id=cid, attribute=a, on=period.end) or current
                for a, current in (("residence_status", status), ("german_level", level))
            ]
            out[(key, *as_of)] += 1
    return out


def _as_of(row) -> tuple[str, str]:
    """(residence status, German level) of a person row."""
    facts = {}
    for facet, joined in zip(statistics.PERSON_FACETS, row[2:-1], strict=True):
        facts.update(zip(facet, joined.split(statistics.FACT_SEPARATOR), strict=True))
    return facts["residence_status"], facts["german_level"]


PERIODS = (
    statistics.period_for("year", 2025),
    statistics.period_for("quarter", 2025, 2),
    statistics.period_for("year", 2026),
    statistics.period_for("month", 2026, 11),
)


def _assert_consistent(ctx) -> None:
    with ctx.reading() as conn:
        kept = _tables(conn)
    assert kept == _recounted(ctx)
    assert all(n > 0 for *_, n, _fam in kept[0])  # no empty months left behind
    for period in PERIODS:
        fast = _person_rows(ctx, period, live=False)
        assert fast == _person_rows(ctx, period, live=True)
        assert Counter((r[-1], *_as_of(r)) for r in fast.elements()) == _searched(ctx, period)


contact_strategy = st.fixed_dictionaries(
    {
        "date": st.dates(dt.date(2024, 11, 1), dt.date(2026, 11, 30)),
        "minutes": st.just(30),
        "with_family": st.integers(0, 4),
    }
)
edit_strategy = st.fixed_dictionaries(
    {}, optional={"date": st.dates(dt.date(2024, 11, 1), dt.date(2026, 11, 30)), "with_family": st.integers(0, 4)}
)
history_strategy = st.one_of(
    # A past value entered later (may be newer than the newest row so far).
    st.tuples(
        st.just("record"),
        st.sampled_from(["residence_status", "german_level"]),
        st.integers(0, 3),
        st.dates(dt.date(2024, 6, 1), dt.date(2026, 12, 1)),
    ),
    # A change of the current record (history from today).
    st.tuples(st.just("update"), st.sampled_from(["residence_status", "german_level"]), st.integers(0, 3), st.none()),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    added=st.lists(st.tuples(st.integers(0, 2), contact_strategy), min_size=1, max_size=10),
    edits=st.lists(st.tuples(st.integers(0, 9), edit_strategy), max_size=5),
    history=st.lists(st.tuples(st.integers(0, 2), history_strategy), max_size=6),
    deleted=st.lists(st.integers(0, 9), max_size=2),
    erase=st.booleans(),
)
def test_tables_follow_every_write_and_give_the_same_persons(admin_ctx, added, edits, history, deleted, erase):
    people, made = three_clients_with_contacts(admin_ctx, added, edits)
    for i, (kind, attribute, value, day) in history:
        chosen = (STATUSES if attribute == "residence_status" else LEVELS)[value]
        if kind == "record":
            casework.record_attribute(admin_ctx, client_id=people[i], attribute=attribute, value=chosen, valid_from=day)
        else:
            clients.update_client(admin_ctx, client_id=people[i], changes={attribute: chosen})
    for i in deleted:
        if i < len(made):
            with admin_ctx.vault.write() as conn:  # a raw delete: the trigger, not the service, keeps up
                conn.execute(text("DELETE FROM contact WHERE id = :i"), {"i": made[i]})
    if erase:  # erasure deletes the client's contacts and history: their rows go with them
        retention.erase_client(admin_ctx, client_id=people[0], mode="delete")
    _assert_consistent(admin_ctx)


def test_a_value_changed_after_the_period_is_read_from_the_history(admin_ctx):
    c = clients.create_client(
        admin_ctx, data=client_data(birth_date="1980-01-01", residence_status="duldung"), allow_duplicate=True
    )
    contacts.add_contact(admin_ctx, client_id=c.id, data={"date": "2025-05-05", "minutes": 30})
    contacts.add_contact(admin_ctx, client_id=c.id, data={"date": "2026-05-05", "minutes": 30})
    casework.record_attribute(
        admin_ctx, client_id=c.id, attribute="residence_status", value="duldung", valid_from="2025-01-01"
    )
    clients.update_client(admin_ctx, client_id=c.id, changes={"residence_status": "niederlassungserlaubnis"})
    with admin_ctx.reading() as conn:
        since = conn.execute(text("SELECT since FROM client_attribute_head WHERE client_id = :c"), {"c": c.id})
        assert since.scalar_one() > "2025-12-31"  # changed this year: the head does not answer for 2025
    (row_2025,) = _person_rows(admin_ctx, statistics.period_for("year", 2025), live=False)
    (row_2026,) = _person_rows(admin_ctx, statistics.period_for("year", 2026), live=False)
    assert (_as_of(row_2025)[0], _as_of(row_2026)[0]) == ("duldung", "niederlassungserlaubnis")
    # A past value entered afterwards for 2025 moves that year's as-of value.
    casework.record_attribute(
        admin_ctx, client_id=c.id, attribute="residence_status", value="aufenthaltsgestattung", valid_from="2025-03-01"
    )
    (row_2025,) = _person_rows(admin_ctx, statistics.period_for("year", 2025), live=False)
    assert _as_of(row_2025)[0] == "aufenthaltsgestattung"
    _assert_consistent(admin_ctx)


def test_the_demos_bulk_load_rebuilds_and_puts_the_triggers_back(admin_ctx):
    demo.generate(admin_ctx, clients=demo.BULK_INDEX_REBUILD, seed=5)
    with admin_ctx.reading() as conn:
        triggers = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    assert set(v2_person_stats.TRIGGERS) <= triggers
    _assert_consistent(admin_ctx)
    c = clients.create_client(admin_ctx, data=client_data(birth_date="1980-01-01"), allow_duplicate=True)
    contacts.add_contact(admin_ctx, client_id=c.id, data={"date": "2025-06-02", "minutes": 30, "with_family": 2})
    _assert_consistent(admin_ctx)


def test_a_release_1_vault_is_filled_on_upgrade(tmp_path):
    vault_path = tmp_path / "vault"
    shutil.copytree("tests/data/vault_v1", vault_path)
    with Vault.unlock(vault_path, user="admin", password=FIXTURE_PASSWORD) as vault, vault.write() as conn:
        kept = _tables(conn)
        n_contacts = conn.execute(text("SELECT count(*) FROM contact")).scalar_one()
        n_clients = conn.execute(text("SELECT count(*) FROM client")).scalar_one()
        v2_person_stats.rebuild(conn)
        assert _tables(conn) == kept
    assert n_contacts > 0 and sum(row[3] for row in kept[0]) == n_contacts
    assert len(kept[1]) == n_clients  # the upgrade wrote every client's history, so every client has a head
