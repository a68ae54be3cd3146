"""Shared shapes for benchmark modules.

Each ``benchmarks/bench_*.py`` module exposes ``run(env: BenchEnv) -> list[Figure]``.
A figure is always reported beside a *floor* measured in the same run on the same
machine (the cheapest honest way to do the same work), because shared machines are noisy
and only ratios within one run are comparable.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Figure:
    name: str  # what was measured, e.g. "find on 100,000 clients (median)"
    value: float
    unit: str  # "ms", "s", "MB"
    target: str  # the target in words, e.g. "≤ 20 ms and ≤ 2× floor"
    floor: float | None = None
    floor_label: str = ""  # what the floor is, e.g. "same SQL on the raw connection"
    ok: bool | None = None
    note: str = ""


@dataclass
class BenchEnv:
    workdir: Path  # scratch directory for vaults (deleted afterwards)
    clients: int = 100_000  # size of the big demo vault
    shared: dict = field(default_factory=dict)  # cache between modules (e.g. the big vault path)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def p95_ms(samples: list[float]) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))] * 1000
