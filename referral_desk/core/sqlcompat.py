"""The one place that knows the services run on two databases (issue 18).

The services are written for SQLite (SQLCipher vault) and, for speed, send some statements
straight to the DB-API connection with SQLite syntax: ``?`` and ``:name`` placeholders,
``INSERT OR IGNORE``, ``INDEXED BY``. On PostgreSQL (team database) ``dbapi(conn)`` returns a
small adapter that rewrites exactly these forms; everything else is plain SQL both accept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\s", re.IGNORECASE)
_INDEXED_BY = re.compile(r"\s+INDEXED\s+BY\s+\w+", re.IGNORECASE)


def is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def portable(sql: str, *, postgres: bool) -> str:
    """``sql`` in the dialect's syntax (SQLAlchemy ``text()`` placeholders left alone)."""
    if not postgres:
        return sql
    sql = _INDEXED_BY.sub("", sql)
    if _INSERT_OR_IGNORE.match(sql):
        sql = _INSERT_OR_IGNORE.sub("INSERT INTO ", sql, count=1) + " ON CONFLICT DO NOTHING"
    return sql


def for_update(conn: Connection) -> str:
    """Row lock for read-modify-write counters (SQLite's writer already holds the database)."""
    return " FOR UPDATE" if is_postgres(conn) else ""


def new_ids(conn: Connection, table: str, n: int) -> list[int]:
    """``n`` fresh primary keys of ``table`` for rows written in bulk. A desk vault: after
    the largest id (the caller holds SQLite's one writer). PostgreSQL: from the table's
    sequence — ``max(id)`` there is only what this login's row-level security shows, and
    writers run at once."""
    if n <= 0:
        return []
    if is_postgres(conn):
        rows = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"), {"t": table, "n": n}
        )
        return [int(r[0]) for r in rows]
    first = (conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar() or 0) + 1
    return list(range(first, first + n))


class _PgCursor:
    def __init__(self, raw: Any) -> None:
        self._raw = raw

    @staticmethod
    def _convert(sql: str, params: Any) -> tuple[str, Any]:
        sql = portable(sql, postgres=True).replace("%", "%%")
        if isinstance(params, dict) or (params is None and _NAMED.search(sql)):
            return _NAMED.sub(r"%(\1)s", sql), params
        return sql.replace("?", "%s"), params

    def execute(self, sql: str, params: Any = None) -> Any:
        sql, params = self._convert(sql, params)
        cur = self._raw.cursor()
        cur.execute(sql, params)
        return cur

    def executemany(self, sql: str, rows: Sequence[Any]) -> None:
        rows = list(rows)
        if not rows:
            return
        sql, _ = self._convert(sql, rows[0])
        with self._raw.cursor() as cur:
            cur.executemany(sql, rows)

    def cursor(self) -> _PgCursor:
        return self

    def close(self) -> None:
        pass


def dbapi(conn: Connection) -> Any:
    """The DB-API connection under ``conn`` (same transaction): sqlite3's own, or on
    PostgreSQL an adapter with the same ``execute``/``executemany``/``cursor`` surface."""
    raw = conn.connection.dbapi_connection
    return _PgCursor(raw) if is_postgres(conn) else raw
