"""Group sessions: date, minutes, topic, head count and service, optionally the registered
clients who took part (counted for funders, never printed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text

from referral_desk.core import dates, policy
from referral_desk.core.casework_models import GroupCreate, GroupRead
from referral_desk.core.errors import InvalidInput, NotFound
from referral_desk.core.models import GroupSession
from referral_desk.core.services.casework import check_service, organisation_services
from referral_desk.core.services.clients import load_for_access
from referral_desk.core.services.common import validate
from referral_desk.core.services.context import ServiceContext


def add_group(ctx: ServiceContext, *, data: Any) -> GroupRead:
    policy.require_client_role(ctx.actor, "group add")
    valid = validate(GroupCreate, data)
    client_ids = list(dict.fromkeys(int(c) for c in valid.client_ids))
    if len(client_ids) > valid.participants:
        raise InvalidInput("group.more_clients_than_participants", field="client_ids", participants=valid.participants)
    with ctx.transaction() as uow:
        service = check_service(uow.conn, valid.service) if valid.service else organisation_services(uow.conn)[0]
        for cid in client_ids:
            try:
                load_for_access(uow, cid)  # only clients the actor may see can be registered
            except NotFound:
                raise NotFound("client.not_found", field="client_ids", id=cid) from None
        group = GroupSession(
            date=valid.date,
            minutes=valid.minutes,
            topic=valid.topic,
            participants=valid.participants,
            service=service,
            note=valid.note,
            counsellor_id=ctx.actor_id,
        )
        uow.session.add(group)
        uow.session.flush()
        if client_ids:
            uow.conn.execute(
                text("INSERT INTO group_participant (group_id, client_id) VALUES (:g, :c)"),
                [{"g": group.id, "c": c} for c in client_ids],
            )
        fields = sorted(
            (valid.model_fields_set - {"client_ids"}) | {"service"} | ({"client_ids"} if client_ids else set())
        )
        uow.record("group.create", entity="group_session", entity_id=group.id, fields=fields)
        assert group.id is not None  # flushed
        return GroupRead(
            id=group.id,
            date=group.date,
            minutes=group.minutes,
            topic=group.topic,
            participants=group.participants,
            service=group.service,
            note=group.note,
            client_ids=client_ids,
            counsellor=ctx.actor.name if ctx.actor else None,
        )


def list_groups(
    ctx: ServiceContext,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    service: str | None = None,
    limit: int = 500,
) -> list[GroupRead]:
    """Group sessions, newest first. Registered clients are listed only as ids the actor
    may see (a counsellor without team access sees the ids of their own clients)."""
    policy.require_client_role(ctx.actor, "group list")
    actor = ctx.actor
    assert actor is not None
    conds: list[str] = []
    params: dict[str, int | str] = {"limit": max(1, min(int(limit), 5000))}
    if date_from:
        conds.append("g.date >= :f")
        params["f"] = date_from.isoformat()
    if date_to:
        conds.append("g.date <= :t")
        params["t"] = date_to.isoformat()
    if service:
        conds.append("g.service = :s")
        params["s"] = service
    sql = (
        "SELECT g.id, g.date, g.minutes, g.topic, g.participants, g.service, g.note, u.name FROM group_session g "
        "LEFT JOIN user_account u ON u.id = g.counsellor_id"
    )
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    sql += " ORDER BY g.date DESC, g.id DESC LIMIT :limit"
    with ctx.reading() as conn:
        team = bool(conn.execute(text("SELECT team_access FROM organisation WHERE id = 1")).scalar())
        all_clients = policy.can_see_all_clients(actor, team_access=team)
        rows = conn.execute(text(sql), params).all()
        out = []
        for r in rows:
            ids_sql = (
                "SELECT p.client_id FROM group_participant p JOIN client c ON c.id = p.client_id "
                "WHERE p.group_id = :g" + ("" if all_clients else " AND c.counsellor_id = :me")
            )
            ids = [x[0] for x in conn.execute(text(ids_sql), {"g": r[0], "me": actor.id})]
            out.append(
                GroupRead(
                    id=r[0],
                    date=dates.as_date(r[1]),  # type: ignore[arg-type]  # SQLAlchemy types Row[Any] items as None
                    minutes=r[2],
                    topic=r[3],
                    participants=r[4],
                    service=r[5],
                    note=r[6],
                    client_ids=ids,
                    counsellor=r[7],
                )
            )
        return out
