"""Disclosure control (DESIGN.md §7): primary and secondary suppression and the exact check.

The checker (``disclosure.determined``) is compared with an independent brute force: all
integer completions of the suppressed cells, each ≥ 1, inside a box [1, M+1] (M = the largest
true count). If a cell can take another value at all, it can do so within that box (one
unit around a cycle of the table), so for these small tables the brute force is exact.
"""
from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def brute_force_other_value(published: Table, key: tuple[str, ...], true_value: int, box: int
                            ) -> int | None:
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
    return {k for k in published.suppressed()
            if brute_force_other_value(published, k, int(raw.cells[k]), box) is None}


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
            for v in ([value] if i == 0 else range(1, box + 1)):
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
    assert published.cells == {("female",): 12, ("male",): SUPPRESSED, ("diverse",): SUPPRESSED,
                               ("unspecified",): 0, ("x",): 7, (TOTAL,): 25}


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
    rows, merged = d.merge_small_rows(counts, ["jobcenter", "tafel", "verein", "leer", "agentur"], ["sent"], 3,
                                      keep=["jobcenter", "agentur"])
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
