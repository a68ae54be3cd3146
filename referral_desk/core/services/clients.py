"""Client records: create (with duplicate check), read, update, search.

Search runs on the ``client_name_key`` index (folded-token prefixes and phonetic keys, see
``core/search.py``), never on a table scan; sorting and paging happen in SQL so a list of
100,000 clients loads one page at a time.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from referral_desk.core import policy, search
from referral_desk.core.errors import DuplicateClient, InvalidInput, NotFound
from referral_desk.core.models import (CLIENT_READ_ONLY, CLIENT_REQUIRED, AddressRead, Client, ClientCreate,
                                       ClientRead, ClientSummary, ClientUpdate, utcnow)
from referral_desk.core.services.common import validate
from referral_desk.core.services.context import ServiceContext, UnitOfWork

SORT_COLUMNS = {
    "case_number": ("c.case_number",),
    "family_name": ("c.sort_family", "c.sort_given"),
    "given_names": ("c.sort_given", "c.sort_family"),
    "birth_date": ("c.birth_date",),
    "residence_status": ("c.residence_status",),
    "counsellor": ("u.display_name",),
    "last_contact_on": ("c.last_contact_on",),
    "case_status": ("c.case_status",),
    "nationalities": ("c.nationalities",),
}

_CLIENT_FIELDS = ("family_name", "given_names", "birth_date", "gender", "nationalities", "preferred_language",
                  "interpreter_needed", "residence_status", "residence_valid_until", "employment_permitted",
                  "german_level", "integration_course", "arrival_date", "phone", "email",
                  "jobcenter_customer_number", "notes", "service", "access_route")
_ADDRESS_FIELDS = ("street", "postal_code", "city")


def _raw(conn: Connection) -> Any:
    """The DB-API connection under ``conn`` (same transaction). Search runs its statements
    here directly: per-statement SQLAlchemy overhead was half of a search's time."""
    return conn.connection.dbapi_connection


def _team_access(conn: Connection) -> bool:
    row = _raw(conn).execute("SELECT team_access FROM organisation WHERE id = 1").fetchone()
    return bool(row and row[0])


def dup_key(family_name: str, given_names: str, birth_date: dt.date) -> str:
    """Birth date plus the sorted phonetic keys of all name tokens: swapped or
    transliterated names of the same person meet here."""
    keys = sorted({search.phonetic(t) for t in search.tokens(f"{family_name} {given_names}")})
    return f"{birth_date.isoformat()}|{'-'.join(keys)}"


def _key_rows(client_id: int, family_name: str, given_names: str) -> list[dict[str, Any]]:
    rows = []
    for kind, key in search.name_keys(family_name, given_names):
        rows.append({"key": ("n:" if kind == "norm" else "p:") + key, "client_id": client_id})
    return rows


def _next_case_number(conn: Connection, year: int) -> str:
    key = f"case_counter:{year}"
    row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).first()
    n = (int(row[0]) if row else 0) + 1
    if row:
        conn.execute(text("UPDATE meta SET value = :v WHERE key = :k"), {"k": key, "v": str(n)})
    else:
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": key, "v": str(n)})
    return f"{year}-{n:05d}"


def _find_duplicates(conn: Connection, key: str) -> list[str]:
    rows = conn.execute(text("SELECT case_number FROM client WHERE dup_key = :k ORDER BY case_number"), {"k": key})
    return [r[0] for r in rows]


def _write_name_keys(conn: Connection, client_id: int, family_name: str, given_names: str, *,
                     replace: bool) -> None:
    if replace:
        conn.execute(text("DELETE FROM client_name_key WHERE client_id = :id"), {"id": client_id})
    rows = _key_rows(client_id, family_name, given_names)
    if rows:
        conn.execute(text("INSERT OR IGNORE INTO client_name_key (key, client_id) VALUES (:key, :client_id)"), rows)


def _user_names(conn: Connection) -> dict[int, str]:
    return {r[0]: r[1] for r in conn.execute(text("SELECT id, name FROM user_account"))}


def _to_read(client: Client, counsellor: str | None) -> ClientRead:
    data = {f: getattr(client, f) for f in _CLIENT_FIELDS}
    return ClientRead(id=client.id, case_number=client.case_number, case_status=client.case_status,
                      opened_on=client.opened_on, closed_on=client.closed_on, counsellor=counsellor,
                      address=AddressRead(street=client.street, postal_code=client.postal_code, city=client.city),
                      last_contact_on=client.last_contact_on, legal_hold=client.legal_hold,
                      erased_on=client.erased_on, created_at=client.created_at,
                      updated_at=client.updated_at, **data)


def insert_client(uow: UnitOfWork, data: ClientCreate, *, counsellor_id: int | None, opened_on: dt.date,
                  allow_duplicate: bool, audit: bool = True) -> Client:
    """Insert one validated client inside ``uow`` (shared by the service and the demo)."""
    conn = uow.conn
    key = dup_key(data.family_name, data.given_names, data.birth_date)
    if not allow_duplicate:
        existing = _find_duplicates(conn, key)
        if existing:
            raise DuplicateClient(existing)
    fields = data.model_dump(exclude={"address"})
    address = data.address.model_dump() if data.address else {}
    client = Client(
        case_number=_next_case_number(conn, opened_on.year), opened_on=opened_on, counsellor_id=counsellor_id,
        sort_family=search.sort_key(data.family_name), sort_given=search.sort_key(data.given_names),
        dup_key=key, **fields, **{f: address.get(f) for f in _ADDRESS_FIELDS})
    from referral_desk.core.services import casework  # case work hooks (service default, attribute history)

    casework.prepare_client(uow, client)
    s = uow.session
    s.add(client)
    s.flush()
    casework.after_client_write(uow, client)
    _write_name_keys(conn, client.id, client.family_name, client.given_names, replace=False)
    if audit:
        present = sorted(data.model_fields_set | ({"address"} if data.address else set()))
        uow.record("client.create", entity="client", entity_id=client.id, fields=present)
    return client


def create_clients(ctx: ServiceContext, *, items: Sequence[Any], allow_duplicate: bool = False) -> list[ClientRead]:
    """Create several clients in one transaction: one invalid item → nothing written."""
    policy.require_client_role(ctx.actor, "client add")
    many = len(items) > 1
    validated = [validate(ClientCreate, item, item=(i + 1) if many else None, read_only=CLIENT_READ_ONLY)
                 for i, item in enumerate(items)]
    today = dt.date.today()
    with ctx.transaction() as uow:
        created: list[Client] = []
        for i, data in enumerate(validated):
            try:
                created.append(insert_client(uow, data, counsellor_id=ctx.actor_id, opened_on=today,
                                             allow_duplicate=allow_duplicate))
            except DuplicateClient as exc:
                if many:
                    exc.params["item"] = i + 1
                raise
        name = ctx.actor.name if ctx.actor else None
        return [_to_read(c, name) for c in created]


def create_client(ctx: ServiceContext, *, data: Any, allow_duplicate: bool = False) -> ClientRead:
    return create_clients(ctx, items=[data], allow_duplicate=allow_duplicate)[0]


def likely_duplicates(ctx: ServiceContext, *, data: Any) -> list[str]:
    """Case numbers of existing clients that look like the same person (for a warning
    before saving in the desktop app)."""
    valid = validate(ClientCreate, data, read_only=CLIENT_READ_ONLY)
    with ctx.reading() as conn:
        return _find_duplicates(conn, dup_key(valid.family_name, valid.given_names, valid.birth_date))


def _load_for_access(uow: UnitOfWork, client_id: int) -> Client:
    client = uow.session.get(Client, client_id)
    if client is None:
        raise NotFound("client.not_found", field="id", id=client_id)
    policy.require_client_access(uow.actor, counsellor_id=client.counsellor_id, team_access=_team_access(uow.conn))
    return client


def get_client(ctx: ServiceContext, *, client_id: int) -> ClientRead:
    """Read one record. Viewing is audited (DESIGN.md §5)."""
    policy.require_client_role(ctx.actor, "client get")
    with ctx.transaction() as uow:
        client = _load_for_access(uow, client_id)
        uow.record("client.view", entity="client", entity_id=client.id)
        return _to_read(client, _user_names(uow.conn).get(client.counsellor_id))


def update_client(ctx: ServiceContext, *, client_id: int, changes: Any) -> ClientRead:
    """Partial update: only keys present in ``changes`` are touched."""
    policy.require_client_role(ctx.actor, "client update")
    upd = validate(ClientUpdate, changes, read_only=CLIENT_READ_ONLY)
    present = set(upd.model_fields_set)
    if not present:
        raise InvalidInput("input.empty_update", field=None)
    for name in present:
        if name in CLIENT_REQUIRED and getattr(upd, name) is None:
            raise InvalidInput("input.required", field=name)
    with ctx.transaction() as uow:
        client = _load_for_access(uow, client_id)
        changed: list[str] = []
        for name in present - {"address"}:
            value = getattr(upd, name)
            if getattr(client, name) != value:
                setattr(client, name, value)
                changed.append(name)
        if "address" in present:
            addr = upd.address.model_dump(exclude_unset=True) if upd.address else dict.fromkeys(_ADDRESS_FIELDS)
            for f, value in addr.items():
                if getattr(client, f) != value:
                    setattr(client, f, value)
                    changed.append(f"address.{f}")
        birth_or_arrival = {"birth_date", "arrival_date"} & set(changed)
        if birth_or_arrival and client.arrival_date and client.arrival_date < client.birth_date:
            raise InvalidInput("input.date_before", field="arrival_date", other="birth_date")
        if {"family_name", "given_names", "birth_date"} & set(changed):
            client.sort_family = search.sort_key(client.family_name)
            client.sort_given = search.sort_key(client.given_names)
            client.dup_key = dup_key(client.family_name, client.given_names, client.birth_date)
            _write_name_keys(uow.conn, client.id, client.family_name, client.given_names, replace=True)
        if changed:
            from referral_desk.core.services import casework  # case work hooks (service, attribute history)

            casework.prepare_client(uow, client, changed)
            client.updated_at = utcnow()
            uow.session.add(client)
            uow.session.flush()
            casework.after_client_write(uow, client, changed)
            uow.record("client.update", entity="client", entity_id=client.id, fields=changed)
        return _to_read(client, _user_names(uow.conn).get(client.counsellor_id))


# --- search and list ------------------------------------------------------------------


@dataclass(frozen=True)
class ClientQuery:
    """What the client list asks for: free text, filters and sort order."""

    text: str = ""
    status: str | None = None  # "open" | "closed" | None for both
    mine_only: bool = False
    sort: str = "family_name"
    descending: bool = False
    service: str | None = None  # "mbe" | "jmd" | "other" | None for all


def _parse_text(text_: str) -> tuple[list[tuple[str, str]], list[dt.date], list[str]]:
    terms: list[tuple[str, str]] = []
    dates: list[dt.date] = []
    cases: list[str] = []
    name_parts: list[str] = []
    for part in text_.split():
        d = search.parse_date_query(part)
        if d is not None:
            dates.append(d)
            continue
        c = search.parse_case_number(part)
        if c is not None:
            cases.append(c)
            continue
        name_parts.append(part)
    for part in name_parts:
        words = search.tokens(part)
        if len(words) > 1:
            # "Al-Hassan" typed as one word is one name: match its joined key ("alhassan"),
            # which is far more selective than the particle "al" on its own.
            joined = "".join(words)
            terms.append((joined, search.phonetic(joined)))
        else:
            terms.extend(search.query_terms(part))
    return terms, dates, cases


# Above this many candidate rows for the most selective name term, walking the client list
# in name order and probing the candidates beats fetching and sorting all of them
# (measured on 100,000 clients; see docs/PERFORMANCE.md).
SORTED_SCAN_THRESHOLD = 10_000

_TERM = "((k.key >= :lo{i} AND k.key < :hi{i}) OR k.key = :ph{i})"


def _name_conditions(conn: Connection, terms: list[tuple[str, str]], query: "ClientQuery", conds: list[str],
                     params: dict[str, Any]) -> None:
    """Each term must match one of the client's keys: a folded-token prefix or the same
    phonetic key. The most selective term drives the lookup (an index range on
    client_name_key); the others are checked per candidate through (client_id, key)."""
    counted = []
    for prefix, phon in terms:
        p = {"lo": "n:" + prefix, "hi": "n:" + prefix + "\x7f", "ph": "p:" + phon}
        n = _raw(conn).execute("SELECT (SELECT count(*) FROM client_name_key WHERE key >= :lo AND key < :hi) + "
                               "(SELECT count(*) FROM client_name_key WHERE key = :ph)", p).fetchone()[0]
        counted.append((n, p))
    counted.sort(key=lambda item: item[0])
    for i, (_n, p) in enumerate(counted):
        params.update({f"lo{i}": p["lo"], f"hi{i}": p["hi"], f"ph{i}": p["ph"]})
    driver = _TERM.format(i=0)
    conds.append(f"c.id IN (SELECT k.client_id FROM client_name_key k WHERE {driver})")
    for i in range(1, len(counted)):
        conds.append(f"EXISTS (SELECT 1 FROM client_name_key k WHERE k.client_id = c.id AND {_TERM.format(i=i)})")
    params["_sorted_scan"] = counted[0][0] > SORTED_SCAN_THRESHOLD and query.sort == "family_name"


def _from_clause(params: dict[str, Any]) -> str:
    """``client c``, forced onto the name-order index when that plan is cheaper."""
    return "client c INDEXED BY ix_client_sort" if params.pop("_sorted_scan", False) else "client c"


def _where(ctx: ServiceContext, conn: Connection, query: ClientQuery) -> tuple[list[str], dict[str, Any], bool]:
    """SQL conditions for a query. The third value is False if the text cannot match."""
    conds: list[str] = []
    params: dict[str, Any] = {}
    actor = ctx.actor
    policy.require_client_role(actor, "client find")
    assert actor is not None
    if query.mine_only or not policy.can_see_all_clients(actor, team_access=_team_access(conn)):
        conds.append("c.counsellor_id = :me")
        params["me"] = actor.id
    if query.status in ("open", "closed"):
        conds.append("c.case_status = :status")
        params["status"] = query.status
    if query.service:
        conds.append("c.service = :service")
        params["service"] = query.service
    terms, dates, cases = _parse_text(query.text or "")
    if query.text and query.text.strip() and not (terms or dates or cases):
        return conds, params, False  # only punctuation or unsearchable characters
    for i, d in enumerate(dates[:1]):
        conds.append(f"c.birth_date = :d{i}")
        params[f"d{i}"] = d.isoformat()
    for i, c in enumerate(cases[:1]):
        conds.append(f"c.case_number = :c{i}")
        params[f"c{i}"] = c
    if terms:
        _name_conditions(conn, terms[:6], query, conds, params)
    return conds, params, True


_SUMMARY_COLUMNS = (
    "SELECT c.id, c.case_number, c.family_name, c.given_names, c.birth_date, c.nationalities, "
    "c.residence_status, u.display_name AS counsellor, c.last_contact_on, c.case_status FROM ")
_SUMMARY_JOIN = " LEFT JOIN user_account u ON u.id = c.counsellor_id"
_SUMMARY_SELECT = _SUMMARY_COLUMNS + "client c" + _SUMMARY_JOIN


def _summary(row: Any) -> ClientSummary:
    """One list row from a row in ``_SUMMARY_COLUMNS`` order (a DB-API tuple or an
    SQLAlchemy Row). Constructed without re-validating: the data comes from our own tables
    and this is the hot path of every search and list page."""
    (cid, case_number, family, given, birth, nat, status, counsellor, last, case_status) = row
    return ClientSummary.model_construct(
        id=cid, case_number=case_number, family_name=family, given_names=given,
        birth_date=dt.date.fromisoformat(birth) if isinstance(birth, str) else birth,
        nationalities=json.loads(nat) if isinstance(nat, str) else nat, residence_status=status,
        counsellor=counsellor, last_contact_on=dt.date.fromisoformat(last) if isinstance(last, str) else last,
        case_status=case_status)


def _order_by(query: ClientQuery) -> str:
    cols = SORT_COLUMNS.get(query.sort)
    if cols is None:
        raise InvalidInput("input.choice", field="sort", value=str(query.sort)[:30], allowed=", ".join(SORT_COLUMNS))
    direction = " DESC" if query.descending else ""
    return ", ".join(f"{c}{direction}" for c in cols) + f", c.id{direction}"


def search_ids(ctx: ServiceContext, *, query: ClientQuery, limit: int | None = None) -> list[int]:
    """All matching client ids in display order (the desktop list keeps this id list and
    loads rows for the visible part only)."""
    with ctx.reading() as conn:
        conds, params, possible = _where(ctx, conn, query)
        if not possible:
            return []
        join = " LEFT JOIN user_account u ON u.id = c.counsellor_id" if query.sort == "counsellor" else ""
        sql = f"SELECT c.id FROM {_from_clause(params)}{join}"
        if conds:
            sql += " WHERE " + " AND ".join(conds)
        sql += " ORDER BY " + _order_by(query)
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = int(limit)
        return [r[0] for r in conn.execute(text(sql), params)]


def summaries(ctx: ServiceContext, *, ids: Iterable[int]) -> list[ClientSummary]:
    """Rows for the given ids, in the given order, filtered by what the actor may see."""
    wanted = list(ids)
    if not wanted:
        return []
    with ctx.reading() as conn:
        conds, params, _ = _where(ctx, conn, ClientQuery())
        params.pop("_sorted_scan", None)
        conds.append("c.id IN :ids")
        params["ids"] = wanted
        stmt = text(_SUMMARY_SELECT + " WHERE " + " AND ".join(conds)).bindparams(bindparam("ids", expanding=True))
        rows = {r.id: _summary(r) for r in conn.execute(stmt, params)}
    return [rows[i] for i in wanted if i in rows]


def find_clients(ctx: ServiceContext, *, text_query: str, limit: int = 50) -> list[ClientSummary]:
    """Search by name (any script, transliteration-aware), case number or birth date."""
    with ctx.reading() as conn:
        query = ClientQuery(text=text_query)
        conds, params, possible = _where(ctx, conn, query)
        if not possible or not (text_query or "").strip():
            return []
        sql = (_SUMMARY_COLUMNS + _from_clause(params) + _SUMMARY_JOIN + " WHERE " + " AND ".join(conds)
               + " ORDER BY " + _order_by(query) + " LIMIT :limit")
        params["limit"] = max(1, min(int(limit), 1000))
        return [_summary(r) for r in _raw(conn).execute(sql, params).fetchall()]
