"""v2 part: search keys of release 0.2.

The phonetic key changed (vowel positions, particles, transliteration readings; see
docs/architecture.md, Search) and the document spelling of a name is indexed too, so every
client's rows in ``client_name_key`` are rebuilt, and ``client.dup_key`` (built from the
consonant skeleton) with them. No table changes: the DDL stays that of the models.
Runs after ``v2_shared`` (which adds the document-spelling columns it reads).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.engine import Connection

from referral_desk.core import search


def _dup_key(family_name: str, given_names: str, birth_date: dt.date) -> str:
    # Same formula as services.clients.dup_key (kept here so the migration does not import
    # the service layer); tests/core/test_name_search.py checks that both agree.
    keys = sorted({search.skeleton(t) for t in search.tokens(f"{family_name} {given_names}")})
    return f"{birth_date.isoformat()}|{'-'.join(keys)}"


def rebuild(conn: Connection, client_ids: list[int] | None = None) -> int:
    """Recompute ``client_name_key`` and ``dup_key`` of the given clients (all if None) from
    their stored names. Returns the number of clients rebuilt."""
    sql = "SELECT id, family_name, given_names, document_family_name, document_given_names, birth_date FROM client"
    if client_ids is None:
        rows = list(conn.execute(text(sql)).all())
        conn.execute(text("DELETE FROM client_name_key"))
    else:
        rows = []
        for i in range(0, len(client_ids), 500):
            chunk = {f"i{j}": cid for j, cid in enumerate(client_ids[i : i + 500])}
            where = f" WHERE id IN ({', '.join(':' + k for k in chunk)})"
            rows.extend(conn.execute(text(sql + where), chunk).all())
        if rows:
            conn.execute(text("DELETE FROM client_name_key WHERE client_id = :id"), [{"id": r[0]} for r in rows])
    keys: list[dict[str, object]] = []
    dups: list[dict[str, object]] = []
    for cid, family, given, doc_family, doc_given, birth in rows:
        keys.extend({"key": key, "client_id": cid} for key in search.client_keys(family, given, doc_family, doc_given))
        if birth is not None:
            born = birth if isinstance(birth, dt.date) else dt.date.fromisoformat(str(birth))
            dups.append({"dup": _dup_key(family or "", given or "", born), "id": cid})
    if keys:
        conn.execute(text("INSERT OR IGNORE INTO client_name_key (key, client_id) VALUES (:key, :client_id)"), keys)
    if dups:
        conn.execute(text("UPDATE client SET dup_key = :dup WHERE id = :id"), dups)
    return len(rows)


def upgrade(conn: Connection) -> None:
    rebuild(conn)
