"""Python's cycle collector runs only on the GUI thread.

The collector runs in whichever thread happens to allocate when its thresholds are reached.
In this app that is often the database thread (ui/worker.py), which allocates thousands of
rows. If a cycle it frees holds a widget or another QObject, Qt destroys that object on the
database thread, and Qt may abort the whole process. A test run hit this once, as a
"Fatal Python error: Aborted" while the database thread was inserting a client.

So the automatic collector is switched off while the app runs. A timer on the GUI thread
checks the same generation thresholds Python would use and collects there. Reference
counting still frees everything outside cycles at once; only cycles wait for the next tick.
This is the pattern other Qt applications with worker threads use (e.g. pyqtgraph's
GarbageCollector; Anki collects on the main thread as well).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """While started: automatic collection off, generations collected on this object's
    (the GUI) thread when Python's own thresholds say so. ``stop()`` switches the automatic
    collector back on and collects once, here."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def check(self) -> None:
        """Collect the oldest generation whose count passed Python's threshold (collecting
        a generation collects the younger ones with it), as the automatic collector would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return
