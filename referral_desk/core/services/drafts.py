"""Unsaved form contents, kept inside the encrypted vault when the app locks.

A draft belongs to one user and one form (``kind`` + ``ref``, e.g. ("client", "new") or
("client", "42")). The payload is whatever the form needs to restore itself; it is never
written anywhere but the vault. Saving or discarding the form deletes its draft.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from referral_desk.core.errors import InvalidInput
from referral_desk.core.models import Draft, utcnow
from referral_desk.core.services.context import ServiceContext

MAX_PAYLOAD_BYTES = 1_000_000


def save_draft(ctx: ServiceContext, *, kind: str, ref: str, payload: dict[str, Any]) -> None:
    assert ctx.actor is not None
    if len(json.dumps(payload, default=str)) > MAX_PAYLOAD_BYTES:
        raise InvalidInput("input.too_long", field="draft", max=MAX_PAYLOAD_BYTES)
    with ctx.transaction() as uow:
        s = uow.session
        draft = s.exec(select(Draft).where(Draft.user_id == ctx.actor.id, Draft.kind == kind, Draft.ref == ref)).first()
        if draft is None:
            draft = Draft(user_id=ctx.actor.id, kind=kind, ref=ref, payload=payload)
        else:
            draft.payload = payload
            draft.updated_at = utcnow()
        s.add(draft)
        s.flush()
        uow.record("draft.save", entity="draft", entity_id=draft.id, fields=sorted(payload))


def list_drafts(ctx: ServiceContext) -> list[dict[str, Any]]:
    """The signed-in user's drafts: kind, ref, payload, updated_at."""
    assert ctx.actor is not None
    with ctx.reading() as conn:
        from sqlalchemy import text

        rows = conn.execute(
            text("SELECT kind, ref, payload, updated_at FROM draft WHERE user_id = :u ORDER BY updated_at"),
            {"u": ctx.actor.id},
        )
        return [
            {
                "kind": r.kind,
                "ref": r.ref,
                "payload": json.loads(r.payload) if isinstance(r.payload, str) else r.payload,
                "updated_at": r.updated_at,
            }
            for r in rows
        ]


def delete_draft(ctx: ServiceContext, *, kind: str, ref: str) -> None:
    assert ctx.actor is not None
    with ctx.transaction() as uow:
        s = uow.session
        draft = s.exec(select(Draft).where(Draft.user_id == ctx.actor.id, Draft.kind == kind, Draft.ref == ref)).first()
        if draft is not None:
            draft_id = draft.id
            s.delete(draft)
            s.flush()
            uow.record("draft.delete", entity="draft", entity_id=draft_id)
