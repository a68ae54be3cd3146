"""Backups as a use case: who may make them, where they go, how many are kept, and the
result of each run stored in the vault (``backup_run``) so the app can show it."""

from __future__ import annotations

from pathlib import Path

from referral_desk.core import backup, policy
from referral_desk.core.errors import InvalidInput, ReferralDeskError
from referral_desk.core.services.context import ServiceContext

DEFAULT_FOLDER_SUFFIX = "-sicherungen"


def default_backup_dir(vault_dir: Path) -> Path:
    """Where automatic backups go unless the organisation chose a folder: beside the vault
    directory, e.g. ``~/.local/share/referral-desk/vault-sicherungen`` (docs/handbuch). An
    external drive or a network share is better; the default makes sure there is *a* backup."""
    vault_dir = Path(vault_dir)
    return vault_dir.parent / f"{vault_dir.name}{DEFAULT_FOLDER_SUFFIX}"


def backup_folder(ctx: ServiceContext) -> Path:
    from referral_desk.core.services.organisation import get_organisation

    org = get_organisation(ctx)
    return Path(org.backup_dir).expanduser() if org.backup_dir else default_backup_dir(ctx.vault.directory)


def _error_code(exc: BaseException) -> str:
    if isinstance(exc, ReferralDeskError):
        return exc.code
    if isinstance(exc, OSError):
        return "backup.write_failed"
    return "backup.failed"


def create_backup(ctx: ServiceContext, *, out: Path | str) -> backup.BackupInfo:
    """A backup to an explicit file (CLI ``backup --out FILE``, "Sicherung erstellen")."""
    from referral_desk.core.services.desk import record_backup

    policy.require_role(ctx.actor, ("admin",), "backup")
    out = Path(out)
    if out.is_dir():
        out = out / backup.suggested_name(ctx.vault.vault_id)
    try:
        result = backup.create(ctx.vault, out, created_by=ctx.actor_id)
    except Exception as exc:
        record_backup(ctx, automatic=False, ok=False, error_code=_error_code(exc))
        raise
    with ctx.transaction() as uow:
        uow.record("vault.backup", fields=["database", "keyring", "manifest"])
    record_backup(ctx, automatic=False, ok=True, file_name=result.path.name, size=result.size)
    return result


def automatic_backup(ctx: ServiceContext) -> backup.BackupInfo:
    """The backup on closing the app: into the organisation's backup folder (or the default
    folder beside the vault), keeping the newest N. On by default. Runs for every signed-in
    role (it is the organisation's safety net, not an export). The result, good or bad, is
    stored in the vault; a failure is raised after it was stored."""
    from referral_desk.core.services.desk import record_backup
    from referral_desk.core.services.organisation import get_organisation

    org = get_organisation(ctx)
    folder = backup_folder(ctx)
    try:
        if not org.backup_dir:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not folder.is_dir():
            raise InvalidInput("input.file", field="backup_dir", path=str(folder))
        # Audit first, so the backup's manifest already contains this event.
        with ctx.transaction() as uow:
            uow.record("vault.backup_automatic", fields=["database", "keyring", "manifest"])
        result = backup.create(ctx.vault, folder / backup.suggested_name(ctx.vault.vault_id), created_by=ctx.actor_id)
        backup.rotate(folder, keep=org.backup_keep)
    except Exception as exc:
        record_backup(ctx, automatic=True, ok=False, error_code=_error_code(exc))
        raise
    record_backup(ctx, automatic=True, ok=True, file_name=result.path.name, size=result.size)
    return result
