"""The one clock of the core and the UI: every "today" and "now" comes from here.

Tests fix the day with the ``fixed_clock`` fixture (tests/conftest.py), which calls
``set_fixed``; nothing monkeypatches ``datetime``. The override is process-wide on purpose:
the database worker thread must see the same day as the test that drives it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

_fixed: dt.datetime | None = None  # an aware UTC moment while a test holds the clock


def now_utc() -> dt.datetime:
    """An aware UTC moment (audit times, file headers)."""
    return _fixed if _fixed is not None else dt.datetime.now(dt.UTC)


def now() -> dt.datetime:
    """A naive local moment (shown to people, e.g. "made on" lines)."""
    return now_utc().astimezone().replace(tzinfo=None) if _fixed is not None else dt.datetime.now()


def today() -> dt.date:
    """The local calendar day."""
    return now().date()


def set_fixed(moment: dt.date | dt.datetime | None) -> None:
    """Hold the clock at ``moment`` (a day means its local noon); None lets it run again."""
    global _fixed
    if moment is None:
        _fixed = None
        return
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(12, 0))
    if moment.tzinfo is None:
        moment = moment.astimezone()  # naive means local time
    _fixed = moment.astimezone(dt.UTC)


@contextlib.contextmanager
def fixed(moment: dt.date | dt.datetime) -> Iterator[None]:
    previous = _fixed
    set_fixed(moment)
    try:
        yield
    finally:
        globals()["_fixed"] = previous
