"""Client records: create (with duplicate check), read, update, search.

Search runs on the ``client_name_key`` index (folded-token prefixes and phonetic keys of the
names as written and of the document spelling, see ``core/search.py``), never on a table
scan; sorting and paging happen in SQL so a list of 100,000 clients loads one page at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from pydantic_core import PydanticCustomError
from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from referral_desk.core import catalogues, clock, dates, policy, search, sqlcompat
from referral_desk.core.errors import DuplicateClient, InvalidInput, NotFound, PolicyRefused
from referral_desk.core.models import (
    CLIENT_READ_ONLY,
    CLIENT_REQUIRED,
    CLIENT_V2_FIELDS,
    AddressRead,
    Client,
    ClientCreate,
    ClientRead,
    ClientSummary,
    ClientUpdate,
    check_residence_basis,
    filled,
    needs_document_spelling,
    utcnow,
)
from referral_desk.core.services.common import require_version, stale_as_conflict, validate
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

_CLIENT_FIELDS = (
    "family_name",
    "given_names",
    "birth_date",
    "gender",
    "nationalities",
    "preferred_language",
    "interpreter_needed",
    "residence_status",
    "residence_valid_until",
    "employment_permitted",
    "german_level",
    "integration_course",
    "arrival_date",
    "phone",
    "email",
    "jobcenter_customer_number",
    "notes",
    *CLIENT_V2_FIELDS,
    "service",
    "access_route",
    "residence_basis",
)
_ADDRESS_FIELDS = ("street", "postal_code", "city")


def _raw(conn: Connection) -> Any:
    """The DB-API connection under ``conn`` (same transaction). Search runs its statements
    here directly: per-statement SQLAlchemy overhead was half of a search's time."""
    return sqlcompat.dbapi(conn)


def read_team_access(conn: Connection) -> bool:
    row = _raw(conn).execute("SELECT team_access FROM organisation WHERE id = 1").fetchone()
    return bool(row and row[0])


def dup_key(family_name: str, given_names: str, birth_date: dt.date) -> str:
    """Birth date plus the sorted consonant skeletons of all name tokens: swapped or
    transliterated names of the same person meet here (a warning, so it errs on the side
    of flagging: the skeleton also lets محمد meet Mohammed)."""
    keys = sorted({search.skeleton(t) for t in search.tokens(f"{family_name} {given_names}")})
    return f"{birth_date.isoformat()}|{'-'.join(keys)}"


def _key_rows(
    client_id: int,
    family_name: str | None,
    given_names: str | None,
    document_family_name: str | None = None,
    document_given_names: str | None = None,
) -> list[dict[str, Any]]:
    keys = search.client_keys(family_name, given_names, document_family_name, document_given_names)
    return [{"key": key, "client_id": client_id} for key in keys]


# Fields whose change means the name keys have to be rebuilt.
NAME_FIELDS = ("family_name", "given_names", "document_family_name", "document_given_names")


def _names_of(client: Any) -> tuple[str | None, ...]:
    return tuple(getattr(client, f, None) for f in NAME_FIELDS)


def next_case_number(conn: Connection, year: int) -> str:
    return case_numbers(conn, year, 1)[0]


def case_numbers(conn: Connection, year: int, count: int) -> list[str]:
    """The next ``count`` case numbers of ``year`` (``2026-00042``), counted in ``meta``."""
    key = f"case_counter:{year}"
    if sqlcompat.is_postgres(conn):
        # Team database: several writers at once. Make sure the year's counter row exists
        # (a concurrent first insert is ignored), then count under its row lock.
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, '0') ON CONFLICT DO NOTHING"), {"k": key})
    row = conn.execute(text("SELECT value FROM meta WHERE key = :k" + sqlcompat.for_update(conn)), {"k": key}).first()
    last = int(row[0]) if row else 0
    if row:
        conn.execute(text("UPDATE meta SET value = :v WHERE key = :k"), {"k": key, "v": str(last + count)})
    else:
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": key, "v": str(last + count)})
    return [f"{year}-{n:05d}" for n in range(last + 1, last + count + 1)]


def raise_case_counter(conn: Connection, year: int, at_least: int) -> None:
    """The year's case counter moves up to ``at_least`` (never down): after numbers written
    in bulk (the demo, a vault moved into the team database), so ``next_case_number`` does
    not hand one of them out again."""
    key = f"case_counter:{year}"
    row = conn.execute(text("SELECT value FROM meta WHERE key = :k" + sqlcompat.for_update(conn)), {"k": key}).first()
    if row is None:
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": key, "v": str(at_least)})
    elif int(row[0]) < at_least:
        conn.execute(text("UPDATE meta SET value = :v WHERE key = :k"), {"k": key, "v": str(at_least)})


class Duplicates(list[str]):
    """Case numbers of likely duplicates that the person may open, plus ``hidden``: how many
    more sit in caseloads they may not see. True when there is any match at all, so callers
    that only ask "is there one?" still refuse a hidden duplicate."""

    def __init__(self, visible: Iterable[str] = (), hidden: int = 0) -> None:
        super().__init__(visible)
        self.hidden = hidden

    def __bool__(self) -> bool:
        return len(self) > 0 or self.hidden > 0


def _find_duplicates(conn: Connection, key: str, actor: Any = None) -> Duplicates:
    """Likely duplicates of ``key``. A case number is only revealed to someone who may open
    that record (``policy.require_client_access``); ``actor=None`` is the system (demo data).
    Revealing another counsellor's case number would tell them a person is counselled there."""
    rows = conn.execute(
        text("SELECT case_number, counsellor_id FROM client WHERE dup_key = :k ORDER BY case_number"), {"k": key}
    ).all()
    if actor is None:
        return Duplicates([r[0] for r in rows])
    team = read_team_access(conn) if rows else False
    visible, hidden = [], 0
    if sqlcompat.is_postgres(conn):
        # Row-level security hid the colleagues' rows from the query above; the server
        # counts them (core/team/server.py, rd_duplicate_count), a number only.
        every = conn.execute(text("SELECT rd_duplicate_count(:k)"), {"k": key}).scalar_one()
        hidden = max(0, int(every) - len(rows))
    for case_number, counsellor_id in rows:
        try:
            policy.require_client_access(actor, counsellor_id=counsellor_id, team_access=team)
            visible.append(case_number)
        except PolicyRefused:
            hidden += 1
    return Duplicates(visible, hidden)


def _record_probe(ctx: ServiceContext, action: str) -> None:
    """The duplicate check is a probe of the whole vault (does this person exist anywhere?):
    audited with field names only, and how many matches were visible or hidden is not stored."""
    with ctx.transaction() as uow:
        uow.record(action, entity="client", fields=["family_name", "given_names", "birth_date"])


def _write_name_keys(conn: Connection, client_id: int, names: Sequence[str | None], *, replace: bool) -> None:
    if replace:
        conn.execute(text("DELETE FROM client_name_key WHERE client_id = :id"), {"id": client_id})
    rows = _key_rows(client_id, *names)
    if rows:
        conn.execute(
            text(
                sqlcompat.portable(
                    "INSERT OR IGNORE INTO client_name_key (key, client_id) VALUES (:key, :client_id)",
                    postgres=sqlcompat.is_postgres(conn),
                )
            ),
            rows,
        )


def _user_names(conn: Connection) -> dict[int | None, str]:  # looked up with optional ids
    return {r[0]: r[1] for r in conn.execute(text("SELECT id, name FROM user_account"))}


def to_client_read(client: Client, counsellor: str | None) -> ClientRead:
    data = {f: getattr(client, f) for f in _CLIENT_FIELDS}
    return ClientRead(
        id=filled(client.id),
        case_number=client.case_number,
        case_status=client.case_status,
        opened_on=client.opened_on,
        closed_on=client.closed_on,
        counsellor=counsellor,
        address=AddressRead(street=client.street, postal_code=client.postal_code, city=client.city),
        last_contact_on=client.last_contact_on,
        legal_hold=client.legal_hold,
        erased_on=client.erased_on,
        created_at=client.created_at,
        updated_at=client.updated_at,
        version=client.version,
        **data,
    )


def insert_client(
    uow: UnitOfWork,
    data: ClientCreate,
    *,
    counsellor_id: int | None,
    opened_on: dt.date,
    allow_duplicate: bool,
    audit: bool = True,
) -> Client:
    """Insert one validated client inside ``uow`` (shared by the service and the demo)."""
    conn = uow.conn
    key = dup_key(data.family_name, data.given_names, data.birth_date)
    if not allow_duplicate:
        existing = _find_duplicates(conn, key, uow.actor)
        if existing:
            raise DuplicateClient(list(existing), existing.hidden)
    fields = data.model_dump(exclude={"address"})
    address = data.address.model_dump() if data.address else {}
    address_fields: dict[str, Any] = {f: address.get(f) for f in _ADDRESS_FIELDS}
    client = Client(
        case_number=next_case_number(conn, opened_on.year),
        opened_on=opened_on,
        counsellor_id=counsellor_id,
        sort_family=search.sort_key(data.family_name),
        sort_given=search.sort_key(data.given_names),
        dup_key=key,
        **fields,
        **address_fields,
    )
    from referral_desk.core.services import casework_hooks as casework  # service default, attribute history

    casework.prepare_client(uow, client)
    s = uow.session
    s.add(client)
    s.flush()
    casework.after_client_write(uow, client)
    _write_name_keys(conn, filled(client.id), _names_of(client), replace=False)
    if audit:
        present = sorted(data.model_fields_set | ({"address"} if data.address else set()))
        uow.record("client.create", entity="client", entity_id=client.id, fields=present)
    return client


def create_clients(ctx: ServiceContext, *, items: Sequence[Any], allow_duplicate: bool = False) -> list[ClientRead]:
    """Create several clients in one transaction: one invalid item → nothing written."""
    policy.require_client_role(ctx.actor, "client add")
    many = len(items) > 1
    validated = [
        validate(ClientCreate, item, item=(i + 1) if many else None, read_only=CLIENT_READ_ONLY)
        for i, item in enumerate(items)
    ]
    today = clock.today()
    try:
        with ctx.transaction() as uow:
            created: list[Client] = []
            for i, data in enumerate(validated):
                try:
                    created.append(
                        insert_client(
                            uow, data, counsellor_id=ctx.actor_id, opened_on=today, allow_duplicate=allow_duplicate
                        )
                    )
                except DuplicateClient as exc:
                    if many:
                        exc.params["item"] = i + 1
                    raise
            name = ctx.actor.name if ctx.actor else None
            return [to_client_read(c, name) for c in created]
    except DuplicateClient:
        # Nothing was created, but the refusal answered "does this person exist?": audited.
        _record_probe(ctx, "client.duplicate_refused")
        raise


def create_client(ctx: ServiceContext, *, data: Any, allow_duplicate: bool = False) -> ClientRead:
    return create_clients(ctx, items=[data], allow_duplicate=allow_duplicate)[0]


def likely_duplicates(ctx: ServiceContext, *, data: Any) -> list[str]:
    """Case numbers of existing clients that look like the same person (for a warning
    before saving in the desktop app)."""
    policy.require_client_role(ctx.actor, "client add")
    valid = validate(ClientCreate, data, read_only=CLIENT_READ_ONLY)
    with ctx.reading() as conn:
        found = _find_duplicates(conn, dup_key(valid.family_name, valid.given_names, valid.birth_date), ctx.actor)
    _record_probe(ctx, "client.duplicate_check")
    return found


def load_for_access(uow: UnitOfWork, client_id: int) -> Client:
    client = uow.session.get(Client, client_id)
    if client is None:
        raise NotFound("client.not_found", field="id", id=client_id)
    policy.require_client_access(uow.actor, counsellor_id=client.counsellor_id, team_access=read_team_access(uow.conn))
    return client


def get_client(ctx: ServiceContext, *, client_id: int) -> ClientRead:
    """Read one record. Viewing is audited (DESIGN.md §5)."""
    policy.require_client_role(ctx.actor, "client get")
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        uow.record("client.view", entity="client", entity_id=client.id)
        return to_client_read(client, _user_names(uow.conn).get(client.counsellor_id))


def update_client(
    ctx: ServiceContext, *, client_id: int, changes: Any, expected_version: int | None = None
) -> ClientRead:
    """Partial update: only keys present in ``changes`` are touched.

    ``expected_version`` is the ``version`` the caller read: if the record changed since,
    nothing is written (``VersionConflict``, exit 3 naming ``version``). Independently of it,
    the UPDATE itself is conditional on the version loaded in this transaction, so a writer
    who committed in between is never overwritten (SQLAlchemy ``version_id_col``)."""
    policy.require_client_role(ctx.actor, "client update")
    upd = validate(ClientUpdate, changes, read_only=CLIENT_READ_ONLY)
    present = set(upd.model_fields_set)
    if not present:
        raise InvalidInput("input.empty_update", field=None)
    for name in present:
        if name in CLIENT_REQUIRED and getattr(upd, name) is None:
            raise InvalidInput("input.required", field=name)
    with stale_as_conflict(ctx, "client", "client", client_id, expected_version), ctx.transaction() as uow:
        return _apply_update(uow, client_id, upd, present, expected_version)


def _apply_update(
    uow: UnitOfWork, client_id: int, upd: ClientUpdate, present: set[str], expected_version: int | None
) -> ClientRead:
    client = load_for_access(uow, client_id)
    require_version("client", client, expected_version)
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
    if "residence_basis" in present:  # an explicit basis must belong to the (new) status
        try:
            check_residence_basis(client.residence_status, client.residence_basis)
        except PydanticCustomError as exc:
            raise InvalidInput(
                "input.choice",
                field="residence_basis",
                value=str(client.residence_basis),
                allowed=str((exc.context or {}).get("allowed", "–")),
            ) from None
    elif (
        "residence_status" in changed
        and client.residence_basis is not None
        and catalogues.residence_basis(client.residence_basis).status != client.residence_status
    ):
        # A new status voids the basis that refined the old one (it named a paragraph of it).
        client.residence_basis = None
        changed.append("residence_basis")
    birth_or_arrival = {"birth_date", "arrival_date"} & set(changed)
    if birth_or_arrival and client.arrival_date and client.arrival_date < client.birth_date:
        raise InvalidInput("input.date_before", field="arrival_date", other="birth_date")
    if {"family_name", "given_names", "birth_date"} & set(changed):
        client.sort_family = search.sort_key(client.family_name)
        client.sort_given = search.sort_key(client.given_names)
        client.dup_key = dup_key(client.family_name, client.given_names, client.birth_date)
    if set(NAME_FIELDS) & set(changed):
        _write_name_keys(uow.conn, filled(client.id), _names_of(client), replace=True)
    if changed:
        from referral_desk.core.services import casework_hooks as casework  # service, attribute history

        casework.prepare_client(uow, client, changed)
        client.updated_at = utcnow()
        uow.session.add(client)
        uow.session.flush()
        casework.after_client_write(uow, client, changed)
        uow.record("client.update", entity="client", entity_id=client.id, fields=changed)
    return to_client_read(client, _user_names(uow.conn).get(client.counsellor_id))


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


def _parse_text(text_: str) -> tuple[list[search.Term], list[dt.date], list[str], search.Term | None]:
    days: list[dt.date] = []
    cases: list[str] = []
    name_parts: list[str] = []
    for part in text_.split():
        d = search.parse_date_query(part)
        if d is not None:
            days.append(d)
            continue
        c = search.parse_case_number(part)
        if c is not None:
            cases.append(c)
            continue
        name_parts.append(part)
    # "Al-Hassan" (or "Al Hassan") is one term matching the glued key "alhassan", far more
    # selective than the particle "al" on its own; see search.query_terms.
    # "Ali Reza" also finds "Alireza": the words glued are an alternative to the terms.
    names = " ".join(name_parts)
    terms = search.query_terms(names)
    return terms, days, cases, search.whole_name_term(names) if len(terms) > 1 else None


# Above this many candidate rows for the most selective name term, walking the client list
# in name order and probing the candidates beats fetching and sorting all of them
# (measured on 100,000 clients; see docs/PERFORMANCE.md).
SORTED_SCAN_THRESHOLD = 10_000


def _term_sql(term: search.Term, tag: str, params: dict[str, Any]) -> list[str]:
    """Conditions on ``key`` (one per index range) for one term; fills ``params``."""
    parts = []
    for j, prefix in enumerate(term.prefixes):
        params[f"{tag}lo{j}"], params[f"{tag}hi{j}"] = prefix, prefix + "\x7f"
        parts.append(f"key >= :{tag}lo{j} AND key < :{tag}hi{j}")
    if term.exact:
        names = []
        for j, key in enumerate(term.exact):
            params[f"{tag}eq{j}"] = key
            names.append(f":{tag}eq{j}")
        parts.append(f"key IN ({', '.join(names)})")
    return parts


def _name_conditions(
    conn: Connection,
    terms: list[search.Term],
    whole: search.Term | None,
    query: ClientQuery,
    conds: list[str],
    params: dict[str, Any],
) -> None:
    """Each term must match one of the client's keys: a folded-token prefix, one of its
    phonetic keys, or (Arabic script) a skeleton prefix. The most selective term drives the
    lookup (index ranges on client_name_key, united); the others are checked per candidate
    through (client_id, key). ``whole`` (all words glued) is an alternative to ALL terms:
    (t1 or w) and (t2 or w) and ... is (t1 and t2 and ...) or w, with the same plan."""
    counted = []
    for term in terms:
        p: dict[str, Any] = {}
        parts = _term_sql(term, "t", p)
        n = (
            _raw(conn)
            .execute("SELECT " + " + ".join(f"(SELECT count(*) FROM client_name_key WHERE {c})" for c in parts), p)
            .fetchone()[0]
        )
        counted.append((n, term))
    counted.sort(key=lambda item: item[0])
    alt = _term_sql(whole, "w", params) if whole is not None else []
    alt_exists = (
        (
            " OR EXISTS (SELECT 1 FROM client_name_key k WHERE k.client_id = c.id AND ("
            + " OR ".join(f"({c})" for c in alt)
            + "))"
        )
        if alt
        else ""
    )
    for i, (_n, term) in enumerate(counted):
        parts = _term_sql(term, f"t{i}", params)
        if i == 0:
            union = " UNION ALL ".join(f"SELECT k.client_id FROM client_name_key k WHERE {c}" for c in parts + alt)
            conds.append(f"c.id IN ({union})")
        else:
            any_key = " OR ".join(f"({c})" for c in parts)
            conds.append(
                f"(EXISTS (SELECT 1 FROM client_name_key k WHERE k.client_id = c.id AND ({any_key})){alt_exists})"
            )
    params["_sorted_scan"] = counted[0][0] > SORTED_SCAN_THRESHOLD and query.sort == "family_name"


def _from_clause(params: dict[str, Any]) -> str:
    """``client c``, forced onto the name-order index when that plan is cheaper."""
    # (sqlcompat drops INDEXED BY on PostgreSQL, whose planner has no such hint.)
    return "client c INDEXED BY ix_client_sort" if params.pop("_sorted_scan", False) else "client c"


def _where(ctx: ServiceContext, conn: Connection, query: ClientQuery) -> tuple[list[str], dict[str, Any], bool]:
    """SQL conditions for a query. The third value is False if the text cannot match."""
    conds: list[str] = []
    params: dict[str, Any] = {}
    actor = ctx.actor
    policy.require_client_role(actor, "client find")
    assert actor is not None
    if query.mine_only or not policy.can_see_all_clients(actor, team_access=read_team_access(conn)):
        conds.append("c.counsellor_id = :me")
        params["me"] = actor.id
    if query.status in ("open", "closed"):
        conds.append("c.case_status = :status")
        params["status"] = query.status
    if query.service:
        conds.append("c.service = :service")
        params["service"] = query.service
    terms, days, cases, whole = _parse_text(query.text or "")
    if query.text and query.text.strip() and not (terms or days or cases):
        return conds, params, False  # only punctuation or unsearchable characters
    for i, d in enumerate(days[:1]):
        conds.append(f"c.birth_date = :d{i}")
        params[f"d{i}"] = d.isoformat()
    for i, c in enumerate(cases[:1]):
        conds.append(f"c.case_number = :c{i}")
        params[f"c{i}"] = c
    if terms:
        _name_conditions(conn, terms[:6], whole, query, conds, params)
    return conds, params, True


_SUMMARY_COLUMNS = (
    "SELECT c.id, c.case_number, c.family_name, c.given_names, c.birth_date, c.nationalities, "
    "c.residence_status, u.display_name AS counsellor, c.last_contact_on, c.case_status FROM "
)
_SUMMARY_JOIN = " LEFT JOIN user_account u ON u.id = c.counsellor_id"
_SUMMARY_SELECT = _SUMMARY_COLUMNS + "client c" + _SUMMARY_JOIN


def _summary(row: Any) -> ClientSummary:
    """One list row from a row in ``_SUMMARY_COLUMNS`` order (a DB-API tuple or an
    SQLAlchemy Row). Constructed without re-validating: the data comes from our own tables
    and this is the hot path of every search and list page."""
    (cid, case_number, family, given, birth, nat, status, counsellor, last, case_status) = row
    return ClientSummary.model_construct(
        id=cid,
        case_number=case_number,
        family_name=family,
        given_names=given,
        birth_date=dates.as_date(birth),
        nationalities=json.loads(nat) if isinstance(nat, str) else nat,
        residence_status=status,
        counsellor=counsellor,
        last_contact_on=dates.as_date(last),
        case_status=case_status,
    )


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
        return [r[0] for r in conn.execute(text(sqlcompat.portable(sql, postgres=sqlcompat.is_postgres(conn))), params)]


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
        sql = (
            _SUMMARY_COLUMNS
            + _from_clause(params)
            + _SUMMARY_JOIN
            + " WHERE "
            + " AND ".join(conds)
            + " ORDER BY "
            + _order_by(query)
            + " LIMIT :limit"
        )
        params["limit"] = max(1, min(int(limit), 1000))
        return [_summary(r) for r in _raw(conn).execute(sql, params).fetchall()]


def duplicates_visible_to(conn: Connection, actor: Any, keys: Sequence[str]) -> dict[str, list[str | None]]:
    """Duplicate keys that already exist → one entry per matching record: its case number
    where ``actor`` may open that record, else ``None`` (the list import reports that a
    duplicate exists without disclosing another caseload's case number)."""
    found: dict[str, list[str | None]] = {}
    if not keys:
        return found
    team = sqlcompat.is_postgres(conn)
    # A team database: the rows this login reads are the ones it may see (row-level
    # security); the others are counted by the server, never named (rd_duplicate_count).
    see_all = team or (actor is not None and policy.can_see_all_clients(actor, team_access=read_team_access(conn)))
    raw = _raw(conn)
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows = raw.execute(
            f"SELECT dup_key, case_number, counsellor_id FROM client WHERE dup_key IN ({marks}) ORDER BY case_number",
            chunk,
        ).fetchall()
        for key, case_number, counsellor_id in rows:
            visible = see_all or (actor is not None and counsellor_id == actor.id)
            found.setdefault(key, []).append(case_number if visible else None)
        if team:
            totals = raw.execute("SELECT k, rd_duplicate_count(k) FROM unnest(?::text[]) AS k", (chunk,)).fetchall()
            for key, total in totals:
                hidden = int(total) - len(found.get(key, []))
                if hidden > 0:
                    found.setdefault(key, []).extend([None] * hidden)
    return found


def insert_clients_bulk(
    uow: UnitOfWork,
    items: Sequence[ClientCreate],
    *,
    counsellor_id: int | None,
    opened_on: dt.date,
    last_contact: Sequence[dt.date | None] | None = None,
    dup_keys: Sequence[str] | None = None,
) -> list[int]:
    """Insert many validated clients inside ``uow`` with one multi-row statement per table
    (the list import: ``insert_client`` costs ~8 ms a record through the ORM, too slow for
    10,000 rows). Writes the same columns, keys and ``client.create`` audit events as
    ``insert_client``; no duplicate check (the caller has done it). Returns the new ids in
    order. Ids are assigned here: safe because the caller holds the write transaction.
    ``dup_keys`` may pass the keys the caller computed already (same order as ``items``)."""
    if not items:
        return []
    from referral_desk.core.services import casework_hooks as casework  # service default, attribute history

    conn = uow.conn
    table = Client.__table__  # type: ignore[attr-defined]  # set by SQLModel on table classes
    columns = {c.name for c in table.columns}
    defaults: dict[str, Any] = {}
    for name, info in Client.model_fields.items():
        if name in columns and name != "id":
            if info.default_factory is not None:
                # pydantic's type allows a factory taking the validated data; the models' take none
                defaults[name] = info.default_factory()  # type: ignore[call-arg]
            elif not info.is_required():
                defaults[name] = info.default
    new_ids = sqlcompat.new_ids(conn, "client", len(items))
    numbers = case_numbers(conn, opened_on.year, len(items))
    rows: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    for i, data in enumerate(items):
        client_id = new_ids[i]
        fields = data.model_dump(exclude={"address"})
        address = data.address.model_dump() if data.address else {}
        values = dict(defaults)
        values.update({k: v for k, v in fields.items() if k in columns})
        values.update({f: address.get(f) for f in _ADDRESS_FIELDS})
        values.update(
            id=client_id,
            case_number=numbers[i],
            opened_on=opened_on,
            counsellor_id=counsellor_id,
            sort_family=search.sort_key(data.family_name),
            sort_given=search.sort_key(data.given_names),
            dup_key=dup_keys[i] if dup_keys else dup_key(data.family_name, data.given_names, data.birth_date),
            last_contact_on=last_contact[i] if last_contact else None,
        )
        # The same rules as insert_client: service default/check, then (after the insert)
        # the attribute history from the opening day.
        staged = SimpleNamespace(**values)
        casework.prepare_client(uow, staged)  # type: ignore[arg-type]
        values["service"] = staged.service
        rows.append(values)
        keys.extend(_key_rows(client_id, *_names_of(data)))
    bulk_insert(conn, table, rows)
    for values in rows:
        casework.after_client_write(uow, SimpleNamespace(**values))  # type: ignore[arg-type]
    if keys:
        cur = _raw(conn).cursor()
        try:
            cur.executemany("INSERT OR IGNORE INTO client_name_key (key, client_id) VALUES (:key, :client_id)", keys)
        finally:
            cur.close()
    for i, data in enumerate(items):
        present = sorted(data.model_fields_set | ({"address"} if data.address else set()))
        uow.record("client.create", entity="client", entity_id=new_ids[i], fields=present)
    return new_ids


def bulk_insert(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT ``rows`` into ``table`` with one DB-API ``executemany``. Values pass through
    the column types' own bind processors, so they are stored exactly as the ORM stores
    them (dates, JSON, booleans), without SQLAlchemy's per-row statement overhead. A column
    the rows leave out that has a server default (e.g. ``version``) is left to the database."""
    if not rows:
        return
    columns = [c for c in table.columns if c.name in rows[0] or c.server_default is None]
    names = [c.name for c in columns]
    if sqlcompat.is_postgres(conn):
        # psycopg adapts lists to arrays, not JSON: SQLAlchemy's batched insert binds each
        # column by its type (and is fast on PostgreSQL: one multi-row statement per batch).
        conn.execute(table.insert(), [{n: row.get(n) for n in names} for row in rows])
        return
    procs = [c.type.bind_processor(conn.dialect) for c in columns]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    params = [tuple(p(row.get(n)) if p else row.get(n) for n, p in zip(names, procs)) for row in rows]
    cur = _raw(conn).cursor()
    try:
        cur.executemany(sql, params)
    finally:
        cur.close()


def needing_document_spelling(ctx: ServiceContext) -> list[ClientSummary]:
    """Records whose names are not in Latin script and have no document spelling yet: letters
    to agencies cannot be printed for them (DESIGN.md §2 Names). After the upgrade to release
    0.2 this is the list to work through; nothing is transliterated automatically. Only the
    records the actor may see, sorted by name."""
    policy.require_client_role(ctx.actor, "client list")
    with ctx.reading() as conn:
        rows = conn.execute(
            text(
                "SELECT id, family_name, given_names FROM client WHERE erased_on IS NULL AND "
                "(document_family_name IS NULL OR document_family_name = '') "
                "ORDER BY sort_family, sort_given, id"
            )
        )
        ids = [r.id for r in rows if needs_document_spelling(r.family_name, r.given_names, None)]
    return summaries(ctx, ids=ids)
