"""Per-person preferences kept inside the vault (``meta`` table), never in QSettings or
other files outside it: a folder name can name a client ("…/Ayşe Yılmaz (Klientin)").

Only the last folder of the app's file dialogs lives here so far. On a team database it is
not stored at all: the shared ``meta`` table is readable by the whole team (the app keeps
the folder for the session).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from referral_desk.core.errors import InvalidInput
from referral_desk.core.services.context import ServiceContext

_MAX_PATH = 4096


def _key(ctx: ServiceContext) -> str:
    return f"ui.last_folder.{ctx.actor_id if ctx.actor_id is not None else 'system'}"


def get_last_folder(ctx: ServiceContext) -> str | None:
    """The folder this person last used in a file dialog, if it still exists."""
    if ctx.team:
        return None
    with ctx.reading() as conn:
        row = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": _key(ctx)}).first()
    if row is None or not row[0]:
        return None
    return row[0] if Path(row[0]).is_dir() else None


def set_last_folder(ctx: ServiceContext, *, folder: str) -> None:
    if not isinstance(folder, str) or not folder or len(folder) > _MAX_PATH or "\x00" in folder:
        raise InvalidInput("input.file", field="folder", path="…")
    if ctx.team:
        return
    with ctx.transaction() as uow:
        row = uow.conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": _key(ctx)}).first()
        if row is not None and row[0] == folder:
            return
        uow.conn.execute(
            text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"), {"k": _key(ctx), "v": folder}
        )
        uow.record("user.preferences_update", entity="user", entity_id=ctx.actor_id, fields=["last_folder"])
