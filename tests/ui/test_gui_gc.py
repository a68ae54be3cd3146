"""Cycles are collected on the GUI thread, never on the database thread (ui/gui_gc.py)."""

from __future__ import annotations

import gc
import threading

from referral_desk.ui.gui_gc import GuiThreadCollector


class _Cycle:
    """Refers to itself: only the cycle collector frees it; records on which thread."""

    def __init__(self, seen: list[str]) -> None:
        self.me = self
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread().name)


def test_a_busy_worker_thread_never_collects_and_the_gui_thread_does(qtbot, qapp):
    collector = GuiThreadCollector(qapp, interval_ms=20)
    collector.start()
    try:
        assert not gc.isenabled()
        seen: list[str] = []
        _Cycle(seen)

        rows: list[list[int]] = []

        def busy() -> None:  # far more live container objects than Python's gen-0 threshold
            rows.extend([i] for i in range(50_000))

        worker = threading.Thread(target=busy, name="referral-desk-db-test")
        worker.start()
        worker.join()
        assert seen == []  # the worker allocated, but collected nothing
        qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
        assert seen == [threading.main_thread().name]
        rows.clear()
    finally:
        collector.stop()
    assert gc.isenabled() is False  # the autouse collector of this test is still running


def test_stop_switches_the_automatic_collector_back_on(qapp):
    gc.enable()
    collector = GuiThreadCollector(qapp)
    collector.start()
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
