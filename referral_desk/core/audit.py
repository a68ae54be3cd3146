"""HMAC-chained audit events and the anchor kept outside the database.

Each event's MAC covers its own content and the previous event's MAC, keyed with the audit
key kept in the database (``meta.audit_key``), so rows cannot be edited, removed or
reordered by someone without the key. Everyone who can unlock the vault can read that key
and could re-chain the log; what they cannot forge is the *anchor* (``anchors.py``): the
newest head each person has seen, kept in the vault folder and in their profile, signed
with a key from their own keyring slot and checked at every unlock and before every write.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from referral_desk.core.errors import IntegrityFailure

GENESIS = "0" * 64
ANCHOR_FILE = "audit-anchor.json"


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


@lru_cache(maxsize=4096)
def fields_json(fields: tuple[str, ...]) -> str:
    return json.dumps(sorted(set(fields)), separators=(",", ":"), ensure_ascii=True)


def event_mac(
    key: bytes | bytearray,
    *,
    seq: int,
    at: str,
    user_id: int | None,
    action: str,
    entity: str | None,
    entity_id: int | None,
    fields: str,
    prev_mac: str,
) -> str:
    """MAC of one event. ``fields`` is the stored JSON text of the field-name list. The
    message is a fixed-order, separator-joined record: every part is a number, a code
    from our own vocabulary, a timestamp, JSON or hex, none can contain the separator
    unescaped."""
    msg = f"v1\x1f{seq}\x1f{at}\x1f{user_id}\x1f{action}\x1f{entity}\x1f{entity_id}\x1f{fields}\x1f{prev_mac}"
    return hmac.digest(key, msg.encode("utf-8"), "sha256").hex()


@dataclass
class ChainHead:
    seq: int
    mac: str


def read_head(conn: Connection) -> ChainHead:
    row = conn.execute(text("SELECT seq, mac FROM audit_event ORDER BY seq DESC LIMIT 1")).first()
    return ChainHead(0, GENESIS) if row is None else ChainHead(int(row[0]), str(row[1]))


def verify_chain(conn: Connection, key: bytes | bytearray) -> tuple[ChainHead, int | None]:
    """Walk the whole chain. Returns the head and the first broken sequence number (or None)."""
    expected_seq = 1
    prev = GENESIS
    rows = conn.execute(
        text("SELECT seq, at, user_id, action, entity, entity_id, fields, prev_mac, mac FROM audit_event ORDER BY seq")
    )
    for seq, at, user_id, action, entity, entity_id, fields, prev_mac, mac in rows:
        if seq != expected_seq:
            # A gap: the first missing event is where the chain breaks.
            return ChainHead(expected_seq - 1, prev), expected_seq
        if not isinstance(fields, str):  # PostgreSQL's driver hands json columns back parsed
            fields = json.dumps(fields, separators=(",", ":"), ensure_ascii=True)
        want = event_mac(
            key,
            seq=seq,
            at=at,
            user_id=user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            fields=str(fields),
            prev_mac=prev,
        )
        if prev_mac != prev or not hmac.compare_digest(want, mac):
            return ChainHead(expected_seq - 1, prev), int(seq)
        prev = mac
        expected_seq += 1
    return ChainHead(expected_seq - 1, prev), None


class AuditWriter:
    """Appends events inside the caller's transaction, keeping the head in memory so
    bulk operations do not re-read it for every event."""

    def __init__(self, conn: Connection, key: bytes | bytearray, user_id: int | None, now_iso: str) -> None:
        self._conn = conn
        self._key = key
        self._user_id = user_id
        self._now = now_iso
        self._head: ChainHead | None = None
        # (seq, at, user_id, action, entity, entity_id, fields, prev_mac, mac), in INSERT order
        self._pending: list[tuple[int, str, int | None, str, str | None, int | None, str, str, str]] = []
        self.written = 0

    @property
    def head(self) -> ChainHead:
        if self._head is None:
            self._head = read_head(self._conn)
        return self._head

    def record(
        self,
        action: str,
        *,
        entity: str | None = None,
        entity_id: int | None = None,
        fields: Iterable[str] = (),
        at: str | None = None,
    ) -> None:
        """``at`` overrides the time for events that happened earlier (failed sign-ins, noted
        outside the database and recorded at the next sign-in)."""
        head = self.head
        seq = head.seq + 1
        field_text = fields_json(tuple(fields))
        when = at or self._now
        mac = event_mac(
            self._key,
            seq=seq,
            at=when,
            user_id=self._user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            fields=field_text,
            prev_mac=head.mac,
        )
        self._pending.append((seq, when, self._user_id, action, entity, entity_id, field_text, head.mac, mac))
        self._head = ChainHead(seq, mac)
        self.written += 1
        if len(self._pending) >= 5000:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            # Straight to the DB-API cursor of this transaction's connection: bulk runs
            # (demo, imports) write hundreds of thousands of events.
            dbapi = self._conn.connection.dbapi_connection
            assert dbapi is not None  # a connection inside a transaction
            cursor = dbapi.cursor()
            try:
                cursor.executemany(
                    "INSERT INTO audit_event (seq, at, user_id, action, entity, entity_id, fields, prev_mac, mac) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    self._pending,
                )
            finally:
                cursor.close()
            self._pending.clear()


# --- checking a head (an anchor entry, a backup's manifest) against the chain ------------


def check_against_anchor(conn: Connection, anchor: ChainHead | None) -> IntegrityFailure | None:
    """None if the database chain contains the anchored event; else the problem."""
    if anchor is None or anchor.seq == 0:
        return None
    row = conn.execute(text("SELECT mac FROM audit_event WHERE seq = :s"), {"s": anchor.seq}).first()
    if row is None:
        return IntegrityFailure("verify.anchor_missing_entry", seq=anchor.seq)
    if not hmac.compare_digest(str(row[0]), anchor.mac):
        return IntegrityFailure("verify.anchor_mismatch", seq=anchor.seq)
    return None
