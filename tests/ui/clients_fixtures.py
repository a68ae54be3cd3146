"""Fixtures and helpers for the client list and record tests.

Kept out of ``conftest.py`` (owned by the shell tests); test modules import what they use.
Everything runs against a real SQLCipher vault in ``tmp_path`` through the real
``DatabaseWorker``: no mocks of our database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from referral_desk.core import demo_data
from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import setup
from referral_desk.core.services.context import ServiceContext
from referral_desk.ui.worker import DatabaseWorker
from tests.screenshots import screenshot_dir

PASSWORD = "Rheinufer-Sued-2024"
SCREENSHOTS = screenshot_dir()

__all__ = [
    "PASSWORD",
    "SCREENSHOTS",
    "add_counsellor",
    "call_sync",
    "call_sync_run",
    "clients_ctx",
    "clients_db",
    "clients_page",
    "demo_items",
    "german_locale",
    "type_text",
    "wait_idle",
    "wait_loaded",
]


@pytest.fixture
def german_locale():
    """The app's default language; restored afterwards so other tests see no change."""
    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(old)


@pytest.fixture
def clients_ctx(tmp_path) -> ServiceContext:
    ctx, _recovery = setup.initialise(
        tmp_path / "vault",
        org_name="AWO Kreisverband Ludwigshafen",
        admin="admin",
        password=PASSWORD,
        admin_display_name="Anna Becker",
        kdf=KdfParams.fast_for_tests(),
    )
    ctx.vault.kdf = KdfParams.fast_for_tests()  # cheap slots for users added by tests
    yield ctx
    ctx.vault.close()


@pytest.fixture
def clients_db(qtbot, clients_ctx) -> DatabaseWorker:
    db = DatabaseWorker()
    db.adopt(clients_ctx)
    yield db
    try:
        qtbot.waitUntil(lambda: not db.is_busy, timeout=10_000)
    finally:
        db.shutdown()


@pytest.fixture
def clients_page(qtbot, clients_db, german_locale):
    from referral_desk.ui.clients import ClientsPage

    page = ClientsPage(clients_db)
    qtbot.addWidget(page)
    page.resize(1280, 640)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot, clients_db)
    yield page
    page.clear_for_lock()  # closes open records without prompts


def wait_idle(qtbot, db: DatabaseWorker, timeout: int = 10_000) -> None:
    """Until the worker has nothing in flight and nothing new was queued by the results
    (a page request is sent from a zero-timer after painting)."""
    for _ in range(20):
        qtbot.waitUntil(lambda: not db.is_busy, timeout=timeout)
        qtbot.wait(20)
        if not db.is_busy:
            return


def wait_loaded(qtbot, db: DatabaseWorker, model, timeout: int = 30_000) -> None:
    """Until a list model has all ids of its query (the second loading step included)."""
    qtbot.waitUntil(lambda: not model.is_loading, timeout=timeout)
    wait_idle(qtbot, db, timeout)


def call_sync(qtbot, db: DatabaseWorker, fn: Callable[..., Any], *, timeout: int = 60_000, **kwargs: Any) -> Any:
    """Run a service on the worker thread (as the app does) and wait for the result."""
    box: dict[str, Any] = {}
    db.call(fn, **kwargs, on_success=lambda v: box.setdefault("ok", v), on_error=lambda e: box.setdefault("err", e))
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    if "err" in box:
        raise box["err"]
    return box["ok"]


def type_text(widget: QWidget, text: str) -> None:
    """Key events carrying the text (pytest-qt's keyClicks crashes on non-ASCII)."""
    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        if ch == " ":
            key = Qt.Key.Key_Space
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def add_counsellor(qtbot, db: DatabaseWorker, name: str, display_name: str) -> ServiceContext:
    """A counsellor account and its context (for clients that belong to someone else)."""
    from referral_desk.core.services import users

    call_sync(qtbot, db, users.add_user, name=name, role="counsellor", password=PASSWORD, display_name=display_name)
    vault = db.context.vault  # type: ignore[union-attr]
    return call_sync_run(qtbot, db, lambda: ServiceContext.sign_in(vault, name))


def call_sync_run(qtbot, db: DatabaseWorker, fn: Callable[[], Any], *, timeout: int = 60_000) -> Any:
    """Like ``call_sync`` for a function without the signed-in context."""
    box: dict[str, Any] = {}
    db.run(fn, on_success=lambda v: box.setdefault("ok", v), on_error=lambda e: box.setdefault("err", e))
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    if "err" in box:
        raise box["err"]
    return box["ok"]


def demo_items(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """Plausible clients from the demo name lists (weighted like Ludwigshafen's residents)."""
    rng = random.Random(seed)
    profiles = demo_data.NATIONALITY_PROFILES
    weights = [p["weight"] for p in profiles]
    statuses = [
        "aufenthaltserlaubnis_humanitaer",
        "aufenthaltserlaubnis_familie",
        "niederlassungserlaubnis",
        "freizuegigkeit_eu",
        "aufenthaltsgestattung",
        "duldung",
        "aufenthaltserlaubnis_24",
        "aufenthaltserlaubnis_erwerb",
        "daueraufenthalt_eu",
        "unknown",
    ]
    today = dt.date.today()
    items = []
    for _ in range(n):
        p = rng.choices(profiles, weights)[0]
        female = rng.random() < 0.52
        given_list = p["female_given"] if female else p["male_given"]
        gi = rng.randrange(len(given_list))
        fi = rng.randrange(len(p["family_names"]))
        original = rng.random() < p["script_share"]
        family = demo_data.family_name(p, fi, female=female, latin=not original)
        given = given_list[gi] if original else demo_data.romanised(p, "female" if female else "male", gi)
        birth = today - dt.timedelta(days=rng.randrange(18 * 365, 70 * 365))
        arrival = birth + dt.timedelta(days=rng.randrange(16 * 365, (today - birth).days))
        eu = p["code"] in ("BG", "RO", "IT", "PL", "GR")
        items.append(
            {
                "family_name": family,
                "given_names": given,
                "birth_date": birth.isoformat(),
                "gender": "female" if female else "male",
                "nationalities": [p["code"]],
                "preferred_language": p["languages"][0],
                "interpreter_needed": rng.random() < 0.3,
                "residence_status": "freizuegigkeit_eu" if eu else rng.choice(statuses),
                "employment_permitted": rng.choice(["yes", "yes", "restricted", "unknown"]),
                "german_level": rng.choice(["none", "A1", "A2", "B1", "B2", "unknown"]),
                "arrival_date": min(arrival, today).isoformat(),
                "address": {
                    "street": f"{rng.choice(demo_data.LUDWIGSHAFEN_STREETS)} {rng.randint(1, 120)}",
                    "postal_code": rng.choice(demo_data.LUDWIGSHAFEN_POSTAL_CODES),
                    "city": demo_data.CITY,
                },
            }
        )
    return items
