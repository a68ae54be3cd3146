"""Case work: demo generation with plans, groups and signposting, and the reminders list
after sign-in over the big vault (residence titles expiring within 60 days, due plan
steps, due referral follow-ups), against the same three statements on the raw connection."""

from __future__ import annotations

import time

from benchmarks.common import BenchEnv, Figure, median_ms, timed
from referral_desk.core.services import demo, reminders, setup
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault

USER = "admin"
PASSWORD = "Benchmark-Rheinufer-2026"


def _vault(env: BenchEnv, figures: list[Figure]):
    if "big_vault" in env.shared:
        return env.shared["big_vault"]
    vault_dir = env.workdir / "big-vault"
    ctx, _ = setup.initialise(vault_dir, org_name="Benchmark e. V.", admin=USER, password=PASSWORD)
    t = time.perf_counter()
    result = demo.generate(ctx, clients=env.clients, seed=1)
    seconds = time.perf_counter() - t
    ctx.vault.close()
    figures.append(
        Figure(
            f"demo --clients {env.clients:,} with case work ({result['goals']:,} goals, "
            f"{result['groups']:,} groups, {result['signposts']:,} signpostings)",
            seconds,
            "s",
            "≤ 60 s",
            ok=seconds <= 60,
        )
    )
    env.shared["big_vault"] = (vault_dir, USER, PASSWORD)
    return env.shared["big_vault"]


def run(env: BenchEnv) -> list[Figure]:
    figures: list[Figure] = []
    vault_dir, user, password = _vault(env, figures)
    vault = Vault.unlock(vault_dir, user=user, password=password)
    try:
        ctx = ServiceContext.sign_in(vault, user)
        count = len(reminders.reminders(ctx))  # warm the page cache like a signed-in session
        service = timed(lambda: reminders.reminders(ctx), 30)
        raw = vault.engine.raw_connection()
        try:
            import datetime as dt

            statements = reminders.queries(mine=False)
            params = reminders.params(dt.date.today(), reminders.DEFAULT_DAYS, None)

            def floor() -> None:
                for sql in statements.values():
                    raw.execute(sql, params).fetchall()

            floor_s = timed(floor, 30)
        finally:
            raw.close()
    finally:
        vault.close()
    med, fmed = median_ms(service), median_ms(floor_s)
    figures.append(
        Figure(
            f"reminders (60 days) over {env.clients:,} clients, {count:,} items, median of 30",
            med,
            "ms",
            "≤ 100 ms",
            fmed,
            "same three statements on the raw connection",
            ok=med <= 100,
        )
    )
    return figures
