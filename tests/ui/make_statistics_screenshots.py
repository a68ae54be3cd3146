"""Screenshots of the statistics report and page for docs/screenshots (run on purpose):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/ui/make_statistics_screenshots.py -q

Not collected by ``make test`` (the file name does not match ``test_*.py``). Builds the demo
vault as ``referral-desk demo`` does (200 clients, seed 1), renders pages 1 and 3 of the MBE
year report 2025 with pdftoppm (40-statistics-report.png, 42-statistics-report-gender.png:
the number of women and men shown although "Keine Angabe" is small) and grabs the Statistik
page with the MBE profile (41-statistics-page.png) and with the cell-key method
(43-statistics-page-cell-key.png).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtWidgets import QApplication

from referral_desk.core import statistics_export
from referral_desk.core.services import demo, statistics
from referral_desk.core.services.statistics import period_for
from referral_desk.ui.statistics import StatisticsPage
from referral_desk.ui.worker import DatabaseWorker
from tests.screenshots import screenshot_dir

OUT = screenshot_dir()
YEAR = dt.date.today().year - 1


def test_statistics_screenshots(qtbot, admin_ctx, tmp_path):
    demo.generate(admin_ctx, clients=200, seed=1)
    OUT.mkdir(parents=True, exist_ok=True)
    report = statistics.build_report(
        admin_ctx, period_from=dt.date(YEAR, 1, 1), period_to=dt.date(YEAR, 12, 31), profile="mbe"
    )
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(statistics_export.to_pdf(report))
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(OUT / "40-statistics-report"),
        ],
        check=True,
    )
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "3",
            "-l",
            "3",
            "-singlefile",
            str(pdf),
            str(OUT / "42-statistics-report-gender"),
        ],
        check=True,
    )

    db = DatabaseWorker()
    db.adopt(admin_ctx)
    try:
        page = StatisticsPage(db, choose_file=lambda name, fmt: None)
        qtbot.addWidget(page)
        page.resize(1180, 900)
        page.show()
        qtbot.waitExposed(page)
        qtbot.waitUntil(lambda: not db.is_busy, timeout=20_000)
        page.set_period("year", YEAR)
        page.set_profile("mbe")
        qtbot.waitUntil(
            lambda: (
                page.report is not None
                and page.report.period == period_for("year", YEAR)
                and page.report.profile == "mbe"
            ),
            timeout=60_000,
        )
        QApplication.processEvents()
        qtbot.wait(100)
        assert page.grab().save(str(OUT / "41-statistics-page.png"))
        page.set_method("cell_key")  # the same report with the cell-key method: no dots
        qtbot.waitUntil(lambda: page.report is not None and page.report.method == "cell_key", timeout=60_000)
        QApplication.processEvents()
        qtbot.wait(100)
        assert page.grab().save(str(OUT / "43-statistics-page-cell-key.png"))
    finally:
        qtbot.waitUntil(lambda: not db.is_busy, timeout=20_000)
        db.shutdown()
