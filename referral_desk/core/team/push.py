"""``vault push``: move a desk vault into the team database (DESIGN.md §10, issue 18 item 5).

One PostgreSQL transaction, run with a superuser DSN (row-level security would hide the rows
being checked, and the new rows name other people as counsellors):

1. **Checks first**: the target is a team database of the same schema version; the desk
   vault's own audit chain verifies; every person named in the vault (counsellor, recorder,
   audit user) has a login in the team (same name, or ``--map VAULT_NAME=LOGIN``). Anything
   missing is refused before a row is written.
2. **Ids mapped**: the team database keeps its ids; every moved row gets a new one above the
   table's current maximum, and every reference (declared foreign keys, a document's subject,
   an audit event's entity) is translated through the same maps. Partner agencies and template
   approvals are matched by their keys; user accounts by their logins.
3. **Case numbers** stay where they are free; one that the team already uses is given the
   next free number of the year it was opened (listed in the result, so printed referral
   sheets can be traced), and the year counters move past every moved number.
   A vault moves once: the team database remembers its id (``meta``) and refuses it again.
4. **Audit continued**: the vault's events are appended to the team's chain in their order,
   with their times, people and records translated and each MAC made with the team's key
   (``core/audit.py``), then one ``vault.push`` event. ``verify`` on the team database
   checks the whole chain, old events included.
5. **Checked by counts and hashes**: for every moved table the rows read back from the server
   are counted and hashed (SHA-256 over the rows in id order, values in a canonical form) and
   compared with the same over the vault's rows after mapping; the team's audit chain is
   verified. Any difference rolls everything back (exit 5).

Not moved: unsaved drafts, the desk's backup history, error reports and desk settings (they
belong to one desk), the vault's organisation profile (the team has its own) and the tables a
vault keeps for its statistics (``server.VAULT_ONLY_TABLES``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection, Engine

from referral_desk.core import audit, clock
from referral_desk.core.errors import IntegrityFailure, InvalidInput, PolicyRefused
from referral_desk.core.migrations import history
from referral_desk.core.services.clients import next_case_number, raise_case_counter
from referral_desk.core.team import server

#: Rows that move, in an order where every referenced row moves first.
MOVED = (
    "client",
    "group_session",
    "client_attribute_history",
    "client_name_key",
    "consent",
    "consent_withdrawal",
    "contact",
    "group_participant",
    "signposting",
    "support_goal",
    "support_review",
    "support_step",
    "referral",
    "referral_event",
    "generated_document",  # its subject is a referral, a consent or a client
)
#: One desk's own rows: counted in the result, not moved.
NOT_MOVED = ("draft", "backup_run", "app_error", "desk_setting")
#: What a document's ``subject_id`` names, by its kind.
DOCUMENT_SUBJECTS = {"referral_sheet": "referral", "consent_notice": "consent", "support_plan": "client"}
#: Audit entities whose table differs from the entity's name.
AUDIT_ENTITIES = {"user": "user_account"}
_CASE_NUMBER = re.compile(r"^(\d{4})-(\d+)$")


@dataclass
class PushResult:
    vault_id: str
    database: str
    rows: dict[str, int]
    sha256: dict[str, str]
    audit_events: int
    renumbered: list[dict[str, str]] = field(default_factory=list)
    not_moved: dict[str, int] = field(default_factory=dict)
    vault_chain_head: str = ""


def _tables() -> dict[str, Table]:
    from sqlmodel import SQLModel

    import referral_desk.core.models  # noqa: F401  (registers the tables)

    return dict(SQLModel.metadata.tables)


def parse_map(pairs: Iterable[str]) -> dict[str, str]:
    """``--map VAULT_NAME=LOGIN`` options → {folded vault name: login}."""
    from referral_desk.core.team.server import check_name

    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, login = str(pair).partition("=")
        if not sep or not name.strip():
            raise InvalidInput("team.push_map", field="map")
        out[name.strip().casefold()] = check_name(login.strip(), "map")
    return out


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _canonical(value: Any) -> Any:
    if type(value) in _PLAIN:  # most values: a million calls for a large vault
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, Decimal):
        return str(value)
    return value


def rows_digest(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> str:
    """SHA-256 over rows (already in a fixed order), each a canonical JSON list of its values."""
    h = hashlib.sha256()
    for row in rows:
        line = json.dumps(
            [_canonical(row[c]) for c in columns],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
            separators=(",", ":"),
        )
        h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()


def _order_key(table: Table) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    pk = [c.name for c in table.primary_key.columns]
    return lambda row: tuple(row[c] for c in pk)


def _user_map(vault: Connection, team: Connection, explicit: Mapping[str, str]) -> dict[int, int]:
    """Vault user id → team user id. A person still active in the vault needs a login in the
    team (same name, or ``--map``); one who has left keeps an inactive account without a login,
    so the records and events they made still name them."""
    logins = {
        str(login): int(uid)
        for uid, login in team.execute(
            text("SELECT t.user_id, t.db_role FROM team_user t JOIN user_account u ON u.id = t.user_id")
        )
    }
    unknown = set(explicit.values()) - set(logins)
    if unknown:
        raise InvalidInput("team.push_login_unknown", field="map", names=", ".join(sorted(unknown)))
    accounts = _tables()["user_account"]
    out: dict[int, int] = {}
    missing: list[str] = []
    for row in vault.execute(select(accounts).order_by(accounts.c.id)).mappings():
        login = explicit.get(str(row["name"]).casefold(), str(row["name"]).casefold())
        if login in logins:
            out[int(row["id"])] = logins[login]
        elif row["active"]:
            missing.append(str(row["name"]))
        else:
            former = team.execute(
                select(accounts.c.id).where(accounts.c.name_folded == row["name_folded"])
            ).scalar_one_or_none()
            if former is None:
                values = {k: v for k, v in row.items() if k != "id"}
                former = team.execute(accounts.insert().returning(accounts.c.id), values).scalar_one()
            out[int(row["id"])] = int(former)
    if missing:
        raise PolicyRefused("team.push_users_missing", field="map", names=", ".join(missing))
    return out


def _check_target(team: Connection, vault: Connection) -> str:
    db: str = team.execute(text("SELECT current_database()")).scalar_one()
    server.require_superuser(team, "team.push_superuser")
    marker = team.execute(text("SELECT to_regclass('public.team_user') IS NOT NULL")).scalar()
    if not marker:
        raise PolicyRefused("team.not_team_database", field="dsn")
    # Same release and the same revision of the history: the rows fit the tables one to one.
    theirs = team.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    ours = vault.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    if str(theirs) != str(ours):
        raise PolicyRefused("team.push_schema", field="dsn", vault=str(ours), team=str(theirs))
    theirs, ours = history.current(team), history.current(vault)
    if theirs != ours:
        raise PolicyRefused("team.push_schema", field="dsn", vault=str(ours), team=str(theirs))
    return db


def push(
    vault_conn: Connection, *, vault_id: str, audit_key: bytes, engine: Engine, user_map: Mapping[str, str]
) -> PushResult:
    """Move everything of the vault open on ``vault_conn`` (one read transaction) into the team
    database of ``engine`` (superuser). All or nothing."""
    tables = _tables()
    head, broken = audit.verify_chain(vault_conn, audit_key)
    if broken is not None:
        raise IntegrityFailure("verify.audit_chain", seq=broken)
    with engine.begin() as team:
        database = _check_target(team, vault_conn)
        marker = f"pushed_vault:{vault_id}"
        if team.execute(text("SELECT 1 FROM meta WHERE key = :k"), {"k": marker}).first():
            raise PolicyRefused("team.push_again", field="vault")
        # Writers wait until the move is committed: the id ranges and the chain stay ours.
        team.execute(text(f"LOCK TABLE {', '.join(MOVED)}, meta, agency, template_approval IN EXCLUSIVE MODE"))
        team.execute(text("SELECT pg_advisory_xact_lock(hashtext('referral_desk.audit'))"))
        maps: dict[str, dict[int, int]] = {
            "user_account": _user_map(vault_conn, team, user_map),
            "organisation": {1: 1},
        }
        maps["agency"] = _reference(vault_conn, team, tables["agency"], ("key",), maps)
        maps["template_approval"] = _reference(
            vault_conn, team, tables["template_approval"], ("template_id", "language", "version"), maps
        )
        renumbered: list[dict[str, str]] = []
        rows_out: dict[str, int] = {}
        digests: dict[str, str] = {}
        for name in MOVED:
            table = tables[name]
            rows = [dict(r) for r in vault_conn.execute(select(table)).mappings()]
            has_id = "id" in table.c and [c.name for c in table.primary_key.columns] == ["id"]
            if has_id:
                offset = int(team.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())
                maps[name] = {int(r["id"]): int(r["id"]) + offset for r in rows}
            try:
                mapped = [_mapped(name, table, row, maps) for row in rows]
            except KeyError:  # a reference to a row the vault does not have
                raise IntegrityFailure("team.push_verify", table=name) from None
            if name == "client":
                renumbered = _case_numbers(team, mapped)
            _copy_in(team, table, mapped)
            if has_id:
                team.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
                )
            columns = [c.name for c in table.columns]
            mapped.sort(key=_order_key(table))
            digests[name] = rows_digest(mapped, columns)
            rows_out[name] = len(mapped)
            back = _read_back(team, table, maps, name, mapped)
            if len(back) != len(mapped) or rows_digest(back, columns) != digests[name]:
                raise IntegrityFailure("team.push_verify", table=name)
        team_key = bytes(team.execute(text("SELECT audit_key FROM team_secret WHERE id = 1")).scalar_one())
        events = _continue_audit(vault_conn, team, team_key, maps)
        team.execute(
            text("INSERT INTO meta (key, value) VALUES (:k, :v)"),
            {"k": marker, "v": clock.now_utc().isoformat(timespec="seconds")},
        )
        team.execute(
            text("SELECT rd_audit('vault.push', 'organisation', 1, :f)"),
            {"f": audit.fields_json(("vault_id", "rows", "audit_events", "renumbered"))},
        )
        _head, team_broken = audit.verify_chain(team, team_key)
        if team_broken is not None:
            raise IntegrityFailure("team.push_verify", table="audit_event")
    not_moved = {
        t: int(vault_conn.execute(select(func.count()).select_from(tables[t])).scalar_one()) for t in NOT_MOVED
    }
    return PushResult(
        vault_id=vault_id,
        database=database,
        rows=rows_out,
        sha256=digests,
        audit_events=events,
        renumbered=renumbered,
        not_moved={t: n for t, n in not_moved.items() if n},
        vault_chain_head=head.mac,
    )


def _copy_in(team: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """The rows into ``table`` with PostgreSQL's COPY (same transaction): a hundred thousand
    clients' records in seconds where one INSERT per row took minutes. JSON columns are
    passed as JSON (psycopg would send a list as an array); the read-back check that follows
    compares every value with the vault's."""
    if not rows:
        return
    from psycopg.types.json import Jsonb
    from sqlalchemy import JSON

    names = [c.name for c in table.columns]
    is_json = [isinstance(c.type, JSON) for c in table.columns]
    raw: Any = team.connection.dbapi_connection  # psycopg's connection (COPY is not DB-API)
    assert raw is not None  # inside the caller's transaction
    with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            values = [row.get(n) for n in names]
            copy.write_row([Jsonb(v) if j and v is not None else v for v, j in zip(values, is_json, strict=True)])


def _reference(
    vault: Connection, team: Connection, table: Table, keys: tuple[str, ...], maps: dict[str, dict[int, int]]
) -> dict[int, int]:
    """Vault id → team id for reference rows (agencies, template approvals) matched by
    ``keys``; those the team lacks are inserted with a new id."""
    cols = ", ".join(keys)
    existing = {tuple(r[:-1]): int(r[-1]) for r in team.execute(text(f"SELECT {cols}, id FROM {table.name}"))}
    out: dict[int, int] = {}
    for row in vault.execute(select(table)).mappings():
        key = tuple(row[k] for k in keys)
        if key not in existing:
            values = _mapped(table.name, table, dict(row), maps)
            values.pop("id")
            existing[key] = int(team.execute(table.insert().returning(table.c.id), values).scalar_one())
        out[int(row["id"])] = existing[key]
    return out


def _mapped(name: str, table: Table, row: dict[str, Any], maps: Mapping[str, Mapping[int, int]]) -> dict[str, Any]:
    out = dict(row)
    if name in maps and "id" in out and out["id"] is not None and int(out["id"]) in maps[name]:
        out["id"] = maps[name][int(out["id"])]
    for column in table.columns:
        for fk in column.foreign_keys:
            value = out.get(column.name)
            if value is not None:
                out[column.name] = maps[fk.column.table.name][int(value)]
    if name == "generated_document" and out.get("subject_id") is not None:
        target = DOCUMENT_SUBJECTS.get(str(out.get("kind")))
        out["subject_id"] = maps[target].get(int(out["subject_id"])) if target else None
    return out


def _case_numbers(team: Connection, clients: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Keep free case numbers; give a taken one the next free number of its year. The year
    counters first move past every number already in use, the moved ones included."""
    taken = {str(n) for (n,) in team.execute(text("SELECT case_number FROM client"))}
    highest: dict[int, int] = {}
    for number in taken | {str(c["case_number"]) for c in clients}:
        m = _CASE_NUMBER.match(number)
        if m:
            highest[int(m.group(1))] = max(highest.get(int(m.group(1)), 0), int(m.group(2)))
    for year, n in highest.items():
        raise_case_counter(team, year, n)
    renumbered = []
    used = set(taken)
    for c in sorted(clients, key=lambda c: c["id"]):
        old = str(c["case_number"])
        if old in used:
            c["case_number"] = next_case_number(team, c["opened_on"].year)
            renumbered.append({"old": old, "new": c["case_number"]})
        used.add(str(c["case_number"]))
    return renumbered


def _read_back(
    team: Connection, table: Table, maps: Mapping[str, Mapping[int, int]], name: str, mapped: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The moved rows as the server has them, in the same order as ``mapped``."""
    if not mapped:
        return []
    if name in maps and "id" in table.c:
        ids = list(maps[name].values())
        where = table.c.id.between(min(ids), max(ids))
    elif name == "client_name_key":
        ids = list(maps["client"].values())
        where = table.c.client_id.between(min(ids), max(ids))
    elif name == "group_participant":
        ids = list(maps["group_session"].values())
        where = table.c.group_id.between(min(ids), max(ids))
    else:  # pragma: no cover - every moved table is covered above
        raise AssertionError(name)
    rows = [dict(r) for r in team.execute(select(table).where(where)).mappings()]
    rows.sort(key=_order_key(table))
    return rows


def _continue_audit(vault: Connection, team: Connection, key: bytes, maps: Mapping[str, Mapping[int, int]]) -> int:
    """Append the vault's events to the team's chain (the advisory lock is held); returns
    how many."""
    head = audit.read_head(team)
    seq, prev = head.seq, head.mac
    users = maps["user_account"]
    rows = vault.execute(
        text("SELECT at, user_id, action, entity, entity_id, fields FROM audit_event ORDER BY seq")
    ).all()
    batch = []
    for at, user_id, action, entity, entity_id, fields in rows:
        seq += 1
        table = AUDIT_ENTITIES.get(str(entity), str(entity))
        new_entity_id = maps[table].get(int(entity_id)) if entity_id is not None and table in maps else None
        new_user = users.get(int(user_id)) if user_id is not None else None
        names = json.loads(fields) if isinstance(fields, str) else fields
        fields_text = json.dumps(names, separators=(",", ":"), ensure_ascii=True)
        mac = audit.event_mac(
            key,
            seq=seq,
            at=str(at),
            user_id=new_user,
            action=str(action),
            entity=entity,
            entity_id=new_entity_id,
            fields=fields_text,
            prev_mac=prev,
        )
        batch.append(
            {
                "seq": seq,
                "at": str(at),
                "user_id": new_user,
                "action": str(action),
                "entity": entity,
                "entity_id": new_entity_id,
                "fields": fields_text,
                "prev": prev,
                "mac": mac,
            }
        )
        prev = mac
    if batch:
        team.execute(
            text(
                "INSERT INTO audit_event (seq, at, user_id, action, entity, entity_id, fields, prev_mac, mac) "
                "VALUES (:seq, :at, :user_id, :action, :entity, :entity_id, CAST(:fields AS json), :prev, :mac)"
            ),
            batch,
        )
    return len(batch)
