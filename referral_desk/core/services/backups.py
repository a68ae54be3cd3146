"""Backups as a use case: who may make them, where they go, how many are kept."""
from __future__ import annotations

from pathlib import Path

from referral_desk.core import backup, policy
from referral_desk.core.errors import InvalidInput
from referral_desk.core.services.context import ServiceContext


def create_backup(ctx: ServiceContext, *, out: Path | str) -> backup.BackupInfo:
    """A backup to an explicit file (CLI ``backup --out FILE``, "Sicherung erstellen")."""
    policy.require_role(ctx.actor, ("admin",), "backup")
    out = Path(out)
    if out.is_dir():
        out = out / backup.suggested_name(ctx.vault.vault_id)
    result = backup.create(ctx.vault, out, created_by=ctx.actor_id)
    with ctx.transaction() as uow:
        uow.record("vault.backup", fields=["database", "keyring", "manifest"])
    return result


def automatic_backup(ctx: ServiceContext) -> backup.BackupInfo | None:
    """The backup on closing the app: into the organisation's backup folder, keeping the
    newest N. Returns None when no folder is configured. Runs for every signed-in role
    (it is the organisation's safety net, not an export)."""
    from referral_desk.core.services.organisation import get_organisation

    org = get_organisation(ctx)
    if not org.backup_dir:
        return None
    folder = Path(org.backup_dir).expanduser()
    if not folder.is_dir():
        raise InvalidInput("input.file", field="backup_dir", path=str(folder))
    # Audit first, so the backup's manifest already contains this event.
    with ctx.transaction() as uow:
        uow.record("vault.backup_automatic", fields=["database", "keyring", "manifest"])
    result = backup.create(ctx.vault, folder / backup.suggested_name(ctx.vault.vault_id), created_by=ctx.actor_id)
    backup.rotate(folder, keep=org.backup_keep)
    return result
