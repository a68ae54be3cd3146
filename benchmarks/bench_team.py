"""Team database (issue 18, first slice): name search through the services on PostgreSQL
as a counsellor, with row-level security in force, on a private cluster started like the
tests' (tests/team/pgcluster.py). Small on purpose: the issue's 1,000,000-client and
50-counsellor targets are not in this slice (docs/team-database.md).

Floors, measured in the same run: the same SQL on the counsellor's raw connection (RLS
still applies), and on a superuser connection (no RLS) — their ratio is the cost of the
policies. Skips (no figures) without the PostgreSQL server binaries.

Standalone:  python -m benchmarks.bench_team
"""

from __future__ import annotations

import random
import time

from benchmarks.bench_core import _queries, _raw_find
from benchmarks.common import BenchEnv, Figure, median_ms, p95_ms
from referral_desk.core import demo_data
from referral_desk.core.services import clients

TEAM_CLIENTS = 4_000  # per run, split over two counsellors


def _people(rng: random.Random, n: int) -> list[dict]:
    out = []
    for _ in range(n):
        p = rng.choice(demo_data.NATIONALITY_PROFILES)
        gender = rng.choice(("female", "male"))
        out.append(
            {
                "family_name": demo_data.romanised(p, "family", rng.randrange(len(p["family_names"]))),
                "given_names": demo_data.romanised(
                    p,
                    gender if gender == "male" else "female",
                    rng.randrange(len(p["male_given"] if gender == "male" else p["female_given"])),
                ),
                "birth_date": f"{rng.randint(1950, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "gender": gender,
                "nationalities": ["unknown"],
            }
        )
    return out


def run(env: BenchEnv) -> list[Figure]:
    from tests.team.conftest import TeamDb
    from tests.team.pgcluster import find_bindir, start_cluster

    bindir = find_bindir()
    if bindir is None:
        print("bench_team: PostgreSQL server binaries not found, skipped")
        return []
    cluster = start_cluster(bindir)
    try:
        team = TeamDb(cluster, "bench_team")
        rng = random.Random(18)
        people = _people(rng, TEAM_CLIENTS)
        t = time.perf_counter()
        for who, part in (("anna", people[: TEAM_CLIENTS // 2]), ("bert", people[TEAM_CLIENTS // 2 :])):
            ctx = team.context(who)
            for start in range(0, len(part), 500):
                clients.create_clients(ctx, items=part[start : start + 500], allow_duplicate=True)
            ctx.vault.close()
        create_ms = (time.perf_counter() - t) * 1000 / TEAM_CLIENTS
        with team.raw("super") as su:
            su.execute("ANALYZE")
        ctx = team.context("anna")
        queries = _queries(random.Random(7), 300)
        for q in queries[:20]:
            clients.find_clients(ctx, text_query=q)
        service = []
        for q in queries:
            t = time.perf_counter()
            clients.find_clients(ctx, text_query=q)
            service.append(time.perf_counter() - t)
        floors = {}
        for who in ("anna", "super"):
            raw = team.raw(who)
            try:
                samples = []
                for q in queries:
                    t = time.perf_counter()
                    _raw_find(_PgRaw(raw), ctx, q)
                    samples.append(time.perf_counter() - t)
                floors[who] = samples
            finally:
                raw.close()
        ctx.vault.close()
        return [
            Figure(
                f"team: find as counsellor, RLS, {TEAM_CLIENTS:,} clients (median)",
                median_ms(service),
                "ms",
                "informative (issue: ≤ 20 ms at 1,000,000)",
                floor=median_ms(floors["anna"]),
                floor_label="same SQL, counsellor's raw connection",
            ),
            Figure(
                "team: find as counsellor (p95)",
                p95_ms(service),
                "ms",
                "informative",
                floor=p95_ms(floors["anna"]),
                floor_label="same SQL, raw",
            ),
            Figure(
                "team: same SQL without RLS (superuser, median)",
                median_ms(floors["super"]),
                "ms",
                "informative",
                floor=median_ms(floors["anna"]),
                floor_label="with RLS",
            ),
            Figure(
                "team: client add through the services (per client, batches of 500)", create_ms, "ms", "informative"
            ),
        ]
    finally:
        cluster.stop()


class _PgRaw:
    """``conn.execute(sql, params)`` with the service's SQLite-style SQL on psycopg."""

    def __init__(self, raw) -> None:
        from referral_desk.core.sqlcompat import _PgCursor

        self._cursor = _PgCursor(raw)

    def execute(self, sql, params):
        return self._cursor.execute(sql, params)


if __name__ == "__main__":
    import tempfile
    from pathlib import Path

    for f in run(BenchEnv(Path(tempfile.mkdtemp()))):
        print(f"{f.name}: {f.value:.2f} {f.unit} (floor {f.floor if f.floor is None else round(f.floor, 2)})")
