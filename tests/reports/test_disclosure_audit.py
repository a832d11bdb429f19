"""Property-based: random small tables (and linked pairs) with many small values, once
protected, pass the independent audit of their published JSON (test_disclosure)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankunft.reports.disclosure import audit, protect
from ankunft.reports.tables import Number
from tests.reports.test_disclosure import independent_audit, people

SMALL_MOSTLY = st.sampled_from([0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20])
EXAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def grids(max_rows: int = 4, max_columns: int = 4) -> st.SearchStrategy[list[list[Number]]]:
    return st.integers(1, max_rows).flatmap(
        lambda rows: st.integers(1, max_columns).flatmap(
            lambda columns: st.lists(
                st.lists(SMALL_MOSTLY, min_size=columns, max_size=columns),
                min_size=rows,
                max_size=rows,
            )
        )
    )


@EXAMPLES
@given(cells=grids(), threshold=st.integers(3, 6))
def test_a_protected_table_passes_the_independent_audit(cells, threshold):
    table = people(cells)
    protect([table], threshold=threshold)
    independent_audit([table], threshold)
    assert all(bound.protects(threshold) for bound in audit([table], threshold=threshold))


def _same_column_totals(cells: list[list[Number]], rows: int, seed: int) -> list[list[Number]]:
    """Another table with the same column totals: each column's persons spread anew."""
    spread = random.Random(seed)
    other: list[list[Number]] = [[0] * len(cells[0]) for _ in range(rows)]
    for j, total in enumerate(sum(column) for column in zip(*cells, strict=True)):
        for _ in range(int(total)):
            other[spread.randrange(rows)][j] += 1
    return other


@EXAMPLES
@given(
    cells=grids(3, 3),
    rows=st.integers(1, 3),
    seed=st.integers(0, 10_000),
    threshold=st.integers(3, 5),
)
def test_linked_pairs_pass_the_independent_audit_together(cells, rows, seed, threshold):
    links = {"column_totals": "by_state", "total": "all"}
    first = people(cells, name="first", links=links)
    second = people(_same_column_totals(cells, rows, seed), name="second", links=links)
    protect([first, second], threshold=threshold)
    independent_audit([first, second], threshold)
    for j in range(len(cells[0])):
        assert (first.column_total(j) is None) == (second.column_total(j) is None)
