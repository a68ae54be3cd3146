"""Run by test_printing_cups.py in a subprocess whose CUPS_SERVER points at the test's own
cupsd: prints a referral sheet through the app's real print path (PreviewDialog → QPrinter →
Qt's CUPS plugin → cupsd → cups-pdf) and checks the printer is remembered in the vault.
Prints one JSON line with the results."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication

from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import clients, consent, desk, referrals, setup
from referral_desk.ui import printing
from referral_desk.ui.referrals.dialogs import PreviewDialog
from referral_desk.ui.worker import DatabaseWorker
from tests.core.letters_fixtures import complete_addresses

QUEUE = sys.argv[1]
vault_dir = Path(sys.argv[2])

app = QApplication([])


def wait(predicate, ms: int = 30_000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: predicate() and loop.quit())
    timer.start(20)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    timer.stop()


ctx, _key = setup.initialise(
    vault_dir,
    org_name="Migrationsdienst Ludwigshafen",
    admin="admin",
    password="Rheinufer-Sonnenblume-42",
    kdf=KdfParams.fast_for_tests(),
)
complete_addresses(ctx)  # a letter is printed only with complete sender and recipient addresses
client = clients.create_client(
    ctx, data={"family_name": "Şahin", "given_names": "Zeynep", "birth_date": "1992-04-17", "nationalities": ["TR"]}
)
consent.grant(
    ctx, client_id=client.id, recipient="jobcenter", categories=["identity", "contact"], purpose="Vermittlung in Arbeit"
)
referral = referrals.create(
    ctx, client_id=client.id, recipient="jobcenter", categories=["identity", "contact"], request="Termin zur Beratung"
)
db = DatabaseWorker()
db.adopt(ctx)
printing.load(db)
wait(lambda: not db.is_busy)
result: dict = {
    "queues": [p.printerName() for p in QPrinterInfo.availablePrinters()],
    "first_default": printing.new_printer().printerName(),
}


class ChooseQueue:
    """Stands in for the person in QPrintDialog: picks the CUPS queue and presses "Drucken"."""

    def __init__(self, printer, parent) -> None:
        self.printer = printer
        result["dialog_started_with"] = printer.printerName()

    def exec(self) -> int:
        self.printer.setPrinterName(QUEUE)
        return 1


def print_once(factory, *, expect_print: bool = True) -> int:
    dialog = PreviewDialog(db, referral=referral, print_dialog_factory=factory)
    wait(lambda: dialog.loaded)
    pages: list[int] = []
    dialog.printed.connect(pages.append)
    started = time.monotonic()
    dialog.print_sheet()
    if expect_print:
        wait(lambda: bool(pages))
    wait(lambda: not db.is_busy)
    result.setdefault("seconds", []).append(round(time.monotonic() - started, 1))
    return pages[0] if pages else 0


result["pages"] = print_once(ChooseQueue)
result["stored"] = desk.get_setting(ctx, key=desk.PRINTER_KEY)
# a new session: the printer comes back from the vault
printing.forget()
printing.load(db)
wait(lambda: not db.is_busy)
result["second_dialog"] = None


class Remembered(ChooseQueue):
    def exec(self) -> int:
        result["second_dialog"] = self.printer.printerName()
        return 0  # cancelled: nothing printed


print_once(Remembered, expect_print=False)
db.shutdown()
print(json.dumps(result), flush=True)
