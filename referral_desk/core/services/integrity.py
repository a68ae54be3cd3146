"""An administrator acknowledges an anchor problem (DESIGN.md §5).

When the database no longer contains the audit head this machine or the vault folder last
saw (rolled back, replaced, truncated, a lost WAL, a missing anchor), unlocking is refused.
Someone has to look at what happened — restore a newer backup, or accept that the changes
since are gone — and only an administrator may then accept the database as it is. The
acknowledgement is audited (``vault.anchor_acknowledged``), its reason and the problem are
kept in the vault (``meta``), and the anchors start again from the current head.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError
from sqlalchemy import text

from referral_desk.core import clock, policy
from referral_desk.core.errors import InvalidInput
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.validation import clean_text

ACKNOWLEDGEMENTS = "anchor_acknowledgements"
_KEEP = 50


def acknowledge_anchor_problem(ctx: ServiceContext, *, reason: str) -> dict[str, Any] | None:
    """Accept the database as it is. Returns what was acknowledged, or None if the anchors
    were fine. Refused (exit 3) for anyone but an administrator; a reason is required."""
    policy.require_role(ctx.actor, ("admin",), "acknowledge")
    try:
        cleaned = clean_text(reason, max_len=500, required=True, multiline=True)
    except PydanticCustomError:  # clean_text's only error
        raise InvalidInput("input.reason_required", field="reason") from None
    problem = ctx.vault.anchor_problem
    if problem is None:
        return None
    record = {
        "at": clock.now_utc().isoformat(timespec="seconds"),
        "user_id": ctx.actor_id,
        "problem": problem.code,
        "seq": problem.params.get("seq"),
        "reason": cleaned,
    }
    with ctx.transaction() as uow:
        uow.reset_anchor = True
        row = uow.conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": ACKNOWLEDGEMENTS}).first()
        try:
            history = json.loads(row[0]) if row else []
        except ValueError:
            history = []
        history = (history if isinstance(history, list) else [])[-(_KEEP - 1) :] + [record]
        uow.conn.execute(
            text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"),
            {"k": ACKNOWLEDGEMENTS, "v": json.dumps(history, ensure_ascii=False)},
        )
        uow.record("vault.anchor_acknowledged", entity="vault", fields=["anchor", "reason"])
        uow.record("session.sign_in", entity="user", entity_id=ctx.actor_id)
    return {k: v for k, v in record.items() if k != "reason"}


def acknowledgements(ctx: ServiceContext) -> list[dict[str, Any]]:
    policy.require_role(ctx.actor, ("admin",), "acknowledge")
    with ctx.reading() as conn:
        row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": ACKNOWLEDGEMENTS}).first()
    try:
        return json.loads(row[0]) if row else []
    except ValueError:
        return []


ANCHOR_PROBLEMS = frozenset(
    {"verify.anchor_missing_entry", "verify.anchor_mismatch", "verify.anchor_missing", "verify.anchor_invalid"}
)


def is_anchor_problem(exc: BaseException) -> bool:
    """True for the integrity failures an administrator may acknowledge (the app's notice)."""
    return getattr(exc, "code", None) in ANCHOR_PROBLEMS


def acknowledge_at_unlock(directory: Path | str, *, user: str, password: str, reason: str) -> dict[str, Any] | None:
    """The app's blocking notice: an administrator signs in *for this purpose only*,
    acknowledges with a reason, and the vault is locked again so everyone signs in anew."""
    from referral_desk.core.vault import Vault

    if not (reason or "").strip():
        raise InvalidInput("input.reason_required", field="reason")
    vault = Vault.unlock(directory, user=user, password=password, tolerate_anchor=True)
    try:
        ctx = ServiceContext.sign_in(vault, user)
        policy.require_role(ctx.actor, ("admin",), "acknowledge")
        return acknowledge_anchor_problem(ctx, reason=reason)
    finally:
        vault.close()
