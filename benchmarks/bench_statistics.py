"""Statistics figures (issue 14).

1. A year report over the big demo vault (100,000 clients) including disclosure control;
   target ≤ 0.5 s. Floor: one pass computing the same counts — one row per person counselled
   (``statistics.persons_sql``: persons from the contacts per person and month, as-of
   attributes from the newest history values or the history index), the contact tables
   added up from the monthly counts (``contacts_sql``), cases from their index ranges, each
   statement once on the raw connection, the person rows counted column by column with
   ``Counter``; what is left above it is the service's own work (splitting the facets,
   tables, suppression, labels, check). Also the same report
   with the cell-key method (record-key sums per cell, noise lookup), for information.
2. The optimiser (``disclosure.protect_optimal``) on the largest table of a demo report with
   small cells; target ≤ 200 ms. Also the whole linked report, for information.
3. Information loss: the share of persons in suppressed cells of the person tables, per report
   of the 2025 demo vault (``demo`` defaults: 200 clients, seed 1), with the release-1
   heuristic (``protect_linked``, per table) and with the optimal suppression of this release.

Standalone smoke run (creates a small vault):  python -m benchmarks.bench_statistics --clients 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics as pystats
import tempfile
import time
from pathlib import Path

from benchmarks.common import BenchEnv, Figure, timed

USER = "admin"
PASSWORD = "Benchmark-Rheinufer-2026"
REPEAT = 5
TARGET_S = 0.5
TARGET_OPT_MS = 200.0
LOSS_YEAR = 2025
#: The person tables of release 1 (same cells in both releases: the comparison is fair).
V1_PERSON_TABLES = (
    "persons_by_case_type",
    "persons_by_contacts",
    "persons_by_gender",
    "persons_by_age_band",
    "persons_by_nationality",
    "persons_by_residence_group",
    "persons_by_german_level",
    "persons_by_stay_duration",
)


def _vault(env: BenchEnv, name: str, clients: int) -> Path:
    from referral_desk.core.keyring import KdfParams
    from referral_desk.core.services import demo, setup

    vault_dir = env.workdir / name
    ctx, _ = setup.initialise(
        vault_dir, org_name="Benchmark e. V.", admin=USER, password=PASSWORD, kdf=KdfParams.fast_for_tests()
    )
    try:
        demo.generate(ctx, clients=clients, seed=1)
    finally:
        ctx.vault.close()
    return vault_dir


def _ensure_vault(env: BenchEnv) -> tuple[Path, str, str]:
    if "big_vault" not in env.shared:
        env.shared["big_vault"] = (_vault(env, "statistics-vault", env.clients), USER, PASSWORD)
    return env.shared["big_vault"]


def _captured_models(ctx, periods) -> list[tuple[str, object, dict, int]]:
    """Build each report once and keep the model the optimiser was given (true counts):
    (period label, model, sensitive groups, k). Measurement code only."""
    from referral_desk.core import disclosure
    from referral_desk.core.services import statistics

    seen: list = []
    original = disclosure.protect_optimal

    def keep(model, k, **kw):
        seen.append((model, kw.get("sensitive_groups", ()), k))
        return original(model, k, **kw)

    out = []
    disclosure.protect_optimal = keep
    try:
        for label, period in periods:
            statistics.build_report(ctx, period_from=period.start, period_to=period.end)
            model, groups, k = seen[-1]
            out.append((label, model, groups, k))
    finally:
        disclosure.protect_optimal = original
    return out


def _loss(raw: dict, published: dict, tables) -> float:
    from referral_desk.core import disclosure

    hidden = total = 0
    for tid in tables:
        for key in raw[tid].keys():
            if disclosure.is_margin(key):
                continue
            n = int(raw[tid].cells[key])
            total += n
            hidden += n if published[tid].cells[key] == disclosure.SUPPRESSED else 0
    return hidden / total if total else 0.0


def run(env: BenchEnv) -> list[Figure]:
    from sqlalchemy import text

    from referral_desk.core import disclosure
    from referral_desk.core.services import statistics
    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.vault import Vault

    figures: list[Figure] = []
    vault_dir, user, password = _ensure_vault(env)
    vault = Vault.unlock(vault_dir, user=user, password=password)
    try:
        ctx = ServiceContext.sign_in(vault, user)
        period = statistics.period_for("year", dt.date.today().year - 1)
        with ctx.reading() as conn:
            org_service = conn.execute(text("SELECT service FROM organisation WHERE id = 1")).scalar_one()
            contacts = conn.execute(
                text("SELECT count(*) FROM contact WHERE date BETWEEN :f AND :t"),
                {"f": period.start.isoformat(), "t": period.end.isoformat()},
            ).scalar_one()
        bands = statistics.DEFAULT_AGE_BANDS.get(org_service, statistics.DEFAULT_AGE_BANDS["other"])
        params = statistics.query_params(period, bands, None)
        statements = [
            statistics.persons_sql(bands, own=False),
            statistics.contacts_sql(own=False),
            statistics.cases_sql(own=False),
            statistics.casework_sql(own=False),
            statistics.referrals_sql(own=False),
            "SELECT id, key, name, built_in FROM agency ORDER BY built_in DESC, id",
        ]

        def build():
            return statistics.build_report(ctx, period_from=period.start, period_to=period.end)

        def build_cell_key():
            return statistics.build_report(ctx, period_from=period.start, period_to=period.end, method="cell_key")

        def one_pass() -> None:
            """The floor: the same counts in one raw pass — each statement once on the raw
            connection, the person rows counted column by column (Counter), nothing else."""
            from collections import Counter
            from operator import itemgetter

            with ctx.reading() as conn:
                cursor = conn.connection.dbapi_connection.cursor()
                try:
                    rows = cursor.execute(statements[0], params).fetchall()
                    for i in range(2, len(rows[0]) - 1 if rows else 0):
                        Counter(map(itemgetter(i), rows))
                    for sql in statements[1:]:
                        cursor.execute(sql, params).fetchall()
                finally:
                    cursor.close()

        report = build()  # warm the page cache for both
        one_pass()
        floor = pystats.median(timed(one_pass, REPEAT))
        value = pystats.median(timed(build, REPEAT))
        build_cell_key()
        value_ck = pystats.median(timed(build_cell_key, REPEAT))
        persons = report.table("overview").value("persons_counselled")
        hidden = sum(1 for t in report.tables for v in t.values.values() if v == disclosure.SUPPRESSED)
        figures.append(
            Figure(
                name=f"year report, {env.clients:,} clients, {contacts:,} contacts in the year, incl. suppression "
                f"(median of {REPEAT})",
                value=value,
                unit="s",
                target=f"≤ {TARGET_S} s",
                floor=floor,
                floor_label="one pass: the same counts (raw SQL + Counter)",
                ok=value <= TARGET_S,
                note=f"{persons} persons counselled; {len(report.tables)} tables; {hidden} cells suppressed",
            )
        )
        figures.append(
            Figure(
                name=f"year report with the cell-key method, {env.clients:,} clients (median of {REPEAT})",
                value=value_ck,
                unit="s",
                target="informative",
                floor=floor,
                floor_label="one pass: the same counts (raw SQL + Counter)",
            )
        )
    finally:
        vault.close()

    # --- the optimiser and the information loss on the 2025 demo vault (CLI demo defaults)
    small_dir = _vault(env, "statistics-demo-vault", 200)
    vault = Vault.unlock(small_dir, user=USER, password=PASSWORD)
    try:
        ctx = ServiceContext.sign_in(vault, USER)
        periods = [(f"Jahr {LOSS_YEAR}", statistics.period_for("year", LOSS_YEAR))]
        periods += [(f"H{h} {LOSS_YEAR}", statistics.period_for("half", LOSS_YEAR, h)) for h in (1, 2)]
        periods += [(f"Q{q} {LOSS_YEAR}", statistics.period_for("quarter", LOSS_YEAR, q)) for q in range(1, 5)]
        periods += [(f"{m:02d}/{LOSS_YEAR}", statistics.period_for("month", LOSS_YEAR, m)) for m in range(1, 13)]
        captured = _captured_models(ctx, periods)
    finally:
        vault.close()

    # largest table (most cells) of the quarter reports, alone
    best = None
    for label, model, _groups, k in captured[3:7]:
        for tid, table in model.tables.items():
            if best is None or len(table.keys()) > len(best[1].keys()):
                best = (tid, table, k, label)
    tid, table, k, label = best
    single = disclosure.Model({tid: table})
    disclosure.protect_optimal(single, k)  # import and first HiGHS instance outside the timing
    opt = pystats.median(timed(lambda: disclosure.protect_optimal(single, k), REPEAT)) * 1000
    figures.append(
        Figure(
            name=f"optimiser on the largest table ({tid}, {len(table.keys())} cells, {label}, median of {REPEAT})",
            value=opt,
            unit="ms",
            target=f"≤ {TARGET_OPT_MS:.0f} ms",
            ok=opt <= TARGET_OPT_MS,
        )
    )
    label, model, groups, k = captured[0]
    t0 = time.perf_counter()
    whole = disclosure.protect_optimal(model, k, sensitive_groups=groups)
    whole_ms = (time.perf_counter() - t0) * 1000
    figures.append(
        Figure(
            name=f"optimiser on all linked tables of the demo report {label} ({model.n} cells)",
            value=whole_ms,
            unit="ms",
            target="informative",
            note=f"{len(whole.suppressed)} cells hidden, {whole.iterations} integer rounds",
        )
    )

    rows = []
    for label, model, groups, k in captured:
        v2 = disclosure.publish_model(model, disclosure.protect_optimal(model, k, sensitive_groups=groups).suppressed)
        old = {t: model.tables[t] for t in V1_PERSON_TABLES + ("overview", "contacts_by_mode")}
        v1 = disclosure.protect_linked(
            old, k, [[ref for ref in group if ref[0] in old] for group in statistics.LINKS[:2]]
        )
        rows.append((label, _loss(model.tables, v1, V1_PERSON_TABLES), _loss(model.tables, v2, V1_PERSON_TABLES)))
    for label, before, after in rows[:7]:
        figures.append(
            Figure(
                name=f"information loss, demo vault report {label}: persons in suppressed cells",
                value=after * 100,
                unit="%",
                target="informative",
                floor=before * 100,
                floor_label="release 1 heuristic (before)",
            )
        )
    months = rows[7:]
    before = pystats.mean(r[1] for r in months) * 100
    after = pystats.mean(r[2] for r in months) * 100
    figures.append(
        Figure(
            name=f"information loss, demo vault, mean of the 12 monthly reports {LOSS_YEAR}",
            value=after,
            unit="%",
            target="informative",
            floor=before,
            floor_label="release 1 heuristic (before)",
        )
    )
    return figures


def main() -> None:  # pragma: no cover - a manual smoke run
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--vault", help="an existing big demo vault (password as in this module)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=".") as tmp:
        env = BenchEnv(workdir=Path(tmp), clients=args.clients)
        if args.vault:
            env.shared["big_vault"] = (Path(args.vault), USER, PASSWORD)
        for f in run(env):
            floor = f" (floor {f.floor:.3f} {f.unit})" if f.floor is not None else ""
            print(f"{f.name}: {f.value:.3f} {f.unit}{floor} ok={f.ok} {f.note}")


if __name__ == "__main__":  # pragma: no cover
    main()
