"""Disclosure control (reports.disclosure) on tricky tables, proved by an independent audit.

`independent_audit` does not use the module under test: it rebuilds the attacker's
equations from the published JSON (`Table.as_json()`, null = unknown), solves min and max
of every null with linprog and checks the width against the threshold, and that every
published figure is the true one.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.utils import translation
from scipy.optimize import linprog

from ankunft.reports.disclosure import Bound, DisclosureError, audit, check_threshold, protect
from ankunft.reports.tables import Number, Table


def people(cells: list[list[Number]], name: str = "t", **kwargs: Any) -> Table:
    labels_r = [f"r{i}" for i in range(len(cells))]
    labels_c = [f"c{j}" for j in range(len(cells[0]) if cells else 0)]
    return Table.summed(
        name=name,
        title=name,
        row_labels=labels_r,
        column_labels=labels_c,
        cells=cells,
        people=True,
        **kwargs,
    )


def _published(table: Table) -> dict[tuple[str, int, int], int]:
    """The true value of every figure, by (kind, i, j)."""
    truth = {("cell", i, j): v for i, row in enumerate(table.cells) for j, v in enumerate(row)}
    truth |= {("row", i, 0): v for i, v in enumerate(table.row_totals)}
    truth |= {("column", j, 0): v for j, v in enumerate(table.column_totals)}
    truth[("total", 0, 0)] = table.total
    return {k: int(v) for k, v in truth.items()}


Figure = tuple[str, int, int]
Interval = tuple[float, float | None]
Lines = list[list[tuple[object, float]]]


def _name(table: Table, figure: Figure) -> object:
    """The attacker's name for a figure: a linked margin is one figure everywhere."""
    margin = {"row": "row_totals", "column": "column_totals", "total": "total"}
    key = table.links.get(margin.get(figure[0], ""))
    return (key, figure[1]) if key else (table.name, figure)


def _read(
    table: Table, threshold: int, known: dict[object, float]
) -> tuple[dict[Figure, object], Lines]:
    """One published table: its figures' names, the published values (checked against the
    truth and the threshold) into `known`, and its additive equations."""
    data = table.as_json()
    truth = _published(table)
    rows, cols = len(data["row_labels"]), len(data["column_labels"])
    value_of: dict[Figure, Any] = {("total", 0, 0): data["total"]}
    for i in range(rows):
        value_of[("row", i, 0)] = data["row_totals"][i]
        for j in range(cols):
            value_of[("cell", i, j)] = data["cells"][i][j]
    for j in range(cols):
        value_of[("column", j, 0)] = data["column_totals"][j]
    names = {figure: _name(table, figure) for figure in value_of}
    for figure, published in value_of.items():
        if published is not None:
            assert published == truth[figure], f"{table.name} {figure} published wrongly"
            assert published >= threshold, f"{table.name} {figure} = {published} published"
            known[names[figure]] = published
    if not (rows and cols):
        return names, []
    lines = [[("cell", i, j) for j in range(cols)] + [("row", i, 0)] for i in range(rows)]
    lines += [[("cell", i, j) for i in range(rows)] + [("column", j, 0)] for j in range(cols)]
    lines += [[("row", i, 0) for i in range(rows)] + [("total", 0, 0)]]
    lines += [[("column", j, 0) for j in range(cols)] + [("total", 0, 0)]]
    equations = [[(names[f], -1.0 if f == line[-1] else 1.0) for f in line] for line in lines]
    return names, equations


def _intervals(equations: Lines, known: dict[object, float]) -> dict[object, Interval]:
    """Min and max of every unknown under the equations, published constants and >= 0."""
    variables: dict[object, int] = {}
    system: list[tuple[dict[int, float], float]] = []
    for line in equations:
        coefficients: dict[int, float] = {}
        rhs = 0.0
        for name, sign in line:
            if name in known:
                rhs -= sign * known[name]
            else:
                column = variables.setdefault(name, len(variables))
                coefficients[column] = coefficients.get(column, 0.0) + sign
        system.append((coefficients, rhs))
    n = len(variables)
    a_eq = [[coefficients.get(c, 0.0) for c in range(n)] for coefficients, _ in system] or None
    b_eq = [rhs for _, rhs in system] or None
    result: dict[object, Interval] = {}
    for name, column in variables.items():
        objective = [0.0] * n
        objective[column] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None))
        objective[column] = -1.0
        high = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None))
        assert low.status == 0, low.message
        assert high.status in {0, 3}, high.message
        result[name] = (low.fun, None if high.status == 3 else -high.fun)
    return result


def independent_audit(tables: list[Table], threshold: int) -> dict[tuple[str, Figure], Interval]:
    """Prove the published tables safe; returns {(table, figure): (low, high)} per null."""
    known: dict[object, float] = {}
    equations: Lines = []
    names: dict[tuple[str, Figure], object] = {}
    for table in tables:
        if table.people:
            table_names, table_equations = _read(table, threshold, known)
            names |= {(table.name, figure): name for figure, name in table_names.items()}
            equations += table_equations
    intervals = _intervals(equations, known)
    result = {}
    for (table_name, figure), name in names.items():
        if name in intervals:
            low, high = intervals[name]
            if high is not None:
                assert high - low >= threshold - 1e-6, f"{table_name} {figure}: {low}..{high}"
            result[(table_name, figure)] = (low, high)
    return result


def protected(tables: list[Table], threshold: int = 5) -> dict[tuple[str, Figure], Interval]:
    protect(tables, threshold=threshold)
    return independent_audit(tables, threshold)


def hidden_cells(table: Table) -> set[tuple[int, int]]:
    return set(table.suppressed)


def test_one_person_cell_is_hidden_with_complements_in_its_row_and_column():
    table = people([[1, 7, 9], [6, 8, 12], [10, 11, 13]])
    nulls = protected([table])
    assert (0, 0) in table.suppressed
    assert any(i == 0 and j > 0 for i, j in table.suppressed)  # a complement in row 0
    assert any(j == 0 and i > 0 for i, j in table.suppressed)  # and in column 0
    assert ("t", ("cell", 0, 0)) in nulls


def test_a_row_with_one_small_cell_needs_a_complement_and_another_row():
    """The classic: hiding 2 and one cell of its row still gives both away through the
    columns; a second row must join (a rectangle of four)."""
    table = people([[2, 10, 12], [9, 11, 14]])
    protected([table])
    rows = {i for i, _ in table.suppressed}
    assert (0, 0) in table.suppressed
    assert rows == {0, 1}
    assert len(table.suppressed) == 4  # the smallest pattern that protects, found
    assert not table.suppressed_margins


def test_small_totals_are_hidden_with_their_parts():
    table = people([[1, 2, 0], [10, 12, 9], [8, 6, 7]])
    nulls = protected([table])
    assert ("row", 0) in table.suppressed_margins  # 3 persons
    assert {(0, 0), (0, 1), (0, 2)} <= table.suppressed
    assert ("t", ("row", 0, 0)) in nulls


def test_a_grand_total_below_the_threshold_hides_everything():
    table = people([[1, 1], [0, 2]])
    protected([table])
    data = table.as_json()
    assert data["total"] is None
    assert data["cells"] == [[None, None], [None, None]]
    assert data["row_totals"] == [None, None]
    assert data["column_totals"] == [None, None]


def test_zeros_are_hidden_like_small_cells():
    table = people([[0, 12, 9], [8, 7, 11], [6, 10, 13]])
    nulls = protected([table])
    assert table.as_json()["cells"][0][0] is None
    low, high = nulls[("t", ("cell", 0, 0))]
    assert low == pytest.approx(0)
    assert high is None or high >= 5


def test_a_row_all_in_one_column_does_not_say_so():
    """15 of 15 in one column would say 'all of this group': the zeros beside it hide, and
    the rest is suppressed until the zeros could be 5 or more."""
    table = people([[15, 0, 0], [6, 7, 9], [8, 10, 5]])
    nulls = protected([table])
    data = table.as_json()
    row = data["cells"][0]
    assert row[1] is None
    assert row[2] is None
    assert not (row[0] is not None and row[0] == data["row_totals"][0])
    for j in (1, 2):
        low, high = nulls[("t", ("cell", 0, j))]
        assert high is None or high - low >= 5


def test_a_column_of_zeros_and_its_zero_total_are_hidden():
    table = people([[0, 5, 8], [0, 9, 6], [0, 7, 10]])
    protected([table])
    assert {(0, 0), (1, 0), (2, 0)} <= table.suppressed
    assert ("column", 0) in table.suppressed_margins
    # its total would follow from the grand total and the other column totals
    assert len(table.suppressed_margins) >= 2


@pytest.mark.parametrize(
    "cells",
    [[[3, 8, 12]], [[3], [8], [12]], [[2, 2, 9, 14]], [[7], [1], [6], [20]], [[30]], [[4]]],
    ids=["1x3", "3x1", "1x4", "4x1", "1x1-large", "1x1-small"],
)
def test_one_row_and_one_column_tables(cells):
    table = people(cells)
    protected([table])
    data = table.as_json()
    small = [v for row in cells for v in row if v < 5]
    assert sum(v is None for row in data["cells"] for v in row) >= len(small)


def test_one_row_table_hides_the_column_total_equal_to_a_small_cell():
    table = people([[3, 8, 12]])
    protected([table])
    assert (0, 0) in table.suppressed
    assert ("column", 0) in table.suppressed_margins  # the same figure in a 1-row table


def linked_pair() -> list[Table]:
    links = {"column_totals": "opened_by_state", "total": "opened"}
    by_district = people([[2, 9, 7], [6, 8, 10]], name="by_district", links=links)
    by_age = people([[5, 6, 8], [3, 11, 9]], name="by_age", links=links)
    assert by_district.column_totals == by_age.column_totals
    return [by_district, by_age]


def test_linked_tables_hide_a_shared_margin_in_every_table():
    tables = linked_pair()
    independent = protected(tables)
    a, b = tables
    assert a.suppressed_margins & {("column", j) for j in range(3)} == (
        b.suppressed_margins & {("column", j) for j in range(3)}
    )
    assert (a.grand_total() is None) == (b.grand_total() is None)
    assert independent  # something was hidden and proved


def test_linked_tables_protected_one_by_one_leak_through_each_other():
    """Why links matter: each table protected alone passes its own audit, but together
    a figure one hides is recoverable from the other (this pair is built to show it)."""
    links = {"column_totals": "k", "total": "kt"}
    first = people([[2, 2, 12], [6, 6, 4]], name="first", links=links)
    second = people([[7, 2, 2], [1, 6, 14]], name="second", links=links)
    alone = [copy.deepcopy(first), copy.deepcopy(second)]
    for table in alone:
        protect([table], threshold=5)
        independent_audit([table], 5)
    # first hides column totals 0 and 1, second 1 and 2: together they show 0 and 2,
    # and the total gives column 1 away
    assert alone[0].column_total(0) is None
    assert alone[1].column_total(0) == 8
    with pytest.raises(AssertionError, match="first"):
        independent_audit(alone, 5)
    together = [first, second]
    protected(together)
    for j in range(3):
        assert (first.column_total(j) is None) == (second.column_total(j) is None)


def test_three_linked_tables_and_a_small_shared_total():
    links = {"column_totals": "s", "total": "st"}
    tables = [
        people([[1, 0], [2, 1]], name="a", links=links),
        people([[3, 1]], name="b", links=links),
        people([[0, 1], [1, 0], [2, 0]], name="c", links=links),
    ]
    protected(tables)
    assert all(t.as_json()["total"] is None for t in tables)


def test_non_people_tables_are_untouched():
    money = Table.summed(
        name="money", title="money", row_labels=["a"], column_labels=["x", "y"], cells=[[1, 0]]
    )
    counts = people([[1, 9], [8, 7]])
    protect([money, counts], threshold=5)
    assert not money.suppressed
    assert not money.suppressed_margins
    assert money.as_json()["cells"] == [[1, 0]]
    assert all(b.table == "t" for b in audit([money, counts], threshold=5))


def test_what_was_hidden_before_stays_hidden():
    table = people([[10, 9], [8, 7]])
    table.suppressed.add((1, 1))
    protected([table])
    assert (1, 1) in table.suppressed
    assert len(table.suppressed) == 4  # and it was protected in turn


def test_protect_is_deterministic():
    first, second = linked_pair(), linked_pair()
    protect(first, threshold=5)
    protect(second, threshold=5)
    assert [t.as_json() for t in first] == [t.as_json() for t in second]


def test_audit_finds_primary_suppression_alone_unsafe():
    table = people([[1, 9], [8, 7]])
    table.suppressed.add((0, 0))
    (bound,) = audit([table], threshold=5)
    assert bound == Bound("t", ("cell", 0, 0), 1.0, 1.0)
    assert not bound.protects(5)


def test_audit_returns_exact_bounds_of_every_hidden_figure():
    table = people([[2, 10, 12], [9, 11, 14]])
    protect([table], threshold=5)
    bounds = audit([table], threshold=5)
    mine = {b.cell: (b.low, b.high) for b in bounds}
    theirs = {figure: interval for (_, figure), interval in independent_audit([table], 5).items()}
    assert mine.keys() == theirs.keys()
    for figure, (low, high) in mine.items():
        assert low == pytest.approx(theirs[figure][0])
        assert high == pytest.approx(theirs[figure][1])
    assert all(b.protects(5) for b in bounds)


def test_audit_of_a_linked_margin_shown_elsewhere_is_exact():
    tables = linked_pair()
    tables[0].suppressed_margins.add(("column", 1))  # but the other table shows it
    (bound,) = audit(tables, threshold=5)
    assert bound == Bound("by_district", ("column", 1, 0), 17.0, 17.0)


def test_published_people_figures_are_never_below_the_threshold():
    tables = [
        people([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [3, 0, 12, 1, 6]], name="a"),
        people([[4, 4], [4, 4]], name="b"),
    ]
    protect(tables, threshold=5)
    for table in tables:
        data = table.as_json()
        values = [v for row in data["cells"] for v in row]
        values += [*data["row_totals"], *data["column_totals"], data["total"]]
        assert all(v is None or v >= 5 for v in values)


def test_an_empty_table_is_protected_without_equations():
    empty = Table.summed(
        name="none", title="none", row_labels=[], column_labels=["a", "b"], cells=[], people=True
    )
    protect([empty], threshold=5)
    assert empty.as_json()["column_totals"] == [None, None]
    assert empty.as_json()["total"] is None


@pytest.mark.parametrize("threshold", [0, 2, 51, "x", 4.5, True, None])
def test_a_bad_threshold_is_refused_clearly(threshold):
    with translation.override("en"), pytest.raises(DisclosureError) as error:
        protect([people([[1, 9], [8, 7]])], threshold=threshold)
    message = str(error.value)
    assert "whole number from 3 to 50" in message
    assert repr(threshold) in message


@pytest.mark.parametrize("threshold", [3, 5, 50])
def test_thresholds_in_range_are_accepted(threshold):
    assert check_threshold(threshold) == threshold


def test_audit_refuses_a_bad_threshold_too():
    with pytest.raises(DisclosureError):
        audit([people([[1, 9], [8, 7]])], threshold=0)


def test_linked_margins_that_disagree_are_a_programming_error():
    links = {"total": "all"}
    tables = [people([[5, 6]], name="a", links=links), people([[5, 7]], name="b", links=links)]
    with pytest.raises(DisclosureError, match="linked"):
        protect(tables, threshold=5)


def test_margins_that_do_not_add_up_are_refused():
    table = people([[5, 6], [7, 8]])
    table.row_totals[0] = 12
    with pytest.raises(DisclosureError, match="do not add up"):
        protect([table], threshold=5)


def test_a_negative_count_is_refused():
    with pytest.raises(DisclosureError, match="not a count"):
        protect([people([[-1, 6], [7, 8]])], threshold=5)


def test_linked_tables_that_end_all_hidden():
    """Found by hypothesis: one round of secondary suppression took the last published
    figures; the search must then stop, not look for more."""
    links = {"column_totals": "s", "total": "st"}
    tables = [
        people([[0, 3]], name="a", links=links),
        people([[0, 1], [0, 2], [0, 0]], name="b", links=links),
    ]
    protected(tables, threshold=3)
    assert all(t.grand_total() is None for t in tables)
