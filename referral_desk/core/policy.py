"""Who may do what. Services call these; the UI only mirrors them (greys out, explains).

Roles (DESIGN.md §2, issue "Data-protection operations"): counsellor (own clients, or the
whole team's when the organisation enables team access), lead (all clients), statistics
(aggregates only), admin (users, settings; clients as a lead does).
"""
from __future__ import annotations

from referral_desk.core.errors import PolicyRefused
from referral_desk.core.services.context import Actor

ROLES = ("counsellor", "lead", "statistics", "admin")
CLIENT_ROLES = ("counsellor", "lead", "admin")


def require_role(actor: Actor | None, roles: tuple[str, ...], action: str) -> None:
    if actor is None or actor.role not in roles:
        raise PolicyRefused("policy.role", action=action, roles=" / ".join(roles))


def can_see_all_clients(actor: Actor, *, team_access: bool) -> bool:
    return actor.role in ("lead", "admin") or (actor.role == "counsellor" and team_access)


def require_client_access(actor: Actor | None, *, counsellor_id: int | None, team_access: bool) -> None:
    require_role(actor, CLIENT_ROLES, "client records")
    assert actor is not None
    if can_see_all_clients(actor, team_access=team_access):
        return
    if counsellor_id is not None and counsellor_id != actor.id:
        raise PolicyRefused("policy.not_own_client")
