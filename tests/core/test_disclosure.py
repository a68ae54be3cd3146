"""Disclosure control (DESIGN.md §7): primary and secondary suppression and the exact check.

The checker (``disclosure.determined``) is compared with an independent brute force: all
integer completions of the suppressed cells, each ≥ 1, inside a box [1, M+1] (M = the largest
true count). If a cell can take another value at all, it can do so within that box (one
unit around a cycle of the table), so for these small tables the brute force is exact.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from referral_desk.core import disclosure as d
from referral_desk.core.disclosure import OTHER, SUPPRESSED, TOTAL, DisclosureError, Table

# --- brute force --------------------------------------------------------------------------


def constraints(table: Table) -> list[list[tuple[tuple[str, ...], int]]]:
    """Each constraint: [(cell, coefficient)] summing to 0."""
    if not table.margins:
        return []
    if table.cols is None:
        return [[((r,), 1) for r in table.rows] + [((TOTAL,), -1)]]
    out = []
    for r in table.rows:
        out.append([((r, c), 1) for c in table.cols] + [((r, TOTAL), -1)])
    for c in table.cols:
        out.append([((r, c), 1) for r in table.rows] + [((TOTAL, c), -1)])
    out.append([((r, TOTAL), 1) for r in table.rows] + [((TOTAL, TOTAL), -1)])
    out.append([((TOTAL, c), 1) for c in table.cols] + [((TOTAL, TOTAL), -1)])
    return out


def _feasible(cons, fixed: dict, assign: dict, box: int) -> bool:
    """Can the constraints still hold, given the cells assigned so far (others in [1, box])?"""
    for con in cons:
        lo = hi = 0
        for key, coef in con:
            if key in fixed:
                lo += coef * fixed[key]
                hi += coef * fixed[key]
            elif key in assign:
                lo += coef * assign[key]
                hi += coef * assign[key]
            elif coef > 0:
                lo += 1
                hi += box
            else:
                lo -= box
                hi -= 1
        if not lo <= 0 <= hi:
            return False
    return True


def brute_force_other_value(published: Table, key: tuple[str, ...], true_value: int, box: int) -> int | None:
    """Some completion (all suppressed cells in [1, box]) in which ``key`` is not
    ``true_value``: the value it has there, or None if there is none."""
    supp = [key] + [k for k in published.suppressed() if k != key]
    cons = constraints(published)
    fixed = {k: v for k, v in published.cells.items() if v != SUPPRESSED}

    def dfs(i: int, assign: dict) -> bool:
        if i == len(supp):
            return True
        cell = supp[i]
        for v in range(1, box + 1):
            if i == 0 and v == true_value:
                continue
            assign[cell] = v
            if _feasible(cons, fixed, assign, box) and dfs(i + 1, assign):
                return True
            del assign[cell]
        return False

    assign: dict = {}
    return assign[key] if dfs(0, assign) else None


def brute_force_determined(published: Table, raw: Table) -> set[tuple[str, ...]]:
    box = max(int(v) for v in raw.cells.values()) + 1
    return {k for k in published.suppressed() if brute_force_other_value(published, k, int(raw.cells[k]), box) is None}


def brute_force_range(published: Table, box: int, key: tuple[str, ...]) -> tuple[int, int]:
    """(min, max) of ``key`` over completions in [1, box], by asking for each value."""
    supp = [key] + [k for k in published.suppressed() if k != key]
    cons = constraints(published)
    fixed = {k: v for k, v in published.cells.items() if v != SUPPRESSED}

    def possible(value: int) -> bool:
        def dfs(i: int, assign: dict) -> bool:
            if i == len(supp):
                return True
            cell = supp[i]
            for v in [value] if i == 0 else range(1, box + 1):
                assign[cell] = v
                if _feasible(cons, fixed, assign, box) and dfs(i + 1, assign):
                    return True
                del assign[cell]
            return False

        return dfs(0, {})

    values = [v for v in range(1, box + 1) if possible(v)]
    return min(values), max(values)


# --- strategies ----------------------------------------------------------------------------

ks = st.sampled_from([3, 5, 10])


@st.composite
def tables_1d(draw, max_count: int = 14, margins: bool | None = None) -> Table:
    n = draw(st.integers(1, 6))
    counts = draw(st.lists(st.integers(0, max_count), min_size=n, max_size=n))
    with_margins = draw(st.booleans()) if margins is None else margins
    return d.table_1d({f"c{i}": c for i, c in enumerate(counts)}, margins=with_margins)


@st.composite
def tables_2d(draw, max_count: int = 7) -> Table:
    r = draw(st.integers(1, 3))
    c = draw(st.integers(1, 3))
    values = draw(st.lists(st.integers(0, max_count), min_size=r * c, max_size=r * c))
    counts = {(f"r{i}", f"s{j}"): values[i * c + j] for i in range(r) for j in range(c)}
    return d.table_2d(counts, [f"r{i}" for i in range(r)], [f"s{j}" for j in range(c)])


@st.composite
def suppression_patterns(draw, table_strategy) -> tuple[Table, Table]:
    """A true table and a random (not necessarily safe) published version of it: any
    non-zero cells suppressed."""
    raw = draw(table_strategy)
    nonzero = [k for k in raw.keys() if raw.cells[k] > 0]
    chosen = draw(st.lists(st.sampled_from(nonzero), unique=True, max_size=7)) if nonzero else []
    return raw, d.publish(raw, chosen)


# --- the exact checker against the brute force ----------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suppression_patterns(tables_1d()))
def test_checker_matches_brute_force_1d(case):
    raw, published = case
    assert set(d.determined(published)) == brute_force_determined(published, raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suppression_patterns(tables_2d()))
def test_checker_matches_brute_force_2d(case):
    raw, published = case
    assert set(d.determined(published)) == brute_force_determined(published, raw)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suppression_patterns(tables_2d(max_count=4)))
def test_interval_matches_brute_force(case):
    raw, published = case
    # every unit step of the walk moves a cell by at most one, so twice the largest count
    # (plus one) holds every completion the interval needs
    box = 2 * max(int(v) for v in raw.cells.values()) + 2
    open_cells = set(d.determined(published))
    for key in published.suppressed():
        lo, hi = d.interval(published, key)
        assert lo <= raw.cells[key] and (hi is None or raw.cells[key] <= hi)
        assert (lo == hi) == (key in open_cells)
        b_lo, b_hi = brute_force_range(published, box, key)
        assert b_lo == lo
        if hi is None:
            assert b_hi > raw.cells[key]
        else:
            assert b_hi == hi


# --- protection: properties -------------------------------------------------------------------


def _assert_safe(raw: Table, published: Table, k: int, *, brute: bool) -> None:
    for key in raw.keys():
        value = published.cells[key]
        if raw.cells[key] == 0:
            assert value == 0, "zero stays zero"
        elif value != SUPPRESSED:
            assert value == raw.cells[key], "published values are the true ones"
            assert not 1 <= value < k, "no published cell in 1..k-1"
        else:
            assert raw.cells[key] >= 1
    d.check(published, k)
    assert d.determined(published) == []
    if brute:
        assert brute_force_determined(published, raw) == set()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables_1d(max_count=25), ks)
def test_protect_1d_is_safe(raw, k):
    _assert_safe(raw, d.protect(raw, k), k, brute=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables_2d(max_count=9), ks)
def test_protect_2d_is_safe(raw, k):
    _assert_safe(raw, d.protect(raw, k), k, brute=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 12), st.integers(2, 8), st.lists(st.integers(0, 40), min_size=96, max_size=96), ks)
def test_protect_larger_2d_tables(rows, cols, values, k):
    counts = {(f"r{i}", f"s{j}"): values[i * cols + j] for i in range(rows) for j in range(cols)}
    raw = d.table_2d(counts, [f"r{i}" for i in range(rows)], [f"s{j}" for j in range(cols)])
    _assert_safe(raw, d.protect(raw, k), k, brute=False)


@settings(max_examples=100, deadline=None)
@given(tables_1d(margins=True), ks)
def test_totals_equal_the_sum_of_the_raw_counts(raw, k):
    published = d.protect(raw, k)
    assert raw.cells[(TOTAL,)] == sum(raw.cells[(r,)] for r in raw.rows)
    if published.cells[(TOTAL,)] != SUPPRESSED:
        assert published.cells[(TOTAL,)] == sum(raw.cells[(r,)] for r in raw.rows)


# --- protection: the documented rules, by example ----------------------------------------------


def test_single_small_cell_takes_the_next_smallest_nonzero_cell_with_it():
    raw = d.table_1d({"female": 12, "male": 5, "diverse": 1, "unspecified": 0, "x": 7})
    published = d.protect(raw, 3)
    assert published.cells == {
        ("female",): 12,
        ("male",): SUPPRESSED,
        ("diverse",): SUPPRESSED,
        ("unspecified",): 0,
        ("x",): 7,
        (TOTAL,): 25,
    }


def test_two_ones_would_be_determined_by_the_lower_bound_so_a_third_cell_goes():
    # a + b = 2 with both >= 1 reveals a = b = 1: a third cell must be suppressed
    raw = d.table_1d({"a": 1, "b": 1, "c": 5, "e": 9})
    published = d.protect(raw, 3)
    assert published.suppressed() == [("a",), ("b",), ("c",)]
    assert d.interval(published, ("a",)) == (1, 5)


def test_total_is_suppressed_only_when_nothing_else_is_left():
    raw = d.table_1d({"a": 1, "b": 1, "c": 1})
    assert d.protect(raw, 3).suppressed() == [("a",), ("b",), ("c",), (TOTAL,)]
    raw = d.table_1d({"a": 2, "b": 0})
    assert d.protect(raw, 3).suppressed() == [("a",), (TOTAL,)]  # total 2 is itself small


def test_without_margins_only_primary_suppression():
    raw = d.table_1d({"a": 1, "b": 50}, margins=False)
    published = d.protect(raw, 3)
    assert published.cells == {("a",): SUPPRESSED, ("b",): 50}
    d.check(published, 3)


def test_2d_single_cell_is_protected_by_a_rectangle():
    counts = {("r1", "a"): 1, ("r1", "b"): 10, ("r2", "a"): 20, ("r2", "b"): 30, ("r3", "a"): 8, ("r3", "b"): 9}
    raw = d.table_2d(counts, ["r1", "r2", "r3"], ["a", "b"])
    published = d.protect(raw, 3)
    supp = set(published.suppressed())
    assert supp == {("r1", "a"), ("r1", "b"), ("r3", "a"), ("r3", "b")}  # the cheapest rectangle
    for r in ("r1", "r2", "r3", TOTAL):  # every row and column with a suppressed cell has at least two
        n = sum(1 for c in ("a", "b", TOTAL) if (r, c) in supp)
        assert n != 1
    for c in ("a", "b", TOTAL):
        assert sum(1 for r in ("r1", "r2", "r3", TOTAL) if (r, c) in supp) != 1
    d.check(published, 3)


def test_two_suppressed_cells_in_a_row_are_not_enough_when_their_columns_are_alone():
    counts = {("r1", "a"): 1, ("r1", "b"): 2, ("r2", "a"): 20, ("r2", "b"): 30}
    raw = d.table_2d(counts, ["r1", "r2"], ["a", "b"])
    unsafe = d.publish(raw, [("r1", "a"), ("r1", "b"), ("r1", TOTAL)])
    assert set(d.determined(unsafe)) == {("r1", "a"), ("r1", "b"), ("r1", TOTAL)}  # column totals give them away
    with pytest.raises(DisclosureError):
        d.check(unsafe, 3)
    d.check(d.protect(raw, 3), 3)


def test_check_refuses_small_cells_inconsistent_totals_and_non_counts():
    raw = d.table_1d({"a": 2, "b": 9})
    with pytest.raises(DisclosureError) as exc:
        d.check(raw, 3)
    assert exc.value.reason == "small_cell"
    bad = raw.with_values({("a",): SUPPRESSED, ("b",): 9, (TOTAL,): 5})
    with pytest.raises(DisclosureError) as exc:
        d.check(bad, 3)
    assert exc.value.reason == "inconsistent"
    with pytest.raises(DisclosureError):
        d.check(raw.with_values({("a",): "x", ("b",): 9, (TOTAL,): 11}), 3)
    with pytest.raises(DisclosureError):
        d.check(raw.with_values({("a",): 3.5, ("b",): 9, (TOTAL,): 12.5}), 3)
    with pytest.raises(DisclosureError) as exc:
        d.check(d.publish(raw, [("a",)]), 3)
    assert exc.value.reason == "determined" and exc.value.exit_code == 3


def test_merge_small_top_n_and_other():
    counts = {"TR": 30, "SY": 20, "UA": 20, "RO": 4, "BG": 2, "IT": 1, "XK": 0}
    assert d.merge_small(counts, 3, top=3) == {"TR": 30, "SY": 20, "UA": 20, OTHER: 7}
    assert d.merge_small(counts, 5, top=10) == {"TR": 30, "SY": 20, "UA": 20, OTHER: 7}
    assert d.merge_small(counts, 3, top=10) == {"TR": 30, "SY": 20, "UA": 20, "RO": 4, OTHER: 3}
    assert d.merge_small({}, 3, top=10) == {OTHER: 0}


def test_merge_small_rows_keeps_built_ins_and_drops_empty_rows():
    counts = {("jobcenter", "sent"): 1, ("tafel", "sent"): 2, ("verein", "sent"): 4, ("leer", "sent"): 0}
    rows, merged = d.merge_small_rows(
        counts, ["jobcenter", "tafel", "verein", "leer", "agentur"], ["sent"], 3, keep=["jobcenter", "agentur"]
    )
    assert rows == ["jobcenter", "verein", "agentur", OTHER]
    assert merged == {("jobcenter", "sent"): 1, ("verein", "sent"): 4, ("agentur", "sent"): 0, (OTHER, "sent"): 2}


def test_linked_totals_are_suppressed_everywhere():
    persons_a = d.table_1d({"x": 1, "y": 1, "z": 1})  # total 3 must go here: all cells are ones
    persons_b = d.table_1d({"p": 3, "q": 0})
    overview = d.table_1d({"persons": 3, "contacts": 9}, margins=False)
    links = [[("a", (TOTAL,)), ("b", (TOTAL,)), ("o", ("persons",))]]
    out = d.protect_linked({"a": persons_a, "b": persons_b, "o": overview}, 3, links)
    assert out["a"].cells[(TOTAL,)] == SUPPRESSED
    assert out["b"].cells[(TOTAL,)] == SUPPRESSED
    assert out["o"].cells[("persons",)] == SUPPRESSED
    assert out["o"].cells[("contacts",)] == 9
    d.check_links(out, links)
    for t in out.values():
        d.check(t, 3)


def test_exhaustive_small_1d_tables():
    """Every 1-D table of 3 categories with counts 0..6: protected and brute-force safe."""
    for counts in itertools.product(range(7), repeat=3):
        raw = d.table_1d({"a": counts[0], "b": counts[1], "c": counts[2]})
        for k in (3, 5):
            _assert_safe(raw, d.protect(raw, k), k, brute=True)


# ============================================================================ version 2
#
# Optimal suppression over linked tables (``protect_optimal``) and the integer audit
# (``audit``/``check_model``), compared with brute forces that share no code with them: all
# integer completions of the hidden cells in a box, and all suppression patterns of small
# tables. A hidden cell may be 0 here (the optimiser hides zeros as well).

from hypothesis import example  # noqa: E402

from referral_desk.core.services import statistics as stats  # noqa: E402


def _model_rows(model: d.Model) -> list[tuple[dict[int, float], str]]:
    return model.rows


def brute_intervals(model: d.Model, published: dict, box: int) -> dict[int, tuple[int, int]]:
    """[min, max] of every hidden variable over all integer completions in [0, box] that
    satisfy every relation (depth-first with interval pruning)."""
    values = model.values(published)
    hidden = [i for i, v in enumerate(values) if v == SUPPRESSED]
    fixed = {i: int(v) for i, v in enumerate(values) if v != SUPPRESSED}
    rows = _model_rows(model)
    seen: dict[int, set[int]] = {i: set() for i in hidden}

    def ok(assign: dict[int, int]) -> bool:
        for coefs, sense in rows:
            lo = hi = 0.0
            for i, c in coefs.items():
                if i in fixed or i in assign:
                    v = fixed.get(i, assign.get(i))
                    lo += c * v
                    hi += c * v
                elif c > 0:
                    hi += c * box
                else:
                    lo += c * box
            if lo > 1e-9 or (sense == "=" and hi < -1e-9):
                return False
        return True

    def dfs(j: int, assign: dict[int, int]) -> None:
        if j == len(hidden):
            for i in hidden:
                seen[i].add(assign[i])
            return
        for v in range(box + 1):
            assign[hidden[j]] = v
            if ok(assign):
                dfs(j + 1, assign)
            del assign[hidden[j]]

    dfs(0, {})
    return {i: (min(s), max(s)) for i, s in seen.items()}


def _linked_tables(persons: list[tuple[str, int]]) -> dict[str, Table]:
    """persons: (gender, contacts in the period) → the tables of attack (a)."""
    genders = ("female", "male", "diverse")
    gender = d.table_1d({g: sum(1 for p in persons if p[0] == g) for g in genders}, genders)
    bands = dict.fromkeys(stats.CONTACT_BANDS, 0)
    for _g, n in persons:
        bands["1" if n == 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else "7+"] += 1
    return {
        "overview": d.table_1d(
            {"persons_counselled": len(persons), "contacts": sum(n for _g, n in persons)},
            ["persons_counselled", "contacts"],
            margins=False,
        ),
        "persons_by_contacts": d.table_1d(bands, stats.CONTACT_BANDS),
        "persons_by_gender": gender,
    }


def _recovered(model: d.Model, raw_values: list[int], published: dict, k: int) -> list[int]:
    """Small non-zero cells an attacker can pin (min = max) or prove non-empty (min > 0)."""
    intervals = d.audit(model, published)
    out = []
    for i, refs in enumerate(model.refs):
        if all(d.is_margin(key) for _t, key in refs) or not 1 <= raw_values[i] < k:
            continue
        low, high = intervals[refs[0]]
        if low > 0 or low == high:
            out.append(i)
    return out


persons_strategy = st.lists(
    st.tuples(st.sampled_from(("female", "male", "diverse")), st.sampled_from((1, 1, 1, 2, 2, 3, 4, 5, 6, 7, 9))),
    max_size=40,
)


def test_issue_14_attack_a_literally():
    """1 = 29, 2–3 = ., 4–6 = . with 32 persons and 37 contacts had exactly one solution."""
    persons = [("female", 1)] * 29 + [("male", 2), ("male", 2), ("female", 4)]
    tables = _linked_tables(persons)
    model, _info = stats.build_model(tables)
    old = dict(tables)
    old["persons_by_contacts"] = tables["persons_by_contacts"].with_values(
        {("1",): 29, ("2-3",): SUPPRESSED, ("4-6",): SUPPRESSED, ("7+",): 0, (TOTAL,): 32}
    )
    old["persons_by_gender"] = tables["persons_by_gender"].with_values(
        {("female",): 30, ("male",): SUPPRESSED, ("diverse",): SUPPRESSED, (TOTAL,): 32}
    )
    values = model.values()
    assert _recovered(model, values, old, 3)  # the old pattern gives the bands away
    # even granting that a dot may be 0, at least two persons provably had 2–3 contacts (with
    # "a dot is ≥ 1", as the old release published it, exactly two: the issue's attack)
    assert d.audit(model, old)[("persons_by_contacts", ("2-3",))][0] == 2
    protection = d.protect_optimal(model, 3)
    new = d.publish_model(model, protection.suppressed)
    assert _recovered(model, values, new, 3) == []
    d.check_model(model, new, 3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persons=persons_strategy, k=st.sampled_from([3, 5]))
@example(persons=[("female", 1)] * 29 + [("male", 2), ("male", 2), ("female", 4)], k=3)
def test_attack_a_contact_bands_recover_nothing(persons, k):
    """Random caseloads: persons by number of contacts are protected together with the
    number of contacts; no small cell is pinned or proven non-empty."""
    tables = _linked_tables(persons)
    model, info = stats.build_model(tables)
    protection = d.protect_optimal(model, k, sensitive_groups=info["sensitive"])
    published = d.publish_model(model, protection.suppressed)
    d.check_model(model, published, k)
    assert _recovered(model, model.values(), published, k) == []
    for tid, t in published.items():  # published numbers are the true ones and never small
        for key in t.keys():
            v = t.cells[key]
            assert v == SUPPRESSED or (v == tables[tid].cells[key] and not 1 <= v < k)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    persons=st.lists(
        st.tuples(st.sampled_from(("female", "male", "diverse")), st.integers(1, 3)), min_size=1, max_size=4
    ),
    hidden=st.lists(st.integers(0, 8), max_size=4, unique=True),
)
def test_integer_audit_matches_brute_force(persons, hidden):
    """The MILP audit against all completions, on any (not necessarily safe) pattern."""
    tables = _linked_tables(persons)
    model, _info = stats.build_model(tables)
    pattern = {i for i in hidden if i < model.n}
    published = d.publish_model(model, pattern)
    # every minimum has a witness with at most 7 contacts per person: the box holds it
    box = 8 * len(persons) + 2
    brute = brute_intervals(model, published, box)
    audit = d.audit(model, published)
    for i, (b_lo, b_hi) in brute.items():
        lo, hi = audit[model.refs[i][0]]
        assert lo == b_lo
        if hi is not None and hi < box:  # a maximum beyond the box cannot be checked in it
            assert hi == b_hi


def test_small_total_hides_every_cell_zeros_included():
    """Attack (b): a month with one person must not publish zeros in the other categories."""
    tables = _linked_tables([("female", 2)])
    model, info = stats.build_model(tables)
    published = d.publish_model(model, d.protect_optimal(model, 3, sensitive_groups=info["sensitive"]).suppressed)
    for tid in ("persons_by_gender", "persons_by_contacts"):
        assert set(published[tid].cells.values()) == {SUPPRESSED}, tid
    assert published["overview"].cells[("persons_counselled",)] == SUPPRESSED
    d.check_model(model, published, 3)


def test_group_disclosure_hides_a_category_holding_everybody():
    tables = {"persons_by_residence_group": d.table_1d({"tolerated": 7, "permanent": 0, "other": 0})}
    model, info = stats.build_model(tables)
    published = d.publish_model(model, d.protect_optimal(model, 3, sensitive_groups=info["sensitive"]).suppressed)
    t = published["persons_by_residence_group"]
    assert t.cells[("tolerated",)] == SUPPRESSED
    low, _high = d.audit(model, published)[("persons_by_residence_group", ("tolerated",))]
    assert low < 7  # nobody can prove that everyone is tolerated


def test_a_no_answer_cell_never_hides_the_number_of_women():
    raw = d.table_1d({"female": 70, "male": 72, "diverse": 0, "unspecified": 1})
    model = d.Model({"g": raw})
    published = d.publish_model(model, d.protect_optimal(model, 3).suppressed)["g"]
    assert [published.cells[(c,)] for c in ("female", "male", "diverse", "unspecified")] == [70, 72, ".", "."]
    assert published.cells[(TOTAL,)] == 143


def _pattern_safe(model: d.Model, values: list[int], pattern: set[int], k: int, box: int) -> bool:
    must, targets = d.required(model, values, k)
    if not must <= pattern:
        return False
    brute = brute_intervals(model, d.publish_model(model, pattern), box)
    return all(brute[i][0] <= t for i, t in targets.items())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=st.lists(st.sampled_from([0, 0, 1, 1, 2, 3, 4, 6]), min_size=2, max_size=3), k=st.sampled_from([3, 5]))
def test_optimiser_finds_the_least_suppressed_total(counts, k):
    """Against every suppression pattern of a small table (brute force): the optimiser's
    pattern is safe and hides no more persons than the best safe pattern."""
    raw = d.table_1d({f"c{i}": c for i, c in enumerate(counts)})
    model = d.Model({"t": raw})
    values = model.values()
    box = sum(counts) + 1
    found = d.protect_optimal(model, k)
    assert _pattern_safe(model, values, found.suppressed, k, box)
    best = min(
        sum(values[i] for i in p)
        for r in range(model.n + 1)
        for p in map(set, itertools.combinations(range(model.n), r))
        if _pattern_safe(model, values, p, k, box)
    )
    assert sum(values[i] for i in found.suppressed) == best


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(st.sampled_from([0, 1, 1, 2, 3, 4]), min_size=4, max_size=4), k=st.sampled_from([3, 5]))
def test_optimiser_protects_2d_tables(values, k):
    raw = d.table_2d(
        {("a", "x"): values[0], ("a", "y"): values[1], ("b", "x"): values[2], ("b", "y"): values[3]},
        ["a", "b"],
        ["x", "y"],
    )
    model = d.Model({"t": raw})
    published = d.publish_model(model, d.protect_optimal(model, k).suppressed)
    d.check_model(model, published, k)
    assert _recovered(model, model.values(), published, k) == []
    brute = brute_intervals(model, published, sum(values) + 1)
    for i, (lo, _hi) in brute.items():
        if 1 <= model.values()[i] < k and not all(d.is_margin(key) for _t, key in model.refs[i]):
            assert lo == 0


# --- the mutant of issue 17: "a suppressed cell is at least 1" must matter ---------------------

small_counts = st.sampled_from([0, 1, 1, 1, 1, 2, 2, 3])


@st.composite
def small_1d_patterns(draw) -> tuple[Table, Table]:
    """1-D tables biased to counts of 1 and 2 with several of them suppressed, so that cases
    like a + b = 2 (both suppressed, hence both 1) are common."""
    n = draw(st.integers(2, 5))
    counts = draw(st.lists(small_counts, min_size=n, max_size=n))
    raw = d.table_1d({f"c{i}": c for i, c in enumerate(counts)})
    nonzero = [k for k in raw.keys() if raw.cells[k] > 0]
    chosen = (
        draw(st.lists(st.sampled_from(nonzero), unique=True, min_size=min(2, len(nonzero)), max_size=len(nonzero)))
        if nonzero
        else []
    )
    return raw, d.publish(raw, chosen)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_1d_patterns())
@example(
    (
        d.table_1d({"a": 1, "b": 1, "c": 5}),
        d.table_1d({"a": 1, "b": 1, "c": 5}).with_values(
            {("a",): SUPPRESSED, ("b",): SUPPRESSED, ("c",): 5, (TOTAL,): 7}
        ),
    )
)
def test_checker_uses_the_lower_bound_of_one(case):
    """Kills the mutant that drops the bound "a suppressed cell ≥ 1" from ``determined``:
    with it dropped, a + b = 2 would look safe."""
    raw, published = case
    assert set(d.determined(published)) == brute_force_determined(published, raw)
    supp = published.suppressed()
    if published.cells[(TOTAL,)] != SUPPRESSED and len(supp) >= 2:
        rest = published.cells[(TOTAL,)] - sum(
            v for k, v in published.cells.items() if k != (TOTAL,) and v != SUPPRESSED
        )
        assert (set(d.determined(published)) == set(supp)) == (rest == len(supp))
