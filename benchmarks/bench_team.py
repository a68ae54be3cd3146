"""Team database (issue 18) on a private PostgreSQL cluster started like the tests'
(tests/team/pgcluster.py). Skips (no figures) without the PostgreSQL server binaries.

1. 4,000 clients added through the services by two counsellors; name search as a counsellor
   with row-level security in force. Floors, measured in the same run: the same SQL on the
   counsellor's raw connection (RLS still applies) and on a superuser connection (no RLS).
2. The issue's scale: those clients copied by the superuser (ids, case numbers and name keys
   shifted; names repeat, as common names do) until the database holds ``TEAM_BIG`` clients
   (default 1,000,000; env REFERRAL_DESK_BENCH_TEAM_CLIENTS) spread over 50 counsellors, then
   name search as one of them (about 20,000 clients in the caseload). Target ≤ 20 ms median;
   floor: the same SQL on the counsellor's raw connection.
3. 50 simulated counsellors at once (each their own login role and connection, loopback),
   for a bounded run: each repeats search → open → edit with a person's pause between
   actions (1–5 s: quicker than people at a desk, who read and type between clicks); every
   fifth edit goes to one of five clients shared with everyone, so writers collide. An edit
   sends the version it read; a conflict is re-read and retried. Every edit appends a token
   to the client's notes: a token missing at the end is a lost update. Target: p95 ≤ 100 ms,
   0 lost updates, 0 errors. Floor: the p95 of the same actions by one counsellor alone,
   without pauses. The 50 simulated desks share this one Python process (and its
   interpreter lock) and two cores with the server, so their own client-side work queues
   too; real desks each have their own computer.
5. ``vault push`` of the big desk vault (the ``make bench`` demo vault of 100,000 clients
   with a year and more of case work, built by bench_core) into a fresh team database:
   everything read, mapped, written, read back and compared by SHA-256 per table, and the
   audit chain continued and verified, in one transaction. Its people are mapped onto the
   team's logins. Informative (the issue sets no target; a desk moves in once). Floor: the
   same vault's rows read and hashed alone (what ``push`` cannot avoid on the desk side).
4. The year report on the server (what ``stats publish`` builds, core/team/reports.py) over
   the ``TEAM_BIG`` clients with a year of contacts made by SQL (about 47 % of the clients
   counselled, 2.9 contacts each, as in the desk's demo year). Target ≤ 3 s. Floor: the
   report's counting queries alone on the same connection (the persons' facts counted by the
   server, the contact counts), without the tables, the disclosure control and the final check.

Standalone:  python -m benchmarks.bench_team
"""

from __future__ import annotations

import os
import random
import threading
import time

from benchmarks.bench_core import _queries, _raw_find
from benchmarks.common import BenchEnv, Figure, median_ms, p95_ms
from referral_desk.core import demo_data
from referral_desk.core.services import clients

TEAM_CLIENTS = 4_000  # per run, split over two counsellors
TEAM_BIG = int(os.environ.get("REFERRAL_DESK_BENCH_TEAM_CLIENTS", "1000000"))
COUNSELLORS = 50
RUN_SECONDS = float(os.environ.get("REFERRAL_DESK_BENCH_TEAM_SECONDS", "60"))
PAUSE_S = (1.0, 5.0)  # between two actions of one person
HOT_CLIENTS = 5


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
        service = _timed_finds(ctx, queries)
        floors = {who: _timed_raw_finds(team, who, ctx, queries) for who in ("anna", "super")}
        ctx.vault.close()
        small = [
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
        pushed = _vault_push(env, cluster)
        logins = _add_counsellors(team)
        return (
            small
            + pushed
            + _big_search(team, logins, queries)
            + _concurrent(team, logins, queries)
            + _year_report(team)
        )
    finally:
        cluster.stop()


def _vault_push(env: BenchEnv, cluster) -> list[Figure]:
    """Section 5: the big desk vault moved into a fresh team database."""
    import shutil

    from sqlalchemy import select, text

    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.team import push
    from referral_desk.core.vault import Vault
    from tests.team.conftest import TeamDb

    big = env.shared.get("big_vault")
    if big is None:
        print("bench_team: no big desk vault (bench_core did not run), vault push skipped")
        return []
    vault_dir, user, password = big
    copy = env.workdir / "push-vault"  # push records itself in the vault: leave the shared one alone
    shutil.copytree(vault_dir, copy)
    target = TeamDb(cluster, "bench_push")
    vault = Vault.unlock(copy, user=user, password=password)
    try:
        ctx = ServiceContext.sign_in(vault, user)
        with ctx.reading() as conn:
            people = [str(r[0]).casefold() for r in conn.execute(text("SELECT name FROM user_account WHERE active"))]
            counted = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in ("client", "contact")}
        logins = [target.users[w] for w in ("anna", "bert", "carl", "lena")]
        user_map = {name: (target.users["admin"] if name == user else logins[i % len(logins)]) for i, name in
                    enumerate(people)}  # fmt: skip
        with ctx.reading() as conn:  # floor: every moved table read and hashed, nothing written
            t = time.perf_counter()
            for table in (push._tables()[name] for name in push.MOVED):
                push.rows_digest(conn.execute(select(table)).mappings(), [c.name for c in table.columns])
            floor = time.perf_counter() - t
        engine = target.engine("super")
        try:
            with ctx.reading() as conn:
                t = time.perf_counter()
                done = push.push(
                    conn, vault_id=vault.vault_id, audit_key=bytes(vault.audit_key), engine=engine, user_map=user_map
                )
                seconds = time.perf_counter() - t
        finally:
            engine.dispose()
    finally:
        vault.close()
        shutil.rmtree(copy, ignore_errors=True)
    rows = sum(done.rows.values())
    return [
        Figure(
            f"team: vault push of the desk vault ({counted['client']:,} clients, {counted['contact']:,} contacts, "
            f"{rows:,} rows, {done.audit_events:,} audit events), checked",
            seconds,
            "s",
            "informative (a desk moves in once)",
            floor=floor,
            floor_label="the vault's rows read and hashed alone",
        )
    ]


def _timed_finds(ctx, queries: list[str]) -> list[float]:
    """Seconds per search through the services, after 20 to warm the caches."""
    for q in queries[:20]:
        clients.find_clients(ctx, text_query=q)
    out = []
    for q in queries:
        t = time.perf_counter()
        clients.find_clients(ctx, text_query=q)
        out.append(time.perf_counter() - t)
    return out


def _timed_raw_finds(team, who: str, ctx, queries: list[str]) -> list[float]:
    """The floor: seconds per search for the same SQL on ``who``'s raw connection."""
    raw = team.raw(who)
    try:
        out = []
        for q in queries:
            t = time.perf_counter()
            _raw_find(_PgRaw(raw), ctx, q)
            out.append(time.perf_counter() - t)
        return out
    finally:
        raw.close()


def _add_counsellors(team) -> list[str]:
    from referral_desk.core.team import server

    admin = team.engine("super")
    logins = []
    try:
        for i in range(COUNSELLORS):
            login = f"c{i:02d}_{team.name}"
            server.add_user(admin, name=login, role="counsellor", password=f"Bench-Beratung-{i:02d}-2026")
            team.users[login] = login
            team.passwords[login] = f"Bench-Beratung-{i:02d}-2026"
            logins.append(login)
    finally:
        admin.dispose()
    return logins


def _big_search(team, logins: list[str], queries: list[str]) -> list[Figure]:
    """Copy the service-made clients until the database holds TEAM_BIG, spread over the 50
    counsellors; search as one of them."""
    t = time.perf_counter()
    with team.raw("super") as su:
        ids = [r[0] for r in su.execute("SELECT user_id FROM team_user WHERE db_role = ANY(%s)", (logins,))]
        base, top = su.execute("SELECT count(*), max(id) FROM client").fetchone()
        copies = max(0, (TEAM_BIG - base + base - 1) // base)
        cols = [
            r[0]
            for r in su.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'client' "
                "AND column_name NOT IN ('id', 'case_number', 'counsellor_id') ORDER BY ordinal_position"
            )
        ]
        listed = ", ".join(cols)
        su.execute("ALTER TABLE client DISABLE TRIGGER USER")
        su.execute(
            f"INSERT INTO client (id, case_number, counsellor_id, {listed}) "
            f"SELECT c.id + k * %(top)s, c.case_number || '-' || k, (%(ids)s::int[])[1 + (c.id + k) %% %(n)s], "
            f"{', '.join('c.' + x for x in cols)} FROM client c, generate_series(1, %(copies)s) k "
            f"WHERE c.id <= %(top)s AND c.id + k * %(top)s <= %(top)s + %(big)s - %(base)s",
            {"top": top, "ids": ids, "n": len(ids), "copies": copies, "big": TEAM_BIG, "base": base},
        )
        su.execute("ALTER TABLE client ENABLE TRIGGER USER")
        # The server keeps each key's counsellor (core/team/server.py, NAME_KEY_OWNER_SQL); the
        # copy sets it directly instead of a trigger call per row.
        su.execute("ALTER TABLE client_name_key DISABLE TRIGGER USER")
        su.execute(
            "INSERT INTO client_name_key (key, client_id, counsellor_id) "
            "SELECT n.key, c.id, c.counsellor_id FROM client_name_key n, generate_series(1, %(copies)s) k, client c "
            "WHERE n.client_id <= %(top)s AND c.id = n.client_id + k * %(top)s",
            {"top": top, "copies": copies},
        )
        su.execute("ALTER TABLE client_name_key ENABLE TRIGGER USER")
        su.execute("SELECT setval(pg_get_serial_sequence('client', 'id'), (SELECT max(id) FROM client))")
        # What the server's autovacuum does within minutes of a bulk load (visibility map,
        # statistics); without it every index-only scan of the new keys visits the table.
        su.execute("VACUUM ANALYZE")
        total = su.execute("SELECT count(*) FROM client").fetchone()[0]
        caseload = su.execute(
            "SELECT count(*) FROM client WHERE counsellor_id = (SELECT user_id FROM team_user WHERE db_role = %s)",
            (logins[0],),
        ).fetchone()[0]
    load_s = time.perf_counter() - t
    ctx = team.context(logins[0])
    try:
        service = _timed_finds(ctx, queries)
        floor = _timed_raw_finds(team, logins[0], ctx, queries)
    finally:
        ctx.vault.close()
    return [
        Figure(
            f"team: find as counsellor, RLS, {total:,} clients ({caseload:,} in the caseload, median)",
            median_ms(service),
            "ms",
            "≤ 20 ms",
            floor=median_ms(floor),
            floor_label="same SQL, counsellor's raw connection",
            ok=median_ms(service) <= 20.0,
            note=f"{total:,} clients copied in {load_s:.0f} s by the superuser",
        ),
        Figure(
            f"team: find as counsellor, {total:,} clients (p95)",
            p95_ms(service),
            "ms",
            "informative",
            floor=p95_ms(floor),
            floor_label="same SQL, raw",
        ),
    ]


def _concurrent(team, logins: list[str], queries: list[str]) -> list[Figure]:
    """50 counsellors at once: search → open → edit with pauses; conflicts re-read and
    retried; tokens in the notes count lost updates. Floor: one counsellor alone."""
    from sqlalchemy import text

    from referral_desk.core.errors import VersionConflict

    with team.raw("super") as su:
        own = {
            login: [
                r[0]
                for r in su.execute(
                    "SELECT c.id FROM client c JOIN team_user t ON t.user_id = c.counsellor_id "
                    "WHERE t.db_role = %s ORDER BY c.id LIMIT 20",
                    (login,),
                )
            ]
            for login in logins
        }
    hot = own[logins[0]][:HOT_CLIENTS]
    owner = team.context(logins[0])
    try:
        with owner.transaction() as uow:
            for cid in hot:
                for login in logins[1:]:
                    uow.conn.execute(
                        text("SELECT rd_share_client(:c, :g, now() + interval '30 days')"), {"c": cid, "g": login}
                    )
    finally:
        owner.vault.close()

    lock = threading.Lock()

    class Run:
        def __init__(self) -> None:
            self.latencies: list[float] = []
            self.done: list[tuple[int, str]] = []  # (client, token) of every successful edit
            self.errors: list[str] = []
            self.conflicts = 0

    def desk(run: Run, n: int, login: str, *, pause: bool, until: list[float], cycles: int, ready) -> None:
        rng = random.Random(n)
        ctx = None
        try:
            ctx = team.context(login)
        except Exception as exc:  # noqa: BLE001 - a failed sign-in is an error of the run, counted
            with lock:
                run.errors.append(f"sign-in: {type(exc).__name__}")
        if ready is not None:
            ready.wait()
        if ctx is None:
            return
        if n == 0 and not until:
            until.append(time.perf_counter() + RUN_SECONDS)
        i = 0
        try:
            while i < cycles and (not until or time.perf_counter() < until[0]):
                i += 1
                target = rng.choice(hot) if i % 5 == 0 else rng.choice(own[login])
                token = f"{n}.{i}"
                record = None
                for step in ("search", "open", "edit"):
                    if pause:
                        time.sleep(rng.uniform(*PAUSE_S))  # a person reads, types, clicks
                    t = time.perf_counter()
                    try:
                        if step == "search":
                            clients.find_clients(ctx, text_query=rng.choice(queries))
                        elif step == "open":
                            record = clients.get_client(ctx, client_id=target)
                        elif record is None:  # the open failed: nothing to edit
                            continue
                        else:
                            while True:
                                try:
                                    clients.update_client(
                                        ctx,
                                        client_id=target,
                                        changes={"notes": ((record.notes or "") + " " + token).strip()},
                                        expected_version=record.version,
                                    )
                                    break
                                except VersionConflict:
                                    with lock:
                                        run.conflicts += 1
                                    record = clients.get_client(ctx, client_id=target)
                            with lock:
                                run.done.append((target, token))
                    except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                        with lock:
                            run.errors.append(f"{step}: {type(exc).__name__}")
                        continue
                    with lock:
                        run.latencies.append(time.perf_counter() - t)
        finally:
            ctx.vault.close()

    solo = Run()
    desk(solo, 1, logins[1], pause=False, until=[], cycles=40, ready=None)
    crowd = Run()
    until: list[float] = []
    ready = threading.Barrier(len(logins))
    threads = [
        threading.Thread(
            target=desk, args=(crowd, n, login), kwargs={"pause": True, "until": until, "cycles": 10**6, "ready": ready}
        )
        for n, login in enumerate(logins)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    done = solo.done + crowd.done
    with team.raw("super") as su:
        rows = su.execute("SELECT id, notes FROM client WHERE id = ANY(%s)", (sorted({c for c, _ in done}),)).fetchall()
    notes = {cid: set((text_ or "").split()) for cid, text_ in rows}
    lost = sum(1 for cid, token in crowd.done if token not in notes.get(cid, ()))
    lost += sum(1 for cid, token in solo.done if f"{token}" not in notes.get(cid, ()))
    p95 = p95_ms(crowd.latencies)
    errors = solo.errors + crowd.errors
    return [
        Figure(
            f"team: {len(logins)} counsellors at once, search/open/edit (p95 of {len(crowd.latencies):,} actions)",
            p95,
            "ms",
            "≤ 100 ms, 0 lost updates, 0 errors",
            floor=p95_ms(solo.latencies),
            floor_label="p95 of one counsellor alone, no pauses",
            ok=p95 <= 100.0 and lost == 0 and not errors,
            note=f"median {median_ms(crowd.latencies):.0f} ms; {len(crowd.done):,} edits, {crowd.conflicts} conflicts "
            f"re-read and retried, {lost} lost updates, {len(errors)} errors"
            f"{(' (' + ', '.join(sorted(set(errors))[:5]) + ')') if errors else ''}; {RUN_SECONDS:.0f} s run, "
            f"pauses {PAUSE_S[0]:.0f}–{PAUSE_S[1]:.0f} s between one person's actions",
        )
    ]


class _PgRaw:
    """``conn.execute(sql, params)`` with the service's SQLite-style SQL on psycopg."""

    def __init__(self, raw) -> None:
        from referral_desk.core.sqlcompat import _PgCursor

        self._cursor = _PgCursor(raw)

    def execute(self, sql, params):
        return self._cursor.execute(sql, params)


YEAR = 2025


def _year_report(team) -> list[Figure]:
    """A year of contacts for the big database, then the year report as ``stats publish``
    builds it (median of three), beside its SQL alone."""
    from sqlalchemy import text

    from referral_desk.core import sqlcompat
    from referral_desk.core.services import statistics

    t = time.perf_counter()
    with team.raw("super") as su:
        # Cases opened over the two years before the report's end (the copies were all opened
        # today); no contact before its case was opened.
        su.execute("ALTER TABLE client DISABLE TRIGGER USER")
        su.execute("UPDATE client SET opened_on = make_date(%(y)s - 1, 1, 1) + (id * 37) %% 700", {"y": YEAR})
        su.execute("ALTER TABLE client ENABLE TRIGGER USER")
        su.execute("ALTER TABLE contact DISABLE TRIGGER USER")
        # 47 % of the clients counselled in the year, 1–6 contacts each (mean about 2.9).
        su.execute(
            "INSERT INTO contact (client_id, date, minutes, mode, topics, interpreter, language, "
            "counsellor_id, created_at, updated_at, with_family) "
            "SELECT c.id, greatest(c.opened_on, make_date(%(y)s, 1 + (c.id * 7 + k) %% 12, 1 + (c.id + k * 3) %% 28)), "
            "30 + (k * 15) %% 60, "
            "(ARRAY['in_person','phone','video','email'])[1 + (c.id + k) %% 4], "
            "('[\"' || (ARRAY['work','residence','language','housing','health'])[1 + (c.id * k) %% 5] || '\"]')::json, "
            "(c.id + k) %% 3 = 0, (ARRAY['de','tr','ar','ru','uk'])[1 + c.id %% 5], c.counsellor_id, now(), now(), "
            "CASE WHEN (c.id + k) %% 9 = 0 THEN 1 + c.id %% 3 ELSE 0 END "
            "FROM client c, generate_series(1, 6) k WHERE c.id %% 100 < 47 AND k <= 1 + (c.id * 13) %% 5 + "
            "CASE WHEN c.id %% 7 = 0 THEN 1 ELSE 0 END",
            {"y": YEAR},
        )
        su.execute("ALTER TABLE contact ENABLE TRIGGER USER")
        # What autovacuum does soon after a bulk load; measured while it runs, the report read
        # the old versions of every client row the opened_on update left behind.
        su.execute("VACUUM ANALYZE client, contact")
        persons, contacts = su.execute(
            "SELECT count(DISTINCT client_id), count(*) FROM contact WHERE date BETWEEN %s AND %s",
            (f"{YEAR}-01-01", f"{YEAR}-12-31"),
        ).fetchone()
    load_s = time.perf_counter() - t
    engine = team.engine("super")
    try:
        runs, floors = [], []
        period = statistics.make_period(f"{YEAR}-01-01", f"{YEAR}-12-31")
        for _ in range(3):
            with engine.connect() as conn:
                t = time.perf_counter()
                statistics.report_on(conn, counsellor_id=None, period_from=period.start, period_to=period.end)
                runs.append(time.perf_counter() - t)
                conn.rollback()
            with engine.connect() as conn:
                params = statistics.query_params(period, (27, 35, 45, 55, 65), None)
                cur = sqlcompat.dbapi(conn)
                conn.execute(text("SET LOCAL work_mem = '64MB'"))
                conn.execute(text("SET LOCAL jit = off"))
                t = time.perf_counter()
                statistics._tally_on_server(
                    cur, statistics.persons_sql((27, 35, 45, 55, 65), own=False, postgres=True), params
                )
                cur.execute(statistics.contacts_sql(own=False, postgres=True, with_keys=False), params).fetchall()
                floors.append(time.perf_counter() - t)
                conn.rollback()
    finally:
        engine.dispose()
    runs.sort()
    floors.sort()
    return [
        Figure(
            f"team: year report on the server, {persons:,} persons counselled, {contacts:,} contacts (median of 3)",
            runs[1],
            "s",
            "≤ 3 s",
            floor=floors[1],
            floor_label="the report's counting queries alone",
            ok=runs[1] <= 3.0,
            note=f"contacts made by SQL in {load_s:.0f} s",
        )
    ]


if __name__ == "__main__":
    import tempfile
    from pathlib import Path

    for f in run(BenchEnv(Path(tempfile.mkdtemp()))):
        print(f"{f.name}: {f.value:.2f} {f.unit} (floor {f.floor if f.floor is None else round(f.floor, 2)}) {f.note}")
