"""Screenshots of the statistics report and page for docs/screenshots (run on purpose):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/ui/make_statistics_screenshots.py -q

Not collected by ``make test`` (the file name does not match ``test_*.py``). Builds a demo
vault, renders page 1 of the PDF report with pdftoppm (40-statistics-report.png) and grabs
the Statistik page (41-statistics-page.png).
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from referral_desk.core import statistics_export
from referral_desk.core.services import demo, statistics
from referral_desk.core.services.statistics import period_for
from referral_desk.ui.statistics import StatisticsPage
from referral_desk.ui.worker import DatabaseWorker

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
YEAR = dt.date.today().year - 1


def test_statistics_screenshots(qtbot, admin_ctx, tmp_path):
    demo.generate(admin_ctx, clients=1500, seed=2)
    OUT.mkdir(parents=True, exist_ok=True)
    report = statistics.build_report(admin_ctx, period_from=dt.date(YEAR, 1, 1), period_to=dt.date(YEAR, 12, 31))
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(statistics_export.to_pdf(report))
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(OUT / "40-statistics-report")], check=True)

    db = DatabaseWorker()
    db.adopt(admin_ctx)
    try:
        page = StatisticsPage(db, choose_file=lambda name, fmt: None)
        qtbot.addWidget(page)
        page.resize(1180, 760)
        page.show()
        qtbot.waitExposed(page)
        qtbot.waitUntil(lambda: not db.is_busy, timeout=20_000)
        page.set_period("quarter", YEAR, 3)
        page.refresh()
        qtbot.waitUntil(lambda: page.report is not None and page.report.period == period_for("quarter", YEAR, 3),
                        timeout=20_000)
        QApplication.processEvents()
        page.scroll_area.verticalScrollBar().setValue(page.findChild(type(page.tables_widget),
                                                                     "persons_by_gender_group").y())
        qtbot.wait(100)
        assert page.grab().save(str(OUT / "41-statistics-page.png"))
    finally:
        qtbot.waitUntil(lambda: not db.is_busy, timeout=20_000)
        db.shutdown()
