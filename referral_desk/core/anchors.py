"""The audit anchor: the newest audit head this vault folder and this machine have seen.

Two copies of the same document (DESIGN.md §5):

* ``audit-anchor.json`` inside the vault folder, and
* ``<state dir>/anchors/<vault id>-<folder hash>.json`` in the person's profile, outside the vault
  (``locations.state_dir()``), which survives when the vault folder is rolled back, replaced
  by an older copy, or loses committed transactions with a damaged WAL.

Each holds one *entry per keyring slot*: the audit head (seq, MAC) that slot's last session
wrote or saw, tagged with HMAC-SHA256 under a key derived from that slot's private key
(``keyring.SlotKey.anchor_key``). That key is not in the database and cannot be computed
from the data key, so a colleague who opens the database with their own password can
rewrite the database's audit chain but cannot re-sign *another* person's entry: the next
time that person unlocks, their entry names an event the database no longer has (or has
with another MAC) and the unlock is refused.

Check rule, at every unlock and inside every write transaction before it writes: the
database must contain every entry's head (same seq, same MAC). Entries of other slots cannot
be authenticated by the person unlocking, but they are still claims the database must meet;
forging one only raises an alarm, which is no use to someone hiding a change. The own entry
must carry a valid tag. A missing in-vault anchor while the database has audit events is an
integrity failure; a missing profile anchor means "vault never seen on this machine by this
person" (first use): it is recorded and reported, not refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from referral_desk.core import clock
from referral_desk.core.audit import ANCHOR_FILE, ChainHead, read_head
from referral_desk.core.errors import IntegrityFailure
from referral_desk.core.fileio import atomic_write_bytes, private_dir
from referral_desk.core.locations import state_dir

FORMAT = "referral-desk-anchor"
VERSION = 2
_MAX_BYTES = 1024 * 1024
LEGACY_SLOT = "legacy"


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


@dataclass
class Entry:
    slot_id: str
    user: str | None
    seq: int
    mac: str
    at: str
    tag: str

    def body(self, vault_id: str) -> dict[str, Any]:
        return {
            "vault_id": vault_id,
            "slot_id": self.slot_id,
            "user": self.user,
            "seq": self.seq,
            "mac": self.mac,
            "at": self.at,
        }

    def to_json(self) -> dict[str, Any]:
        return {"user": self.user, "seq": self.seq, "mac": self.mac, "at": self.at, "tag": self.tag}


def _tag(key: bytes | bytearray, vault_id: str, entry: Entry) -> str:
    return hmac.new(bytes(key), _canonical(entry.body(vault_id)), hashlib.sha256).hexdigest()


def profile_path(vault_id: str, directory: Path) -> Path:
    """The profile anchor of the vault ``vault_id`` *in this folder*. Keyed by folder too, so
    a backup restored elsewhere to look something up (same vault id, its own history from
    then on) never makes the live vault look rolled back. An old copy moved to a new folder
    is therefore "first use" there: reported and audited, not refused (docs/SECURITY.md)."""
    # The vault id is a UUID we wrote; refuse anything that could leave the folder.
    safe = "".join(ch for ch in vault_id if ch.isalnum() or ch == "-")[:64]
    where = hashlib.sha256(str(Path(directory).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return private_dir(state_dir() / "anchors") / f"{safe}-{where}.json"


def vault_path(directory: Path) -> Path:
    return Path(directory) / ANCHOR_FILE


def load(path: Path, *, vault_id: str, legacy_key: bytes | bytearray | None = None) -> dict[str, Entry] | None:
    """The entries of one anchor file, or None when it does not exist.

    A release-0.1 anchor (one head, tagged with a key from the database's audit key) is read
    as a single ``legacy`` entry; it is verified with ``legacy_key`` and rewritten in the
    current format at the next write."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError:
        raise IntegrityFailure("verify.anchor_invalid") from None
    try:
        if len(raw) > _MAX_BYTES:
            raise ValueError
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("vault_id") != vault_id:
            raise ValueError
        if doc.get("format") != FORMAT:
            return {LEGACY_SLOT: _legacy_entry(doc, vault_id, legacy_key)}
        if doc.get("version") != VERSION or not isinstance(doc.get("entries"), dict):
            raise ValueError
        entries = {}
        for slot_id, e in doc["entries"].items():
            if type(e.get("seq")) is not int or e["seq"] < 0:
                raise ValueError
            entries[str(slot_id)] = Entry(
                str(slot_id),
                None if e.get("user") is None else str(e["user"]),
                e["seq"],
                str(e["mac"]),
                str(e["at"]),
                str(e["tag"]),
            )
        return entries
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, UnicodeDecodeError):
        raise IntegrityFailure("verify.anchor_invalid") from None


def _legacy_entry(doc: dict[str, Any], vault_id: str, key: bytes | bytearray | None) -> Entry:
    body = {"vault_id": doc["vault_id"], "seq": int(doc["seq"]), "mac": str(doc["mac"])}
    want = hmac.new(bytes(key or b""), _canonical(body), hashlib.sha256).hexdigest()
    if key is None or not hmac.compare_digest(want, str(doc["tag"])):
        raise IntegrityFailure("verify.anchor_invalid")
    return Entry(LEGACY_SLOT, None, body["seq"], body["mac"], "", "")


def save(path: Path, *, vault_id: str, entries: dict[str, Entry]) -> None:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "vault_id": vault_id,
        "entries": {k: e.to_json() for k, e in sorted(entries.items()) if k != LEGACY_SLOT},
    }
    atomic_write_bytes(path, json.dumps(doc, indent=1, sort_keys=True).encode() + b"\n")


def _contains(conn: Connection, seq: int, mac: str) -> IntegrityFailure | None:
    if seq == 0:
        return None
    row = conn.execute(text("SELECT mac FROM audit_event WHERE seq = :s"), {"s": seq}).first()
    if row is None:
        return IntegrityFailure("verify.anchor_missing_entry", seq=seq)
    if not hmac.compare_digest(str(row[0]), mac):
        return IntegrityFailure("verify.anchor_mismatch", seq=seq)
    return None


@dataclass
class Status:
    """The outcome of a check: ``problem`` is None when the database meets every anchor."""

    problem: IntegrityFailure | None
    first_use: bool  # no profile anchor for this vault yet (this machine/person never saw it)
    head: ChainHead


def check(
    conn: Connection,
    *,
    directory: Path,
    vault_id: str,
    slot_id: str | None,
    anchor_key: bytes | bytearray | None,
    legacy_key: bytes | bytearray | None,
) -> Status:
    head = read_head(conn)
    problem: IntegrityFailure | None = None
    try:
        in_vault = load(vault_path(directory), vault_id=vault_id, legacy_key=legacy_key)
        try:
            profile = profile_path(vault_id, directory)
        except OSError:  # no writable profile (e.g. a read-only home): only the vault's copy counts
            profile = None
        in_profile = load(profile, vault_id=vault_id, legacy_key=legacy_key) if profile else None
    except IntegrityFailure as exc:
        return Status(exc, False, head)
    if in_vault is None and head.seq > 0:
        problem = IntegrityFailure("verify.anchor_missing")
    for entries in (in_vault or {}, in_profile or {}):
        if problem is not None:
            break
        for entry in entries.values():
            if (
                entry.slot_id == slot_id
                and anchor_key is not None
                and not hmac.compare_digest(_tag(anchor_key, vault_id, entry), entry.tag)
            ):
                problem = IntegrityFailure("verify.anchor_invalid")
                break
            problem = _contains(conn, entry.seq, entry.mac)
            if problem is not None:
                break
    return Status(problem, in_profile is None, head)


def record(
    *,
    directory: Path,
    vault_id: str,
    slot_id: str,
    user: str | None,
    anchor_key: bytes | bytearray,
    head: ChainHead,
    reset: bool = False,
    drop: tuple[str, ...] = (),
) -> None:
    """Write this slot's entry (the head it just wrote or saw) into both anchors.

    Only the caller's own entry is (re-)signed; the others are kept as they are, because
    they were checked against the database before this write (``check``). ``reset`` drops
    every other entry (an administrator's acknowledged rollback, a restore)."""
    at = clock.now_utc().isoformat(timespec="seconds")
    entry = Entry(slot_id, user, head.seq, head.mac, at, "")
    entry.tag = _tag(anchor_key, vault_id, entry)
    for in_profile in (False, True):
        try:
            path = profile_path(vault_id, directory) if in_profile else vault_path(directory)
            try:
                entries = {} if reset else (load(path, vault_id=vault_id) or {})
            except IntegrityFailure:
                entries = {}  # an unreadable anchor was already reported by check()
            for gone in (LEGACY_SLOT, *drop):
                entries.pop(gone, None)
            entries[slot_id] = entry
            save(path, vault_id=vault_id, entries=entries)
        except OSError:
            # The commit is done; a profile we cannot write to must not turn it into a crash.
            # The vault folder's copy failing is the vault's own problem: report it.
            if not in_profile:
                raise
