"""Desktop entry point (``referral-desk-gui``, ``main.py``).

``referral-desk-gui [--vault DIR]``; without ``--vault`` the vault directory comes from
``REFERRAL_DESK_VAULT`` or the platform's user data directory (as for the CLI).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    from referral_desk.core.hygiene import disable_core_dumps

    disable_core_dumps()
    args_in = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="referral-desk-gui")
    parser.add_argument("--vault", type=Path, default=None, help="vault directory")
    args, qt_args = parser.parse_known_args(args_in[1:])

    # Our own dialogs are QDialogs, so lock() can close them; native file dialogs could not be.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    app = QApplication.instance() or QApplication([args_in[0] if args_in else "referral-desk", *qt_args])
    app.setApplicationName("Referral Desk")
    app.setOrganizationName("Referral Desk")

    from referral_desk.ui.main_window import MainWindow, icon

    app.setWindowIcon(icon("referral-desk"))
    window = MainWindow(args.vault)
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
