"""Run by test_xvfb_smoke.py in a subprocess: start the real app (``referral_desk.ui.app.main``)
on the X display in $DISPLAY, take a screenshot of the X server's screen after the window is
exposed, and quit. Prints ``platform=<name> exposed=<bool>``."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from referral_desk.ui import app as desk_app

OUT = sys.argv[1]
VAULT = sys.argv[2]


def shoot() -> None:
    app = QApplication.instance()
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "main_window")
    exposed = window.windowHandle().isExposed()
    # grabWindow(0): the X server's root window, i.e. what a person would see on the screen
    window.screen().grabWindow(0).save(OUT)
    print(f"platform={app.platformName()} exposed={exposed}", flush=True)
    app.quit()


_exec = QApplication.exec


def exec_with_screenshot(*_args) -> int:
    QTimer.singleShot(2500, shoot)
    return _exec()


QApplication.exec = staticmethod(exec_with_screenshot)  # type: ignore[method-assign]
sys.exit(desk_app.main(["referral-desk-gui", "--vault", VAULT]))
