"""``make bench``: run every ``benchmarks/bench_*.py`` and write docs/PERFORMANCE.md.

Each figure is printed beside a floor measured in the same run on the same machine, so
the ratio stays meaningful on a shared, noisy machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import shutil
import sys
import time
import traceback
from pathlib import Path

from benchmarks.common import BenchEnv, Figure

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["bench_core"]  # the core module builds the big vault the others reuse


def _modules(only: list[str] | None) -> list[str]:
    found = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))
    ordered = [m for m in ORDER if m in found] + [m for m in found if m not in ORDER]
    return [m for m in ordered if not only or m in only]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "ratio":  # precision, recall
        return f"{value:.3f}"
    return f"{value:.0f} {unit}"


def write_report(figures: list[tuple[str, Figure]], env: BenchEnv, seconds: float, failures: list[str]) -> str:
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {dt.date.today().isoformat()} "
        f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{env.clients:,} demo clients; whole run {seconds:.0f} s).".replace(",", ","),
        "",
        "Every figure stands beside a **floor** measured in the same run on the same machine: the",
        "cheapest honest way to do the same work. Shared machines are noisy, so compare the ratio",
        "within one run rather than absolute numbers across runs.",
        "",
        "| module | figure | value | floor | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for module, f in figures:
        ratio = f"{f.value / f.floor:.2f}×" if f.floor else "–"
        floor = f"{_fmt(f.floor, f.unit)} ({f.floor_label})" if f.floor is not None else "–"
        met = "–" if f.ok is None else ("yes" if f.ok else "**no**")
        lines.append(
            f"| {module.removeprefix('bench_')} | {f.name} | {_fmt(f.value, f.unit)} | {floor} | "
            f"{ratio} | {f.target} | {met} |"
        )
    notes = [(m, f) for m, f in figures if f.note]
    if notes:
        lines += ["", "Notes:", ""]
        lines += [f"- {f.name}: {f.note}" for _, f in notes]
    if failures:
        lines += ["", "Modules that failed in this run:", ""] + [f"- {m}" for m in failures]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--only", nargs="*", help="module names, e.g. bench_core")
    parser.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    args = parser.parse_args(argv)
    workdir = ROOT / "bench-output"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir()
    env = BenchEnv(workdir=workdir, clients=args.clients)
    figures: list[tuple[str, Figure]] = []
    failures: list[str] = []
    started = time.perf_counter()
    try:
        for name in _modules(args.only):
            print(f"== {name}", flush=True)
            try:
                module = importlib.import_module(f"benchmarks.{name}")
                for figure in module.run(env):
                    print(
                        f"   {figure.name}: {_fmt(figure.value, figure.unit)}"
                        f" (floor {_fmt(figure.floor, figure.unit)})",
                        flush=True,
                    )
                    figures.append((name, figure))
            except Exception:  # noqa: BLE001 - report and continue with the other modules
                traceback.print_exc()
                failures.append(name)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = write_report(figures, env, time.perf_counter() - started, failures)
    Path(args.out).write_text(report, "utf-8")
    print(report)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
