"""Statistics figures: a year report over the big demo vault (target ≤ 2 s).

The floor is the same GROUP BY statements the service runs (``statistics.persons_sql`` and
friends), executed as raw SQL on the same connection and fetched: what is left above it is
the service's own work (disclosure control, labels, the final check).

Standalone smoke run (creates a small vault):  python -m benchmarks.bench_statistics --clients 20000
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics as pystats
import tempfile
from pathlib import Path

from benchmarks.common import BenchEnv, Figure, timed

USER = "admin"
PASSWORD = "Benchmark-Rheinufer-2026"
REPEAT = 5
TARGET_S = 2.0


def _ensure_vault(env: BenchEnv) -> tuple[Path, str, str]:
    if "big_vault" in env.shared:
        return env.shared["big_vault"]
    from referral_desk.core.keyring import KdfParams
    from referral_desk.core.services import demo, setup

    vault_dir = env.workdir / "statistics-vault"
    ctx, _ = setup.initialise(vault_dir, org_name="Benchmark e. V.", admin=USER, password=PASSWORD,
                              kdf=KdfParams.fast_for_tests())
    try:
        demo.generate(ctx, clients=env.clients, seed=1)
    finally:
        ctx.vault.close()
    env.shared["big_vault"] = (vault_dir, USER, PASSWORD)
    return env.shared["big_vault"]


def run(env: BenchEnv) -> list[Figure]:
    from sqlalchemy import text

    from referral_desk.core import statistics_export
    from referral_desk.core.services import statistics
    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.vault import Vault

    vault_dir, user, password = _ensure_vault(env)
    vault = Vault.unlock(vault_dir, user=user, password=password)
    try:
        ctx = ServiceContext.sign_in(vault, user)
        period = statistics.period_for("year", dt.date.today().year - 1)
        with ctx.reading() as conn:
            org_service = conn.execute(text("SELECT service FROM organisation WHERE id = 1")).scalar_one()
            contacts = conn.execute(text("SELECT count(*) FROM contact WHERE date BETWEEN :f AND :t"),
                                    {"f": period.start.isoformat(), "t": period.end.isoformat()}).scalar_one()
        bands = statistics.DEFAULT_AGE_BANDS.get(org_service, statistics.DEFAULT_AGE_BANDS["other"])
        params = statistics.query_params(period, bands, None)
        statements = [statistics.persons_sql(bands, own=False), statistics.cases_sql(own=False),
                      statistics.referrals_sql(own=False),
                      "SELECT id, key, name, built_in FROM agency ORDER BY built_in DESC, id"]

        def build():
            return statistics.build_report(ctx, period_from=period.start, period_to=period.end)

        def raw_sql() -> None:
            with ctx.reading() as conn:
                cursor = conn.connection.dbapi_connection.cursor()
                try:
                    for sql in statements:
                        cursor.execute(sql, params).fetchall()
                finally:
                    cursor.close()

        report = build()  # warm the page cache for both
        raw_sql()
        floor = pystats.median(timed(raw_sql, REPEAT))
        value = pystats.median(timed(build, REPEAT))
        pdf = pystats.median(timed(lambda: statistics_export.to_pdf(report), 3))
        persons = report.table("overview").value("persons_counselled")
        return [
            Figure(name=f"year report, {env.clients:,} clients, {contacts:,} contacts in the year (median of "
                        f"{REPEAT})", value=value, unit="s", target=f"≤ {TARGET_S:.0f} s", floor=floor,
                   floor_label="same GROUP BY SQL, raw connection", ok=value <= TARGET_S,
                   note=f"{persons} persons counselled; 13 tables with disclosure control"),
            Figure(name="the year report rendered as PDF", value=pdf, unit="s", target="informative", floor=None),
        ]
    finally:
        vault.close()


def main() -> None:  # pragma: no cover - a manual smoke run
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=".") as tmp:
        env = BenchEnv(workdir=Path(tmp), clients=args.clients)
        for f in run(env):
            floor = f" (floor {f.floor:.3f} s)" if f.floor is not None else ""
            print(f"{f.name}: {f.value:.3f} {f.unit}{floor} ok={f.ok}")


if __name__ == "__main__":  # pragma: no cover
    main()
