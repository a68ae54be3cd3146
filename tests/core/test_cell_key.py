"""The cell-key method (issue 14): record keys in the vault, the fixed p-table, consistent
noise, no small counts, and differencing attacks that recover nothing."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from referral_desk.core import cellkey, disclosure, statistics_export
from referral_desk.core.disclosure import TOTAL
from referral_desk.core.paths import resource
from referral_desk.core.services import clients, demo, statistics
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.services.statistics import period_for
from referral_desk.core.vault import Vault
from tests.conftest import ADMIN_PASSWORD, client_data

from .stats_fixtures import Person, seed

FIXTURE_V1 = Path(__file__).resolve().parents[1] / "data" / "vault_v1"
YEAR = 2025
Q1 = period_for("quarter", YEAR, 1)
MONTHS = [period_for("month", YEAR, m) for m in (1, 2, 3)]


def report(ctx, period, **kw):
    kw.setdefault("method", "cell_key")
    return statistics.build_report(ctx, period_from=period.start, period_to=period.end, **kw)


def set_keys(ctx, rng: random.Random) -> None:
    """Known record keys, so that a test's outcome does not depend on SQLite's random()."""
    with ctx.transaction() as uow:
        ids = [r[0] for r in uow.conn.execute(text("SELECT id FROM client ORDER BY id"))]
        for i in ids:
            uow.conn.execute(
                text("UPDATE client SET record_key = :k WHERE id = :i"), {"k": rng.randrange(cellkey.KEY_MOD), "i": i}
            )


# --- the p-table -------------------------------------------------------------------------------


@pytest.mark.parametrize("k", [3, 5, 10])
def test_the_shipped_p_table_is_the_generated_one_and_keeps_its_promises(k):
    shipped = json.loads(resource(*cellkey.PTABLE_FILE).read_text("utf-8"))[str(k)]
    fresh = cellkey.generate(k)
    assert {key: shipped[key] for key in ("k", "D", "V", "js")} == {key: fresh[key] for key in ("k", "D", "V", "js")}
    assert shipped["rows"].keys() == fresh["rows"].keys()
    for i, entries in shipped["rows"].items():
        assert [v for v, _ in entries] == [v for v, _ in fresh["rows"][i]]
        assert all(abs(p - q) < 1e-7 for (_, p), (_, q) in zip(entries, fresh["rows"][i]))
    table = cellkey.ptable(k)
    d, variance, js = cellkey.parameters(k)
    assert (table.d, table.js) == (d, js) == (k, k - 1)
    for i, row in table.rows.items():
        assert abs(sum(p for _, p, _, _ in row) - 1) < 1e-9
        assert abs(sum(v * p for v, p, _, _ in row)) < 1e-6  # unbiased
        for v, p, _lower, _upper in row:
            assert p > 0 and -d <= v <= d
            assert i + v >= 0 and not 1 <= i + v <= js  # never negative, never 1 … k−1
        assert row[0][2] == 0.0 and row[-1][3] == 1.0
        assert all(a[3] == b[2] for a, b in itertools.pairwise(row))  # intervals tile [0, 1)
    big = table.rows[table.i_max]
    assert abs(sum(v * v * p for v, p, _, _ in big) - variance) < 1e-6
    assert table.noise(0, 0.5) == 0 and table.row(10_000) == big


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 250])
def test_noise_follows_the_p_table(count):
    """Cell keys of many random cells (sums of random record keys) pick each noise value with
    the probability the p-table gives it."""
    table = cellkey.ptable(3)
    rng = random.Random(count)
    n = 20_000
    seen = Counter(
        table.noise(count, cellkey.cell_key(sum(rng.randrange(cellkey.KEY_MOD) for _ in range(min(count, 5)))))
        for _ in range(n)
    )
    for v, p, _, _ in table.row(count):
        assert abs(seen[v] / n - p) < 0.012, (v, p, seen[v] / n)
    assert set(seen) <= {v for v, *_ in table.row(count)}


# --- record keys in the vault ------------------------------------------------------------------


def test_upgraded_release_0_1_vault_has_record_keys_and_new_clients_get_one(tmp_path):
    target = tmp_path / "vault"
    shutil.copytree(FIXTURE_V1, target)
    with Vault.unlock(target, user="admin", password=ADMIN_PASSWORD) as vault:
        ctx = ServiceContext.sign_in(vault, "admin")
        with vault.read() as conn:
            keys = [r[0] for r in conn.execute(text("SELECT record_key FROM client"))]
        assert len(keys) == 40 and all(isinstance(x, int) and 0 <= x < cellkey.KEY_MOD for x in keys)
        assert len(set(keys)) == 40
        new = clients.create_client(ctx, data=client_data())
        with vault.read() as conn:
            key = conn.execute(text("SELECT record_key FROM client WHERE id = :i"), {"i": new.id}).scalar_one()
        assert isinstance(key, int) and 0 <= key < cellkey.KEY_MOD and key not in keys
        assert "record_key" not in clients.get_client(ctx, client_id=new.id).model_dump()  # never exported
        r = statistics.build_report(
            ctx,
            period_from=dt.date(dt.date.today().year, 1, 1),
            period_to=dt.date(dt.date.today().year, 12, 31),
            method="cell_key",
        )
        assert r.method == "cell_key"


def test_every_insert_path_sets_a_key(admin_ctx):
    demo.generate(admin_ctx, clients=60, seed=3)  # the demo's bulk INSERT statements
    with admin_ctx.vault.read() as conn:
        missing, n, distinct = conn.execute(
            text("SELECT sum(record_key IS NULL), count(*), count(DISTINCT record_key) FROM client")
        ).one()
    assert missing == 0 and n == distinct >= 60


# --- reports ------------------------------------------------------------------------------------


def _caseload(ctx, rng: random.Random, *, rare_in_march: bool = True) -> None:
    people = []
    for _ in range(40):
        contacts = [
            (
                dt.date(YEAR, rng.randint(1, 3), rng.randint(1, 28)),
                rng.choice(["in_person", "phone"]),
                [rng.choice(["work", "housing", "language"])],
            )
            for _ in range(rng.randint(1, 4))
        ]
        people.append(
            Person(
                birth_date=dt.date(rng.randint(1960, 2000), 5, 5),
                contacts=contacts,
                gender=rng.choice(["female", "male"]),
                residence_status=rng.choice(["niederlassungserlaubnis", "aufenthaltserlaubnis_erwerb"]),
            )
        )
    if rare_in_march:  # the one person an attacker wants: one video contact, tolerated, in March
        people.append(
            Person(
                birth_date=dt.date(1999, 1, 1),
                contacts=[(dt.date(YEAR, 3, 14), "video", ["health"])],
                gender="diverse",
                residence_status="duldung",
            )
        )
    seed(ctx, people)
    set_keys(ctx, rng)


def test_cell_key_report_is_consistent_and_never_shows_small_counts(admin_ctx):
    _caseload(admin_ctx, random.Random(1))
    first = report(admin_ctx, Q1)
    again = report(admin_ctx, Q1)
    english = report(admin_ctx, Q1, lang="en", profile="mbe")
    assert [t.values for t in first.tables] == [t.values for t in again.tables]  # same report → same noise
    for t in english.tables:  # another profile and language: the same cells, the same numbers
        assert t.values == first.table(t.id).values
    raw = statistics.build_report(admin_ctx, period_from=Q1.start, period_to=Q1.end, method="suppression")
    assert first.loss == 0.0
    persons = first.table("overview").value("persons_counselled")
    for t in first.tables:
        if t.measure == "mean_contacts_per_person":
            continue
        for key, value in t.values.items():
            assert isinstance(value, int) and value >= 0 and not 1 <= value <= 2, (t.id, key, value)
        if t.measure == "persons" and t.margins:  # every person table shows the same total
            assert t.values[(TOTAL,) * len(t.dimensions)] == persons
    gender = first.table("persons_by_gender")
    true_gender = raw.table("persons_by_gender")
    assert gender.value("diverse") in (0, 3, 4)  # a true 1 becomes 0 or at least 3 (D = 3)
    for key, value in gender.values.items():  # noise at most D = 3; zero stays zero
        if isinstance(true_gender.values[key], int):
            assert abs(value - true_gender.values[key]) <= 3
            assert (value == 0) == (true_gender.values[key] == 0) or true_gender.values[key] <= 3
    doc = json.loads(statistics_export.to_json(first))
    assert doc["method"]["name"] == "cell_key" and "Zellschlüsselverfahren" in doc["method"]["note"]
    csv = statistics_export.to_csv(first).decode("utf-8-sig")
    assert "Zellschlüsselverfahren" in csv and "." not in [c for line in csv.splitlines() for c in line.split(";")]


def _interval(table: cellkey.PTable, published: int, limit: int = 10_000) -> tuple[int, int]:
    """Every true count that the p-table can turn into ``published`` (checked to be a range)."""
    if published == 0:
        candidates = [0] + [i for i in range(1, table.i_max + 1) if any(i + v == 0 for v, *_ in table.row(i))]
    else:
        candidates = [
            i
            for i in range(max(1, published - table.d), published + table.d + 1)
            if any(i + v == published for v, *_ in table.row(i))
        ]
    assert candidates == list(range(candidates[0], candidates[-1] + 1))
    return candidates[0], min(candidates[-1], limit)


def _attack(
    published: dict[str, dict[tuple[str, ...], int]],
    relations: list[list[tuple[str, tuple[str, ...], float]]],
    target: tuple[str, tuple[str, ...]],
    table: cellkey.PTable,
) -> tuple[int, int]:
    """The attacker's best knowledge (exact integer programme): the smallest and largest true
    value of ``target`` that agrees with every published value and every true relation."""
    import highspy
    import numpy as np

    cells = [(tid, key) for tid, values in published.items() for key in values]
    index = {c: i for i, c in enumerate(cells)}
    n = len(cells)
    lo = np.array([_interval(table, published[t][k])[0] for t, k in cells], dtype=float)
    hi = np.array([_interval(table, published[t][k])[1] for t, k in cells], dtype=float)
    out = []
    for sense in (1.0, -1.0):
        h = disclosure._new_highs()
        cost = np.zeros(n)
        cost[index[target]] = sense
        h.addCols(n, cost, lo, hi, 0, np.zeros(n, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0))
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
        for rel in relations:
            idx = np.array([index[(t, k)] for t, k, _ in rel], dtype=np.int32)
            h.addRow(0.0, 0.0, len(idx), idx, np.array([c for *_, c in rel], dtype=float))
        h.run()
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal  # the truth is always feasible
        out.append(round(sense * h.getInfo().objective_function_value))
    return out[0], out[1]


@pytest.mark.parametrize("seed_", range(6))
def test_quarter_minus_months_and_sub_tables_recover_no_small_count(admin_ctx, seed_):
    """Differencing (issue 14, attack c): the quarter's contacts by mode minus January and
    February, together with every table's own total and the monthly tables, leave the one
    video contact of March undetermined: the attacker cannot pin it to 1 (or any value)."""
    rng = random.Random(100 + seed_)
    _caseload(admin_ctx, rng)
    modes = ("in_person", "phone", "video")
    published: dict[str, dict[tuple[str, ...], int]] = {}
    for name, period in [("q1", Q1)] + [(f"m{i}", p) for i, p in enumerate(MONTHS, start=1)]:
        t = report(admin_ctx, period).table("contacts_by_mode")
        published[name] = {(m,): int(t.value(m)) for m in modes} | {(TOTAL,): int(t.value(TOTAL))}
    relations = []
    for name in published:  # each table adds up (true counts)
        relations.append([(name, (m,), 1.0) for m in modes] + [(name, (TOTAL,), -1.0)])
    for key in [(m,) for m in modes] + [(TOTAL,)]:  # contacts of the quarter = contacts of its months
        relations.append([("q1", key, 1.0)] + [(f"m{i}", key, -1.0) for i in (1, 2, 3)])
    table = cellkey.ptable(3)
    lo, hi = _attack(published, relations, ("m3", ("video",)), table)
    assert lo <= 1 <= hi and lo < hi, (lo, hi)
    # the quarter's video cell also stays open
    qlo, qhi = _attack(published, relations, ("q1", ("video",)), table)
    assert qlo < qhi


def test_cli_exports_with_the_cell_key_method(admin_ctx, vault_path, tmp_path, monkeypatch, capsys):
    import os

    from referral_desk import cli

    _caseload(admin_ctx, random.Random(7))
    admin_ctx.vault.close()
    for key in list(os.environ):
        if key.startswith("REFERRAL_DESK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(vault_path))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("REFERRAL_DESK_USER", "admin")
    out = tmp_path / "q1.json"
    args = [
        "stats",
        "export",
        "--from",
        "2025-01-01",
        "--to",
        "2025-03-31",
        "--format",
        "json",
        "--out",
        str(out),
        "--method",
        "cell_key",
        "--lang",
        "en",
    ]
    assert cli.main(["--lang", "en"] + args[:-2]) == 0, capsys.readouterr().err
    doc = json.loads(out.read_text("utf-8"))
    assert doc["method"] == {
        "name": "cell_key",
        "min_cell": 3,
        "lang": "en",
        "note": statistics.method_note("cell_key", 3, "en"),
    }
    assert all(c["value"] != "." for t in doc["tables"] for c in t["cells"])
    assert cli.main(args[:-2] + ["--min-cell", "5"]) == 0  # k = 5: its own p-table (D = 5)
    doc5 = json.loads(out.read_text("utf-8"))
    assert doc5["method"]["min_cell"] == 5
    assert all(
        c["value"] == 0 or c["value"] >= 5
        for t in doc5["tables"]
        if t["id"] != "contacts_per_person_mean"
        for c in t["cells"]
    )
