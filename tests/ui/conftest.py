"""Fixtures for the desktop UI: a real vault in a temp dir, real widgets offscreen.

- ``vault_dir``: an empty directory for a vault (nothing created yet).
- ``admin_ctx``: a vault created there with ``setup.initialise`` (cheap Argon2 for tests);
  ``admin_setup`` also has the recovery key and the admin's password.
- ``settings``: a QSettings file in the test dir, so tests never touch the real settings.
- ``make_window(**kwargs)``: a shown MainWindow on ``vault_dir`` in German.
- ``main_window``: ``make_window()`` on the admin's vault (the unlock page is showing).

Helpers: ``type_text`` (key events per character: works for any script, unlike
``qtbot.keyClicks``), ``wait_idle``, ``child``, ``click``, ``sign_in``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import setup

ORG_NAME = "Caritasverband Ludwigshafen e. V."
ADMIN = "admin"
ADMIN_DISPLAY = "Anna Schäfer"
ADMIN_PASSWORD = "Rheinufer-Sonnenblume-42"

W = TypeVar("W", bound=QWidget)


@pytest.fixture(autouse=True)
def _collect_cycles_on_the_gui_thread(qapp):
    """As in the app (ui/gui_gc.py): no cycle collection on the database thread, where it
    could destroy a previous test's widgets; whatever is left is collected here, after."""
    from referral_desk.ui.gui_gc import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    collector.start()
    yield
    collector.stop()


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` as key events carrying the characters (any script)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def replace_text(widget: QWidget, text: str) -> None:
    """Clear a line edit and type ``text``."""
    widget.clear()  # type: ignore[attr-defined]
    type_text(widget, text)


def wait_idle(qtbot: Any, db: Any, timeout: int = 10_000) -> None:
    """Until the database worker has delivered every call: its ``busy_changed(False)``, again
    while a callback queued another call. The slot that emits it runs the callback before the
    wait returns."""
    while db.is_busy:
        with qtbot.waitSignal(db.busy_changed, timeout=timeout, check_params_cb=lambda busy: not busy):
            pass


def child(parent: QWidget, cls: type[W], name: str) -> W:
    found = parent.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name!r}"
    return found


def click(qtbot: Any, button: QWidget) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def sign_in(
    qtbot: Any, window: Any, user: str, password: str, *, timeout: int = 10_000, new_password: str | None = None
) -> None:
    """Sign in through the unlock page and wait for the workspace. A user with an initial
    (admin-set) password first replaces it, as a person would: with ``new_password`` or
    "Eigenes <password> Passwort"."""
    from PySide6.QtWidgets import QLineEdit, QPushButton

    qtbot.waitUntil(lambda: window.unlock_page is not None)
    page = window.unlock_page
    replace_text(child(page, QLineEdit, "user_edit"), user)
    replace_text(child(page, QLineEdit, "password_edit"), password)
    click(qtbot, child(page, QPushButton, "unlock_button"))
    qtbot.waitUntil(lambda: window.workspace is not None or window.forced_password_page is not None, timeout=timeout)
    forced = window.forced_password_page
    if forced is not None:
        own = new_password or f"Eigenes {password} Passwort"
        type_text(child(forced, QLineEdit, "new_password_edit"), own)
        type_text(child(forced, QLineEdit, "new_password_repeat_edit"), own)
        click(qtbot, child(forced, QPushButton, "forced_password_save_button"))
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=timeout + 20_000)
    wait_idle(qtbot, window.db)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def admin_setup(vault_dir: Path):
    ctx, recovery = setup.initialise(
        vault_dir,
        org_name=ORG_NAME,
        admin=ADMIN,
        password=ADMIN_PASSWORD,
        admin_display_name=ADMIN_DISPLAY,
        city="Ludwigshafen am Rhein",
        kdf=KdfParams.fast_for_tests(),
    )
    yield SimpleNamespace(ctx=ctx, recovery_key=recovery, directory=vault_dir, admin=ADMIN, password=ADMIN_PASSWORD)
    ctx.vault.close()


@pytest.fixture
def admin_ctx(admin_setup):
    return admin_setup.ctx


@pytest.fixture
def make_window(qtbot, vault_dir: Path, settings: QSettings) -> Callable[..., Any]:
    from referral_desk.ui.main_window import MainWindow

    def make(**kwargs: Any) -> MainWindow:
        kwargs.setdefault("settings", settings)
        kwargs.setdefault("language", "de")
        window = MainWindow(vault_dir, **kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return window

    return make


@pytest.fixture
def main_window(admin_ctx, make_window):
    return make_window()


@pytest.fixture(autouse=True)
def german_again_after_the_test():
    """Translators are application-wide: a test that switched to English switches back, so
    the next test (in any module) starts in the default language."""
    yield
    from referral_desk.ui import i18n

    if i18n.current_language() != "de" and QApplication.instance() is not None:
        i18n.apply_language("de")
