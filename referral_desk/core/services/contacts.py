"""Counselling contacts of a client (date, duration, mode, topics, interpreter)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlmodel import col, select

from referral_desk.core import dates, policy
from referral_desk.core.errors import InvalidInput, NotFound
from referral_desk.core.models import Client, Contact, ContactCreate, ContactRead, ContactUpdate, utcnow
from referral_desk.core.services.clients import load_for_access
from referral_desk.core.services.common import require_version, stale_as_conflict, validate
from referral_desk.core.services.context import ServiceContext, UnitOfWork


def _read(contact: Contact, names: dict[int | None, str]) -> ContactRead:
    assert contact.id is not None  # flushed
    return ContactRead(
        id=contact.id,
        client_id=contact.client_id,
        date=contact.date,
        minutes=contact.minutes,
        mode=contact.mode,
        topics=list(contact.topics),
        interpreter=contact.interpreter,
        language=contact.language,
        note=contact.note,
        counsellor=names.get(contact.counsellor_id),
        with_family=contact.with_family,
        version=contact.version,
    )


# Keyed by optional ids so a contact without a counsellor looks up None (and finds no name).
def _names(uow: UnitOfWork) -> dict[int | None, str]:
    return {r[0]: r[1] for r in uow.conn.execute(text("SELECT id, name FROM user_account"))}


def _refresh_last_contact(uow: UnitOfWork, client: Client) -> None:
    row = uow.conn.execute(text("SELECT max(date) FROM contact WHERE client_id = :c"), {"c": client.id}).first()
    value = row[0] if row else None
    client.last_contact_on = dates.as_date(value)
    uow.session.add(client)


def add_contact(ctx: ServiceContext, *, client_id: int, data: Any) -> ContactRead:
    policy.require_client_role(ctx.actor, "contact add")
    valid = validate(ContactCreate, data)
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        if valid.date < client.birth_date:
            raise InvalidInput("input.date_before", field="date", other="birth_date")
        assert client.id is not None  # a stored row
        contact = Contact(client_id=client.id, counsellor_id=ctx.actor_id, **valid.model_dump())
        uow.session.add(contact)
        uow.session.flush()
        _refresh_last_contact(uow, client)
        uow.record(
            "contact.create",
            entity="contact",
            entity_id=contact.id,
            fields=sorted(valid.model_fields_set | {"client_id"}),
        )
        return _read(contact, _names(uow))


def update_contact(
    ctx: ServiceContext, *, contact_id: int, changes: Any, expected_version: int | None = None
) -> ContactRead:
    """Partial update of a contact. ``expected_version`` is the ``version`` the caller read:
    a contact saved elsewhere since is not overwritten (``contact.version_conflict``)."""
    policy.require_client_role(ctx.actor, "contact update")
    upd = validate(ContactUpdate, changes)
    present = set(upd.model_fields_set)
    if not present:
        raise InvalidInput("input.empty_update", field=None)
    for name in ("date", "minutes", "mode", "topics", "interpreter", "with_family"):
        if name in present and getattr(upd, name) is None:
            raise InvalidInput("input.required", field=name)
    with stale_as_conflict(ctx, "contact", "contact", contact_id, expected_version), ctx.transaction() as uow:
        contact = uow.session.get(Contact, contact_id)
        if contact is None:
            raise NotFound("contact.not_found", field="id", id=contact_id)
        client = load_for_access(uow, contact.client_id)
        require_version("contact", contact, expected_version)
        changed = []
        for name in present:
            value = getattr(upd, name)
            if getattr(contact, name) != value:
                setattr(contact, name, value)
                changed.append(name)
        if contact.date < client.birth_date:
            raise InvalidInput("input.date_before", field="date", other="birth_date")
        if changed:
            contact.updated_at = utcnow()
            uow.session.add(contact)
            uow.session.flush()
            _refresh_last_contact(uow, client)
            uow.record("contact.update", entity="contact", entity_id=contact.id, fields=changed)
        return _read(contact, _names(uow))


def list_contacts(ctx: ServiceContext, *, client_id: int) -> list[ContactRead]:
    policy.require_client_role(ctx.actor, "contact list")
    with ctx.transaction() as uow:
        load_for_access(uow, client_id)
        rows = uow.session.exec(
            select(Contact)
            .where(Contact.client_id == client_id)
            .order_by(col(Contact.date).desc(), col(Contact.id).desc())
        )
        names = _names(uow)
        return [_read(c, names) for c in rows]
