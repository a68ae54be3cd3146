"""Inactivity detection for the automatic lock (DESIGN.md §5).

An application-wide event filter notes the time of the last key, mouse, wheel or touch
event in any of our windows. A single-shot timer wakes up when the interval could have
passed and either emits ``idle`` or sleeps again for the remaining time; the filter itself
only stores a timestamp, so it stays cheap on every mouse move.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QObject, QTimer, Signal

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.InputMethod,
        QEvent.Type.ShortcutOverride,
    }
)


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval_ms = 0
        self._since_activity = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        self._filtering = False

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    @property
    def is_active(self) -> bool:
        return self._filtering

    def start(self, interval_ms: int) -> None:
        """Watch for ``interval_ms`` without activity; (re)starts counting now."""
        self._interval_ms = max(1, int(interval_ms))
        if not self._filtering:
            app = QCoreApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            self._filtering = True
        self._since_activity.start()
        self._timer.start(self._interval_ms)

    def stop(self) -> None:
        self._timer.stop()
        if self._filtering:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._filtering = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _ACTIVITY:
            self._since_activity.restart()
        return False

    def _check(self) -> None:
        if not self._filtering:
            return
        remaining = self._interval_ms - self._since_activity.elapsed()
        if remaining > 0:
            self._timer.start(int(remaining))
            return
        self.stop()
        self.idle.emit()
