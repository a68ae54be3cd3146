"""The monthly contact counts the statistics add up (migrations/v2_stats_speed.py): kept by
triggers through every kind of write, equal to counting the contacts again, and giving the
same report as counting the period's contacts live."""

from __future__ import annotations

import datetime as dt
import shutil

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import text

from referral_desk.core.migrations import v2_stats_speed
from referral_desk.core.services import clients, contacts, demo, retention, statistics
from referral_desk.core.vault import Vault
from tests.conftest import client_data
from tests.core.contact_scenarios import three_clients_with_contacts

FIXTURE_PASSWORD = "Ludwigshafen-am-Rhein-2026"
MODES = ("in_person", "phone", "video")
TOPICS = ("work", "residence", "health", "language_course", "family")


def _table(conn) -> dict[tuple[str, str, str], tuple[int, int]]:
    rows = conn.execute(text("SELECT month, dimension, key, n, key_sum FROM contact_month_stat"))
    return {(m, d, k): (n, s) for m, d, k, n, s in rows}


def _recounted(ctx) -> dict[tuple[str, str, str], tuple[int, int]]:
    """What a full recount gives, in a transaction that is rolled back (the table stays)."""
    with ctx.vault.write() as conn:
        kept = _table(conn)
        v2_stats_speed.rebuild(conn)
        again = _table(conn)
        conn.execute(text("DELETE FROM contact_month_stat"))
        for (m, d, k), (n, s) in kept.items():
            conn.execute(
                text("INSERT INTO contact_month_stat VALUES (:m, :d, :k, :n, :s)"),
                {"m": m, "d": d, "k": k, "n": n, "s": s},
            )
    return again


def _contact_tables(ctx, period, *, live: bool) -> dict[tuple[str, str], tuple[int, int]]:
    params = statistics.query_params(period, statistics.DEFAULT_AGE_BANDS["other"], None)
    with ctx.reading() as conn:
        rows = conn.execute(text(statistics.contacts_sql(own=False, live=live)), params).all()
    return {(d, k): (int(n), int(s)) for d, k, n, s in rows}


def _assert_consistent(ctx) -> None:
    with ctx.reading() as conn:
        kept = _table(conn)
    assert kept == _recounted(ctx)
    assert all(n > 0 for n, _ in kept.values())  # no zero rows left behind
    for period in (statistics.period_for("year", 2025), statistics.period_for("quarter", 2025, 2)):
        assert _contact_tables(ctx, period, live=False) == _contact_tables(ctx, period, live=True)


contact_strategy = st.fixed_dictionaries(
    {
        "date": st.dates(dt.date(2024, 11, 1), dt.date(2025, 12, 31)),
        "minutes": st.just(30),
        "mode": st.sampled_from(MODES),
        "topics": st.lists(st.sampled_from(TOPICS), max_size=3, unique=True),
        "interpreter": st.booleans(),
        "language": st.sampled_from([None, "ar", "tr", "fa", "uk"]),
    }
)
edit_strategy = st.fixed_dictionaries(
    {},
    optional={
        "date": st.dates(dt.date(2024, 11, 1), dt.date(2025, 12, 31)),
        "mode": st.sampled_from(MODES),
        "topics": st.lists(st.sampled_from(TOPICS), max_size=3, unique=True),
        "interpreter": st.booleans(),
        "language": st.sampled_from(["ar", "tr"]),
        "minutes": st.integers(1, 90),
    },
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    added=st.lists(st.tuples(st.integers(0, 2), contact_strategy), min_size=1, max_size=12),
    edits=st.lists(st.tuples(st.integers(0, 11), edit_strategy), max_size=6),
    erase=st.booleans(),
)
def test_counts_follow_adds_edits_and_erasure(admin_ctx, added, edits, erase):
    people, _made = three_clients_with_contacts(admin_ctx, added, edits)
    if erase:  # erasure deletes the client's contacts: the counts go down with them
        retention.erase_client(admin_ctx, client_id=people[0], mode="delete")
    _assert_consistent(admin_ctx)


def test_raw_writes_and_odd_topics_are_counted_by_the_same_rule(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data(birth_date="1980-01-01"), allow_duplicate=True)
    contacts.add_contact(admin_ctx, client_id=c.id, data={"date": "2025-03-04", "minutes": 30, "topics": ["work"]})
    with admin_ctx.vault.write() as conn:
        # A list with a number and a null, an object, and text that is not JSON: strings count, the rest does not.
        for topics in ('["health", 5, null, "health"]', '{"a": "work"}', "not json"):
            conn.execute(
                text(
                    "INSERT INTO contact (client_id, date, minutes, mode, topics, interpreter, with_family, "
                    "created_at, updated_at) VALUES (:c, '2025-03-05', 30, 'phone', :t, 0, 0, '2025-03-05', "
                    "'2025-03-05')"
                ),
                {"c": c.id, "t": topics},
            )
        conn.execute(text("UPDATE contact SET language = NULL, date = '2025-04-01' WHERE mode = 'phone'"))
        table = _table(conn)
    assert table[("2025-03", "total", "")][0] == 1
    assert table[("2025-04", "total", "")][0] == 3
    assert table[("2025-04", "topic", "health")][0] == 2  # counted per occurrence, like the live count
    assert ("2025-04", "topic", "work") not in table and ("2025-03", "topic", "work") in table
    assert table[("2025-04", "language", "unknown")][0] == 3
    with admin_ctx.reading() as conn:
        key = conn.execute(text("SELECT record_key FROM client WHERE id = :c"), {"c": c.id}).scalar_one()
    assert table[("2025-04", "total", "")][1] == 3 * key
    _assert_consistent(admin_ctx)


def test_the_demos_bulk_load_recounts_and_puts_the_triggers_back(admin_ctx):
    demo.generate(admin_ctx, clients=demo.BULK_INDEX_REBUILD, seed=3)
    with admin_ctx.reading() as conn:
        triggers = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    assert set(v2_stats_speed.TRIGGERS) <= triggers
    _assert_consistent(admin_ctx)
    c = clients.create_client(admin_ctx, data=client_data(birth_date="1980-01-01"), allow_duplicate=True)
    contacts.add_contact(admin_ctx, client_id=c.id, data={"date": "2025-06-02", "minutes": 30, "topics": ["work"]})
    _assert_consistent(admin_ctx)


def test_a_release_1_vault_is_counted_on_upgrade(tmp_path):
    vault_path = tmp_path / "vault"
    shutil.copytree("tests/data/vault_v1", vault_path)
    with Vault.unlock(vault_path, user="admin", password=FIXTURE_PASSWORD) as vault, vault.write() as conn:
        kept = _table(conn)
        n_contacts = conn.execute(text("SELECT count(*) FROM contact")).scalar_one()
        v2_stats_speed.rebuild(conn)
        assert _table(conn) == kept
    assert n_contacts > 0 and sum(n for (_, d, _), (n, _) in kept.items() if d == "total") == n_contacts


def test_a_changed_record_key_moves_the_key_sums(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data(birth_date="1980-01-01"), allow_duplicate=True)
    for day in ("2025-03-04", "2025-03-05", "2025-07-01"):
        contacts.add_contact(admin_ctx, client_id=c.id, data={"date": day, "minutes": 30, "topics": ["work"]})
    with admin_ctx.vault.write() as conn:
        conn.execute(text("UPDATE client SET record_key = 7 WHERE id = :c"), {"c": c.id})
        table = _table(conn)
    assert table[("2025-03", "topic", "work")] == (2, 14) and table[("2025-07", "total", "")] == (1, 7)
    _assert_consistent(admin_ctx)
