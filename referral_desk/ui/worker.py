"""One database thread for the whole app (DESIGN.md §1).

Every vault and service call runs on a single worker thread; results and errors come back
to the GUI thread through a queued signal. The GUI thread never waits on the database or
on key derivation. Usage::

    db.call(clients.find_clients, text_query="Yilmaz",
            on_success=self.show_rows, on_error=self.show_error)

``fn`` receives the signed-in ``ServiceContext`` as its first argument. ``db.run`` calls
a function without a context (unlock, set-up).

One app-wide change signal (Anki's "operation changes"): after every ``db.call`` the worker
looks at the audit events the call wrote – every mutation writes one – and emits
``changed(topics)`` with their topics (``client``, ``referral``, ``user``, ``vault``, … and
always ``audit``). Pages refresh on the topics that concern them instead of each page
telling the others; reads that only log a view (``*.view``, ``*.previewed``) change nothing.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

if TYPE_CHECKING:  # loaded lazily: the first window appears before the database stack
    from referral_desk.core.services.context import ServiceContext

log = logging.getLogger(__name__)

# Audit actions that record a look, not a change: they do not make other pages stale.
_READ_ONLY_SUFFIXES = (".view", ".previewed", ".printed", ".export", ".form_previewed", ".form_printed")


def _audit_head(ctx: ServiceContext) -> int:
    from sqlalchemy import text

    with ctx.reading() as conn:
        return int(conn.execute(text("SELECT coalesce(max(seq), 0) FROM audit_event")).scalar() or 0)


def _topics_since(ctx: ServiceContext, seq: int) -> frozenset[str]:
    from sqlalchemy import text

    with ctx.reading() as conn:
        actions = [
            r[0] for r in conn.execute(text("SELECT DISTINCT action FROM audit_event WHERE seq > :s"), {"s": seq})
        ]
    if not actions:
        return frozenset()
    topics = {a.split(".", 1)[0] for a in actions if not a.endswith(_READ_ONLY_SUFFIXES)}
    topics.add("audit")
    return frozenset(topics)


class _Changed:
    """A result (or error) together with the topics the call changed."""

    __slots__ = ("topics", "value")

    def __init__(self, value: Any, topics: frozenset[str]) -> None:
        self.value = value
        self.topics = topics


Callback = Callable[[Any], object] | None  # the return value is ignored


class DatabaseWorker(QObject):
    # (job id, ok, result or exception): delivered on the GUI thread
    _finished = Signal(int, bool, object)
    busy_changed = Signal(bool)
    # Emitted after sign-in and after locking; the main window reacts to both.
    signed_in = Signal(object)  # ServiceContext.actor
    locked = Signal()
    # frozenset of topics a finished call changed (see the module doc); on the GUI thread
    changed = Signal(object)
    # A call found the database no longer matching the audit anchor (replaced while open):
    # the main window locks and shows the blocking notice (DESIGN.md §5).
    anchor_failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="referral-desk-db")
        self._shut_down = False  # after shutdown(): late callbacks may still ask for work
        self._callbacks: dict[int, tuple[Callback, Callback]] = {}
        self._ids = itertools.count(1)
        self._ctx: ServiceContext | None = None
        # Always queued: even when a job finishes before its done-callback is attached (the
        # callback then runs on the GUI thread), results arrive later from the event loop,
        # never synchronously inside db.call().
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # --- state -------------------------------------------------------------------------

    @property
    def context(self) -> ServiceContext | None:
        """The signed-in context (read on the GUI thread for the actor only)."""
        return self._ctx

    @property
    def actor(self):
        return self._ctx.actor if self._ctx else None

    @property
    def is_busy(self) -> bool:
        return bool(self._callbacks)

    # --- calls -------------------------------------------------------------------------

    def run(
        self, fn: Callable[..., Any], *args: Any, on_success: Callback = None, on_error: Callback = None, **kwargs: Any
    ) -> int:
        """Run ``fn(*args, **kwargs)`` on the database thread."""
        job = next(self._ids)
        if self._shut_down:
            # The window is closing: a reply still on its way may chain a follow-up call
            # (e.g. a list's reminder count). Nobody is left to show it; drop it.
            return job
        self._callbacks[job] = (on_success, on_error)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
        future = self._executor.submit(fn, *args, **kwargs)
        future.add_done_callback(functools.partial(self._done, job))
        return job

    def call(
        self, fn: Callable[..., Any], *args: Any, on_success: Callback = None, on_error: Callback = None, **kwargs: Any
    ) -> int:
        """Run ``fn(ctx, *args, **kwargs)`` with the signed-in context."""

        def with_context() -> Any:
            ctx = self._ctx
            if ctx is None:
                from referral_desk.core.errors import AuthenticationFailed

                raise AuthenticationFailed("vault.locked")
            try:
                before = _audit_head(ctx)
            except Exception:  # noqa: BLE001 - no change tracking then; the call decides
                before = None
            try:
                result = fn(ctx, *args, **kwargs)
            except BaseException as exc:
                exc._desk_topics = self._topics(ctx, before)  # type: ignore[attr-defined]
                raise
            return _Changed(result, self._topics(ctx, before))

        return self.run(with_context, on_success=on_success, on_error=on_error)

    @staticmethod
    def _topics(ctx: ServiceContext, before: int | None) -> frozenset[str]:
        if before is None or not ctx.vault.is_open:
            return frozenset()
        try:
            return _topics_since(ctx, before)
        except Exception:  # noqa: BLE001 - e.g. the vault was closed by the call (offboarding rekey)
            return frozenset()

    def announce(self, *topics: str) -> None:
        """For changes outside a ``db.call`` (e.g. a vault that was swapped)."""
        self.changed.emit(frozenset(topics))

    def _done(self, job: int, future: Future[Any]) -> None:  # on the worker thread
        exc = future.exception()
        self._finished.emit(job, exc is None, exc if exc is not None else future.result())

    @Slot(int, bool, object)
    def _deliver(self, job: int, ok: bool, value: object) -> None:  # on the GUI thread
        on_success, on_error = self._callbacks.pop(job, (None, None))
        if not self._callbacks:
            self.busy_changed.emit(False)
        topics: frozenset[str] = frozenset()
        if isinstance(value, _Changed):
            changed = value
            value, topics = changed.value, changed.topics
        elif isinstance(value, BaseException):
            topics = getattr(value, "_desk_topics", frozenset())
        if not ok and getattr(value, "code", "").startswith("verify.anchor") and self._ctx is not None:
            self.anchor_failed.emit(value)
        try:
            self._callback(ok, value, on_success, on_error)
        finally:
            if topics and self._ctx is not None:
                self.changed.emit(topics)

    def _callback(self, ok: bool, value: object, on_success: Callback, on_error: Callback) -> None:
        if ok:
            if on_success is not None:
                on_success(value)
        elif on_error is not None:
            on_error(value)
        else:
            log.error("database call failed: %s %s", type(value).__name__, getattr(value, "code", ""))

    # --- unlock and lock ----------------------------------------------------------------

    def unlock(
        self, directory: Path, user: str, password: str, *, on_success: Callback = None, on_error: Callback = None
    ) -> None:
        def work() -> ServiceContext:
            from referral_desk.core.services.context import ServiceContext
            from referral_desk.core.vault import Vault

            vault = Vault.unlock(directory, user=user, password=password)
            try:
                return ServiceContext.sign_in(vault, user)
            except BaseException:
                vault.close()
                raise

        self.run(work, on_success=lambda ctx: self._set_context(ctx, on_success), on_error=on_error)

    def sign_in_team(
        self,
        params: dict[str, str],
        user: str,
        password: str,
        *,
        on_success: Callback = None,
        on_error: Callback = None,
    ) -> None:
        """Team mode: connect to the team database as ``user`` (a login role; the server
        checks the password) and take the signed-in ``TeamContext``."""

        def work() -> ServiceContext:
            from referral_desk.core.team import connection
            from referral_desk.core.team.context import TeamContext

            engine = connection.make_engine({**params, "user": user, "password": password})
            return TeamContext.sign_in(engine, user)

        self.run(work, on_success=lambda ctx: self._set_context(ctx, on_success), on_error=on_error)

    def adopt(self, ctx: ServiceContext) -> None:
        """Take over a context created elsewhere on this worker (e.g. by the set-up wizard)."""
        self._set_context(ctx, None)

    def _set_context(self, ctx: ServiceContext, then: Callback) -> None:
        self._ctx = ctx
        self.signed_in.emit(ctx.actor)
        if then is not None:
            then(ctx)

    def lock(self) -> None:
        """Dispose the engine and forget the keys. Pending calls finish first (same thread)."""
        ctx, self._ctx = self._ctx, None
        if ctx is not None:
            # Audited as session.lock, then the keys are wiped (ServiceContext.lock).
            self._executor.submit(ctx.lock)
        self.locked.emit()

    def warm_up(self) -> None:
        """Import the database stack on the worker thread while the first page is shown, so
        the first unlock does not wait for it."""

        def load() -> None:
            import referral_desk.core.services.clients
            import referral_desk.core.services.context
            import referral_desk.core.vault  # noqa: F401

        self._executor.submit(load)

    def shutdown(self) -> None:
        self._shut_down = True
        ctx, self._ctx = self._ctx, None
        if ctx is not None:
            self._executor.submit(ctx.vault.close)
        self._executor.shutdown(wait=True)
