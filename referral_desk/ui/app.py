"""Desktop entry point (``referral-desk-gui``, ``main.py``).

``referral-desk-gui [--vault DIR] [--demo]``; without ``--vault`` the vault directory comes
from ``REFERRAL_DESK_VAULT`` or the platform's user data directory (as for the CLI).
``--demo`` opens (or creates) the separate demo vault beside it.

``referral-desk-gui --dsn DSN`` (or env ``REFERRAL_DESK_DSN``) works on a team database
instead (team mode, docs/team-database.md): the sign-in page names the server and asks for
the login name and password; a password inside the DSN is refused (it would sit in a
shortcut or the process list).

Unexpected errors go through ``ErrorReporter``: a calm dialog for the person, the error's type
and code location in the vault's encrypted ``app_error`` table, and on stderr only the type
and location – never the exception's message, which may contain names or other values.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Qt is imported inside the functions (start-up time)
    from PySide6.QtWidgets import QWidget

log = logging.getLogger("referral_desk")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: int = logging.WARNING) -> None:
    """Warnings and errors on stderr. Our log calls carry codes and type names only."""
    root = logging.getLogger()
    if not any(getattr(h, "_referral_desk", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler._referral_desk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)


def error_location(tb: TracebackType | None) -> str:
    """ "file:function:line" per frame, innermost last; file names relative to the package
    (no home directory, no data)."""
    frames = []
    for frame in traceback.extract_tb(tb)[-8:]:
        name = Path(frame.filename)
        parts = name.parts
        short = "/".join(parts[parts.index("referral_desk") :]) if "referral_desk" in parts else name.name
        frames.append(f"{short}:{frame.name}:{frame.lineno}")
    return "\n".join(frames)


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("referral-desk")
    except PackageNotFoundError:
        return "dev"


class ErrorReporter:
    """``sys.excepthook`` for the GUI. Errors raised while the vault is locked are kept in
    memory (type and location only) and written after the next sign-in."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.pending: list[tuple[str, str]] = []
        self.dialog: QWidget | None = None
        self.reported = 0
        window.db.signed_in.connect(lambda _actor: self._flush())

    def install(self) -> None:
        sys.excepthook = self.hook

    def hook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        kind = exc_type.__name__
        location = error_location(tb)
        innermost = location.rsplit("\n", 1)[-1] if location else "?"
        log.error("unexpected error %s at %s", kind, innermost)
        self.reported += 1
        self.pending.append((kind, location))
        self._flush()
        self._show_dialog()

    def _flush(self) -> None:
        db = self.window.db
        if db.context is None or not self.pending:
            return
        from referral_desk.core.services import desk

        items, self.pending = self.pending, []
        for kind, location in items:
            db.call(
                desk.record_error,
                kind=kind,
                location=location,
                app_version=app_version(),
                on_error=lambda exc: log.warning("could not store an error report: %s", type(exc).__name__),
            )

    def _show_dialog(self) -> None:
        from PySide6.QtCore import QCoreApplication, Qt
        from PySide6.QtWidgets import QMessageBox

        if self.dialog is not None and self.dialog.isVisible():
            return  # one calm dialog, not a cascade
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("ErrorReporter", "Unerwarteter Fehler"),
            QCoreApplication.translate(
                "ErrorReporter",
                "Im Programm ist ein unerwarteter Fehler aufgetreten. Bereits gespeicherte Daten sind sicher. "
                "Bitte prüfen Sie, ob Ihre letzte Eingabe gespeichert wurde, und arbeiten Sie dann weiter.\n\n"
                "Der Fehler wurde ohne persönliche Daten im Datentresor vermerkt; die Administration findet ihn "
                "unter Verwaltung → Datenschutz.",
            ),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setObjectName("error_dialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = box
        box.open()


def team_params(dsn: str | None) -> dict[str, str] | None:
    """The team database's connection parameters, None for the desk vault, ``{}`` after a
    message on stderr for a DSN that cannot be used (naming the problem, never the DSN)."""
    if dsn is None:
        return None
    from referral_desk.core.errors import InvalidInput
    from referral_desk.core.messages import render
    from referral_desk.core.team.connection import parse_dsn

    try:
        params = parse_dsn(dsn)
    except InvalidInput as exc:
        print(f"referral-desk-gui: {exc.message('de')}", file=sys.stderr)
        return {}
    if params.get("password"):
        print(f"referral-desk-gui: {render('team.dsn_password', 'de')}", file=sys.stderr)
        return {}
    return params


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    from referral_desk.core.hygiene import disable_core_dumps

    disable_core_dumps()
    configure_logging()
    args_in = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="referral-desk-gui")
    parser.add_argument("--vault", type=Path, default=None, help="vault directory")
    parser.add_argument("--demo", action="store_true", help="open the separate demo vault (synthetic data)")
    parser.add_argument("--dsn", default=None, help="team database (libpq URL or key=value), without the password")
    args, qt_args = parser.parse_known_args(args_in[1:])
    team = team_params(args.dsn if args.dsn is not None else (os.environ.get("REFERRAL_DESK_DSN") or None))
    if team == {}:
        return 2

    # Our own dialogs are QDialogs, so lock() can close them; native file dialogs could not be.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    app = QApplication.instance() or QApplication([args_in[0] if args_in else "referral-desk", *qt_args])
    app.setApplicationName("Referral Desk")
    app.setOrganizationName("Referral Desk")
    # Cycles (and the widgets in them) are freed on this thread, never on the database thread.
    from referral_desk.ui.gui_gc import GuiThreadCollector

    collector = GuiThreadCollector(app)
    collector.start()
    app.aboutToQuit.connect(collector.stop)

    from referral_desk.ui.main_window import MainWindow, icon

    assert isinstance(app, QApplication)  # the widgets app, also when a test made it
    app.setWindowIcon(icon("referral-desk"))
    window = MainWindow(args.vault, team=team)
    reporter = ErrorReporter(window)
    reporter.install()
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    if args.demo and team is None:
        window.open_demo_vault()
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
