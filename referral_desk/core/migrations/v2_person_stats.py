"""v2 part: faster per-person statistics — contacts per person and month, and each person's
newest residence status and German level (issue 14 performance: the year report over
100,000 clients ≤ 0.5 s).

A report counts each person counselled in its period once, with facts as of the period's
last day. Two steps of that cost most of the time and are kept ready here:

* ``person_month_stat`` (year, client, month → contacts, most family members at one
  contact). Report periods are whole months inside one calendar year, so the persons of a
  period are one range of this table, already in client order: no grouping of some 135,000
  contacts per report. Kept by triggers on ``contact``, which count the one (client, month)
  again from ``contact`` itself (by the index (client_id, date)), so the row is always exactly
  what a recount gives.
* ``client_attribute_head`` (client → the date of its newest history row of the two, and the
  newest value of each). The as-of value needs the history only when a value changed after
  the period's end; for everyone else the head gives it without two index searches per person.
  Kept by triggers on ``client_attribute_history`` the same way (the client's rows read again).

:func:`rebuild` fills both from scratch (upgrade, and the demo's bulk load, which drops the
triggers while it writes). Only the vault keeps these tables (like ``contact_month_stat``):
the team database has no triggers for them (docs/team-database.md).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

MONTHS = "person_month_stat"
HEAD = "client_attribute_head"
#: The attributes whose newest value the head keeps (what the per-person tables read as of a day).
HEAD_ATTRIBUTES = ("residence_status", "german_level")
TRIGGERS = (
    "person_month_stat_insert",
    "person_month_stat_delete",
    "person_month_stat_update",
    "client_attribute_head_insert",
    "client_attribute_head_delete",
    "client_attribute_head_update",
)

#: Kept identical to PersonMonthStat / ClientAttributeHead in core/models.py (the schema
#: snapshot compares both).
TABLE_DDL = (
    "CREATE TABLE person_month_stat ( year INTEGER NOT NULL, client_id INTEGER NOT NULL, "
    "month INTEGER NOT NULL, n INTEGER NOT NULL, with_family INTEGER NOT NULL, "
    "PRIMARY KEY (year, client_id, month) ) WITHOUT ROWID",
    "CREATE TABLE client_attribute_head ( client_id INTEGER NOT NULL, since DATE NOT NULL, "
    "residence_status VARCHAR, german_level VARCHAR, PRIMARY KEY (client_id) )",
)

_YEAR = "CAST(substr({r}.date, 1, 4) AS INTEGER)"
_MONTH = "CAST(substr({r}.date, 6, 2) AS INTEGER)"


def _recount_month(row: str) -> str:
    """Count the contacts of ``row``'s client in ``row``'s month again."""
    year, month = _YEAR.format(r=row), _MONTH.format(r=row)
    day = f"substr({row}.date, 1, 7)"
    return (
        f"DELETE FROM {MONTHS} WHERE year = {year} AND client_id = {row}.client_id AND month = {month}; "
        f"INSERT INTO {MONTHS} (year, client_id, month, n, with_family) "
        f"SELECT {year}, c.client_id, {month}, count(*), max(c.with_family) FROM contact c "
        f"WHERE c.client_id = {row}.client_id AND c.date BETWEEN {day} || '-01' AND {day} || '-31' "
        "GROUP BY c.client_id; "
    )


def _newest(attribute: str, client: str) -> str:
    # The same order as the as-of lookup (statistics.persons_sql): valid_from, then id.
    return (
        f"(SELECT h2.value FROM client_attribute_history h2 WHERE h2.client_id = {client} "
        f"AND h2.attribute = '{attribute}' ORDER BY h2.valid_from DESC, h2.id DESC LIMIT 1)"
    )


def _head_select(client: str, where: str) -> str:
    attributes = ", ".join(f"'{a}'" for a in HEAD_ATTRIBUTES)
    return (
        f"SELECT {client}, max(h.valid_from), "
        + ", ".join(_newest(a, client) for a in HEAD_ATTRIBUTES)
        + f" FROM client_attribute_history h WHERE {where} AND h.attribute IN ({attributes}) GROUP BY h.client_id"
    )


def _recount_head(row: str) -> str:
    return (
        f"DELETE FROM {HEAD} WHERE client_id = {row}.client_id; "
        f"INSERT INTO {HEAD} (client_id, since, {', '.join(HEAD_ATTRIBUTES)}) "
        f"{_head_select(f'{row}.client_id', f'h.client_id = {row}.client_id')}; "
    )


_TRACKED = "IN (" + ", ".join(f"'{a}'" for a in HEAD_ATTRIBUTES) + ")"

TRIGGER_DDL = (
    f"CREATE TRIGGER person_month_stat_insert AFTER INSERT ON contact FOR EACH ROW BEGIN {_recount_month('NEW')}END",
    f"CREATE TRIGGER person_month_stat_delete AFTER DELETE ON contact FOR EACH ROW BEGIN {_recount_month('OLD')}END",
    "CREATE TRIGGER person_month_stat_update AFTER UPDATE OF date, client_id, with_family ON contact "
    f"FOR EACH ROW BEGIN {_recount_month('OLD')}{_recount_month('NEW')}END",
)
HEAD_TRIGGER_DDL = (
    "CREATE TRIGGER client_attribute_head_insert AFTER INSERT ON client_attribute_history FOR EACH ROW "
    f"WHEN NEW.attribute {_TRACKED} BEGIN {_recount_head('NEW')}END",
    "CREATE TRIGGER client_attribute_head_delete AFTER DELETE ON client_attribute_history FOR EACH ROW "
    f"WHEN OLD.attribute {_TRACKED} BEGIN {_recount_head('OLD')}END",
    "CREATE TRIGGER client_attribute_head_update AFTER UPDATE OF client_id, attribute, value, valid_from "
    f"ON client_attribute_history FOR EACH ROW BEGIN {_recount_head('OLD')}{_recount_head('NEW')}END",
)


def rebuild(conn: Connection) -> None:
    """Fill both tables from ``contact`` and ``client_attribute_history`` again."""
    conn.execute(text(f"DELETE FROM {MONTHS}"))
    conn.execute(
        text(
            f"INSERT INTO {MONTHS} (year, client_id, month, n, with_family) "
            f"SELECT {_YEAR.format(r='c')}, c.client_id, {_MONTH.format(r='c')}, count(*), max(c.with_family) "
            "FROM contact c GROUP BY 1, 2, 3"
        )
    )
    conn.execute(text(f"DELETE FROM {HEAD}"))
    every_client = _head_select("h.client_id", "true")
    conn.execute(text(f"INSERT INTO {HEAD} (client_id, since, {', '.join(HEAD_ATTRIBUTES)}) {every_client}"))


def upgrade(conn: Connection) -> None:
    for statement in (*TABLE_DDL, *TRIGGER_DDL, *HEAD_TRIGGER_DDL):
        conn.execute(text(statement))
    rebuild(conn)
