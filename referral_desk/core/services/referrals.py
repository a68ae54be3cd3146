"""Referrals ("Überleitungen") to partner agencies: created, printed and tracked, gated by consent.

The gate (DESIGN.md §2): creating a referral, moving it to ``sent``, and printing or
re-printing its sheet each need ONE active consent that names the recipient and includes
every category of the referral on that date — asked through ``consent.coverage`` inside the
same transaction. Otherwise the call is refused with the coverage message (exit 3), which
says what is missing. The sheet prints only the categories the consent covers on the print
date (``referral_sheet.facts_for`` reads no other field).

Status flow::

    draft → sent → received → accepted → completed
                            ↘ rejected (reason required)
    withdrawn from any open state (draft, sent, received, accepted)

``rejected``, ``completed`` and ``withdrawn`` are final (a rejected referral keeps its
outcome for the statistics; a new attempt is a new referral). Every change is stored as a
``ReferralEvent`` (who, when, from, to, note) and audited in the same transaction (field
names only). Printing records the PDF's SHA-256 in ``GeneratedDocument`` and a
``referral.printed`` event; nothing here writes files.

Visibility follows the client records: counsellors see the referrals of their own clients
(all clients with team access), leads see all.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError
from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel, select
from sqlmodel.main import SQLModelConfig

from referral_desk.core import (
    catalogues,
    category_fields,
    dates,
    policy,
    purposes as purpose_catalogue,
    sqlcompat,
    validation as v,
)
from referral_desk.core.casework_models import ReminderRead
from referral_desk.core.documents import letter, referral_sheet as sheet, templates
from referral_desk.core.errors import InvalidInput, NotFound, PolicyRefused
from referral_desk.core.models import (
    Agency,
    Client,
    Consent,
    GeneratedDocument,
    Organisation,
    Referral,
    ReferralEvent,
    User,
    filled,
    needs_document_spelling,
    utcnow,
)
from referral_desk.core.services import consent as consent_service, organisation as organisation_service
from referral_desk.core.services.clients import load_for_access, read_team_access
from referral_desk.core.services.common import require_version, stale_as_conflict, validate
from referral_desk.core.services.context import ServiceContext, UnitOfWork

STATUSES: tuple[str, ...] = ("draft", "sent", "received", "accepted", "rejected", "completed", "withdrawn")
OPEN_STATUSES: tuple[str, ...] = ("draft", "sent", "received", "accepted")
FINAL_STATUSES: tuple[str, ...] = ("rejected", "completed", "withdrawn")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("sent", "withdrawn"),
    "sent": ("received", "withdrawn"),
    "received": ("accepted", "rejected", "withdrawn"),
    "accepted": ("completed", "withdrawn"),
    "rejected": (),
    "completed": (),
    "withdrawn": (),
}
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "draft": ("Entwurf", "Draft"),
    "sent": ("Versandt", "Sent"),
    "received": ("Eingegangen", "Received"),
    "accepted": ("Angenommen", "Accepted"),
    "rejected": ("Abgelehnt", "Rejected"),
    "completed": ("Abgeschlossen", "Completed"),
    "withdrawn": ("Zurückgezogen", "Withdrawn"),
}
URGENCIES: tuple[str, ...] = ("normal", "urgent")
URGENCY_LABELS: dict[str, tuple[str, str]] = {"normal": ("normal", "normal"), "urgent": ("dringend", "urgent")}
FEEDBACK_STATUSES: tuple[str, ...] = ("sent", "received", "accepted", "rejected", "completed")
DEFAULT_FOLLOW_UP_DAYS = 14
MAX_ATTACHMENTS = 20
CATEGORY_KEYS: tuple[str, ...] = consent_service.CATEGORY_KEYS
COPIES: tuple[str, ...] = sheet.COPIES


def status_label(key: str, lang: str = "de") -> str:
    pair = STATUS_LABELS.get(key)
    return (pair[0] if lang != "en" else pair[1]) if pair else key


def urgency_label(key: str, lang: str = "de") -> str:
    pair = URGENCY_LABELS.get(key)
    return (pair[0] if lang != "en" else pair[1]) if pair else key


def next_statuses(status: str) -> tuple[str, ...]:
    """The statuses a referral in ``status`` may move to (empty for a final one)."""
    return TRANSITIONS.get(status, ())


def _fmt(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


# --- read models ----------------------------------------------------------------------------------


class ReferralEventRead(SQLModel):
    id: int
    on_date: dt.date
    at: dt.datetime
    user: str | None
    from_status: str | None
    to_status: str
    note: str | None


class ReferralRead(SQLModel):
    id: int
    client_id: int
    case_number: str
    client_family_name: str
    client_given_names: str
    recipient: str  # agency key
    recipient_name: str
    consent_id: int | None
    counsellor: str | None  # user name of who made the referral
    counsellor_display_name: str | None
    created_on: dt.date
    request: str
    requested_action: str | None
    urgency: str
    deadline: dt.date | None
    categories: list[str]
    attachments: list[str]
    follow_up_on: dt.date | None
    status: str
    status_changed_on: dt.date | None
    rejection_reason: str | None
    feedback_received_on: dt.date | None
    feedback_from: str | None
    feedback_outcome: str | None
    feedback_next_steps: str | None
    is_open: bool
    follow_up_due: bool  # open and follow_up_on on or before ``as_of``
    next_statuses: list[str]
    as_of: dt.date
    events: list[ReferralEventRead] = []
    purpose: str | None = None  # key of the consent purpose it serves
    direction: str | None = None  # of the covering consent: one_way | mutual (None: unknown)
    # Why printing it would be refused on ``as_of`` (the consent gate's error code and
    # parameters, e.g. consent.withdrawn, purpose.withdrawn); None when it can be printed.
    # Filled for one client's open referrals (``list_referrals(client_id=...)``) only.
    print_block: str | None = None
    print_block_params: dict[str, Any] = {}
    version: int = 1  # what a status change or feedback sends back as ``expected_version``


# --- input ------------------------------------------------------------------------------------------

# SQLModel types model_config as its own TypedDict (pydantic's ConfigDict plus `table`).
_STRICT = SQLModelConfig(extra="forbid")


def _attachments(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = list(value.replace(";", "\n").splitlines())
    if not isinstance(value, (list, tuple)):
        raise PydanticCustomError("input.type", "type", {"expected": "Liste"})
    out: list[str] = []
    for item in value:
        cleaned = v.clean_text(item, max_len=200, required=False)
        if cleaned and cleaned not in out:
            out.append(cleaned)
    if len(out) > MAX_ATTACHMENTS:
        raise PydanticCustomError("input.list_too_long", "long", {"max": MAX_ATTACHMENTS})
    return out


Attachments = Annotated[list[str], BeforeValidator(_attachments)]


class ReferralCreateIn(SQLModel):
    model_config = _STRICT
    client_id: int
    recipient: Annotated[str, v.text_rule(40, required=True)]
    categories: consent_service.Categories
    request: Annotated[str, v.text_rule(2000, required=True, multiline=True)]
    requested_action: Annotated[str | None, v.text_rule(2000, multiline=True)] = None
    urgency: Annotated[str, v.choice_rule(keys=URGENCIES)] = "normal"
    deadline: v.OptionalDate = None
    attachments: Attachments = []
    follow_up_on: v.OptionalDate = None
    created_on: v.PastDate
    purpose: Annotated[str | None, v.text_rule(40)] = None


class StatusChangeIn(SQLModel):
    model_config = _STRICT
    referral_id: int
    status: Annotated[str, v.choice_rule(keys=STATUSES)]
    note: Annotated[str | None, v.text_rule(2000, multiline=True)] = None
    changed_on: v.PastDate
    reason: Annotated[str | None, v.text_rule(500)] = None
    follow_up_on: v.OptionalDate = None


class FeedbackIn(SQLModel):
    model_config = _STRICT
    referral_id: int
    received_on: v.PastDate
    feedback_from: Annotated[str, v.text_rule(200, required=True)]
    outcome: Annotated[str, v.text_rule(4000, required=True, multiline=True)]
    next_steps: Annotated[str | None, v.text_rule(4000, multiline=True)] = None


# --- helpers ----------------------------------------------------------------------------------------


def _json_list(value: Any) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else list(json.loads(value))


def _agency(uow: UnitOfWork, key: str) -> Agency:
    agency = uow.session.exec(select(Agency).where(Agency.key == key)).first()
    if agency is None:
        raise NotFound("agency.not_found", field="recipient", key=str(key)[:40])
    return agency


def _load(uow: UnitOfWork, referral_id: Any) -> tuple[Referral, Client]:
    """The referral and its client, after checking the actor may see the client."""
    try:
        rid = int(referral_id)
    except (TypeError, ValueError):
        raise InvalidInput("input.number", field="referral_id", min=1, max="…") from None
    ref = uow.session.get(Referral, rid)
    if ref is None:
        raise NotFound("referral.not_found", field="referral_id", id=rid)
    client = load_for_access(uow, ref.client_id)
    return ref, client


def require_coverage(
    uow: UnitOfWork, *, client_id: int, recipient: str, categories: Iterable[str], on: dt.date
) -> consent_service.Coverage:
    """The gate: the covering consent, or ``PolicyRefused`` saying what is missing."""
    cov = consent_service.coverage(uow, client_id=client_id, recipient=recipient, categories=list(categories), on=on)
    if not cov.covered:
        raise cov.error()
    return cov


def require_purpose(consent: Consent, purpose: str | None, *, conn: Any = None, on: dt.date | None = None) -> str:
    """The purpose gate (DESIGN.md §2): the referral's purpose key must be one the covering
    consent lists; without one, the consent's only purpose. Returns the key. With ``conn``
    and ``on``, a purpose withdrawn from the consent on or before ``on`` is refused (exit 3)."""
    listed = list(consent.purposes or [purpose_catalogue.OTHER])
    if conn is not None and on is not None:
        in_force = consent_service.purposes_in_force(conn, consent, on)
        if purpose is not None and purpose in listed and purpose not in in_force:
            raise PolicyRefused("purpose.withdrawn", field="purpose", purpose=purpose, consent_id=consent.id)
        listed = in_force
    if purpose is None:
        if len(listed) != 1:
            raise InvalidInput("purpose.choose", field="purpose", purposes=", ".join(listed))
        return listed[0]
    if purpose not in purpose_catalogue.catalogue():
        raise InvalidInput(
            "input.choice", field="purpose", value=purpose[:40], allowed=", ".join(purpose_catalogue.catalogue())
        )
    if purpose not in listed:
        raise PolicyRefused(
            "purpose.not_covered", field="purpose", purpose=purpose, consent_id=consent.id, purposes=", ".join(listed)
        )
    return purpose


# What makes a follow-up due: an open referral whose follow-up date has come, of a record not
# erased. Used by ``due_follow_up_statement`` and by ``list_referrals(overdue_only=True)``.
DUE_FOLLOW_UP_WHERE = (
    f"r.status IN ({', '.join(repr(s) for s in OPEN_STATUSES)}) AND r.follow_up_on IS NOT NULL "
    "AND r.follow_up_on <= :as_of AND c.erased_on IS NULL"
)
_DUE_FOLLOW_UP_SQL = (
    "SELECT r.follow_up_on, 'referral_follow_up', c.id, c.case_number, c.family_name, c.given_names, r.id, a.name "
    "FROM referral r JOIN client c ON c.id = r.client_id JOIN agency a ON a.id = r.agency_id WHERE "
    + DUE_FOLLOW_UP_WHERE
)

_SELECT = (
    "SELECT r.id, r.client_id, c.case_number, c.family_name, c.given_names, a.key AS recipient, "
    "a.name AS recipient_name, r.consent_id, u.name AS counsellor, u.display_name AS counsellor_display_name, "
    "r.created_on, r.request, r.requested_action, r.urgency, r.deadline, r.categories, r.attachments, "
    "r.follow_up_on, r.status, r.status_changed_on, r.rejection_reason, r.feedback_received_on, r.feedback_from, "
    "r.feedback_outcome, r.feedback_next_steps, r.purpose, k.direction, r.version FROM referral r "
    "JOIN client c ON c.id = r.client_id JOIN agency a ON a.id = r.agency_id "
    "LEFT JOIN user_account u ON u.id = r.counsellor_id LEFT JOIN consent k ON k.id = r.consent_id"
)


def _read_row(row: Any, as_of: dt.date) -> ReferralRead:
    status = row.status
    is_open = status in OPEN_STATUSES
    follow_up = dates.as_date(row.follow_up_on)
    return ReferralRead(
        id=row.id,
        client_id=row.client_id,
        case_number=row.case_number,
        client_family_name=row.family_name,
        client_given_names=row.given_names,
        recipient=row.recipient,
        recipient_name=row.recipient_name,
        consent_id=row.consent_id,
        counsellor=row.counsellor,
        counsellor_display_name=row.counsellor_display_name,
        created_on=dates.as_date(row.created_on),
        request=row.request,
        requested_action=row.requested_action,
        urgency=row.urgency,
        deadline=dates.as_date(row.deadline),
        categories=_json_list(row.categories),
        attachments=_json_list(row.attachments),
        follow_up_on=follow_up,
        status=status,
        status_changed_on=dates.as_date(row.status_changed_on),
        rejection_reason=row.rejection_reason,
        feedback_received_on=dates.as_date(row.feedback_received_on),
        feedback_from=row.feedback_from,
        feedback_outcome=row.feedback_outcome,
        feedback_next_steps=row.feedback_next_steps,
        is_open=is_open,
        follow_up_due=bool(is_open and follow_up is not None and follow_up <= as_of),
        next_statuses=list(next_statuses(status)),
        as_of=as_of,
        purpose=row.purpose,
        direction=row.direction,
        version=row.version,
    )


def _events(conn: Connection, referral_id: int) -> list[ReferralEventRead]:
    rows = conn.execute(
        text(
            "SELECT e.id, e.on_date, e.at, u.name AS user_name, e.from_status, e.to_status, e.note "
            "FROM referral_event e LEFT JOIN user_account u ON u.id = e.user_id "
            "WHERE e.referral_id = :r ORDER BY e.on_date, e.id"
        ),
        {"r": referral_id},
    )
    return [
        ReferralEventRead(
            id=r.id,
            on_date=dates.as_date(r.on_date),
            at=dates.as_datetime(r.at),
            user=r.user_name,
            from_status=r.from_status,
            to_status=r.to_status,
            note=r.note,
        )
        for r in rows
    ]


def _read_one(
    conn: Connection, referral_id: int, *, with_events: bool = True, as_of: dt.date | None = None
) -> ReferralRead:
    row = conn.execute(text(_SELECT + " WHERE r.id = :id"), {"id": referral_id}).first()
    assert row is not None
    read = _read_row(row, as_of or v.today())
    if with_events:
        read.events = _events(conn, referral_id)
    return read


def _add_event(
    uow: UnitOfWork, ref: Referral, *, on: dt.date, from_status: str | None, to_status: str, note: str | None
) -> None:
    uow.session.add(
        ReferralEvent(
            referral_id=filled(ref.id),
            on_date=on,
            user_id=uow.actor.id if uow.actor else None,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )
    )


# --- create -----------------------------------------------------------------------------------------


def create(
    ctx: ServiceContext,
    *,
    client_id: int,
    recipient: str,
    categories: Sequence[str] | str,
    request: str,
    requested_action: str | None = None,
    urgency: str = "normal",
    deadline: dt.date | str | None = None,
    attachments: Sequence[str] | str | None = (),
    follow_up_on: dt.date | str | None = None,
    created_on: dt.date | str | None = None,
    purpose: str | None = None,
) -> ReferralRead:
    """Create a referral (status ``draft``) after checking the consent gate on ``created_on``
    (default today; not in the future). ``follow_up_on`` defaults to 14 days later. The
    categories must include ``identity`` (a referral always names the person)."""
    policy.require_client_role(ctx.actor, "referral create")
    data = validate(
        ReferralCreateIn,
        {
            "client_id": client_id,
            "recipient": recipient,
            "categories": categories,
            "request": request,
            "requested_action": requested_action,
            "urgency": urgency,
            "deadline": deadline,
            "attachments": list(attachments) if isinstance(attachments, tuple) else attachments,
            "follow_up_on": follow_up_on,
            "created_on": created_on if created_on is not None else v.today(),
            "purpose": purpose,
        },
    )
    if "identity" not in data.categories:
        raise InvalidInput("referral.identity_required", field="categories")
    for name in ("deadline", "follow_up_on"):
        value = getattr(data, name)
        if value is not None and value < data.created_on:
            raise InvalidInput("referral.date_before_created", field=name, date=_fmt(data.created_on))
    with ctx.transaction() as uow:
        client = load_for_access(uow, data.client_id)
        if client.erased_on is not None:
            raise PolicyRefused("referral.client_erased")
        agency = _agency(uow, data.recipient)
        if not agency.active:
            raise InvalidInput("consent.agency_inactive", field="recipient", key=agency.key)
        if data.created_on < client.birth_date:
            raise InvalidInput("input.date_before", field="created_on", other="birth_date")
        cov = require_coverage(
            uow, client_id=filled(client.id), recipient=agency.key, categories=data.categories, on=data.created_on
        )
        consent = uow.session.get(Consent, cov.consent_id)
        assert consent is not None
        purpose_key = require_purpose(consent, data.purpose, conn=uow.conn, on=data.created_on)
        ref = Referral(
            client_id=filled(client.id),
            agency_id=filled(agency.id),
            consent_id=cov.consent_id,
            counsellor_id=ctx.actor_id,
            created_on=data.created_on,
            request=data.request,
            requested_action=data.requested_action,
            urgency=data.urgency,
            deadline=data.deadline,
            categories=list(data.categories),
            attachments=list(data.attachments),
            follow_up_on=data.follow_up_on or data.created_on + dt.timedelta(days=DEFAULT_FOLLOW_UP_DAYS),
            status="draft",
            status_changed_on=data.created_on,
            purpose=purpose_key,
        )
        uow.session.add(ref)
        uow.session.flush()
        _add_event(uow, ref, on=data.created_on, from_status=None, to_status="draft", note=None)
        uow.session.flush()
        fields = [
            "client_id",
            "recipient",
            "categories",
            "request",
            "urgency",
            "follow_up_on",
            "created_on",
            "consent_id",
            "purpose",
        ]
        fields += [n for n in ("requested_action", "deadline", "attachments") if getattr(data, n)]
        uow.record("referral.create", entity="referral", entity_id=ref.id, fields=fields)
        return _read_one(uow.conn, filled(ref.id))


# --- read -------------------------------------------------------------------------------------------


def get(ctx: ServiceContext, *, referral_id: int) -> ReferralRead:
    """One referral with its status history. Viewing is audited."""
    policy.require_client_role(ctx.actor, "referral get")
    with ctx.transaction() as uow:
        ref, _client = _load(uow, referral_id)
        uow.record("referral.view", entity="referral", entity_id=ref.id)
        return _read_one(uow.conn, filled(ref.id))


def _counsellor_id(conn: Connection, counsellor: int | str) -> int | None:
    if isinstance(counsellor, int) and not isinstance(counsellor, bool):
        return counsellor
    if isinstance(counsellor, str) and counsellor.strip().isdigit():
        return int(counsellor.strip())
    if isinstance(counsellor, str):
        return conn.execute(
            text("SELECT id FROM user_account WHERE name_folded = :n"), {"n": counsellor.strip().casefold()}
        ).scalar()
    raise InvalidInput("input.invalid", field="counsellor")


def _statuses(status: str | Sequence[str] | None) -> list[str] | None:
    if status is None or status == "":
        return None
    wanted = [status] if isinstance(status, str) else list(status)
    out: list[str] = []
    for s in wanted:
        if s == "open":
            out += list(OPEN_STATUSES)
        elif s == "closed":
            out += list(FINAL_STATUSES)
        elif s in STATUSES:
            out.append(s)
        else:
            shown = s if isinstance(s, str) and len(s) <= 20 and s.isprintable() else "?"
            raise InvalidInput(
                "input.choice", field="status", value=shown, allowed=", ".join((*STATUSES, "open", "closed"))
            )
    return out


def list_referrals(
    ctx: ServiceContext,
    *,
    status: str | Sequence[str] | None = None,
    recipient: str | None = None,
    counsellor: int | str | None = None,
    overdue_only: bool = False,
    client_id: int | None = None,
    on: dt.date | None = None,
    limit: int | None = None,
) -> list[ReferralRead]:
    """Referrals the actor may see, newest first, filtered in SQL.

    ``status``: a status key, a list of them, ``"open"`` or ``"closed"``; ``recipient``: an
    agency key; ``counsellor``: user id or name of who made the referral; ``overdue_only``:
    open referrals whose follow-up date is on or before ``on`` (default today);
    ``client_id``: one client's referrals (checks access; the view is audited), with each
    open referral marked when the consent no longer lets it print (``print_block``)."""
    policy.require_client_role(ctx.actor, "referral list")
    actor = ctx.actor
    assert actor is not None
    as_of = on or v.today()
    statuses = _statuses(status)
    conds: list[str] = []
    params: dict[str, Any] = {}
    if client_id is not None:
        with ctx.transaction() as uow:
            client = load_for_access(uow, int(client_id))
            uow.record("referral.view", entity="client", entity_id=client.id)
    with ctx.reading() as conn:
        if client_id is not None:
            conds.append("r.client_id = :client")
            params["client"] = int(client_id)
        elif not policy.can_see_all_clients(actor, team_access=read_team_access(conn)):
            conds.append("c.counsellor_id = :me")
            params["me"] = actor.id
        if statuses is not None:
            conds.append("r.status IN :statuses")
            params["statuses"] = statuses
        if recipient:
            agency_id = conn.execute(text("SELECT id FROM agency WHERE key = :k"), {"k": recipient}).scalar()
            if agency_id is None:
                raise NotFound("agency.not_found", field="recipient", key=str(recipient)[:40])
            conds.append("r.agency_id = :agency")
            params["agency"] = agency_id
        if counsellor not in (None, ""):
            conds.append("r.counsellor_id = :counsellor")
            params["counsellor"] = _counsellor_id(conn, counsellor)
        if overdue_only:
            conds.append(DUE_FOLLOW_UP_WHERE)
            params["as_of"] = as_of.isoformat()
        sql = _SELECT
        if conds:
            sql += " WHERE " + " AND ".join(conds)
        sql += " ORDER BY r.created_on DESC, r.id DESC"
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = max(1, int(limit))
        stmt = text(sql)
        for name in ("statuses",):
            if name in params:
                stmt = stmt.bindparams(bindparam(name, expanding=True))
        rows = [_read_row(r, as_of) for r in conn.execute(stmt, params)]
    if client_id is not None:
        _mark_print_blocks(ctx, rows, as_of)
    return rows


def due_follow_up_statement(*, mine: bool, ordered: bool = True) -> str:
    """THE query for due follow-ups (parameters ``as_of``, and ``me`` when ``mine``): the
    reminders list after sign-in (``services.reminders``, as one part of its statement) and
    the referrals page's count (``due_follow_ups``) run this one statement, so they cannot
    disagree. Rows: (follow_up_on, 'referral_follow_up', client id, case number, family name,
    given names, referral id, recipient name)."""
    sql = _DUE_FOLLOW_UP_SQL + (" AND c.counsellor_id = :me" if mine else "")
    return sql + " ORDER BY r.follow_up_on, r.id" if ordered else sql


def due_follow_ups(ctx: ServiceContext, *, on: dt.date | None = None) -> list[ReminderRead]:
    """Open referrals the actor may see whose follow-up date is on or before ``on``
    (default today), oldest follow-up first, as reminder lines (``subject_id`` is the
    referral id, ``detail`` the recipient's name)."""
    policy.require_client_role(ctx.actor, "referral list")
    actor = ctx.actor
    assert actor is not None
    as_of = on or v.today()
    with ctx.reading() as conn:
        mine = not policy.can_see_all_clients(actor, team_access=read_team_access(conn))
        dbapi = sqlcompat.dbapi(conn)  # the team database too
        rows = dbapi.execute(
            due_follow_up_statement(mine=mine), {"as_of": as_of.isoformat(), "me": actor.id}
        ).fetchall()
    return [
        ReminderRead(
            "referral_follow_up", dates.as_date(r[0]), r[2], r[3], r[4], r[5], r[6], r[7], dates.as_date(r[0]) < as_of
        )
        for r in rows
    ]


# --- status and feedback ----------------------------------------------------------------------------


def change_status(
    ctx: ServiceContext,
    *,
    referral_id: int,
    status: str,
    note: str | None = None,
    on: dt.date | str | None = None,
    reason: str | None = None,
    follow_up_on: dt.date | str | None = None,
    expected_version: int | None = None,
) -> ReferralRead:
    """Move a referral along the status flow (see the module doc). ``rejected`` needs a
    ``reason``; moving to ``sent`` passes the data on and re-checks the consent on ``on``
    (default today). ``follow_up_on`` (optional) sets a new follow-up date.
    ``expected_version``: the version the caller read (``referral.version_conflict`` if the
    referral changed since)."""
    policy.require_client_role(ctx.actor, "referral status")
    data = validate(
        StatusChangeIn,
        {
            "referral_id": referral_id,
            "status": status,
            "note": note,
            "changed_on": on if on is not None else v.today(),
            "reason": reason,
            "follow_up_on": follow_up_on,
        },
    )
    if data.status == "rejected" and not data.reason:
        raise InvalidInput("referral.reason_required", field="reason")
    with (
        stale_as_conflict(ctx, "referral", "referral", data.referral_id, expected_version),
        ctx.transaction() as uow,
    ):
        ref, client = _load(uow, data.referral_id)
        require_version("referral", ref, expected_version)
        current = ref.status
        allowed = next_statuses(current)
        if data.status not in allowed:
            none_de, none_en = "keiner – der Status ist endgültig", "none – the status is final"
            raise InvalidInput(
                "referral.illegal_transition",
                field="status",
                from_status=current,
                to_status=data.status,
                from_de=status_label(current, "de"),
                from_en=status_label(current, "en"),
                to_de=status_label(data.status, "de"),
                to_en=status_label(data.status, "en"),
                allowed_de=", ".join(f"{status_label(s, 'de')} ({s})" for s in allowed) or none_de,
                allowed_en=", ".join(f"{status_label(s, 'en')} ({s})" for s in allowed) or none_en,
            )
        earliest = max(ref.created_on, ref.status_changed_on or ref.created_on)
        if data.changed_on < earliest:
            raise InvalidInput("referral.date_before_created", field="changed_on", date=_fmt(earliest))
        if data.follow_up_on is not None and data.follow_up_on < ref.created_on:
            raise InvalidInput("referral.date_before_created", field="follow_up_on", date=_fmt(ref.created_on))
        agency = uow.session.get(Agency, ref.agency_id)
        assert agency is not None
        fields = ["status", "status_changed_on"]
        if data.status == "sent":
            cov = require_coverage(
                uow, client_id=filled(client.id), recipient=agency.key, categories=ref.categories, on=data.changed_on
            )
            if cov.consent_id != ref.consent_id:
                ref.consent_id = cov.consent_id
                fields.append("consent_id")
        ref.status = data.status
        ref.status_changed_on = data.changed_on
        if data.status == "rejected":
            ref.rejection_reason = data.reason
            fields.append("rejection_reason")
        if data.follow_up_on is not None:
            ref.follow_up_on = data.follow_up_on
            fields.append("follow_up_on")
        ref.updated_at = utcnow()
        uow.session.add(ref)
        event_note = data.note
        if data.status == "rejected":
            event_note = data.reason if not data.note else f"{data.reason}\n{data.note}"
        _add_event(uow, ref, on=data.changed_on, from_status=current, to_status=data.status, note=event_note)
        uow.session.flush()
        if data.note:
            fields.append("note")
        uow.record("referral.status", entity="referral", entity_id=ref.id, fields=fields)
        return _read_one(uow.conn, filled(ref.id))


def record_feedback(
    ctx: ServiceContext,
    *,
    referral_id: int,
    received_on: dt.date | str,
    from_: str,
    outcome: str,
    next_steps: str | None = None,
    expected_version: int | None = None,
) -> ReferralRead:
    """Store the recipient's returned feedback (reply date, from whom, outcome, next steps)
    on a referral that was sent. The status is changed separately (``change_status``).
    ``expected_version`` as in ``change_status``."""
    policy.require_client_role(ctx.actor, "referral feedback")
    data = validate(
        FeedbackIn,
        {
            "referral_id": referral_id,
            "received_on": received_on,
            "feedback_from": from_,
            "outcome": outcome,
            "next_steps": next_steps,
        },
    )
    with (
        stale_as_conflict(ctx, "referral", "referral", data.referral_id, expected_version),
        ctx.transaction() as uow,
    ):
        ref, _client = _load(uow, data.referral_id)
        require_version("referral", ref, expected_version)
        if ref.status not in FEEDBACK_STATUSES:
            raise InvalidInput(
                "referral.feedback_state",
                field="referral_id",
                status=ref.status,
                status_de=status_label(ref.status, "de"),
                status_en=status_label(ref.status, "en"),
            )
        if data.received_on < ref.created_on:
            raise InvalidInput("referral.date_before_created", field="received_on", date=_fmt(ref.created_on))
        consent = uow.session.get(Consent, ref.consent_id) if ref.consent_id else None
        if consent is None or consent.direction != "mutual":
            # One-way: the recipient may not report back about the person (DESIGN.md §2).
            raise PolicyRefused("referral.feedback_one_way", consent_id=ref.consent_id or "–")
        ref.feedback_received_on = data.received_on
        ref.feedback_from = data.feedback_from
        ref.feedback_outcome = data.outcome
        ref.feedback_next_steps = data.next_steps
        ref.updated_at = utcnow()
        uow.session.add(ref)
        uow.session.flush()
        uow.record(
            "referral.feedback",
            entity="referral",
            entity_id=ref.id,
            fields=["feedback_received_on", "feedback_from", "feedback_outcome"]
            + (["feedback_next_steps"] if data.next_steps else []),
        )
        return _read_one(uow.conn, filled(ref.id))


# --- the sheet --------------------------------------------------------------------------------------


def _client_fields(client: Client) -> dict[str, Any]:
    """Every field the catalogue knows; ``facts_for`` reads only the consented ones."""
    names = {f for cat in category_fields.catalogue().values() for f in cat.fields}
    return {name: getattr(client, name) for name in names}


def require_document_spelling(client: Client) -> None:
    """Letters to agencies print the document spelling: a name in another script without
    one cannot be printed (DESIGN.md §2 Names)."""
    if needs_document_spelling(client.family_name, client.given_names, client.document_family_name):
        raise PolicyRefused("print.document_spelling", field="document_family_name", case_number=client.case_number)


def _purpose_text(consent: Consent, key: str | None, lang: str = "de") -> str:
    listed = list(consent.purposes or [purpose_catalogue.OTHER])
    if key is None or key == purpose_catalogue.OTHER:
        if listed == [purpose_catalogue.OTHER]:
            return consent.purpose  # the consent's own words (and every v1 consent)
        prefix = purpose_catalogue.label(purpose_catalogue.OTHER, "de", "").split(":")[0]
        return next((p for p in consent.purpose.split("; ") if p.startswith(prefix)), consent.purpose)
    return purpose_catalogue.label(key, lang)


def _cover(
    uow: UnitOfWork, client: Client, consent: Consent, org: Organisation, covered: list[str], purpose: str | None
) -> sheet.Cover:
    lang = sheet.cover_language(client.preferred_language)
    template = templates.find("consent", f"consent-{org.legal_regime}", lang) if lang != "de" else None
    labels = []
    for key in (k for k in sheet.CATEGORY_ORDER if k in covered):
        label = template.text("categories", key, "label") if template is not None else ""
        labels.append(label or catalogues.enum_label("data_category", key, "de"))
    own = f"{client.given_names} {client.family_name}"
    if client.street and client.postal_code and client.city:
        recipient = letter.Recipient(name=own, street=client.street, postal_code=client.postal_code, city=client.city)
    else:  # no postal address on record: the copy is handed over in person
        recipient = letter.Recipient(name=own, street="Persönlich ausgehändigt", postal_code="", city="")
    wording = (
        _purpose_text(consent, purpose, lang) if purpose != purpose_catalogue.OTHER else _purpose_text(consent, purpose)
    )
    return sheet.Cover(
        language=lang, recipient=recipient, client_name=own, category_labels=tuple(labels), purpose=wording
    )


def _sheet_data(
    uow: UnitOfWork,
    ref: Referral,
    client: Client,
    agency: Agency,
    consent: Consent,
    printed_on: dt.date,
    *,
    with_cover: bool = True,
) -> sheet.SheetData:
    org = uow.session.get(Organisation, 1)
    assert org is not None
    counsellor = uow.session.get(User, ref.counsellor_id) if ref.counsellor_id else None
    # Only what the consent covers on the print date: the referral's categories, each of
    # which the covering consent includes (checked by the gate just before).
    covered = [k for k in ref.categories if k in set(consent.categories)]
    sections = sheet.facts_for(_client_fields(client), covered)
    service = catalogues.enum_label("service", org.service, "de") if org.service in ("mbe", "jmd") else None
    return sheet.SheetData(
        sender=letter.Sender.from_organisation(org, service=service, logo_png=org.logo_png),
        recipient=letter.Recipient.from_agency(agency),
        legal_regime=org.legal_regime,
        case_number=client.case_number,
        referral_id=filled(ref.id),
        letter_date=ref.created_on,
        printed_on=printed_on,
        counsellor_name=(counsellor.display_name if counsellor else "") or "",
        counsellor_phone=counsellor.phone if counsellor else None,
        counsellor_email=counsellor.email if counsellor else None,
        sections=sections,
        consent=sheet.ConsentRef(
            id=filled(consent.id),
            given_on=consent.given_on,
            valid_until=consent.valid_until,
            categories=tuple(k for k in consent.categories if k in covered),
            purpose=_purpose_text(consent, ref.purpose),
            direction=consent.direction,
        ),
        request=ref.request,
        requested_action=ref.requested_action,
        urgency=ref.urgency,
        deadline=ref.deadline,
        attachments=tuple(ref.attachments or ()),
        cover=_cover(uow, client, consent, org, covered, ref.purpose) if with_cover else None,
    )


def printing_gaps(ctx: ServiceContext, *, client_id: int, recipient: str) -> list[str]:
    """What blocks printing a letter about this client to ``recipient``: dotted keys such as
    ``organisation.street``, ``agency.jobcenter.postal_code`` or ``document_family_name``."""
    policy.require_client_role(ctx.actor, "referral print")
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        gaps = organisation_service.printing_gaps_in(uow, recipient=recipient)
        if needs_document_spelling(client.family_name, client.given_names, client.document_family_name):
            gaps.append("document_family_name")
        return gaps


def require_printable(ctx: ServiceContext, *, client_id: int, recipient: str) -> None:
    """Raise the printing refusal (exit 3) naming what is missing; return if a sheet can be printed."""
    policy.require_client_role(ctx.actor, "referral print")
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        organisation_service.require_printable_in(uow, recipient=recipient)
        require_document_spelling(client)


def _copies(copies: Sequence[str] | str) -> list[str]:
    wanted = [c.strip() for c in copies.split(",")] if isinstance(copies, str) else list(copies)
    for c in wanted:
        if c not in COPIES:
            shown = c if isinstance(c, str) and len(c) <= 20 and c.isprintable() else "?"
            raise InvalidInput("referral.copies", field="copies", value=shown, allowed=", ".join(COPIES))
    if not wanted:
        raise InvalidInput("input.list_empty", field="copies")
    return wanted


def _consent_gate(
    uow: UnitOfWork, *, client_id: int, recipient: str, categories: list[str], purpose: str | None, on: dt.date
) -> Consent:
    """The consent part of the print gate: a consent covering every category on ``on`` and,
    for a referral that serves a purpose, that purpose still in force. ``PolicyRefused``
    otherwise. Printing and the list's "no longer printable" mark both ask this."""
    cov = require_coverage(uow, client_id=client_id, recipient=recipient, categories=categories, on=on)
    consent = uow.session.get(Consent, cov.consent_id)
    assert consent is not None
    if purpose is not None:
        require_purpose(consent, purpose, conn=uow.conn, on=on)
    return consent


def _mark_print_blocks(ctx: ServiceContext, rows: list[ReferralRead], on: dt.date) -> None:
    """Set ``print_block`` on the open referrals the consent no longer lets print on ``on``."""
    open_rows = [r for r in rows if r.is_open]
    if not open_rows:
        return
    with ctx.transaction() as uow:
        for r in open_rows:
            try:
                _consent_gate(
                    uow, client_id=r.client_id, recipient=r.recipient, categories=r.categories, purpose=r.purpose, on=on
                )
            except PolicyRefused as exc:
                r.print_block = exc.code
                r.print_block_params = {k: val for k, val in exc.params.items() if isinstance(val, (str, int))}


def _render(
    uow: UnitOfWork, referral_id: int, copies: list[str], as_text: bool = False
) -> tuple[Referral, Client, bytes | str, int]:
    ref, client = _load(uow, referral_id)
    if ref.status == "withdrawn":
        raise PolicyRefused("referral.print_withdrawn", id=ref.id)
    if client.erased_on is not None:
        raise PolicyRefused("referral.client_erased")
    agency = uow.session.get(Agency, ref.agency_id)
    assert agency is not None
    today = v.today()
    consent = _consent_gate(
        uow, client_id=filled(client.id), recipient=agency.key, categories=ref.categories, purpose=ref.purpose, on=today
    )
    # A letter is printed only when it can be sent (DESIGN.md §6) and names the person as
    # the agency files them.
    organisation_service.require_printable_in(uow, recipient=agency.key)
    require_document_spelling(client)
    data = _sheet_data(uow, ref, client, agency, consent, today, with_cover="client" in copies)
    out = sheet.plain_text(data) if as_text else sheet.render_pdf(data, copies=copies)
    return ref, client, out, filled(consent.id)


def render_sheet(ctx: ServiceContext, *, referral_id: int, copies: Sequence[str] | str = COPIES) -> bytes:
    """The referral sheet as PDF bytes (copies for recipient, client, file; each from a new
    page). Re-checks the consent on the print date: refused if it was withdrawn or has
    expired since. Records the PDF's SHA-256 (``GeneratedDocument``) and ``referral.printed``;
    never writes a file — callers print the bytes or save them (``suggested_filename``)."""
    policy.require_client_role(ctx.actor, "referral print")
    wanted = _copies(copies)
    with ctx.transaction() as uow:
        ref, client, pdf, _consent_id = _render(uow, referral_id, wanted)
        assert isinstance(pdf, bytes)
        doc = GeneratedDocument(
            kind="referral_sheet",
            subject_id=ref.id,
            client_id=client.id,
            sha256=hashlib.sha256(pdf).hexdigest(),
            template_id=sheet.TEMPLATE_ID,
            template_version=sheet.TEMPLATE_VERSION,
            generated_by=ctx.actor_id,
        )
        uow.session.add(doc)
        uow.session.flush()
        uow.record(
            "referral.printed",
            entity="referral",
            entity_id=ref.id,
            fields=["categories", "copies", "consent_id", "generated_document"],
        )
    return pdf


def preview_sheet(
    ctx: ServiceContext, *, referral_id: int, copies: Sequence[str] | str = COPIES, as_text: bool = False
) -> bytes | str:
    """The sheet for the screen (PDF bytes, or with ``as_text`` its content as plain text
    for a viewer without PDF support): the same gate, not a printout (no
    ``GeneratedDocument``); the view is audited (``referral.previewed``)."""
    policy.require_client_role(ctx.actor, "referral preview")
    wanted = _copies(copies)
    with ctx.transaction() as uow:
        ref, _client, out, _consent_id = _render(uow, referral_id, wanted, as_text=as_text)
        uow.record("referral.previewed", entity="referral", entity_id=ref.id, fields=["categories", "copies"])
    return out


def suggested_filename(ctx: ServiceContext, *, referral_id: int, date: dt.date | None = None) -> str:
    """``2026-00012_Ueberleitung-7_2026-03-12.pdf``: case number, referral number, date —
    never the client's name. Not audited (a case number is no personal data)."""
    policy.require_client_role(ctx.actor, "referral print")
    with ctx.reading() as conn:
        row = conn.execute(
            text(
                "SELECT c.case_number, c.counsellor_id FROM referral r JOIN client c "
                "ON c.id = r.client_id WHERE r.id = :id"
            ),
            {"id": int(referral_id)},
        ).first()
        if row is None:
            raise NotFound("referral.not_found", field="referral_id", id=int(referral_id))
        policy.require_client_access(ctx.actor, counsellor_id=row[1], team_access=read_team_access(conn))
    return sheet.suggested_filename(row[0], int(referral_id), date)


# --- what the create dialog shows ---------------------------------------------------------------------


def category_coverage(
    ctx: ServiceContext, *, client_id: int, recipient: str, on: dt.date | None = None
) -> dict[str, consent_service.Coverage]:
    """For each data category: whether the client's consents let it go to ``recipient`` on
    ``on`` (default today), with the reason (``Coverage.message``) for the ones that don't.
    The create dialog enables only the covered categories. One call, one read."""
    policy.require_client_role(ctx.actor, "referral create")
    day = on or v.today()
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        return {
            k: consent_service.coverage(uow, client_id=filled(client.id), recipient=recipient, categories=[k], on=day)
            for k in CATEGORY_KEYS
        }


__all__ = [
    "COPIES",
    "FINAL_STATUSES",
    "OPEN_STATUSES",
    "STATUSES",
    "TRANSITIONS",
    "URGENCIES",
    "ReferralEventRead",
    "ReferralRead",
    "category_coverage",
    "change_status",
    "create",
    "due_follow_ups",
    "get",
    "list_referrals",
    "next_statuses",
    "preview_sheet",
    "record_feedback",
    "render_sheet",
    "require_coverage",
    "status_label",
    "suggested_filename",
    "urgency_label",
]
