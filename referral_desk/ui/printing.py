"""Printing that works the first time, and the printer remembered in the vault.

``new_printer()`` makes the QPrinter every print dialog starts from: high resolution, the
printer chosen last time (kept in the vault's ``desk_setting`` table, not in a settings file:
a printer's name can say whose office it is), and a neutral job title – CUPS shows job titles
to everyone who can see the queue, so a client's name must never be one.
After the dialog was accepted, ``remember(db, printer)`` stores the choice.
"""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter

JOB_TITLE = "Referral Desk"

_remembered: dict[str, str | None] = {"name": None}


def load(db) -> None:
    """After sign-in: read the remembered printer (on the worker)."""
    from referral_desk.core.services import desk

    db.call(
        desk.get_setting, key=desk.PRINTER_KEY, on_success=lambda name: _remembered.__setitem__("name", name or None)
    )


def forget() -> None:
    """On lock: nothing read from the vault stays in memory."""
    _remembered["name"] = None


def remembered() -> str | None:
    return _remembered["name"]


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    name = _remembered["name"]
    if name:
        printer.setPrinterName(name)
    printer.setDocName(JOB_TITLE)
    return printer


def remember(db, printer: QPrinter) -> None:
    """Store the printer chosen in the dialog (not a file name when printing to PDF)."""
    from referral_desk.core.services import desk

    printer.setDocName(JOB_TITLE)
    name = printer.printerName()
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or not name or name == _remembered["name"]:
        return
    _remembered["name"] = name
    db.call(desk.set_setting, key=desk.PRINTER_KEY, value=name)
