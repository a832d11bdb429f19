"""Disclosure control of the tables that count people (Geheimhaltung, statistische Sperrung).

Interface (stable):

    protect(tables, threshold=5) -> list[Table]   marks suppressed figures in place
    audit(tables, threshold=5) -> list[Bound]     the linear bounds of every suppressed figure
    check_threshold(value) -> int                 DisclosureError for a bad threshold

The rule (docs/data-protection.md, "Published figures: disclosure control"):

1. Primary suppression: every cell and margin of a people table below the threshold,
   zeros included (a zero says that none of a group shares a trait).
2. Linked margins (`Table.links`) are one figure: hidden in one table, hidden in all.
3. Secondary suppression until no suppressed figure can be narrowed, from everything
   published and the additive equations of all tables (values >= 0), to an interval
   narrower than the threshold.

The attacker's knowledge is one linear system over all people tables of the report: a
variable per figure (a linked margin is one variable), an equation per row, column and
margin vector. Published figures are constants; only the suppressed ones are unknowns.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _
from scipy.optimize import linprog

from ankunft.reports.models import MAX_THRESHOLD, MIN_THRESHOLD
from ankunft.reports.tables import Table

Position = tuple[
    str, int, int
]  # ("cell", i, j) | ("row", i, 0) | ("column", j, 0) | ("total", 0, 0)
Vector = np.ndarray
EPS = 1e-6
UNBOUNDED = 3  # linprog's status
LINE_TRIES = 6


class DisclosureError(ValueError):
    """Bad parameters of disclosure control (a threshold below the minimum …)."""


@dataclass(frozen=True)
class Bound:
    """What an attacker can learn about one suppressed figure: low <= value <= high."""

    table: str
    cell: Position
    low: float
    high: float | None  # None: unbounded

    @property
    def width(self) -> float:
        return float("inf") if self.high is None else self.high - self.low

    def protects(self, threshold: int) -> bool:
        return self.width >= threshold - EPS


def check_threshold(value: object) -> int:
    """The suppression threshold as an int, or DisclosureError with a clear message."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not (MIN_THRESHOLD <= value <= MAX_THRESHOLD)
    ):
        raise DisclosureError(
            _(
                "The suppression threshold must be a whole number from %(min)d to %(max)d "
                "(persons); %(value)s is not."
            )
            % {"min": MIN_THRESHOLD, "max": MAX_THRESHOLD, "value": repr(value)}
        )
    return value


# --- the attacker's system ------------------------------------------------------------


def _positions(table: Table) -> list[Position]:
    rows, columns = len(table.row_labels), len(table.column_labels)
    cells = [("cell", i, j) for i in range(rows) for j in range(columns)]
    margins = [("row", i, 0) for i in range(rows)] + [("column", j, 0) for j in range(columns)]
    return [*cells, *margins, ("total", 0, 0)]


def _value(table: Table, position: Position) -> int:
    kind, i, j = position
    raw: int | Decimal = {
        "cell": lambda: table.cells[i][j],
        "row": lambda: table.row_totals[i],
        "column": lambda: table.column_totals[i],
        "total": lambda: table.total,
    }[kind]()
    if raw < 0 or raw != int(raw):
        raise DisclosureError(f"{table.name}: {position} = {raw} is not a count of persons")
    return int(raw)


def _link_key(table: Table, position: Position) -> tuple[str, int] | None:
    kind, i, _j = position
    margin = {"row": "row_totals", "column": "column_totals", "total": "total"}.get(kind)
    key = table.links.get(margin) if margin else None
    if key is None:
        return None
    size = {"row": len(table.row_labels), "column": len(table.column_labels), "total": 0}[kind]
    return (f"{key}#{size}", i)  # the size in the key: a link between unequal vectors is a bug


@dataclass
class _System:
    """The figures of all people tables as variables, with the tables' equations."""

    tables: list[Table]
    figure: list[dict[Position, int]]  # per table: position -> figure
    appearances: list[list[tuple[int, Position]]]  # per figure: (table, position)
    values: Vector
    is_margin: Vector
    matrix: Vector  # equations x figures; A @ values == 0
    lines: list[list[int]]  # per figure: the equations it is in

    @property
    def size(self) -> int:
        return len(self.values)


def _system(tables: list[Table]) -> _System:
    people = [t for t in tables if t.people]
    ids: dict[object, int] = {}
    values: list[int] = []
    appearances: list[list[tuple[int, Position]]] = []
    figure: list[dict[Position, int]] = []
    for k, table in enumerate(people):
        mapping: dict[Position, int] = {}
        for position in _positions(table):
            key = _link_key(table, position) or (k, position)
            value = _value(table, position)
            if key not in ids:
                ids[key] = len(values)
                values.append(value)
                appearances.append([])
            elif values[ids[key]] != value:
                raise DisclosureError(
                    f"{table.name}: linked margin {position} is {value}, elsewhere "
                    f"{values[ids[key]]}: linked tables must show the same figure"
                )
            mapping[position] = ids[key]
            appearances[ids[key]].append((k, position))
        figure.append(mapping)
    equations: set[tuple[tuple[int, float], ...]] = set()
    for table, mapping in zip(people, figure, strict=True):
        rows, columns = len(table.row_labels), len(table.column_labels)
        if not rows or not columns:
            continue  # an empty table: its shape alone says its margins are 0
        lines = [[("cell", i, j) for j in range(columns)] + [("row", i, 0)] for i in range(rows)]
        lines += [
            [("cell", i, j) for i in range(rows)] + [("column", j, 0)] for j in range(columns)
        ]
        lines += [[("row", i, 0) for i in range(rows)] + [("total", 0, 0)]]
        lines += [[("column", j, 0) for j in range(columns)] + [("total", 0, 0)]]
        for line in lines:
            coefficients: dict[int, float] = {}
            for n, position in enumerate(line):
                sign = -1.0 if n == len(line) - 1 else 1.0  # the parts sum to the margin
                coefficients[mapping[position]] = coefficients.get(mapping[position], 0) + sign
            equations.add(tuple(sorted((f, c) for f, c in coefficients.items() if c)))
    ordered = sorted(equations)
    matrix = np.zeros((len(ordered), len(values)))
    lines_of: list[list[int]] = [[] for _ in values]
    for e, equation in enumerate(ordered):
        for f, c in equation:
            matrix[e, f] = c
            lines_of[f].append(e)
    vector = np.array(values, dtype=float)
    for bad in np.flatnonzero(np.abs(matrix @ vector) > EPS):
        names = sorted(
            {people[k].name for f in np.flatnonzero(matrix[bad]) for k, _ in appearances[f]}
        )
        raise DisclosureError(f"{', '.join(names)}: the margins do not add up")
    margin = np.array([any(p[0] != "cell" for _, p in a) for a in appearances], dtype=bool)
    return _System(people, figure, appearances, vector, margin, matrix, lines_of)


def _components(system: _System, unknown: Vector) -> list[tuple[Vector, Vector]]:
    """The independent parts of the system: (unknown figures, equations) each."""
    parent = list(range(system.size))

    def find(f: int) -> int:
        while parent[f] != f:
            parent[f] = parent[parent[f]]
            f = parent[f]
        return f

    for row in system.matrix:
        members = [int(f) for f in np.flatnonzero(row) if unknown[f]]
        for f in members[1:]:
            parent[find(f)] = find(members[0])
    groups: dict[int, list[int]] = {}
    for member in np.flatnonzero(unknown).tolist():
        groups.setdefault(find(member), []).append(member)
    result = []
    for group in groups.values():
        columns = np.array(group)
        rows = np.flatnonzero(np.any(system.matrix[:, columns] != 0, axis=1))
        result.append((columns, rows))
    return result


@dataclass
class _Part:
    """One component as an LP: A x = b, x >= 0 over its unknowns only."""

    columns: Vector
    a: Vector
    b: Vector

    def solve(self, f: int, *, maximize: bool, bound: tuple[float, float | None]) -> Vector | None:
        """The optimal unknowns for min/max of unknown number f; None if unbounded."""
        c = np.zeros(len(self.columns))
        c[f] = -1.0 if maximize else 1.0
        bounds: list[tuple[float, float | None]] = [(0.0, None)] * len(self.columns)
        bounds[f] = bound
        rows = len(self.b) > 0
        result = linprog(
            c,
            A_eq=self.a if rows else None,
            b_eq=self.b if rows else None,
            bounds=bounds,
            method="highs",
        )
        if result.status == UNBOUNDED:
            return None
        if result.status != 0:  # the true values are a solution: this cannot happen
            raise RuntimeError(f"disclosure audit: linprog failed: {result.message}")
        return np.asarray(result.x)


def _part(system: _System, unknown: Vector, columns: Vector, rows: Vector) -> _Part:
    known = ~unknown
    b = -system.matrix[np.ix_(rows, np.flatnonzero(known))] @ system.values[known]
    return _Part(columns, system.matrix[np.ix_(rows, columns)], b)


def _nullspace(a: Vector) -> Vector:
    if not a.shape[0]:
        return np.eye(a.shape[1])
    _u, s, vt = np.linalg.svd(a)
    rank = int(np.sum(s > EPS))
    return np.asarray(vt[rank:].T)


# --- the search (protect) ---------------------------------------------------------------

Witness = tuple[Vector, Vector]  # two feasible points: the figure differs by >= threshold


def _screen(
    system: _System, unknown: Vector, pending: set[int], threshold: int, proofs: dict[int, Witness]
) -> list[int]:
    """The pending figures that fail; a witness in `proofs` for each one that passes.

    Cheap first: a figure alone in an equation is determined, a sum of unknowns below the
    threshold bounds its parts; a line through the true values along the figure's
    direction in the null space often already shows the width. LPs only for the rest.
    """
    failing: list[int] = []
    for columns, rows in _components(system, unknown):
        local = {int(f): n for n, f in enumerate(columns)}
        wanted = sorted(f for f in pending if f in local)
        if not wanted:
            continue
        part = _part(system, unknown, columns, rows)
        null = _nullspace(part.a)
        caps = _caps(part)
        truth = system.values[columns]
        pool: list[Vector] = [truth]
        for f in wanted:
            n = local[f]
            if null.shape[1] == 0 or float(null[n] @ null[n]) < EPS or caps[n] < threshold - EPS:
                failing.append(f)
                continue
            line = _line(truth, null, n, threshold)
            if line is None and len(pool) > 1:  # inside the polytope: longer lines
                line = _line(np.mean(pool, axis=0), null, n, threshold)
            if line is not None:
                proofs[f] = (_full(system, columns, line[0]), _full(system, columns, line[1]))
                continue
            found = _from_pool(pool, n, threshold)
            if found is None:
                found = _by_lp(part, n, truth[n], threshold, pool)
            if found is None:
                failing.append(f)
            else:
                proofs[f] = (_full(system, columns, found[0]), _full(system, columns, found[1]))
    return sorted(failing)


def _full(system: _System, columns: Vector, x: Vector) -> Vector:
    """A point of one component as values of all figures (the others at their truth)."""
    full = system.values.copy()
    full[columns] = x
    return full


def _caps(part: _Part) -> Vector:
    """Upper bounds of the unknowns from equations whose unknowns all have one sign
    (a published total minus its published parts bounds each hidden part)."""
    signs = np.sign(part.a)
    one_sign = np.all(signs >= 0, axis=1) | np.all(signs <= 0, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((part.a != 0) & one_sign[:, None], part.b[:, None] / part.a, np.inf)
    return np.asarray(ratio.min(axis=0, initial=np.inf))


def _line(x: Vector, null: Vector, n: int, threshold: int) -> tuple[Vector, Vector] | None:
    """Two points on a line x + a*d (d in the null space, feasible while >= 0) whose
    coordinate n differs by the threshold, or None if this search finds none.

    d is e_n projected onto the null space; where another unknown reaches 0 too soon, the
    search pins it (d_k = 0) and projects again, a few times (an LP decides the rest).
    """
    basis = null
    for _try in range(LINE_TRIES):
        d = basis @ basis[n]
        if d[n] < EPS:
            return None
        with np.errstate(divide="ignore", invalid="ignore"):
            lows = np.where(d > EPS, -x / d, -np.inf)
            highs = np.where(d < -EPS, -x / d, np.inf)
        low, high = float(lows.max()), float(highs.min())
        if (high - low) * d[n] >= threshold - EPS:
            high = low + threshold / d[n]
            return x + low * d, x + high * d
        pinned = [k for k in (int(lows.argmax()), int(highs.argmin())) if k != n]
        if not pinned:
            return None
        sub = _nullspace(basis[pinned])
        if not sub.shape[1]:
            return None
        basis = basis @ sub
    return None


def _from_pool(pool: list[Vector], n: int, threshold: int) -> tuple[Vector, Vector] | None:
    lo, hi = min(pool, key=lambda p: p[n]), max(pool, key=lambda p: p[n])
    return (lo, hi) if hi[n] - lo[n] >= threshold - EPS else None


def _by_lp(
    part: _Part, n: int, value: float, threshold: int, pool: list[Vector]
) -> tuple[Vector, Vector] | None:
    """Capped LPs: is max - min >= threshold? (Two points that show it, or None.)"""
    top = part.solve(n, maximize=True, bound=(0.0, value + threshold))
    if top is None:  # cannot be: the cap bounds the objective
        raise RuntimeError("disclosure audit: capped LP unbounded")
    pool.append(top)
    if top[n] >= value + threshold - EPS:
        return pool[0], top
    if top[n] < threshold - EPS:  # low >= 0, so the width is below the threshold
        return None
    bottom = part.solve(n, maximize=False, bound=(top[n] - threshold, None))
    if bottom is None:
        raise RuntimeError("disclosure audit: LP min unbounded")
    pool.append(bottom)
    return (bottom, top) if top[n] - bottom[n] >= threshold - EPS else None


def _candidate(system: _System, unknown: Vector, f: int) -> int | None:
    """The published figure to suppress next for failing figure f.

    From f's own lines (its row, column, margin vector): first lines where f is the only
    unknown (they pin it), then interior before margins, smallest value, lowest figure
    number. With none there, the lines of the unknowns f is tied to, and so on outwards.
    """
    seen_lines: set[int] = set()
    frontier = {f}
    while frontier:
        ranked: list[tuple[bool, bool, float, int]] = []
        for g in frontier:
            for e in system.lines[g]:
                if e in seen_lines:
                    continue
                members = np.flatnonzero(system.matrix[e])
                alone = int(np.sum(unknown[members])) == 1
                ranked.extend(
                    (not alone, bool(system.is_margin[h]), float(system.values[h]), int(h))
                    for h in members
                    if not unknown[h]
                )
        if ranked:
            return min(ranked)[3]
        next_lines = {e for g in frontier for e in system.lines[g]} - seen_lines
        seen_lines |= next_lines
        frontier = {int(h) for e in next_lines for h in np.flatnonzero(system.matrix[e])} - frontier
    published = np.flatnonzero(~unknown)
    if not len(published):
        return None
    return int(min(published, key=lambda h: (bool(system.is_margin[h]), system.values[h], h)))


def _prove(system: _System, unknown: Vector, proofs: dict[int, Witness], threshold: int) -> None:
    """The final audit: for every suppressed figure two points that fit everything
    published, every equation and >= 0, and differ in the figure by the threshold."""
    known = ~unknown
    scale = 1.0 + float(system.values.max(initial=0))
    hidden = np.flatnonzero(unknown)
    if not len(hidden):
        return
    lows = np.array([proofs[int(f)][0] for f in hidden])
    highs = np.array([proofs[int(f)][1] for f in hidden])
    for points in (lows, highs):
        # Not `assert`: the proof must hold under `python -O` too.
        if not (
            np.all(np.abs(points @ system.matrix.T) <= EPS * scale)
            and np.all(points >= -EPS * scale)
            and np.array_equal(
                points[:, known], np.broadcast_to(system.values[known], points[:, known].shape)
            )
        ):
            raise AssertionError("disclosure: a witness does not fit the published figures")
    narrow = highs[np.arange(len(hidden)), hidden] - lows[np.arange(len(hidden)), hidden]
    for f in hidden[narrow < threshold - EPS * scale]:
        raise AssertionError(f"disclosure: no proof for figure {f} {system.appearances[f]}")


def protect(tables: list[Table], *, threshold: int = 5) -> list[Table]:
    """Suppress (Sperrung) in every people table until no hidden figure can be narrowed
    below `threshold`; writes `suppressed`/`suppressed_margins`, returns the tables."""
    threshold = check_threshold(threshold)
    system = _system(tables)
    unknown = system.values < threshold  # primary, zeros included; linked: one variable
    for k, mapping in enumerate(system.figure):
        table = system.tables[k]
        hidden = {("cell", i, j) for i, j in table.suppressed}
        hidden |= {(kind, i, 0) for kind, i in table.suppressed_margins}
        for position in hidden:
            unknown[mapping[position]] = True
    proofs: dict[int, Witness] = {}
    pending = {int(f) for f in np.flatnonzero(unknown)}
    while pending:
        failing = _screen(system, unknown, pending, threshold, proofs)
        # Figures that passed stay passing: suppressing more only frees a constant into a
        # variable, so every old solution (with it at its true value) is still a solution
        # and the intervals can only widen. So only the failing and the new are audited.
        added: list[int] = []
        for f in failing:
            near = {int(h) for e in system.lines[f] for h in np.flatnonzero(system.matrix[e])}
            if any(g in near for g in added):
                continue  # a figure suppressed in this round may already free it
            g = _candidate(system, unknown, f)
            if g is None:
                break  # all hidden now: the next round re-audits what is left
            unknown[g] = True
            added.append(g)
        if failing and not added:  # all hidden and still failing: cannot happen (unbounded)
            raise RuntimeError("disclosure: a figure fails with everything suppressed")
        pending = set(failing) | set(added)
    _prove(system, unknown, proofs, threshold)
    for hidden_figure in np.flatnonzero(unknown):
        for k, (kind, i, j) in system.appearances[hidden_figure]:
            if kind == "cell":
                system.tables[k].suppressed.add((i, j))
            else:
                system.tables[k].suppressed_margins.add((kind, i))
    return tables


# --- the audit --------------------------------------------------------------------------


def _exact(
    system: _System, hidden: Vector, columns: Vector, rows: Vector
) -> dict[int, tuple[float, float | None]]:
    """Min and max of each unknown of one component.

    An LP each, except where a feasible point already met (the truth, earlier LPs'
    vertices) attains a bound that holds anyway: 0 (values are >= 0), or the sum of
    unknowns that a one-signed equation allows (`_caps`).
    """
    part = _part(system, hidden, columns, rows)
    null = _nullspace(part.a)
    caps = _caps(part)
    pool = [system.values[columns]]
    result: dict[int, tuple[float, float | None]] = {}
    for n, f in enumerate(columns.tolist()):
        if null.shape[1] == 0 or float(null[n] @ null[n]) < EPS:
            result[f] = (float(system.values[f]), float(system.values[f]))
            continue
        seen = [float(p[n]) for p in pool]
        low: float | None = 0.0 if min(seen) <= EPS else None
        high: float | None = float(caps[n]) if max(seen) >= caps[n] - EPS else None
        if low is None:
            point = part.solve(n, maximize=False, bound=(0.0, None))
            if point is None:  # >= 0 bounds every minimum
                raise RuntimeError("disclosure audit: LP min unbounded")
            pool.append(point)
            low = float(point[n])
        if high is None:
            point = part.solve(n, maximize=True, bound=(0.0, None))
            if point is not None:
                pool.append(point)
            high = None if point is None else float(point[n])
        result[f] = (low, high)
    return result


def audit(tables: list[Table], *, threshold: int = 5) -> list[Bound]:
    """The exact linear bounds (min and max by LP) of every suppressed figure of the people
    tables, as published: a figure shown in any table is known in all."""
    check_threshold(threshold)
    system = _system(tables)
    hidden = np.ones(system.size, dtype=bool)
    for f, appearances in enumerate(system.appearances):
        for k, (kind, i, j) in appearances:
            table = system.tables[k]
            shown = (
                (i, j) not in table.suppressed
                if kind == "cell"
                else ((kind, i) not in table.suppressed_margins)
            )
            hidden[f] &= not shown
    exact: dict[int, tuple[float, float | None]] = {}
    for columns, rows in _components(system, hidden):
        exact.update(_exact(system, hidden, columns, rows))
    bounds = []
    for k, table in enumerate(system.tables):
        for position in _positions(table):
            kind, i, j = position
            if kind == "cell":
                if (i, j) not in table.suppressed:
                    continue
            elif (kind, i) not in table.suppressed_margins:
                continue
            figure = system.figure[k][position]
            value = float(system.values[figure])
            lowest, highest = exact.get(figure, (value, value))
            top = None if highest is None else round(highest, 6)
            bounds.append(Bound(table.name, position, round(lowest, 6), top))
    return bounds
