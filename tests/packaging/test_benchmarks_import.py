"""``make bench`` runs outside the test suite; a renamed function it imports would only show
there. Every benchmark module must at least import and offer ``run``."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))


def test_there_are_benchmarks():
    assert "bench_statistics" in MODULES and "bench_team" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_benchmark_module_imports(name):
    module = importlib.import_module(f"benchmarks.{name}")
    assert callable(module.run)
