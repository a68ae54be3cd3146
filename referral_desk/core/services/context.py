"""Who is acting, and the unit of work every service call runs in.

``ServiceContext`` = an unlocked vault + the signed-in user. ``ctx.transaction()`` yields a
``UnitOfWork``: one write transaction with an audit writer in it; the audit events are
committed with the change or not at all, and the anchor outside the database is updated
after the commit. ``ctx.reading()`` is a read-only transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from referral_desk.core import clock
from referral_desk.core.audit import AuditWriter
from referral_desk.core.errors import AuthenticationFailed
from referral_desk.core.vault import Vault


@dataclass(frozen=True)
class Actor:
    id: int
    name: str
    display_name: str
    role: str
    also_lead: bool = False
    # Team database: the server's row-level security already limits which records this
    # connection can read, so a record it can load is one the person may open (a share).
    row_security: bool = False


class UnitOfWork:
    def __init__(self, conn: Connection, audit: AuditWriter, actor: Actor | None) -> None:
        self.conn = conn
        self.audit = audit
        self.actor = actor
        self._session: Session | None = None
        # Set by an acknowledged anchor problem: the anchors restart from this head.
        self.reset_anchor = False

    @property
    def session(self) -> Session:
        """An ORM session joined to this transaction (flushes, never commits itself)."""
        if self._session is None:
            self._session = Session(bind=self.conn, autoflush=True, expire_on_commit=False)
        return self._session

    def record(
        self,
        action: str,
        *,
        entity: str | None = None,
        entity_id: int | None = None,
        fields: list[str] | tuple[str, ...] | set[str] = (),
    ) -> None:
        self.audit.record(action, entity=entity, entity_id=entity_id, fields=fields)

    def finish(self) -> None:
        if self._session is not None:
            self._session.flush()
        self.audit.flush()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def _now_iso() -> str:
    return clock.now_utc().isoformat(timespec="seconds")


class ServiceContext:
    # A desk vault; ``TeamContext`` (core/team/context.py) says True: the team database.
    team = False

    def __init__(self, vault: Vault, actor: Actor | None) -> None:
        self.vault = vault
        self.actor = actor

    @classmethod
    def sign_in(cls, vault: Vault, user_name: str) -> ServiceContext:
        """The context for a user whose password already unlocked the vault.

        Audits the sign-in (``session.sign_in``), the failed attempts noted since the last
        one (``session.sign_in_failed``), a first use of this vault on this machine
        (``vault.anchor_first_use``) and a key rotation finished at unlock (``vault.rekey``).
        While an anchor problem awaits an administrator's acknowledgement nothing is
        written: the database is not to be trusted yet."""
        with vault.read() as conn:
            row = conn.execute(
                text("SELECT id, name, display_name, role, also_lead, active FROM user_account WHERE name_folded = :n"),
                {"n": user_name.casefold()},
            ).first()
            ids = {r.name_folded: r.id for r in conn.execute(text("SELECT id, name_folded FROM user_account"))}
        if row is None or not row.active:
            raise AuthenticationFailed("auth.failed")
        ctx = cls(vault, Actor(row.id, row.name, row.display_name, row.role, bool(row.also_lead)))
        if vault.anchor_problem is None:
            with ctx.transaction() as uow:
                for failure in vault.failed_sign_ins:
                    uow.audit.record(
                        "session.sign_in_failed",
                        entity="user" if failure["user"] else None,
                        entity_id=ids.get(failure["user"].casefold()) if failure["user"] else None,
                        at=failure["at"] or None,
                    )
                vault.failed_sign_ins = []
                if vault.first_use:
                    uow.record("vault.anchor_first_use", entity="vault", fields=["anchor"])
                if vault.rotation_resumed:
                    uow.record("vault.rekey", entity="vault", fields=["data_key", "resumed"])
                    vault.rotation_resumed = False
                uow.record("session.sign_in", entity="user", entity_id=row.id)
        return ctx

    def lock(self) -> None:
        """Lock on purpose (button, idle timer): audited as ``session.lock``, then the vault
        is closed and its keys wiped."""
        if self.vault.is_open:
            try:
                if self.actor is not None and self.vault.anchor_problem is None:
                    with self.transaction() as uow:
                        uow.record("session.lock", entity="user", entity_id=self.actor.id)
            finally:
                self.vault.close()

    @classmethod
    def system(cls, vault: Vault) -> ServiceContext:
        """Acting before any user exists (vault set-up)."""
        return cls(vault, None)

    @property
    def actor_id(self) -> int | None:
        return self.actor.id if self.actor else None

    @contextmanager
    def transaction(self) -> Iterator[UnitOfWork]:
        written = None
        with self.vault.write() as conn:
            # Never write onto a database that no longer contains the anchored heads: it may
            # have been replaced since unlock (DESIGN.md §5: check before every write).
            self.vault.check_anchor(conn)
            uow = UnitOfWork(conn, AuditWriter(conn, self.vault.audit_key, self.actor_id, _now_iso()), self.actor)
            try:
                yield uow
                uow.finish()
                written = uow.audit.written
                head = uow.audit.head if written else None
                reset = uow.reset_anchor
            finally:
                uow.close()
        if written and head is not None:
            self.vault.write_anchor(head, reset=reset)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.vault.read() as conn:
            yield conn
