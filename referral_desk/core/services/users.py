"""User accounts: roles and keyring slots.

A user exists twice: a row in the database (role, active flag) and a password slot in the
keyring. Adding a user writes the row first and the slot after the commit; deactivating
removes the slot, so the password stops opening the vault at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic_core import PydanticCustomError
from sqlalchemy import text
from sqlmodel import col, func, select

from referral_desk.core import passwords, policy
from referral_desk.core.errors import InvalidInput, NotFound, PolicyRefused
from referral_desk.core.models import User, UserRead, filled, utcnow
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.validation import clean_text

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]{0,63}")


def _read(user: User) -> UserRead:
    return UserRead(
        id=filled(user.id),
        name=user.name,
        display_name=user.display_name,
        role=user.role,
        also_lead=user.also_lead,
        active=user.active,
        email=user.email,
        phone=user.phone,
        must_change_password=bool(user.must_change_password),
        ui_language=user.ui_language,
    )


def validate_new_user(*, name: str, display_name: str, role: str, password: str) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InvalidInput("input.pattern", field="name")
    try:
        clean_text(display_name, max_len=120, required=True)
    except PydanticCustomError:  # clean_text's only error
        raise InvalidInput("input.blank", field="display_name") from None
    if role not in policy.ROLES:
        raise InvalidInput("input.choice", field="role", value=str(role)[:20], allowed=", ".join(policy.ROLES))
    passwords.require_acceptable(password, user=name)


def _insert_user(
    ctx: ServiceContext,
    *,
    name: str,
    display_name: str,
    role: str,
    email: str | None = None,
    phone: str | None = None,
    also_lead: bool = False,
    must_change_password: bool = False,
) -> User:
    with ctx.transaction() as uow:
        s = uow.session
        exists = s.exec(select(User).where(User.name_folded == name.casefold())).first()
        if exists is not None:
            raise PolicyRefused("user.exists", name=name)
        user = User(
            name=name,
            name_folded=name.casefold(),
            display_name=" ".join(display_name.split()),
            role=role,
            also_lead=also_lead and role == "admin",
            email=email,
            phone=phone,
            must_change_password=must_change_password,
        )
        s.add(user)
        s.flush()
        uow.record(
            "user.create",
            entity="user",
            entity_id=user.id,
            fields=["name", "display_name", "role"] + (["also_lead"] if user.also_lead else []),
        )
        return user


def add_first_admin(ctx: ServiceContext, *, name: str, display_name: str, password: str) -> UserRead:
    with ctx.reading() as conn:
        if conn.execute(text("SELECT count(*) FROM user_account")).scalar_one():
            raise PolicyRefused("policy.role", action="first admin", roles="admin")
    # The person who sets up the vault usually leads the team as well.
    user = _insert_user(ctx, name=name, display_name=display_name, role="admin", also_lead=True)
    ctx.vault.set_password(name, password)
    return _read(user)


def add_user(
    ctx: ServiceContext,
    *,
    name: str,
    role: str,
    password: str,
    display_name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    also_lead: bool = False,
) -> UserRead:
    policy.require_role(ctx.actor, ("admin",), "user add")
    validate_new_user(name=name, display_name=display_name or name, role=role, password=password)
    # The admin chose this password, so the new user replaces it at the first sign-in.
    user = _insert_user(
        ctx,
        name=name,
        display_name=display_name or name,
        role=role,
        email=email,
        phone=phone,
        also_lead=also_lead,
        must_change_password=True,
    )
    ctx.vault.set_password(name, password)
    return _read(user)


def change_own_password(ctx: ServiceContext, *, new_password: str, rotate: bool = False) -> bool:
    """Give the signed-in person a new password.

    Without ``rotate`` only their keyring slot changes: an *old copy* of the keyring still
    opens the database with the old password. With ``rotate`` the data key is replaced
    afterwards (``rotate_data_key``), so old keyring copies and old passwords open nothing
    that is current. The app and ``passwd`` offer it; it is what someone whose password may
    have been seen should choose."""
    assert ctx.actor is not None
    if ctx.team and rotate:  # the person's own login role on the server: no data key to rotate
        raise InvalidInput("team.no_rotation", field="rotate")
    passwords.require_acceptable(new_password, user=ctx.actor.name)
    if ctx.team:
        _change_login_password(ctx, new_password, current_password=None)
        return False
    ctx.vault.set_password(ctx.actor.name, new_password)
    _clear_must_change(ctx)
    with ctx.transaction() as uow:
        uow.record(
            "user.password_change",
            entity="user",
            entity_id=ctx.actor.id,
            fields=["password"] + (["data_key"] if rotate else []),
        )
    # True when the data key was replaced now (False: not asked, or deferred to next unlock).
    return rotate_data_key(ctx) if rotate else False


def rotate_data_key(ctx: ServiceContext, *, remove_user: str | None = None) -> bool:
    """Replace the data key (re-encrypt the database, re-seal the key to every remaining
    slot). Crash-safe: an interrupted rotation is finished at the next unlock. Returns
    False when the vault is open elsewhere and the rotation was left to the next unlock."""
    return _rotate_or_defer(ctx, remove_user=remove_user, entity_id=None)


def reset_password(ctx: ServiceContext, *, name: str, new_password: str) -> None:
    """Admin sets another user's password (e.g. a counsellor who forgot theirs)."""
    policy.require_role(ctx.actor, ("admin",), "password reset")
    user = get_user(ctx, name=name)
    passwords.require_acceptable(new_password, user=user.name)
    if not user.active:
        raise PolicyRefused("policy.user_inactive")
    ctx.vault.set_password(user.name, new_password)
    with ctx.transaction() as uow:
        # The admin knows this password now: the user must replace it at the next sign-in.
        uow.conn.execute(text("UPDATE user_account SET must_change_password = 1 WHERE id = :id"), {"id": user.id})
        uow.record("user.password_reset", entity="user", entity_id=user.id, fields=["password"])


def get_user(ctx: ServiceContext, *, name: str) -> UserRead:
    with ctx.transaction() as uow:
        user = uow.session.exec(select(User).where(User.name_folded == name.casefold())).first()
        if user is None:
            raise NotFound("user.not_found", field="name", name=name[:64])
        return _read(user)


def list_users(ctx: ServiceContext, *, include_inactive: bool = True) -> list[UserRead]:
    with ctx.transaction() as uow:
        stmt = select(User).order_by(User.name_folded)
        if not include_inactive:
            stmt = stmt.where(col(User.active).is_(True))
        return [_read(u) for u in uow.session.exec(stmt)]


@dataclass(frozen=True)
class TeamMember:
    """A person as the administration's list shows them, with their team (``team_user`` on a
    team database; None on a desk vault, which has no teams)."""

    name: str
    display_name: str
    role: str
    team: str | None
    active: bool


def list_team_members(ctx: ServiceContext, *, include_inactive: bool = True) -> list[TeamMember]:
    """The accounts with their teams, read in one transaction. On a team database both
    ``user_account`` and ``team_user`` are readable by every client role; the accounts
    themselves are login roles the administration makes with ``user add``."""
    with ctx.transaction() as uow:
        stmt = select(User).order_by(User.name_folded)
        if not include_inactive:
            stmt = stmt.where(col(User.active).is_(True))
        people = list(uow.session.exec(stmt))
        teams: dict[int, str] = {}
        if ctx.team:
            teams = {row[0]: row[1] for row in uow.conn.execute(text("SELECT user_id, team FROM team_user"))}
        return [TeamMember(u.name, u.display_name, u.role, teams.get(filled(u.id)), bool(u.active)) for u in people]


def update_user(
    ctx: ServiceContext,
    *,
    name: str,
    role: str | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    also_lead: bool | None = None,
) -> UserRead:
    policy.require_role(ctx.actor, ("admin",), "user update")
    if role is not None and role not in policy.ROLES:
        raise InvalidInput("input.choice", field="role", value=str(role)[:20], allowed=", ".join(policy.ROLES))
    with ctx.transaction() as uow:
        s = uow.session
        user = s.exec(select(User).where(User.name_folded == name.casefold())).first()
        if user is None:
            raise NotFound("user.not_found", field="name", name=name[:64])
        changed: list[str] = []
        losing_admin = (
            user.role == "admin" and user.active and ((role is not None and role != "admin") or active is False)
        )
        if losing_admin:
            admins = s.exec(
                select(func.count()).select_from(User).where(User.role == "admin", col(User.active).is_(True))
            ).one()
            if admins <= 1:
                raise PolicyRefused("policy.last_admin")
        if role is not None and role != user.role:
            user.role = role
            changed.append("role")
        if also_lead is not None and also_lead != user.also_lead:
            user.also_lead = also_lead
            changed.append("also_lead")
        if user.role != "admin" and user.also_lead:
            user.also_lead = False
        if display_name is not None:
            user.display_name = clean_text(display_name, max_len=120, required=True) or user.display_name
            changed.append("display_name")
        if email is not None:
            user.email = email or None
            changed.append("email")
        if phone is not None:
            user.phone = phone or None
            changed.append("phone")
        # Deactivating always goes through deactivate(): backup, slot removed, key rotated.
        deactivating = active is False and user.active
        if active is True and not user.active:
            user.active = True
            user.deactivated_at = None
            changed.append("active")
        s.add(user)
        s.flush()
        if changed:
            uow.record("user.update", entity="user", entity_id=user.id, fields=changed)
        result = _read(user)
    if deactivating:
        deactivate(ctx, name=result.name)
        result = get_user(ctx, name=result.name)
    return result


def deactivate(ctx: ServiceContext, *, name: str, backup_dir: Path | str | None = None) -> Deactivation:
    """A person leaves (CLI ``user deactivate``, the app's offboarding button).

    1. backup (into ``backup_dir``, the organisation's backup folder or ``<vault>/backups``);
    2. one transaction: the account inactive, a *rotation pending* marker naming them,
       the audit event; then their keyring slot is removed (their password stops now);
    3. the data key is rotated, so a keyring copy they kept plus their old password opens
       nothing current; the marker goes with the rotation.
    If we are interrupted after 2, or the vault is open in another program, the next unlock
    by anyone finishes the rotation (``Vault._after_unlock``) instead of silently keeping the
    old key."""
    import json

    from referral_desk.core import backup
    from referral_desk.core.fileio import private_dir
    from referral_desk.core.services.organisation import get_organisation
    from referral_desk.core.vault import ROTATION_PENDING

    policy.require_role(ctx.actor, ("admin",), "user deactivate")
    target = get_user(ctx, name=name)
    if ctx.actor is not None and target.id == ctx.actor.id:
        raise PolicyRefused("policy.self_deactivate")
    if not target.active:
        raise PolicyRefused("policy.user_inactive")
    if backup_dir is None:
        org = get_organisation(ctx)
        backup_dir = Path(org.backup_dir).expanduser() if org.backup_dir else ctx.vault.directory / "backups"
    folder = private_dir(backup_dir)
    made = backup.create(ctx.vault, folder / backup.suggested_name(ctx.vault.vault_id), created_by=ctx.actor_id)
    with ctx.transaction() as uow:
        s = uow.session
        user = s.exec(select(User).where(User.id == target.id)).one()
        if user.role == "admin":
            admins = s.exec(
                select(func.count()).select_from(User).where(User.role == "admin", col(User.active).is_(True))
            ).one()
            if admins <= 1:
                raise PolicyRefused("policy.last_admin")
        user.active = False
        user.deactivated_at = utcnow()
        s.add(user)
        uow.conn.execute(
            text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"),
            {"k": ROTATION_PENDING, "v": json.dumps({"remove_user": target.name, "user_id": target.id})},
        )
        uow.record("user.deactivate", entity="user", entity_id=target.id, fields=["active", "keyring_slot"])
    ctx.vault.remove_password(target.name)
    rotated = _rotate_or_defer(ctx, remove_user=target.name, entity_id=target.id)
    return Deactivation(backup=made.path, rotated=rotated)


@dataclass(frozen=True)
class Deactivation:
    backup: Path
    rotated: bool  # False: the vault is open elsewhere; the next unlock rotates (marker kept)


def _rotate_or_defer(ctx: ServiceContext, *, remove_user: str | None, entity_id: int | None) -> bool:
    """Rotate now; if another program has the vault open (the rekey needs the only
    connection), leave the rotation to the next unlock instead of failing half-way: the
    marker (deactivation) or the staged keyring makes that unlock finish it."""
    from referral_desk.core.errors import IntegrityFailure
    from referral_desk.core.vault import ROTATION_PENDING

    try:
        ctx.vault.rotate_data_key(remove_user=remove_user)
    except IntegrityFailure as exc:
        if exc.code != "vault.busy_elsewhere":
            raise
        import json

        with ctx.transaction() as uow:
            uow.conn.execute(
                text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"),
                {"k": ROTATION_PENDING, "v": json.dumps({"remove_user": remove_user})},
            )
            uow.record(
                "vault.rekey_deferred",
                entity="user" if entity_id else "vault",
                entity_id=entity_id,
                fields=["data_key"],
            )
        ctx.vault.warnings.append("vault.rotation_unfinished")
        return False
    with ctx.transaction() as uow:
        uow.record("vault.rekey", entity="user" if entity_id else "vault", entity_id=entity_id, fields=["data_key"])
    return True


def offboard(ctx: ServiceContext, *, name: str) -> None:
    """Former name of ``deactivate`` (kept for callers of release 0.1)."""
    deactivate(ctx, name=name)


def recover_with_key(directory: Path | str, *, recovery_key: str, user: str, new_password: str) -> ServiceContext:
    """Open the vault with the recovery key, give ``user`` a new password and sign them in.

    ``reset_password`` needs an admin, which is exactly who may be missing here, so the
    slot is written through the vault and the event recorded in its own transaction."""
    from referral_desk.core.vault import Vault

    passwords.require_acceptable(new_password, user=user, field="new_password")
    vault = Vault.unlock_with_recovery(directory, recovery_key=recovery_key)
    try:
        ctx = ServiceContext.sign_in(vault, user)
        assert ctx.actor is not None
        vault.set_password(ctx.actor.name, new_password)
        with ctx.transaction() as uow:
            uow.conn.execute(
                text("UPDATE user_account SET must_change_password = 0 WHERE id = :id"), {"id": ctx.actor.id}
            )
            uow.record("user.password_recovery", entity="user", entity_id=ctx.actor.id, fields=["password"])
        return ctx
    except BaseException:
        vault.close()
        raise


# --- initial passwords (issue 16) ------------------------------------------------------------


def must_change_password(ctx: ServiceContext) -> bool:
    """Whether the signed-in user still has an admin-set password."""
    assert ctx.actor is not None
    with ctx.reading() as conn:
        return bool(
            conn.execute(
                text("SELECT must_change_password FROM user_account WHERE id = :id"), {"id": ctx.actor.id}
            ).scalar()
        )


def _clear_must_change(ctx: ServiceContext) -> None:
    """Clear the "replace your initial password" flag once the person chose their own."""
    if ctx.actor is None or not must_change_password(ctx):
        return
    with ctx.transaction() as uow:
        uow.conn.execute(text("UPDATE user_account SET must_change_password = 0 WHERE id = :id"), {"id": ctx.actor.id})
        uow.record(
            "user.password_initial_replaced", entity="user", entity_id=ctx.actor.id, fields=["must_change_password"]
        )


def _opens_own_slot(ctx: ServiceContext, password: str) -> bool:
    from referral_desk.core.errors import AuthenticationFailed
    from referral_desk.core.keyring import Keyring

    assert ctx.actor is not None
    try:
        Keyring.load(ctx.vault.directory).unwrap_with_password(ctx.actor.name, password)
    except AuthenticationFailed:
        return False
    return True


def _change_login_password(ctx: ServiceContext, new_password: str, *, current_password: str | None) -> None:
    from referral_desk.core.team import server
    from referral_desk.core.team.context import TeamContext

    assert isinstance(ctx, TeamContext)
    server.change_own_password(ctx.engine, new_password=new_password, current_password=current_password)


def change_password(ctx: ServiceContext, *, current_password: str | None, new_password: str) -> None:
    """ "Passwort ändern" in the app and the forced change after an initial password.

    ``current_password`` is required unless the user still has an initial password (they
    proved it seconds ago at sign-in). The new password must pass the policy and differ
    from the current one."""
    assert ctx.actor is not None
    passwords.require_acceptable(new_password, user=ctx.actor.name, field="new_password")
    if ctx.team:  # the server checks the current password by a sign-in with it
        if not current_password:
            raise InvalidInput("input.required", field="current_password")
        _change_login_password(ctx, new_password, current_password=current_password)
        return
    if current_password is None:
        if not must_change_password(ctx):
            raise InvalidInput("input.required", field="current_password")
    elif not _opens_own_slot(ctx, current_password):
        from referral_desk.core.errors import AuthenticationFailed

        raise AuthenticationFailed("auth.failed")
    if _opens_own_slot(ctx, new_password):
        raise InvalidInput("password.same_as_old", field="new_password")
    change_own_password(ctx, new_password=new_password)
