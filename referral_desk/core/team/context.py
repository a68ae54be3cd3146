"""``TeamContext``: the existing services, run on the team database as the connected person.

A ``ServiceContext`` whose transactions are PostgreSQL transactions on the login role's own
connection, so row-level security applies to every statement a service sends. Audit events
go through the server's ``rd_audit`` function (the only way to write them); the anchor files
of the desk vault have no role here (the server is the authority; see docs/team-database.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from referral_desk.core.audit import fields_json
from referral_desk.core.errors import AuthenticationFailed, PolicyRefused
from referral_desk.core.services.context import Actor, ServiceContext, UnitOfWork


class TeamAuditWriter:
    """Same surface as ``core.audit.AuditWriter``; each event is one ``rd_audit`` call in the
    caller's transaction (the server chains and stamps it; who acted is the login role)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.written = 0
        self.head = None

    def record(
        self,
        action: str,
        *,
        entity: str | None = None,
        entity_id: int | None = None,
        fields: Iterable[str] = (),
        at: str | None = None,
    ) -> None:
        self._conn.execute(
            text("SELECT rd_audit(:a, :e, :i, :f)"),
            {"a": action, "e": entity, "i": entity_id, "f": fields_json(tuple(fields))},
        )
        self.written += 1

    def flush(self) -> None:
        pass


class TeamConnection:
    """What ``ctx.vault`` is in team mode: closing it returns the connections."""

    # No vault folder: the forms are the shipped templates only (an organisation's own
    # template files in a vault's ``forms`` folder have no place on a team database yet).
    directory = None

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_open = True
        self.anchor_problem = None

    def close(self) -> None:
        if self.is_open:
            self.engine.dispose()
            self.is_open = False

    # ``Vault.read`` / ``Vault.write`` on the server (no row-level security is lifted: the
    # connection is the signed-in person's own login).
    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            try:
                yield conn
            finally:
                conn.rollback()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def __enter__(self) -> TeamConnection:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class TeamContext(ServiceContext):
    team = True

    def __init__(self, engine: Engine, actor: Actor | None) -> None:
        super().__init__(TeamConnection(engine), actor)  # type: ignore[arg-type]
        self.engine = engine

    @classmethod
    def sign_in(cls, engine: Engine, user_name: str | None = None) -> TeamContext:  # type: ignore[override]
        """The person is the login role the server authenticated; ``user_name``, if given,
        must match it (a DSN for someone else is refused)."""
        refused: Exception | None = None
        with engine.connect() as conn:
            row = conn.execute(text("SELECT id, name, display_name, role, also_lead, active FROM rd_whoami()")).first()
            conn.rollback()
            if row is None or not row.active or (user_name and user_name.casefold() != row.name.casefold()):
                refused = AuthenticationFailed("auth.failed")
            else:
                try:
                    _check_revision(conn)
                except PolicyRefused as exc:
                    refused = exc
        if refused is not None:
            engine.dispose()
            raise refused
        assert row is not None  # refused otherwise
        # row_security: which clients exist for this connection is the server's decision.
        ctx = cls(engine, Actor(row.id, row.name, row.display_name, row.role, bool(row.also_lead), row_security=True))
        with ctx.transaction() as uow:
            uow.record("session.sign_in", entity="user", entity_id=row.id)
        return ctx

    def lock(self) -> None:
        try:
            if self.actor is not None and self.vault.is_open:
                with self.transaction() as uow:
                    uow.record("session.lock", entity="user", entity_id=self.actor.id)
        finally:
            self.vault.close()

    @contextmanager
    def transaction(self) -> Iterator[UnitOfWork]:
        from sqlalchemy.exc import ProgrammingError

        try:
            with self.engine.begin() as conn:
                uow = UnitOfWork(conn, TeamAuditWriter(conn), self.actor)  # type: ignore[arg-type]
                try:
                    yield uow
                    uow.finish()
                finally:
                    uow.close()
        except ProgrammingError as exc:
            raise _refused(exc) from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        from sqlalchemy.exc import ProgrammingError

        try:
            with self.engine.connect() as conn:
                try:
                    yield conn
                finally:
                    conn.rollback()
        except ProgrammingError as exc:
            raise _refused(exc) from None


def _check_revision(conn: Connection) -> None:
    """The team database must be at this program's revision of the schema: older, the
    administration runs ``server upgrade`` first; newer, this desk needs an update. Said at
    sign-in, instead of a failure at the first query that meets a changed table."""
    from sqlalchemy.exc import DBAPIError

    from referral_desk.core.migrations import history

    head = history.head()
    try:
        found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:  # set up before revision 0004 let the logins read it: older anyway
        found = None
    finally:
        conn.rollback()
    if found == head:
        return
    if found is not None and not history.known(found):
        raise PolicyRefused("team.newer_schema", found=found, supported=head)
    raise PolicyRefused("team.upgrade_needed", found=found or "–", supported=head)


def _refused(exc: Exception) -> Exception:
    """The server refused (insufficient privilege, row-level security): exit 3. Anything
    else stays what it was."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) == "42501":
        return PolicyRefused("team.server_refused")
    return exc
