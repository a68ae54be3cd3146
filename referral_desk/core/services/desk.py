"""What the desktop app keeps inside the vault about itself (issue 16).

* the start of a session: the user's must-change flag and language, the last backup and
  whether a failed automatic backup still has to be announced;
* each user's own UI language;
* settings that must not live in a plain settings file (the printer last used);
* unexpected program errors: type and code location only, never a message.

Every write is one transaction with its audit event (ids and field names only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from referral_desk.core import clock, policy
from referral_desk.core.errors import InvalidInput
from referral_desk.core.models import OrganisationRead
from referral_desk.core.services.context import ServiceContext

LANGUAGES = ("de", "en")
PRINTER_KEY = "print.printer"
_SETTING_KEYS = (PRINTER_KEY,)


@dataclass(frozen=True)
class BackupStatus:
    at: dt.datetime
    automatic: bool
    ok: bool
    file_name: str | None
    error_code: str | None
    id: int


@dataclass(frozen=True)
class SessionStart:
    organisation: OrganisationRead
    must_change_password: bool
    ui_language: str  # the user's own, else the organisation's
    last_backup: BackupStatus | None  # the newest run, ok or not
    last_good_backup: BackupStatus | None
    backup_warning: BackupStatus | None  # a failed automatic backup nobody has seen yet


def _status(row: Any) -> BackupStatus | None:
    if row is None:
        return None
    at = row.at if isinstance(row.at, dt.datetime) else dt.datetime.fromisoformat(str(row.at))
    return BackupStatus(
        at=at,
        automatic=bool(row.automatic),
        ok=bool(row.ok),
        file_name=row.file_name,
        error_code=row.error_code,
        id=row.id,
    )


def backup_status(ctx: ServiceContext) -> tuple[BackupStatus | None, BackupStatus | None]:
    """(newest run, newest successful run)."""
    with ctx.reading() as conn:
        last = conn.execute(text("SELECT * FROM backup_run ORDER BY id DESC LIMIT 1")).first()
        good = conn.execute(text("SELECT * FROM backup_run WHERE ok = 1 ORDER BY id DESC LIMIT 1")).first()
    return _status(last), _status(good)


def session_start(ctx: ServiceContext) -> SessionStart:
    """What the app needs right after sign-in. On the team database there are no desk
    backups (the administration backs up the server, ``server backup``) and the password
    belongs to the server's login role, so neither is asked there."""
    from referral_desk.core.services.organisation import get_organisation

    assert ctx.actor is not None
    org = get_organisation(ctx)
    with ctx.reading() as conn:
        row = conn.execute(
            text("SELECT must_change_password, ui_language FROM user_account WHERE id = :id"), {"id": ctx.actor.id}
        ).first()
        warn = (
            None
            if ctx.team
            else conn.execute(
                text(
                    "SELECT * FROM backup_run WHERE id = (SELECT max(id) FROM backup_run WHERE automatic = 1) "
                    "AND ok = 0 AND acknowledged = 0"
                )
            ).first()
        )
    assert row is not None  # the signed-in user's own row
    last, good = (None, None) if ctx.team else backup_status(ctx)
    return SessionStart(
        organisation=org,
        must_change_password=bool(row.must_change_password) and not ctx.team,
        ui_language=row.ui_language or org.ui_language,
        last_backup=last,
        last_good_backup=good,
        backup_warning=_status(warn),
    )


def acknowledge_backup_warning(ctx: ServiceContext, *, run_id: int) -> None:
    with ctx.transaction() as uow:
        uow.conn.execute(text("UPDATE backup_run SET acknowledged = 1 WHERE id = :id"), {"id": int(run_id)})
        uow.record("backup.warning_seen", entity="backup_run", entity_id=int(run_id), fields=["acknowledged"])


def record_backup(
    ctx: ServiceContext,
    *,
    automatic: bool,
    ok: bool,
    file_name: str | None = None,
    size: int | None = None,
    error_code: str | None = None,
) -> int:
    with ctx.transaction() as uow:
        run_id = uow.conn.execute(
            text(
                "INSERT INTO backup_run (at, automatic, ok, file_name, size, error_code, user_id, acknowledged) "
                "VALUES (:at, :automatic, :ok, :file_name, :size, :error_code, :user_id, 0)"
            ),
            {
                "at": clock.now_utc().replace(microsecond=0, tzinfo=None).isoformat(sep=" "),
                "automatic": automatic,
                "ok": ok,
                "file_name": file_name,
                "size": size,
                "error_code": error_code,
                "user_id": ctx.actor_id,
            },
        ).lastrowid
        uow.record(
            "backup.result",
            entity="backup_run",
            entity_id=run_id,
            fields=["ok"] + (["error_code"] if error_code else []),
        )
    return int(run_id)


def set_ui_language(ctx: ServiceContext, *, language: str | None) -> None:
    """The signed-in user's own language (None: follow the organisation)."""
    assert ctx.actor is not None
    if language is not None and language not in LANGUAGES:
        raise InvalidInput("input.choice", field="ui_language", value=str(language)[:10], allowed=", ".join(LANGUAGES))
    with ctx.transaction() as uow:
        uow.conn.execute(
            text("UPDATE user_account SET ui_language = :l WHERE id = :id"), {"l": language, "id": ctx.actor.id}
        )
        uow.record("user.ui_language", entity="user", entity_id=ctx.actor.id, fields=["ui_language"])


def get_setting(ctx: ServiceContext, *, key: str) -> str | None:
    if key not in _SETTING_KEYS:
        raise InvalidInput("input.choice", field="key", value=key[:40], allowed=", ".join(_SETTING_KEYS))
    if ctx.team:  # a computer's printer is no team-wide fact: kept by the app for the session only
        return None
    with ctx.reading() as conn:
        return conn.execute(text('SELECT value FROM desk_setting WHERE "key" = :k'), {"k": key}).scalar()


def set_setting(ctx: ServiceContext, *, key: str, value: str) -> None:
    if key not in _SETTING_KEYS:
        raise InvalidInput("input.choice", field="key", value=key[:40], allowed=", ".join(_SETTING_KEYS))
    if not isinstance(value, str) or len(value) > 500:
        raise InvalidInput("input.too_long", field="value", max=500)
    if ctx.team:
        return
    with ctx.transaction() as uow:
        uow.conn.execute(
            text(
                'INSERT INTO desk_setting ("key", value) VALUES (:k, :v) '
                'ON CONFLICT("key") DO UPDATE SET value = excluded.value'
            ),
            {"k": key, "v": value},
        )
        uow.record("desk.setting", fields=[key])


# --- program errors --------------------------------------------------------------------------


@dataclass(frozen=True)
class AppErrorRead:
    id: int
    at: str
    kind: str
    location: str
    app_version: str


def record_error(ctx: ServiceContext, *, kind: str, location: str, app_version: str) -> int:
    """Store one unexpected error (from the exception hook). ``kind`` is the exception's type
    name and ``location`` lines of "file:function:line", both from code, not from data."""
    with ctx.transaction() as uow:
        error_id = uow.conn.execute(
            text("INSERT INTO app_error (at, kind, location, app_version, user_id) VALUES (:at, :k, :l, :v, :u)"),
            {
                "at": clock.now_utc().replace(microsecond=0, tzinfo=None).isoformat(sep=" "),
                "k": kind[:200],
                "l": location[:8000],
                "v": app_version[:40],
                "u": ctx.actor_id,
            },
        ).lastrowid
        uow.record("app.error", entity="app_error", entity_id=error_id, fields=["kind", "location"])
    return int(error_id)


def list_errors(ctx: ServiceContext, *, limit: int = 100) -> list[AppErrorRead]:
    policy.require_role(ctx.actor, ("admin",), "error log")
    with ctx.reading() as conn:
        rows = conn.execute(
            text("SELECT id, at, kind, location, app_version FROM app_error ORDER BY id DESC LIMIT :n"),
            {"n": max(1, min(int(limit), 1000))},
        ).all()
    return [AppErrorRead(r[0], str(r[1]), r[2], r[3], r[4]) for r in rows]


def display_names(ctx: ServiceContext) -> dict[str, str]:
    """User name → display name, so screens show people as "Anna Schäfer", not "admin"."""
    with ctx.reading() as conn:
        return {r[0]: r[1] for r in conn.execute(text("SELECT name, display_name FROM user_account"))}
