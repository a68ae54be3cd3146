"""Desktop start-up: process start to the unlock page, beside a bare Qt window."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap

from benchmarks.common import BenchEnv, Figure

# Each child measures from its own start (interpreter already running) to the first
# shown frame, so both sides pay the same Python start-up.
_APP = textwrap.dedent("""
    import sys, time
    t0 = time.perf_counter()
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from referral_desk.ui.main_window import MainWindow
    window = MainWindow(__VAULT__)
    window.show()
    while window.unlock_page is None or not window.unlock_page.isVisible():
        app.processEvents()
    app.processEvents()
    print(time.perf_counter() - t0)
""")

_FLOOR = textwrap.dedent("""
    import time
    t0 = time.perf_counter()
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    window = QMainWindow()
    window.show()
    app.processEvents()
    app.processEvents()
    print(time.perf_counter() - t0)
""")


def _run(code: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, timeout=120)
    return float(out.stdout.strip().splitlines()[-1])


def run(env: BenchEnv) -> list[Figure]:
    big = env.shared.get("big_vault")
    if big is None:
        from referral_desk.core.services import setup

        vault_dir = env.workdir / "startup-vault"
        ctx, _ = setup.initialise(
            vault_dir, org_name="Benchmark e. V.", admin="admin", password="Benchmark-Rheinufer-2026"
        )
        ctx.vault.close()
    else:
        vault_dir = big[0]
    app_code = _APP.replace("__VAULT__", repr(str(vault_dir)))
    _run(_FLOOR)  # warm the file cache for both
    app = statistics.median(_run(app_code) for _ in range(5))
    floor = statistics.median(_run(_FLOOR) for _ in range(5))
    return [
        Figure(
            "start to unlock page (median of 5 processes)",
            app,
            "s",
            "≤ 1.5 s",
            floor,
            "bare QApplication with an empty QMainWindow",
            ok=app <= 1.5,
        )
    ]


if __name__ == "__main__":  # python -m benchmarks.bench_startup
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(dir=os.getcwd()) as d:
        for f in run(BenchEnv(workdir=Path(d), clients=0)):
            print(f)
