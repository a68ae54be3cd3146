"""Statistik: anonymised period reports with disclosure control, charts and exports."""

from referral_desk.ui.statistics.page import BarChart, StatisticsPage

__all__ = ["BarChart", "StatisticsPage"]
