"""v2 part: faster statistics — monthly contact counts and three indexes (issue 14
performance: the year report over 100,000 clients ≤ 0.5 s).

Reports cover calendar months, quarters, half-years and years only, so every period is a
run of whole months. ``contact_month_stat`` holds, per month, the number of contacts (and
the sum of their clients' record keys, for the cell-key method) per counted value: the
total, each mode, interpreter yes/no, each language and each topic. A year report adds up
about 600 such rows instead of grouping some 135,000 contacts by their topic lists, which
cost a quarter of a second.

The table is kept by triggers on ``contact`` — whatever path writes a contact (the
services, import, demo, retention, a restored backup), the counts follow in the same
transaction. What one contact contributes is written down once, in
:func:`contributions_sql`; the triggers and :func:`rebuild` (the back-fill here, and the
demo's bulk load, which drops the triggers while it writes) are generated from it.

The same part changes three indexes for the per-person statistics:

* ``ix_contact_stats`` narrowed to (date, client, family members): the contact tables no
  longer read it, and the persons counselled in a period are found in a smaller index;
* ``ix_attribute_history`` extended by (id, value): the as-of residence status and German
  level of each person (newest value from the period's end back) come from the index alone;
* ``ix_support_review_date``: the support-plan outcomes read a period's reviews, not all.

Only the vault keeps this table: the team database has no triggers for it, and the year
report runs on a vault (docs/team-database.md).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

TABLE = "contact_month_stat"
TRIGGERS = (
    "contact_month_stat_insert",
    "contact_month_stat_delete",
    "contact_month_stat_update",
    "contact_month_stat_record_key",
)
#: The contact columns the counts depend on (the update trigger fires on these only).
COUNTED_COLUMNS = ("date", "client_id", "mode", "interpreter", "language", "topics")

#: Kept identical to ContactMonthStat in core/models.py (the schema snapshot compares both).
TABLE_DDL = (
    "CREATE TABLE contact_month_stat ( month VARCHAR NOT NULL, dimension VARCHAR NOT NULL, "
    '"key" VARCHAR NOT NULL, n INTEGER NOT NULL, key_sum INTEGER NOT NULL, '
    'PRIMARY KEY (month, dimension, "key") ) WITHOUT ROWID'
)
INDEX_DDL = (
    "DROP INDEX IF EXISTS ix_contact_stats",
    "CREATE INDEX ix_contact_stats ON contact (date, client_id, with_family)",
    "DROP INDEX IF EXISTS ix_attribute_history",
    "CREATE INDEX ix_attribute_history ON client_attribute_history (client_id, attribute, valid_from, id, value)",
    "CREATE INDEX ix_support_review_date ON support_review (on_date)",
)


def contributions_sql(row: str, source: str = "", carry: str = "") -> str:
    """The (month, dimension, key, *carry) rows contacts add: ``row`` names the contact
    (``NEW``/``OLD`` in a trigger, with no ``source``; or the alias of ``source``, a FROM
    clause over many contacts, or over groups of alike contacts); ``carry`` are further
    columns passed through (default: the client). Topics count only as strings in a JSON
    list (what the service writes); anything else in the column counts as no topic."""
    carry = carry or f"{row}.client_id AS client_id"
    month = f"substr({row}.date, 1, 7)"
    topics = f"CASE WHEN json_valid({row}.topics) AND json_type({row}.topics) = 'array' THEN {row}.topics ELSE '[]' END"
    src = f" FROM {source}" if source else ""
    each = f"{source}, " if source else ""
    return (
        f"SELECT {month} AS month, 'total' AS dimension, '' AS key, {carry}{src} "
        f"UNION ALL SELECT {month}, 'mode', {row}.mode, {carry}{src} "
        f"UNION ALL SELECT {month}, 'interpreter', CASE WHEN {row}.interpreter THEN 'yes' ELSE 'no' END, "
        f"{carry}{src} "
        f"UNION ALL SELECT {month}, 'language', coalesce({row}.language, 'unknown'), {carry}{src} "
        f"UNION ALL SELECT {month}, 'topic', t.value, {carry} FROM {each}json_each({topics}) t WHERE t.type = 'text'"
    )


def _apply(row: str, sign: str) -> str:
    """One statement adding (sign '+') or taking away (sign '-') a contact's contributions;
    the client's record key is read once."""
    return (
        f"INSERT INTO {TABLE} (month, dimension, key, n, key_sum) "
        f"SELECT c.month, c.dimension, c.key, {sign}1, {sign}k.rk FROM ({contributions_sql(row)}) c, "
        f"(SELECT coalesce((SELECT record_key FROM client WHERE id = {row}.client_id), 0) AS rk) k WHERE true "
        "ON CONFLICT (month, dimension, key) DO UPDATE SET n = n + excluded.n, key_sum = key_sum + excluded.key_sum; "
    )


def _prune(row: str) -> str:
    # A value whose last contact of the month went away leaves no zero row behind.
    return f"DELETE FROM {TABLE} WHERE month = substr({row}.date, 1, 7) AND n = 0; "


TRIGGER_DDL = (
    f"CREATE TRIGGER contact_month_stat_insert AFTER INSERT ON contact FOR EACH ROW BEGIN {_apply('NEW', '+')}END",
    f"CREATE TRIGGER contact_month_stat_delete AFTER DELETE ON contact FOR EACH ROW BEGIN "
    f"{_apply('OLD', '-')}{_prune('OLD')}END",
    f"CREATE TRIGGER contact_month_stat_update AFTER UPDATE OF {', '.join(COUNTED_COLUMNS)} ON contact "
    f"FOR EACH ROW BEGIN {_apply('OLD', '-')}{_apply('NEW', '+')}{_prune('OLD')}END",
    # A client's record key is drawn right after the insert (v2_cell_key) and otherwise only
    # changed by hand; its contacts' key sums move with it.
    "CREATE TRIGGER contact_month_stat_record_key AFTER UPDATE OF record_key ON client FOR EACH ROW "
    "WHEN coalesce(NEW.record_key, 0) != coalesce(OLD.record_key, 0) BEGIN "
    f"INSERT INTO {TABLE} (month, dimension, key, n, key_sum) "
    "SELECT s.month, s.dimension, s.key, 0, coalesce(NEW.record_key, 0) - coalesce(OLD.record_key, 0) "
    f"FROM ({contributions_sql('c', '(SELECT * FROM contact WHERE client_id = NEW.id) c')}) s WHERE true "
    "ON CONFLICT (month, dimension, key) DO UPDATE SET key_sum = key_sum + excluded.key_sum; END",
)


def rebuild(conn: Connection) -> None:
    """Count every contact again (back-fill, and after a bulk load without the triggers).
    Alike contacts of a month are grouped first (one sort of the contacts), so the rule is
    applied to tens of thousands of groups rather than to every contact."""
    alike = (
        "SELECT min(c.date) AS date, c.mode, c.interpreter, c.language, c.topics, count(*) AS n, "
        "coalesce(sum(cl.record_key), 0) AS rk FROM contact c LEFT JOIN client cl ON cl.id = c.client_id "
        "GROUP BY substr(c.date, 1, 7), c.mode, c.interpreter, c.language, c.topics"
    )
    counted = contributions_sql("g", "g", "g.n AS n, g.rk AS rk")
    conn.execute(text(f"DELETE FROM {TABLE}"))
    conn.execute(
        text(
            f"WITH g AS MATERIALIZED ({alike}) INSERT INTO {TABLE} (month, dimension, key, n, key_sum) "
            f"SELECT month, dimension, key, sum(n), sum(rk) FROM ({counted}) GROUP BY 1, 2, 3"
        )
    )


def upgrade(conn: Connection) -> None:
    for statement in (*INDEX_DDL, TABLE_DDL, *TRIGGER_DDL):
        conn.execute(text(statement))
    rebuild(conn)
