"""Who may do what. Services call these; the UI only mirrors them (greys out, explains).

Roles (DESIGN.md §2, issue "Data-protection operations"):

* counsellor — their own clients; the whole team's when the organisation enables team access
* lead — all clients, the referral overview, statistics
* statistics — aggregates only, never a client record
* admin — users, settings, backups, audit; client records only if also a lead
  (``also_lead``; the first admin created with the vault is)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from referral_desk.core.errors import PolicyRefused

if TYPE_CHECKING:  # policy is imported by the desktop shell before the database stack loads
    from referral_desk.core.services.context import Actor

ROLES = ("counsellor", "lead", "statistics", "admin")
CLIENT_ROLES = ("counsellor", "lead", "admin")
AUDIT_ROLES = ("lead", "admin")
STATISTICS_ROLES = ("lead", "statistics", "admin")


def require_role(actor: Actor | None, roles: tuple[str, ...], action: str) -> None:
    if actor is None or actor.role not in roles:
        raise PolicyRefused("policy.role", action=action, roles=" / ".join(roles))


def is_lead(actor: Actor | None) -> bool:
    return actor is not None and (actor.role == "lead" or (actor.role == "admin" and actor.also_lead))


def works_with_clients(actor: Actor | None) -> bool:
    return actor is not None and (actor.role == "counsellor" or is_lead(actor))


def require_client_role(actor: Actor | None, action: str) -> None:
    if not works_with_clients(actor):
        raise PolicyRefused("policy.role", action=action, roles="counsellor / lead")


def can_see_all_clients(actor: Actor, *, team_access: bool) -> bool:
    # In team mode (row_security) the server filters the rows: all it returns may be opened.
    return (
        is_lead(actor)
        or (actor.role == "counsellor" and team_access)
        or (getattr(actor, "row_security", False) and works_with_clients(actor))
    )


def require_client_access(actor: Actor | None, *, counsellor_id: int | None, team_access: bool) -> None:
    require_client_role(actor, "client records")
    assert actor is not None
    if can_see_all_clients(actor, team_access=team_access):
        return
    if counsellor_id is not None and counsellor_id != actor.id:
        raise PolicyRefused("policy.not_own_client")
