"""Statistical disclosure control for count tables (DESIGN.md §7). Pure functions: no DB, no Qt.

Vocabulary
----------
A *table* holds non-negative counts in 1 or 2 dimensions, optionally with margins: a 1-D
table has the cell ``("_total",)``; a 2-D table has row margins ``(row, "_total")``, column
margins ``("_total", col)`` and the grand total ``("_total", "_total")``. Margins are cells
like any other: they can be suppressed, and the checks treat them so.

A *published* table has the same shape, with each cell either its true count or the marker
``"."`` (suppressed).

Rules (for a minimum cell size ``k``)
-------------------------------------
1. Primary suppression: every count 1 … k−1 is suppressed. Zero stays zero (an empty cell
   says nothing about a person).
2. Secondary suppression: no suppressed cell may be *determined* by the published cells and
   the additivity of the table (margins = sums). An attacker knows two more things, and the
   check assumes both: counts are non-negative, and a ``"."`` is at least 1 (zeros are
   always published). So ``a + b = 2`` with both suppressed determines ``a = b = 1``.
3. Categories that would only ever be suppressed are merged into ``"_other"`` ("Sonstige")
   before suppression (:func:`merge_small`, :func:`merge_small_rows`).

The exact check
---------------
The additivity constraints of a 1-D table with total, and of a 2-D table with margins, form
a *circulation* in a small network (a 1-D table: nodes S, T; each category is an arc S→T,
the total the arc T→S. A 2-D table: S→Rᵢ row margins, Rᵢ→Cⱼ cells, Cⱼ→T column margins,
T→S grand total; conservation at every node is exactly "margin = sum"). Published cells are
arcs with a fixed flow; suppressed cells are arcs with flow ≥ 1 and no upper bound. The
constraint matrix of a network is totally unimodular, so integer and real solutions give the
same answer, and a suppressed cell is determined exactly when it lies on no cycle of the
residual network of one feasible solution (it can then be neither increased nor decreased).
:func:`determined` finds a feasible solution from the published values alone (a max-flow),
then looks for such cycles: exact, polynomial, and independent of the true values.

Secondary suppression (:func:`protect`) repairs a determined cell with the *cheapest cycle*
through it (Dijkstra over the residual network of the true counts; an already suppressed
cell costs 0, a published one its value, margins and cells shared with other tables a large
penalty), then checks again until nothing is determined. In a 1-D table this is the classic
rule "suppress the next-smallest non-zero cell, the total only if nothing else is left"; in
a 2-D table it closes the rectangle (or longer cycle) of least total value.
"""

from __future__ import annotations

import heapq
import os
import threading
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from referral_desk.core.errors import PolicyRefused

TOTAL = "_total"
OTHER = "_other"
SUPPRESSED = "."
ALLOWED_MIN_CELLS = (3, 5, 10)

Key = tuple[str, ...]
Node = tuple[str, str]


class DisclosureError(PolicyRefused):
    """A table fails the disclosure check: it must not be written or shown."""

    def __init__(self, reason: str, *, table: str = "", cell: str = "") -> None:
        super().__init__("stats.disclosure_check", table=table, cell=cell, reason=reason)
        self.reason = reason


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Table:
    """Counts (or published values) of one table. ``cols is None`` means 1-D."""

    rows: tuple[str, ...]
    cols: tuple[str, ...] | None = None
    margins: bool = True
    cells: Mapping[Key, int | str] = field(default_factory=dict)

    @property
    def dims(self) -> int:
        return 1 if self.cols is None else 2

    def row_keys(self) -> tuple[str, ...]:
        return self.rows + ((TOTAL,) if self.margins else ())

    def col_keys(self) -> tuple[str, ...]:
        assert self.cols is not None
        return self.cols + ((TOTAL,) if self.margins else ())

    def keys(self) -> list[Key]:
        """Every cell, margins included, in display order (row by row)."""
        if self.cols is None:
            return [(r,) for r in self.row_keys()]
        return [(r, c) for r in self.row_keys() for c in self.col_keys()]

    def value(self, *key: str) -> int | str:
        return self.cells[tuple(key)]

    def suppressed(self) -> list[Key]:
        return [k for k in self.keys() if self.cells.get(k) == SUPPRESSED]

    def with_values(self, cells: Mapping[Key, int | str]) -> Table:
        return Table(self.rows, self.cols, self.margins, dict(cells))


def is_margin(key: Key) -> bool:
    return TOTAL in key


def table_1d(counts: Mapping[str, int], rows: Sequence[str] | None = None, *, margins: bool = True) -> Table:
    """A 1-D table from ``{category: count}``; missing categories count 0."""
    rows = tuple(counts) if rows is None else tuple(rows)
    _check_keys(rows)
    cells: dict[Key, int | str] = {(r,): int(counts.get(r, 0)) for r in rows}
    if margins:
        cells[(TOTAL,)] = sum(int(counts.get(r, 0)) for r in rows)
    return Table(rows, None, margins, cells)


def table_2d(
    counts: Mapping[tuple[str, str], int], rows: Sequence[str], cols: Sequence[str], *, margins: bool = True
) -> Table:
    """A 2-D table from ``{(row, col): count}`` with row, column and grand totals."""
    rows, cols = tuple(rows), tuple(cols)
    _check_keys(rows)
    _check_keys(cols)
    cells: dict[Key, int | str] = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in cols}
    if margins:
        for r in rows:
            cells[(r, TOTAL)] = sum(int(counts.get((r, c), 0)) for c in cols)
        for c in cols:
            cells[(TOTAL, c)] = sum(int(counts.get((r, c), 0)) for r in rows)
        cells[(TOTAL, TOTAL)] = sum(int(counts.get((r, c), 0)) for r in rows for c in cols)
    return Table(rows, cols, margins, cells)


def _check_keys(keys: Sequence[str]) -> None:
    if len(set(keys)) != len(keys) or TOTAL in keys:
        raise ValueError("category keys must be unique and must not be '_total'")


# --------------------------------------------------------------------------- merging


def merge_small(
    counts: Mapping[str, int], k: int, *, top: int | None = None, keep: Iterable[str] = (), other: str = OTHER
) -> dict[str, int]:
    """Merge categories that would only ever be suppressed into ``other``.

    Categories are ranked by count (descending, then key). A category stays on its own if
    its count is at least ``k`` and it is among the first ``top`` such categories (all, if
    ``top`` is None); categories in ``keep`` always stay. Everything else is summed into
    ``other``, which is always present (possibly 0) and comes last. Categories with a count
    of 0 that are not in ``keep`` are dropped (they add nothing to ``other``).
    """
    keep = set(keep)
    ranked = sorted(counts.items(), key=lambda kv: (-int(kv[1]), kv[0]))
    out: dict[str, int] = {}
    rest = 0
    listed = 0
    for key, n in ranked:
        n = int(n)
        if key in keep:
            out[key] = n
        elif n >= k and (top is None or listed < top):
            out[key] = n
            listed += 1
        else:
            rest += n
    if other in out:
        raise ValueError(f"category key {other!r} is reserved")
    out[other] = rest
    return out


def merge_small_rows(
    counts: Mapping[tuple[str, str], int],
    rows: Sequence[str],
    cols: Sequence[str],
    k: int,
    *,
    keep: Iterable[str] = (),
    other: str = OTHER,
) -> tuple[list[str], dict[tuple[str, str], int]]:
    """The 2-D version of :func:`merge_small` for rows (by row total), order kept.

    A row whose total is 1 … k−1 is merged into the row ``other`` (last); a row with total 0
    is dropped unless it is in ``keep``. Returns (rows, counts)."""
    keep = set(keep)
    totals = {r: sum(int(counts.get((r, c), 0)) for c in cols) for r in rows}
    kept = [r for r in rows if r in keep or totals[r] >= k]
    merged = [r for r in rows if r not in kept and totals[r] > 0]
    if other in kept:
        raise ValueError(f"row key {other!r} is reserved")
    out = {(r, c): int(counts.get((r, c), 0)) for r in kept for c in cols}
    for c in cols:
        out[(other, c)] = sum(int(counts.get((r, c), 0)) for r in merged)
    return kept + [other], out


# --------------------------------------------------------------------------- the network


def _arcs(table: Table) -> list[tuple[Key, Node, Node]] | None:
    """The cells as arcs of the circulation network, or None if the table has no margins
    (then no cell constrains another)."""
    if not table.margins:
        return None
    S, T = ("S", ""), ("T", "")  # noqa: N806
    arcs: list[tuple[Key, Node, Node]] = []
    if table.cols is None:
        arcs += [((r,), S, T) for r in table.rows]
        arcs.append(((TOTAL,), T, S))
        return arcs
    for r in table.rows:
        arcs.append(((r, TOTAL), S, ("R", r)))
        for c in table.cols:
            arcs.append(((r, c), ("R", r), ("C", c)))
    for c in table.cols:
        arcs.append(((TOTAL, c), ("C", c), T))
    arcs.append(((TOTAL, TOTAL), T, S))
    return arcs


class _MaxFlow:
    """Edmonds–Karp on a tiny graph (a few dozen nodes)."""

    def __init__(self) -> None:
        self.adj: dict[object, list[list[Any]]] = defaultdict(list)  # arcs: [head, capacity, reverse arc]

    def add(self, u: object, v: object, cap: int) -> list[Any]:
        fwd = [v, cap, None]
        back = [u, 0, fwd]
        fwd[2] = back
        self.adj[u].append(fwd)
        self.adj[v].append(back)
        return fwd

    def run(self, s: object, t: object) -> int:
        total = 0
        while True:
            parent: dict[object, list[Any]] = {}
            queue = deque([s])
            seen = {s}
            while queue and t not in seen:
                u = queue.popleft()
                for arc in self.adj[u]:
                    if arc[1] > 0 and arc[0] not in seen:
                        seen.add(arc[0])
                        parent[arc[0]] = arc
                        queue.append(arc[0])
            if t not in seen:
                return total
            push: int | None = None
            v = t
            while v != s:
                arc = parent[v]
                push = arc[1] if push is None else min(push, arc[1])
                v = arc[2][0]
            assert push is not None  # t was reached, so the path has an arc
            v = t
            while v != s:
                arc = parent[v]
                arc[1] -= push
                arc[2][1] += push
                v = arc[2][0]
            total += push


def _published_value(value: object, key: Key) -> int | None:
    """None for a suppressed cell, the count otherwise; anything else is an error."""
    if value == SUPPRESSED:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DisclosureError("not_a_count", cell="/".join(key))
    return value


def feasible_solution(table: Table) -> dict[Key, int] | None:
    """Values for the suppressed cells (each ≥ 1) that make the published table add up, or
    None if there are none. Uses only published values. Tables without margins: all 1."""
    supp = table.suppressed()
    arcs = _arcs(table)
    if arcs is None:
        return dict.fromkeys(supp, 1)
    balance: dict[Node, int] = defaultdict(int)  # inflow − outflow
    flows: dict[Key, list[Any]] = {}
    net = _MaxFlow()
    big = 1
    for key, u, v in arcs:
        value = _published_value(table.cells[key], key)
        f = 1 if value is None else value
        big += f
        balance[v] += f
        balance[u] -= f
    for key, u, v in arcs:
        if table.cells[key] == SUPPRESSED:
            flows[key] = net.add(u, v, 0)  # capacity set below, once "big" is known
    for arc in flows.values():
        arc[1] = big * 4
    supply = 0
    for node, b in balance.items():
        if b > 0:
            net.add("source", node, b)
            supply += b
        elif b < 0:
            net.add(node, "sink", -b)
    if net.run("source", "sink") != supply:
        return None
    return {key: 1 + arc[2][1] for key, arc in flows.items()}


def determined(table: Table) -> list[Key]:
    """The suppressed cells whose value follows from the published cells, the margins,
    non-negativity and "suppressed ≥ 1". Exact (see the module docstring).

    Raises DisclosureError if the published values cannot be completed at all (the
    margins do not add up): such a table is broken, not merely unsafe."""
    supp = table.suppressed()
    arcs = _arcs(table)
    if arcs is None:
        for key in table.keys():
            _published_value(table.cells[key], key)
        return []
    x = feasible_solution(table)
    if x is None:
        raise DisclosureError("inconsistent")
    if not supp:
        return []
    # Residual network of the suppressed arcs: forward always (no upper bound),
    # backward while the flow is above its lower bound 1.
    out: dict[Node, list[tuple[Node, int]]] = defaultdict(list)
    index = {key: i for i, (key, _u, _v) in enumerate(arcs)}
    ends = {key: (u, v) for key, u, v in arcs}
    for key in supp:
        u, v = ends[key]
        out[u].append((v, index[key]))
        if x[key] > 1:
            out[v].append((u, index[key]))

    def reaches(start: Node, goal: Node, skip: int) -> bool:
        seen = {start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                return True
            for nxt, arc in out[node]:
                if arc != skip and nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return False

    result = []
    for key in supp:
        u, v = ends[key]
        can_increase = reaches(v, u, index[key])
        can_decrease = x[key] > 1 and reaches(u, v, index[key])
        if not (can_increase or can_decrease):
            result.append(key)
    return result


def interval(table: Table, key: Key) -> tuple[int, int | None]:
    """(min, max) of a suppressed cell over all completions of the published table
    (max None = unbounded). Walks residual cycles one unit at a time, so it is meant for
    explanations and tests on small tables; the release check uses :func:`determined`."""
    x = feasible_solution(table)
    if x is None:
        raise DisclosureError("inconsistent")
    arcs = _arcs(table)
    if arcs is None:
        return 1, None
    ends = {k: (u, v) for k, u, v in arcs}
    supp = set(table.suppressed())
    forward: dict[Node, list[Node]] = defaultdict(list)
    for k in supp - {key}:
        u, v = ends[k]
        forward[u].append(v)
    u, v = ends[key]
    seen, queue = {v}, deque([v])
    while queue:  # a cycle of forward arcs only: the cell can grow without bound
        node = queue.popleft()
        for nxt in forward[node]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    unbounded = u in seen
    lo = hi = x[key]
    current = dict(x)
    while _shift(table, arcs, current, key, -1):
        lo = current[key]
    if unbounded:
        return lo, None
    current = dict(x)
    while _shift(table, arcs, current, key, +1):
        hi = current[key]
    return lo, hi


def _shift(table: Table, arcs: list[tuple[Key, Node, Node]], x: dict[Key, int], key: Key, direction: int) -> bool:
    """Move one unit around a residual cycle that changes ``key`` by ``direction``."""
    supp = set(table.suppressed())
    out: dict[Node, list[tuple[Node, Key, int]]] = defaultdict(list)
    ends = {k: (u, v) for k, u, v in arcs}
    for k in supp:
        u, v = ends[k]
        out[u].append((v, k, +1))
        if x[k] > 1:
            out[v].append((u, k, -1))
    u, v = ends[key]
    if direction == -1 and x[key] <= 1:
        return False
    start, goal = (v, u) if direction == 1 else (u, v)
    parent: dict[Node, tuple[Node, Key, int]] = {}
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for nxt, k, sign in out[node]:
            if k != key and nxt not in seen:
                seen.add(nxt)
                parent[nxt] = (node, k, sign)
                queue.append(nxt)
    if goal not in seen:
        return False
    x[key] += direction
    node = goal
    while node != start:
        prev, k, sign = parent[node]
        x[k] += sign
        node = prev
    return True


# --------------------------------------------------------------------------- suppression


def publish(raw: Table, suppressed: Iterable[Key]) -> Table:
    supp = set(suppressed)
    return raw.with_values({k: (SUPPRESSED if k in supp else raw.cells[k]) for k in raw.keys()})


def _cheapest_cycle(raw: Table, supp: set[Key], target: Key, *, penalty: Mapping[Key, int]) -> set[Key] | None:
    """The published non-zero cells to suppress so that ``target`` lies on a residual cycle
    of the true counts, at least total cost (already suppressed cells cost nothing)."""
    arcs = _arcs(raw)
    assert arcs is not None
    ends = {k: (u, v) for k, u, v in arcs}
    out: dict[Node, list[tuple[Node, Key, int]]] = defaultdict(list)
    for key, u, v in arcs:
        if key == target:
            continue
        n = int(raw.cells[key])
        if key in supp:
            cost = 0
        elif n > 0:
            cost = n + penalty.get(key, 0)
        else:
            continue  # zeros stay published
        out[u].append((v, key, cost))  # increase: always possible
        if n > 1:
            out[v].append((u, key, cost))  # decrease: the cell stays ≥ 1

    def dijkstra(start: Node, goal: Node) -> tuple[int, set[Key]] | None:
        dist = {start: 0}
        via: dict[Node, tuple[Node, Key]] = {}
        heap = [(0, 0, start)]
        tie = 0
        done = set()
        while heap:
            d, _t, node = heapq.heappop(heap)
            if node in done:
                continue
            done.add(node)
            if node == goal:
                cells = set()
                while node != start:
                    node, key = via[node]
                    cells.add(key)
                return d, cells - supp
            for nxt, key, cost in out[node]:
                nd = d + cost
                if nd < dist.get(nxt, nd + 1):
                    dist[nxt] = nd
                    via[nxt] = (node, key)
                    tie += 1
                    heapq.heappush(heap, (nd, tie, nxt))
        return None

    u, v = ends[target]
    options = [dijkstra(v, u)]  # increase the target
    if int(raw.cells[target]) > 1:
        options.append(dijkstra(u, v))  # decrease it
    found = [o for o in options if o is not None]
    if not found:
        return None
    return min(found, key=lambda o: (o[0], len(o[1]), sorted(o[1])))[1]


def protect(raw: Table, k: int, *, forced: Iterable[Key] = (), last_resort: Iterable[Key] = ()) -> Table:
    """Primary and secondary suppression of one table of true counts.

    ``forced``: cells to suppress whatever their value (if non-zero), e.g. a total that
    another table had to suppress. ``last_resort``: cells to suppress only if nothing else
    protects (e.g. totals shared with other tables)."""
    if not isinstance(k, int) or k < 2:
        raise ValueError("minimum cell size must be an integer ≥ 2")
    keys = raw.keys()
    for key in keys:
        if _published_value(raw.cells.get(key), key) is None:
            raise ValueError("protect() needs true counts, not a published table")
    counts = cast(Mapping[Key, int], raw.cells)  # no "." among them (checked just above)
    supp = {key for key in keys if 1 <= counts[key] < k}
    supp |= {key for key in forced if counts[key] > 0}
    arcs = _arcs(raw)
    if arcs is None:
        return publish(raw, supp)
    interior = sum(int(raw.cells[key]) for key in keys if not is_margin(key))
    margin_penalty = 2 * interior + 2
    resort = set(last_resort)
    penalty = {
        key: (margin_penalty if is_margin(key) else 0) + (100 * margin_penalty if key in resort else 0) for key in keys
    }
    while True:
        published = publish(raw, supp)
        open_cells = determined(published)
        if not open_cells:
            return published
        extra = _cheapest_cycle(raw, supp, open_cells[0], penalty=penalty)
        if not extra:  # cannot happen: with every non-zero cell suppressed nothing is determined
            raise DisclosureError("no_protection", cell="/".join(open_cells[0]))
        supp |= extra


def protect_linked(
    tables: Mapping[str, Table], k: int, links: Sequence[Sequence[tuple[str, Key]]] = ()
) -> dict[str, Table]:
    """Protect several tables whose cells are linked (the same number published in more
    than one table, e.g. the number of persons as the total of every person table).

    A linked cell is suppressed everywhere as soon as one table suppresses it, and the
    tables are protected again until nothing changes: suppressing more never makes a
    protected cell determined, so this terminates."""
    forced: dict[str, set[Key]] = defaultdict(set)
    resort: dict[str, set[Key]] = defaultdict(set)
    for group in links:
        for tid, key in group:
            resort[tid].add(key)
    while True:
        out = {tid: protect(t, k, forced=forced[tid], last_resort=resort[tid]) for tid, t in tables.items()}
        changed = False
        for group in links:
            if any(out[tid].cells[key] == SUPPRESSED for tid, key in group):
                for tid, key in group:
                    if key not in forced[tid]:
                        forced[tid].add(key)
                        changed = True
        if not changed:
            return out


# --------------------------------------------------------------------------- final check


def check(table: Table, k: int, *, name: str = "") -> None:
    """Refuse (raise DisclosureError) a published table that is not safe to release:
    a published count in 1 … k−1, a cell that is neither a count nor ".", margins that
    do not add up, or a suppressed cell that the other cells determine."""
    if not isinstance(k, int) or k < 2:
        raise DisclosureError("min_cell", table=name)
    for key in table.keys():
        if key not in table.cells:
            raise DisclosureError("missing_cell", table=name, cell="/".join(key))
        value = _published_value(table.cells[key], key)
        if value is not None and 1 <= value < k:
            raise DisclosureError("small_cell", table=name, cell="/".join(key))
    if set(table.cells) - set(table.keys()):
        raise DisclosureError("unknown_cell", table=name)
    try:
        open_cells = determined(table)
    except DisclosureError as exc:
        raise DisclosureError(exc.reason, table=name) from None
    if open_cells:
        raise DisclosureError("determined", table=name, cell="/".join(open_cells[0]))


def check_links(tables: Mapping[str, Table], links: Sequence[Sequence[tuple[str, Key]]]) -> None:
    """Linked cells must show the same value (or all be suppressed) in every table."""
    for group in links:
        values = {tables[tid].cells[key] for tid, key in group if tid in tables}
        if len(values) > 1:
            tid, key = group[0]
            raise DisclosureError("linked_cells_differ", table=tid, cell="/".join(key))


# =========================================================================== version 2
#
# Optimal secondary suppression over all linked tables at once (the method of τ-ARGUS'
# "optimal" solution and of sdcTable's "OPT": a mixed-integer programme over the cells,
# solved with HiGHS), with protection intervals, the small-margin rule and group
# disclosure. See docs/statistics.md, "Disclosure control".
#
# The model. Every published number is a variable x ≥ 0 (a number shown in several tables,
# e.g. the persons counselled as the total of every person table, is ONE variable). The
# reader knows every *relation* the report implies: margins are sums (equations), and the
# contacts total lies between what the persons-by-number-of-contacts bands allow
# (inequalities). A suppressed variable is only known to be ≥ 0: the optimiser may hide
# zeros (so a "no answer" cell of 1 can be covered by an empty "diverse" cell instead of
# the number of women), so "a dot is at least 1" is NOT assumed here.
#
# Protection. A *sensitive* cell (a count 1 … k−1) is safe when the reader cannot prove
# that anybody is in it: its feasible minimum is 0 (lower protection level = its value).
# That also makes it undetermined. A *group-disclosure* cell (all persons of a published
# margin share one value of a sensitive attribute) is safe when its minimum is below the
# margin. The optimiser minimises the suppressed total (Σ value of the hidden cells, a cell
# shown in n tables counting n times, plus a tiny cost per cell so that fewer cells win
# ties) subject to all protection requirements, by row generation: solve the master
# problem over 0/1 suppression variables, let the attacker (an LP per protected cell over
# the published values) try, and add a cut for every attack that succeeds.

CellRef = tuple[str, Key]  # (table id, cell key)

#: Upper bound the contact-band relation uses for "7 or more contacts" (no real limit).
UNBOUNDED_COEF = 100_000.0
_EPS_COST = 1e-3
_TOL = 1e-6

_highs_lock = threading.Lock()
_highs_ready = False


def _new_highs() -> Any:  # highspy.Highs (the library has no type information)
    """A silent HiGHS instance. The library prints a banner on stdout when the first instance
    of a process is made; ``--json`` output must not get it, so that one is made with fd 1
    pointed at /dev/null."""
    global _highs_ready
    import highspy

    with _highs_lock:
        if not _highs_ready:
            import sys

            sys.stdout.flush()
            saved = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                h = highspy.Highs()  # type: ignore[no-untyped-call]  # no type information
                h.setOptionValue("output_flag", False)
                h.setOptionValue("threads", 1)
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(devnull)
            _highs_ready = True
            return h
    h = highspy.Highs()  # type: ignore[no-untyped-call]  # no type information
    h.setOptionValue("output_flag", False)
    # One thread: the models are tiny, and HiGHS refuses to run (status "not set") when
    # instances of one process ask for different thread counts.
    h.setOptionValue("threads", 1)
    return h


@dataclass(frozen=True)
class Relation:
    """Σ coefficient · cell  (= or ≤)  0 over published cells."""

    terms: tuple[tuple[CellRef, float], ...]
    sense: str = "="  # "=" or "<="


def margin_relations(tid: str, table: Table) -> list[Relation]:
    """The additivity of one table: each margin equals the sum of what it adds up."""
    if not table.margins:
        return []
    if table.cols is None:
        return [Relation(tuple(((tid, (r,)), 1.0) for r in table.rows) + (((tid, (TOTAL,)), -1.0),))]
    out = []
    for r in table.rows:
        out.append(Relation(tuple(((tid, (r, c)), 1.0) for c in table.cols) + (((tid, (r, TOTAL)), -1.0),)))
    for c in table.cols:
        out.append(Relation(tuple(((tid, (r, c)), 1.0) for r in table.rows) + (((tid, (TOTAL, c)), -1.0),)))
    out.append(Relation(tuple(((tid, (r, TOTAL)), 1.0) for r in table.rows) + (((tid, (TOTAL, TOTAL)), -1.0),)))
    out.append(Relation(tuple(((tid, (TOTAL, c)), 1.0) for c in table.cols) + (((tid, (TOTAL, TOTAL)), -1.0),)))
    return out


def margin_groups(tid: str, table: Table) -> list[tuple[CellRef, list[CellRef]]]:
    """(margin, the cells it adds up) for the small-margin rule."""
    if not table.margins:
        return []
    if table.cols is None:
        return [((tid, (TOTAL,)), [(tid, (r,)) for r in table.rows])]
    out: list[tuple[CellRef, list[CellRef]]] = [
        ((tid, (r, TOTAL)), [(tid, (r, c)) for c in table.cols]) for r in table.rows
    ]
    out += [((tid, (TOTAL, c)), [(tid, (r, c)) for r in table.rows]) for c in table.cols]
    out.append(((tid, (TOTAL, TOTAL)), [(tid, key) for key in table.keys() if key != (TOTAL, TOTAL)]))
    return out


class Model:
    """The published cells of a report as variables, and the relations between them."""

    def __init__(
        self,
        tables: Mapping[str, Table],
        links: Sequence[Sequence[CellRef]] = (),
        relations: Sequence[Relation] = (),
        groups: Sequence[tuple[CellRef, Sequence[CellRef]]] = (),
    ) -> None:
        self.tables = dict(tables)
        self.var: dict[CellRef, int] = {}
        self.refs: list[list[CellRef]] = []
        parent: dict[CellRef, CellRef] = {}

        def find(a: CellRef) -> CellRef:
            while parent.get(a, a) != a:
                a = parent[a]
            return a

        for group in links:
            group = [ref for ref in group if ref[0] in self.tables]
            for ref in group[1:]:
                ra, rb = find(group[0]), find(ref)
                if ra != rb:
                    parent[rb] = ra
        roots: dict[CellRef, int] = {}
        for tid, table in self.tables.items():
            for key in table.keys():
                ref = (tid, key)
                root = find(ref)
                if root not in roots:
                    roots[root] = len(self.refs)
                    self.refs.append([])
                self.var[ref] = roots[root]
                self.refs[roots[root]].append(ref)
        self.n = len(self.refs)
        rels = [r for tid, t in self.tables.items() for r in margin_relations(tid, t)]
        rels += [r for r in relations if all(ref in self.var for ref, _c in r.terms)]
        # relations over variables (linked cells merge); an equation that collapses to 0 = 0 is dropped
        self.rows: list[tuple[dict[int, float], str]] = []
        for rel in rels:
            coefs: dict[int, float] = defaultdict(float)
            for ref, c in rel.terms:
                coefs[self.var[ref]] += c
            coefs = {i: c for i, c in coefs.items() if abs(c) > 1e-12}
            if coefs:
                self.rows.append((coefs, rel.sense))
        all_groups = [g for tid, t in self.tables.items() for g in margin_groups(tid, t)]
        all_groups += [(m, [c for c in cells if c in self.var]) for m, cells in groups if m in self.var]
        self.groups = [(self.var[m], sorted({self.var[c] for c in cells})) for m, cells in all_groups]
        self.neighbours: list[set[int]] = [set() for _ in range(self.n)]
        for coefs, _sense in self.rows:
            for i in coefs:
                self.neighbours[i].update(coefs)

    # -- values

    def values(self, tables: Mapping[str, Table] | None = None) -> list[int | str]:
        """Per variable: the value of its first cell (linked cells must agree)."""
        tables = self.tables if tables is None else tables
        out: list[int | str] = []
        for refs in self.refs:
            vals = {tables[tid].cells[key] for tid, key in refs}
            if len(vals) != 1:
                tid, key = refs[0]
                raise DisclosureError("linked_cells_differ", table=tid, cell="/".join(key))
            out.append(vals.pop())
        return out

    def component(self, i: int) -> set[int]:
        seen, queue = {i}, deque([i])
        while queue:
            for j in self.neighbours[queue.popleft()]:
                if j not in seen:
                    seen.add(j)
                    queue.append(j)
        return seen


class _Attacker:
    """One HiGHS model of what a reader can infer from a publication: each published
    variable fixed at its value, each suppressed one in [0, ∞)."""

    def __init__(self, model: Model | _SubModel, integer: bool) -> None:
        import highspy
        import numpy as np

        self.np, self.hs = np, highspy
        self.model = model
        inf = highspy.kHighsInf
        h = self.h = _new_highs()
        n = model.n
        h.addCols(
            n,
            np.zeros(n),
            np.zeros(n),
            np.full(n, inf),
            0,
            np.zeros(n, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        for coefs, sense in model.rows:
            idx = np.array(list(coefs), dtype=np.int32)
            val = np.array(list(coefs.values()), dtype=np.float64)
            h.addRow(0.0 if sense == "=" else -inf, 0.0, len(idx), idx, val)
        self.integer = integer
        if integer:
            h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
            h.setOptionValue("mip_rel_gap", 0.0)
        self.cost_index: int | None = None

    def publish(self, values: Sequence[int | str]) -> None:
        np, inf = self.np, self.hs.kHighsInf
        lo = np.array([0.0 if v == SUPPRESSED else float(v) for v in values])
        hi = np.array([inf if v == SUPPRESSED else float(v) for v in values])
        self.h.changeColsBounds(self.model.n, np.arange(self.model.n, dtype=np.int32), lo, hi)

    def extreme(self, i: int, sense: int = 1) -> tuple[float | None, list[float]]:
        """(min or max of variable i, reduced costs); None = unbounded (max) or infeasible."""
        h = self.h
        if self.cost_index is not None and self.cost_index != i:
            h.changeColCost(self.cost_index, 0.0)
        h.changeColCost(i, float(sense))
        self.cost_index = i
        h.run()
        status = h.getModelStatus()
        if status != self.hs.HighsModelStatus.kOptimal:
            if status in (self.hs.HighsModelStatus.kInfeasible,):
                raise DisclosureError("inconsistent")
            return None, []
        sol = h.getSolution()
        value = sol.col_value[i]
        return value, (list(sol.col_dual) if not self.integer else [])


@dataclass
class Protection:
    """What the optimiser found: the suppressed variables and why."""

    suppressed: set[int]
    primary: set[int]
    targets: dict[int, float]  # variable → the minimum the reader must be able to reach (≤)
    iterations: int
    cost: float


def required(
    model: Model,
    values: Sequence[int],
    k: int,
    *,
    sensitive_groups: Iterable[tuple[CellRef, Sequence[CellRef]]] = (),
    forced: Iterable[CellRef] = (),
) -> tuple[set[int], dict[int, float]]:
    """Cells that must be hidden and the protection each needs.

    - a count 1 … k−1: hidden; if it is a cell (not only a margin) its minimum must reach 0
      (nobody provably in it);
    - a margin 1 … k−1: it and every cell it adds up are hidden, zeros included;
    - group disclosure: in a table of a sensitive attribute, a category holding all persons
      of a non-zero margin is hidden; its minimum must fall below the margin."""
    must: set[int] = {i for i, v in enumerate(values) if 1 <= v < k}
    # A small margin is hidden with all its cells (below); the protection interval is asked
    # of the cells a person is counted in, not of sums of hidden categories.
    targets: dict[int, float] = {i: 0.0 for i in must if not all(is_margin(key) for _t, key in model.refs[i])}
    must |= {model.var[ref] for ref in forced if values[model.var[ref]] > 0}
    for m, cells in model.groups:
        if 1 <= values[m] < k:
            must.add(m)
            must.update(cells)
    for margin, refs in sensitive_groups:
        if margin not in model.var:
            continue
        total = values[model.var[margin]]
        if total < k:
            continue
        for ref in refs:
            if ref not in model.var:
                continue
            i = model.var[ref]
            if values[i] == total:
                must.add(i)
                targets[i] = min(targets.get(i, total - 1.0), total - 1.0)
    return must, targets


def protect_optimal(
    model: Model,
    k: int,
    *,
    sensitive_groups: Iterable[tuple[CellRef, Sequence[CellRef]]] = (),
    forced: Iterable[CellRef] = (),
    max_rounds: int = 200,
) -> Protection:
    """The suppression pattern of least suppressed total that meets every protection
    requirement against a reader who knows all relations (exact for integers: a pattern is
    accepted only after an integer audit). Parts of the report that share no relation
    (e.g. the referral table) are solved separately: the optimum of the whole is the union
    of the parts' optima."""
    if not isinstance(k, int) or k < 2:
        raise ValueError("minimum cell size must be an integer ≥ 2")
    published_or_counts = model.values()
    for v in published_or_counts:
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise ValueError("protect_optimal() needs true counts")
    values = cast(list[int], published_or_counts)  # checked just above
    must, targets = required(model, values, k, sensitive_groups=sensitive_groups, forced=forced)
    supp: set[int] = set()
    rounds = 0
    seen: set[int] = set()
    for i in range(model.n):
        if i in seen:
            continue
        comp = model.component(i)
        seen |= comp
        if not comp & must:
            continue
        sub = _SubModel(model, sorted(comp))
        part, r = _protect_part(
            sub,
            [values[j] for j in sub.index],
            {sub.local[j] for j in must & comp},
            {sub.local[j]: t for j, t in targets.items() if j in comp},
            max_rounds,
        )
        supp |= {sub.index[j] for j in part}
        rounds += r
    if supp:
        # A hidden cell that the published cells determine protects nothing (the reader knows
        # it anyway): show it. The reader's knowledge is unchanged, so every protection holds.
        # (Only the greedy last step can leave such a cell; an optimal pattern has none.)
        published = [SUPPRESSED if i in supp else values[i] for i in range(model.n)]
        supp -= {i for i in _determined(model, published) if i not in must}
    cost = float(sum(values[i] * len(model.refs[i]) for i in supp))
    return Protection(suppressed=supp, primary=must, targets=targets, iterations=rounds, cost=cost)


def _finish_greedily(
    ip: _Attacker,
    values: list[int],
    supp: set[int],
    targets: dict[int, float],
    general_vars: set[int],
    partners: dict[int, set[int]],
    weights: Any,
) -> set[int]:
    supp = set(supp)
    n = len(values)
    for _ in range(n):
        published = [SUPPRESSED if j in supp else values[j] for j in range(n)]
        ip.publish(published)
        open_ = [(i, t) for i, t in targets.items() if (low := ip.extreme(i, 1)[0]) is not None and low > t + _TOL]
        if not open_:
            return supp
        i, target = open_[0]
        near = sorted(
            (j for j in general_vars | partners.get(i, set()) if j not in supp), key=lambda j: (weights[j], j)
        )
        chosen = None
        for j in near:
            ip.publish([SUPPRESSED if x == j else v for x, v in enumerate(published)])
            low_j, _ = ip.extreme(i, 1)
            if low_j is None or low_j <= target + _TOL:
                chosen = j
                break
        if chosen is None:  # no single cell does it: hide the whole neighbourhood
            supp |= set(near) or {j for j in range(n) if j not in supp}
        else:
            supp.add(chosen)
    raise DisclosureError("no_protection")


class _SubModel:
    """The variables of one connected part of a model, renumbered 0 … n−1."""

    def __init__(self, model: Model, index: list[int]) -> None:
        self.index = index
        self.local = {j: i for i, j in enumerate(index)}
        self.n = len(index)
        self.weights = [len(model.refs[j]) for j in index]
        self.rows = [
            ({self.local[j]: c for j, c in coefs.items()}, sense)
            for coefs, sense in model.rows
            if next(iter(coefs)) in self.local
        ]

    def component(self, i: int) -> set[int]:
        return set(range(self.n))


def _protect_part(
    model: _SubModel, values: list[int], must: set[int], targets: dict[int, float], max_rounds: int
) -> tuple[set[int], int]:
    import highspy
    import numpy as np

    n = model.n
    weights = np.array([values[i] * model.weights[i] + _EPS_COST for i in range(n)])
    master = _new_highs()
    master.setOptionValue("mip_rel_gap", 0.0)
    lo = np.array([1.0 if i in must else 0.0 for i in range(n)])
    master.addCols(n, weights, lo, np.ones(n), 0, np.zeros(n, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0))
    master.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
    cuts: set[tuple[Any, ...]] = set()

    def cut(cells: Iterable[int], coefs: Sequence[float] | None = None, need: float = 1.0) -> bool:
        """Σ coef·y ≥ need over the given cells (set cover when no coefficients)."""
        cells = list(cells)
        coefs = [1.0] * len(cells) if coefs is None else [min(float(c), need) for c in coefs]
        row = tuple(sorted((j, round(c, 6)) for j, c in zip(cells, coefs) if c > _TOL))
        if not row or (row, round(need, 6)) in cuts:
            return False
        cuts.add((row, round(need, 6)))
        master.addRow(
            need,
            highspy.kHighsInf,
            len(row),
            np.array([j for j, _c in row], dtype=np.int32),
            np.array([c for _j, c in row]),
        )
        return True

    # Seed cuts: an equation with exactly one hidden cell gives it away.
    for i in targets:
        for coefs, sense in model.rows:
            if sense == "=" and i in coefs:
                cut(j for j in coefs if j != i)
    lp = _Attacker(model, integer=False)
    ip: _Attacker | None = None
    general_rows = [coefs for coefs, sense in model.rows if sense != "=" or any(abs(c) != 1.0 for c in coefs.values())]
    general = bool(general_rows)
    general_vars = {j for coefs in general_rows for j in coefs}
    partners: dict[int, set[int]] = {}
    for coefs, sense in model.rows:
        if sense == "=":
            for i in coefs:
                if i in targets:
                    partners.setdefault(i, set()).update(j for j in coefs if j != i)
    violated = False

    def separate(bounds_lo: Any, bounds_hi: Any) -> bool:
        """Add a Benders cut for every target the attacker can still pin above its target.
        Cuts from any attacker dual are valid for every 0/1 pattern (see docs)."""
        nonlocal violated
        violated = False
        lp.h.changeColsBounds(n, np.arange(n, dtype=np.int32), bounds_lo, bounds_hi)
        added = False
        for i, target in targets.items():
            low, duals = lp.extreme(i, 1)
            if low is None or low <= target + _TOL:
                continue
            violated = True
            # The same dual proves D0 = Σ d_j·v_j when every cell shows its true value;
            # hiding j takes away at most d_j·v_j (d_j > 0), or the whole bound (d_j < 0).
            if duals[i] < -_TOL:
                continue  # the hidden target itself would lift the bound: no cut from this dual
            d0 = sum(duals[j] * values[j] for j in range(n) if abs(duals[j]) > _TOL)
            need = d0 - target - max(duals[i], 0.0) * values[i]  # the target itself is always hidden
            if need <= _TOL:
                continue
            cells = [j for j in range(n) if j != i and abs(duals[j]) > _TOL]
            coefs = [need if duals[j] < 0 else duals[j] * values[j] for j in cells]
            if cut(cells, coefs, need):
                added = True
        return added

    # Phase 1: cuts at the fractional optimum of the relaxed master (cheap LPs), so that
    # the integer master below is solved only a few times.
    master.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kContinuous] * n))
    big = float(sum(values)) + 1.0
    vals = np.array(values, dtype=np.float64)
    for _ in range(max_rounds):
        master.run()
        if master.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        y = np.clip(np.array(master.getSolution().col_value), 0.0, 1.0)
        if not separate(vals * (1.0 - y), vals + big * y):
            break
    master.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n))
    rounds = 0
    integer_rounds = 0
    while True:
        rounds += 1
        if rounds > max_rounds:
            raise DisclosureError("no_protection")
        master.run()
        if master.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise DisclosureError("no_protection")
        y = master.getSolution().col_value
        supp = {i for i in range(n) if y[i] > 0.5}
        published = [SUPPRESSED if i in supp else values[i] for i in range(n)]
        added = separate(
            np.array([0.0 if i in supp else float(values[i]) for i in range(n)]),
            np.array([highspy.kHighsInf if i in supp else float(values[i]) for i in range(n)]),
        )
        if not added and violated:
            added = cut(j for j in range(n) if j not in supp)  # no-good: hide at least one more
        if added:
            continue
        if general and targets:
            if ip is None:
                ip = _Attacker(model, integer=True)
            integer_rounds += 1
            if integer_rounds > 4:
                # The integrality of the contact bands keeps defeating the cuts: finish this
                # pattern greedily (hide the cheapest cell that defeats each remaining integer
                # attack). Still safe (audited); optimal only up to this last step.
                return _finish_greedily(ip, values, supp, targets, general_vars, partners, weights), rounds
            ip.publish(published)
            for i, target in targets.items():
                low, _ = ip.extreme(i, 1)
                if low is not None and low > target + _TOL:
                    # Only the integrality of the non-network relations (the contact bands)
                    # can make the integer attacker stronger than the LP one: first hide one
                    # more cell there or beside the target; the final pattern is audited anyway.
                    near = sorted(j for j in general_vars | partners.get(i, set()) if j not in supp)
                    fixers = []
                    for j in near:  # which one cell, hidden as well, defeats this attack?
                        ip.publish([SUPPRESSED if x == j else v for x, v in enumerate(published)])
                        low_j, _ = ip.extreme(i, 1)
                        if low_j is None or low_j <= target + _TOL:
                            fixers.append(j)
                    ip.publish(published)
                    added |= cut(fixers or near) if (fixers or near) else False
                    if not added:
                        added |= cut(j for j in range(n) if j not in supp)
            if added:
                continue
        return supp, rounds


def publish_model(model: Model, suppressed: Iterable[int]) -> dict[str, Table]:
    supp = set(suppressed)
    out = {}
    for tid, t in model.tables.items():
        out[tid] = t.with_values(
            {key: (SUPPRESSED if model.var[(tid, key)] in supp else t.cells[key]) for key in t.keys()}
        )
    return out


def audit(model: Model, published: Mapping[str, Table]) -> dict[CellRef, tuple[float, float | None]]:
    """The exact integer interval [min, max] (max None = unbounded) a reader can derive for
    every suppressed cell from the published tables and the relations. Uses the published
    values only: this is the independent release check."""
    values = model.values(published)
    for t in published.values():
        for key in t.keys():
            _published_value(t.cells[key], key)
    supp = [i for i, v in enumerate(values) if v == SUPPRESSED]
    if not supp:
        return {}
    atk = _Attacker(model, integer=True)
    atk.publish(values)
    out: dict[CellRef, tuple[float, float | None]] = {}
    for i in supp:
        low, _ = atk.extreme(i, 1)
        high, _ = atk.extreme(i, -1)
        if low is None:
            raise DisclosureError("inconsistent")
        rng = (round(low), None if high is None else round(high))
        for ref in model.refs[i]:
            out[ref] = rng
    return out


def check_model(model: Model, published: Mapping[str, Table], k: int) -> None:
    """Release gate for a set of linked published tables: no published count 1 … k−1, linked
    cells agree, the relations can hold, and no suppressed cell (other than a margin that is
    nothing but a sum) is determined (min = max) at a value other than 0."""
    if not isinstance(k, int) or k < 2:
        raise DisclosureError("min_cell")
    for tid, t in published.items():
        for key in t.keys():
            if key not in t.cells:
                raise DisclosureError("missing_cell", table=tid, cell="/".join(key))
            v = _published_value(t.cells[key], (tid,) + key)
            if v is not None and 1 <= v < k:
                raise DisclosureError("small_cell", table=tid, cell="/".join(key))
    values = model.values(published)
    if SUPPRESSED not in values:
        # nothing hidden: the relations must simply hold
        for coefs, sense in model.rows:
            s = sum(c * float(values[i]) for i, c in coefs.items())
            if (sense == "=" and abs(s) > _TOL) or (sense == "<=" and s > _TOL):
                raise DisclosureError("inconsistent")
        return
    for t in published.values():
        for key in t.keys():
            _published_value(t.cells[key], key)
    fixed = _determined(model, values)
    for i, value in fixed.items():
        # A hidden cell that the published figures force to 0 tells nothing new (the zero
        # follows from a published zero margin); a hidden margin that is only a sum of hidden
        # categories (e.g. "diverse or not specified" in a cross table) may be known, as the
        # one-way table already tells it; any other determined value is a disclosure.
        if value != 0 and not all(is_margin(key) for _t, key in model.refs[i]):
            tid, key = model.refs[i][0]
            raise DisclosureError("determined", table=tid, cell="/".join(key))


def _determined(model: Model, values: Sequence[int | str]) -> dict[int, int]:
    """The hidden variables that take one value in every integer completion, with that value.
    Exact; every solution found proves "not determined" for all variables it moves, so most
    variables are settled by the first few solves."""
    import numpy as np

    hidden = [i for i, v in enumerate(values) if v == SUPPRESSED]
    atk = _Attacker(model, integer=True)
    atk.publish(values)
    h = atk.h
    seen: dict[int, set[int]] = {i: set() for i in hidden}

    def solve(costs: Any) -> bool:
        h.changeColsCost(model.n, np.arange(model.n, dtype=np.int32), np.asarray(costs, dtype=np.float64))
        h.run()
        status = h.getModelStatus()
        if status == atk.hs.HighsModelStatus.kInfeasible:
            raise DisclosureError("inconsistent")
        if status != atk.hs.HighsModelStatus.kOptimal:
            return False
        x = h.getSolution().col_value
        for i in hidden:
            seen[i].add(round(x[i]))
        return True

    if not solve(np.zeros(model.n)):
        raise DisclosureError("inconsistent")
    open_ = [i for i in hidden if len(seen[i]) < 2]
    costs = np.zeros(model.n)
    costs[open_] = 1.0
    solve(costs)  # everything as small as it can be: moves most variables at once
    for i in hidden:
        if len(seen[i]) >= 2:
            continue
        costs = np.zeros(model.n)
        costs[i] = 1.0
        solve(costs)
        if len(seen[i]) >= 2:
            continue
        costs[i] = -1.0
        if not solve(costs):  # unbounded above: not determined
            seen[i].add(-1)
    atk.cost_index = None
    return {i: next(iter(seen[i])) for i in hidden if len(seen[i]) == 1}
