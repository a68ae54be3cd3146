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
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

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

    def with_values(self, cells: Mapping[Key, int | str]) -> "Table":
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


def table_2d(counts: Mapping[tuple[str, str], int], rows: Sequence[str], cols: Sequence[str], *,
             margins: bool = True) -> Table:
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


def merge_small(counts: Mapping[str, int], k: int, *, top: int | None = None, keep: Iterable[str] = (),
                other: str = OTHER) -> dict[str, int]:
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


def merge_small_rows(counts: Mapping[tuple[str, str], int], rows: Sequence[str], cols: Sequence[str], k: int, *,
                     keep: Iterable[str] = (), other: str = OTHER) -> tuple[list[str], dict[tuple[str, str], int]]:
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
    if table.cols is None:
        return [((r,), S, T) for r in table.rows] + [((TOTAL,), T, S)]
    arcs: list[tuple[Key, Node, Node]] = []
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
        self.adj: dict[object, list[list]] = defaultdict(list)

    def add(self, u: object, v: object, cap: int) -> list:
        fwd = [v, cap, None]
        back = [u, 0, fwd]
        fwd[2] = back
        self.adj[u].append(fwd)
        self.adj[v].append(back)
        return fwd

    def run(self, s: object, t: object) -> int:
        total = 0
        while True:
            parent: dict[object, list] = {}
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
            push = None
            v = t
            while v != s:
                arc = parent[v]
                push = arc[1] if push is None else min(push, arc[1])
                v = arc[2][0]
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
        return {k: 1 for k in supp}
    balance: dict[Node, int] = defaultdict(int)  # inflow − outflow
    flows: dict[Key, list] = {}
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


def _shift(table: Table, arcs: list, x: dict[Key, int], key: Key, direction: int) -> bool:
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
    supp = {key for key in keys if 1 <= raw.cells[key] < k}
    supp |= {key for key in forced if raw.cells[key] > 0}
    arcs = _arcs(raw)
    if arcs is None:
        return publish(raw, supp)
    interior = sum(int(raw.cells[key]) for key in keys if not is_margin(key))
    margin_penalty = 2 * interior + 2
    resort = set(last_resort)
    penalty = {key: (margin_penalty if is_margin(key) else 0) + (100 * margin_penalty if key in resort else 0)
               for key in keys}
    while True:
        published = publish(raw, supp)
        open_cells = determined(published)
        if not open_cells:
            return published
        extra = _cheapest_cycle(raw, supp, open_cells[0], penalty=penalty)
        if not extra:  # cannot happen: with every non-zero cell suppressed nothing is determined
            raise DisclosureError("no_protection", cell="/".join(open_cells[0]))
        supp |= extra


def protect_linked(tables: Mapping[str, Table], k: int, links: Sequence[Sequence[tuple[str, Key]]] = ()
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
