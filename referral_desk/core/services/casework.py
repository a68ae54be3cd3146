"""Case work: the client's service and access route, the support plan ("Förderplan"),
signposting without data transfer ("Verweisberatung") and the history of changing
attributes (DESIGN.md §2 Case management).

A client with at least one plan goal is a case-management case; others are counselling
cases. Every mutation runs in one transaction with its audit event (ids and field names).
The client service calls ``prepare_client`` / ``after_client_write`` so that the service
default and the attribute history are kept wherever a record is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from referral_desk.core import dates, policy, validation as v
from referral_desk.core.casework_models import (
    GoalCreate,
    GoalRead,
    PlanRead,
    ReviewCreate,
    ReviewRead,
    SignpostCreate,
    SignpostRead,
    StepCreate,
    StepRead,
)
from referral_desk.core.errors import InvalidInput, NotFound, PolicyRefused
from referral_desk.core.migrations.v2_casework import TRACKED
from referral_desk.core.models import Client, Signposting, SupportGoal, SupportReview, SupportStep, utcnow

# The hooks live in a light module of their own (the client service imports them on every
# write); re-exported here because they are part of the case-work service.
from referral_desk.core.services.casework_hooks import (
    after_client_write as after_client_write,
    check_service as check_service,
    client_columns as client_columns,
    organisation_services as organisation_services,
    prepare_client as prepare_client,
    tracked_attributes as tracked_attributes,
    write_history,
)
from referral_desk.core.services.clients import load_for_access
from referral_desk.core.services.common import require_version, stale_as_conflict, validate
from referral_desk.core.services.context import ServiceContext, UnitOfWork

# --- organisation services and client hooks ---------------------------------------------------


def attribute_history(ctx: ServiceContext, *, client_id: int) -> list[dict[str, Any]]:
    """The recorded values of one client's tracked attributes, oldest first."""
    policy.require_client_role(ctx.actor, "client history")
    with ctx.transaction() as uow:
        load_for_access(uow, client_id)
        rows = uow.conn.execute(
            text(
                "SELECT attribute, value, valid_from FROM client_attribute_history "
                "WHERE client_id = :c ORDER BY attribute, valid_from, id"
            ),
            {"c": client_id},
        )
        return [{"attribute": r[0], "value": r[1], "valid_from": dates.as_date(r[2])} for r in rows]


def value_as_of(conn: Connection, *, client_id: int, attribute: str, on: dt.date) -> str | None:
    """The attribute's value on a day (the latest row valid from on or before it)."""
    row = conn.execute(
        text(
            "SELECT value FROM client_attribute_history WHERE client_id = :c AND attribute = :a "
            "AND valid_from <= :d ORDER BY valid_from DESC, id DESC LIMIT 1"
        ),
        {"c": client_id, "a": attribute, "d": on.isoformat()},
    ).first()
    return row[0] if row else None


def record_attribute(ctx: ServiceContext, *, client_id: int, attribute: str, value: str, valid_from: Any) -> None:
    """Record a past value of a tracked attribute (e.g. a residence status that changed
    before it was entered). Does not change the current record."""
    policy.require_client_role(ctx.actor, "client history")
    if attribute not in TRACKED:
        raise InvalidInput("input.choice", field="attribute", value=str(attribute)[:40], allowed=", ".join(TRACKED))
    day = dates.parse_date(valid_from, "valid_from")
    if day > v.today():
        raise InvalidInput("input.date_future", field="valid_from")
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        if day < client.birth_date:
            raise InvalidInput("input.date_before", field="valid_from", other="birth_date")
        _check_attribute_value(attribute, value)
        assert client.id is not None  # a stored row
        write_history(uow.conn, client.id, {attribute: value}, day)
        uow.record("client.history", entity="client", entity_id=client.id, fields=[attribute])


def _check_attribute_value(attribute: str, value: str) -> None:
    from referral_desk.core import catalogues

    if attribute == "residence_status":
        allowed: Iterable[str] = catalogues.residence_status_keys()
    elif attribute == "german_level":
        allowed = catalogues.enum_keys("german_level")
    else:
        allowed = catalogues.enum_keys(attribute) if attribute in catalogues.enum_names() else [value]
    if value not in allowed:
        raise InvalidInput("input.choice", field="value", value=str(value)[:40], allowed="…")


# --- support plan -----------------------------------------------------------------------------


def _goal_for_access(uow: UnitOfWork, goal_id: int) -> tuple[SupportGoal, Client]:
    goal = uow.session.get(SupportGoal, goal_id)
    if goal is None:
        raise NotFound("plan.goal_not_found", field="goal_id", id=goal_id)
    return goal, load_for_access(uow, goal.client_id)


def add_goal(ctx: ServiceContext, *, client_id: int, data: Any) -> GoalRead:
    policy.require_client_role(ctx.actor, "plan add")
    valid = validate(GoalCreate, data)
    set_on = valid.set_on or v.today()
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        if set_on < client.birth_date:
            raise InvalidInput("input.date_before", field="set_on", other="birth_date")
        if valid.due_on is not None and valid.due_on < set_on:
            raise InvalidInput("input.date_before", field="due_on", other="set_on")
        assert client.id is not None  # a stored row
        goal = SupportGoal(
            client_id=client.id,
            area=valid.area,
            goal=valid.goal,
            set_on=set_on,
            due_on=valid.due_on,
            counsellor_id=ctx.actor_id,
        )
        uow.session.add(goal)
        uow.session.flush()
        uow.record(
            "plan.goal_create",
            entity="support_goal",
            entity_id=goal.id,
            fields=sorted(valid.model_fields_set | {"client_id", "set_on"}),
        )
        return _goal_read(uow.conn, goal)


def add_step(ctx: ServiceContext, *, goal_id: int, data: Any) -> StepRead:
    policy.require_client_role(ctx.actor, "plan step")
    valid = validate(StepCreate, data)
    with ctx.transaction() as uow:
        goal, client = _goal_for_access(uow, goal_id)
        if valid.due_on is not None and valid.due_on < goal.set_on:
            raise InvalidInput("input.date_before", field="due_on", other="set_on")
        assert goal.id is not None and client.id is not None  # stored rows
        step = SupportStep(
            goal_id=goal.id, client_id=client.id, text=valid.text, responsible=valid.responsible, due_on=valid.due_on
        )
        uow.session.add(step)
        goal.updated_at = utcnow()
        uow.session.add(goal)
        uow.session.flush()
        uow.record(
            "plan.step_create",
            entity="support_step",
            entity_id=step.id,
            fields=sorted(valid.model_fields_set | {"goal_id"}),
        )
        return _step_read(step)


def complete_step(
    ctx: ServiceContext, *, step_id: int, done_on: Any = None, expected_version: int | None = None
) -> StepRead:
    """Mark a step done (``done_on`` default today). ``expected_version``: the version the
    caller read (``plan.version_conflict`` if the step changed since)."""
    policy.require_client_role(ctx.actor, "plan step")
    day = v.today() if done_on is None else _past_date(done_on, "done_on")
    with stale_as_conflict(ctx, "plan", "support_step", step_id, expected_version), ctx.transaction() as uow:
        step = uow.session.get(SupportStep, step_id)
        if step is None:
            raise NotFound("plan.step_not_found", field="step_id", id=step_id)
        goal, _client = _goal_for_access(uow, step.goal_id)
        require_version("plan", step, expected_version)
        if day < goal.set_on:
            raise InvalidInput("input.date_before", field="done_on", other="set_on")
        step.done_on = day
        uow.session.add(step)
        uow.session.flush()
        uow.record("plan.step_done", entity="support_step", entity_id=step.id, fields=["done_on"])
        return _step_read(step)


def _past_date(value: Any, field: str) -> dt.date:
    day = dates.parse_date(value, field)
    if day > v.today():
        raise InvalidInput("input.date_future", field=field)
    if day < v.MIN_DATE:
        raise InvalidInput("input.date_too_early", field=field, min="01.01.1900")
    return day


def add_review(ctx: ServiceContext, *, goal_id: int, data: Any) -> ReviewRead:
    policy.require_client_role(ctx.actor, "plan review")
    valid = validate(ReviewCreate, data)
    on = valid.on_date or v.today()
    with ctx.transaction() as uow:
        goal, _client = _goal_for_access(uow, goal_id)
        if on < goal.set_on:
            raise InvalidInput("input.date_before", field="on_date", other="set_on")
        assert goal.id is not None  # a stored row
        review = SupportReview(
            goal_id=goal.id, on_date=on, outcome=valid.outcome, note=valid.note, counsellor_id=ctx.actor_id
        )
        uow.session.add(review)
        goal.updated_at = utcnow()
        uow.session.add(goal)
        uow.session.flush()
        uow.record(
            "plan.review_create",
            entity="support_review",
            entity_id=review.id,
            fields=sorted(valid.model_fields_set | {"goal_id", "on_date"}),
        )
        return _review_read(review)


def _step_read(s: SupportStep) -> StepRead:
    assert s.id is not None  # flushed
    return StepRead(
        id=s.id,
        goal_id=s.goal_id,
        text=s.text,
        responsible=s.responsible,
        due_on=dates.as_date(s.due_on),
        done_on=dates.as_date(s.done_on),
        version=s.version,
    )


def _review_read(r: SupportReview) -> ReviewRead:
    assert r.id is not None  # flushed
    return ReviewRead(id=r.id, goal_id=r.goal_id, on_date=dates.as_date(r.on_date), outcome=r.outcome, note=r.note)


def _goal_read(conn: Connection, goal: SupportGoal) -> GoalRead:
    assert goal.id is not None  # flushed
    return _goals(conn, [goal.id])[0]


def _goals(conn: Connection, goal_ids: list[int] | None = None, *, client_id: int | None = None) -> list[GoalRead]:
    if client_id is not None:
        goal_rows = conn.execute(
            text(
                "SELECT id, client_id, area, goal, set_on, due_on FROM support_goal "
                "WHERE client_id = :c ORDER BY set_on, id"
            ),
            {"c": client_id},
        ).all()
    else:
        goal_rows = [
            conn.execute(
                text("SELECT id, client_id, area, goal, set_on, due_on FROM support_goal WHERE id = :g"), {"g": g}
            ).one()
            for g in goal_ids or []
        ]
    out = []
    for g in goal_rows:
        steps = [
            StepRead(
                id=s[0],
                goal_id=g[0],
                text=s[1],
                responsible=s[2],
                due_on=dates.as_date(s[3]),
                done_on=dates.as_date(s[4]),
                version=s[5],
            )
            for s in conn.execute(
                text(
                    "SELECT id, text, responsible, due_on, done_on, version FROM support_step "
                    "WHERE goal_id = :g ORDER BY due_on IS NULL, due_on, id"
                ),
                {"g": g[0]},
            )
        ]
        reviews = [
            ReviewRead(
                id=r[0],
                goal_id=g[0],
                on_date=dates.as_date(r[1]),  # type: ignore[arg-type]  # SQLAlchemy types Row[Any] items as None
                outcome=r[2],
                note=r[3],
            )
            for r in conn.execute(
                text("SELECT id, on_date, outcome, note FROM support_review WHERE goal_id = :g ORDER BY on_date, id"),
                {"g": g[0]},
            )
        ]
        out.append(
            GoalRead(
                id=g[0],
                client_id=g[1],
                area=g[2],
                goal=g[3],
                set_on=dates.as_date(g[4]),  # type: ignore[arg-type]  # SQLAlchemy types Row[Any] items as None
                due_on=dates.as_date(g[5]),
                outcome=reviews[-1].outcome if reviews else None,
                steps=steps,
                reviews=reviews,
            )
        )
    return out


def get_plan(ctx: ServiceContext, *, client_id: int, audit: bool = True) -> PlanRead:
    """The client's support plan (empty goals: a counselling case, not case management)."""
    policy.require_client_role(ctx.actor, "plan show")
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        if audit:
            uow.record("plan.view", entity="client", entity_id=client.id)
        assert client.id is not None  # a stored row
        return PlanRead(
            client_id=client.id,
            case_number=client.case_number,
            service=client.service,
            goals=_goals(uow.conn, client_id=client.id),
        )


def is_case_management(conn: Connection, client_id: int) -> bool:
    return (
        conn.execute(text("SELECT 1 FROM support_goal WHERE client_id = :c LIMIT 1"), {"c": client_id}).first()
        is not None
    )


# --- signposting ------------------------------------------------------------------------------


def add_signpost(ctx: ServiceContext, *, client_id: int, data: Any) -> SignpostRead:
    """Record that the client was pointed to another service; nothing about them is sent."""
    policy.require_client_role(ctx.actor, "signpost add")
    valid = validate(SignpostCreate, data)
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        if valid.date < client.birth_date:
            raise InvalidInput("input.date_before", field="date", other="birth_date")
        assert client.id is not None  # a stored row
        row = Signposting(
            client_id=client.id, date=valid.date, to_whom=valid.to_whom, topic=valid.topic, counsellor_id=ctx.actor_id
        )
        uow.session.add(row)
        uow.session.flush()
        uow.record(
            "signpost.create",
            entity="signposting",
            entity_id=row.id,
            fields=sorted(valid.model_fields_set | {"client_id"}),
        )
        assert row.id is not None  # flushed
        return SignpostRead(
            id=row.id,
            client_id=row.client_id,
            date=row.date,
            to_whom=row.to_whom,
            topic=row.topic,
            counsellor=ctx.actor.name if ctx.actor else None,
        )


def list_signposts(ctx: ServiceContext, *, client_id: int) -> list[SignpostRead]:
    policy.require_client_role(ctx.actor, "signpost list")
    with ctx.transaction() as uow:
        load_for_access(uow, client_id)
        rows = uow.conn.execute(
            text(
                "SELECT s.id, s.client_id, s.date, s.to_whom, s.topic, u.name FROM signposting s "
                "LEFT JOIN user_account u ON u.id = s.counsellor_id WHERE s.client_id = :c "
                "ORDER BY s.date DESC, s.id DESC"
            ),
            {"c": client_id},
        )
        return [
            SignpostRead(
                id=r[0],
                client_id=r[1],
                date=dates.as_date(r[2]),  # type: ignore[arg-type]  # SQLAlchemy types Row[Any] items as None
                to_whom=r[3],
                topic=r[4],
                counsellor=r[5],
            )
            for r in rows
        ]


# --- erasure (called by retention.erase_client inside its transaction) ------------------------


def erase_case_work(conn: Connection, client_id: int, *, delete: bool) -> None:
    """``delete``: remove the client's plan, signposting, group registrations and history.
    Otherwise (anonymise) keep what statistics count — areas, outcomes, dates, topics, the
    history of coded attributes — and blank every free text."""
    p = {"c": client_id}
    if delete:
        conn.execute(
            text("DELETE FROM support_review WHERE goal_id IN (SELECT id FROM support_goal WHERE client_id = :c)"), p
        )
        for table in ("support_step", "support_goal", "signposting", "group_participant", "client_attribute_history"):
            conn.execute(text(f"DELETE FROM {table} WHERE client_id = :c"), p)
        return
    conn.execute(text("UPDATE support_goal SET goal = '' WHERE client_id = :c"), p)
    conn.execute(text("UPDATE support_step SET text = '' WHERE client_id = :c"), p)
    conn.execute(
        text(
            "UPDATE support_review SET note = NULL WHERE goal_id IN (SELECT id FROM support_goal WHERE client_id = :c)"
        ),
        p,
    )
    conn.execute(text("UPDATE signposting SET to_whom = '' WHERE client_id = :c"), p)


# --- the printed plan -------------------------------------------------------------------------


def plan_language(preferred: str | None) -> str | None:
    """The client's language for the second text of the plan, if a template exists."""
    from referral_desk.core.documents import support_plan

    if preferred and preferred != "de" and support_plan.load_template(preferred) is not None:
        return preferred
    return None


def render_plan(ctx: ServiceContext, *, client_id: int, language: str | None = "auto") -> bytes:
    """The support plan as PDF bytes for the client to sign (German, plus the client's
    language where a template exists; ``language`` None: German only). Records the PDF's
    SHA-256 (``GeneratedDocument``) and ``plan.printed``; never writes a file."""
    import hashlib

    from referral_desk.core.documents import support_plan as doc
    from referral_desk.core.models import GeneratedDocument

    policy.require_client_role(ctx.actor, "plan pdf")
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        if client.erased_on is not None:
            raise PolicyRefused("referral.client_erased")
        goals = _goals(uow.conn, client_id=client.id)
        if not goals:
            raise InvalidInput("plan.empty", field="client_id")
        if language == "auto":
            language = plan_language(client.preferred_language)
        elif language is not None and doc.load_template(language) is None:
            raise InvalidInput(
                "input.choice", field="language", value=str(language)[:10], allowed=", ".join(doc.available_languages())
            )
        org = uow.conn.execute(text("SELECT name, street, postal_code, city FROM organisation WHERE id = 1")).one()
        counsellor = (
            uow.conn.execute(
                text("SELECT display_name FROM user_account WHERE id = :u"), {"u": client.counsellor_id or ctx.actor_id}
            ).scalar()
            or ""
        )
        address = ", ".join(p for p in (org[1], " ".join(x for x in (org[2], org[3]) if x)) if p)
        data = doc.PlanData(
            organisation=org[0],
            organisation_address=address,
            service=client.service,
            case_number=client.case_number,
            client_name=f"{client.given_names} {client.family_name}",
            birth_date=client.birth_date,
            counsellor=counsellor,
            printed_on=v.today(),
            language=language,
            goals=[
                doc.PlanGoal(
                    area=g.area,
                    goal=g.goal,
                    set_on=g.set_on,
                    due_on=g.due_on,
                    steps=[doc.PlanStep(s.text, s.responsible, s.due_on, s.done_on) for s in g.steps],
                    reviews=[doc.PlanReview(r.on_date, r.outcome, r.note) for r in g.reviews],
                )
                for g in goals
            ],
        )
        pdf = doc.render_pdf(data)
        record = GeneratedDocument(
            kind="support_plan",
            subject_id=client.id,
            client_id=client.id,
            sha256=hashlib.sha256(pdf).hexdigest(),
            template_id=doc.TEMPLATE_ID,
            template_version=(doc.load_template(language or "de") or {}).get("version"),
            generated_by=ctx.actor_id,
        )
        uow.session.add(record)
        uow.session.flush()
        uow.record("plan.printed", entity="client", entity_id=client.id, fields=["goals", "language"])
    return pdf


# --- data-subject access (Art. 15): part of services.access.export_client ----------------------


def export_case_work(conn: Connection, client_id: int) -> dict[str, Any]:
    goals = _goals(conn, client_id=client_id)
    signposts = conn.execute(
        text("SELECT date, to_whom, topic FROM signposting WHERE client_id = :c ORDER BY date, id"), {"c": client_id}
    ).all()
    sessions = conn.execute(
        text(
            "SELECT g.date, g.topic, g.service FROM group_participant p JOIN group_session g "
            "ON g.id = p.group_id WHERE p.client_id = :c ORDER BY g.date, g.id"
        ),
        {"c": client_id},
    ).all()
    history = conn.execute(
        text(
            "SELECT attribute, value, valid_from FROM client_attribute_history "
            "WHERE client_id = :c ORDER BY attribute, valid_from, id"
        ),
        {"c": client_id},
    ).all()
    return {
        "support_plan": [g.model_dump(mode="json", exclude={"client_id"}) for g in goals],
        "signposting": [{"date": str(r[0]), "to_whom": r[1], "topic": r[2]} for r in signposts],
        "group_sessions": [{"date": str(r[0]), "topic": r[1], "service": r[2]} for r in sessions],
        "attribute_history": [{"attribute": r[0], "value": r[1], "valid_from": str(r[2])} for r in history],
    }
