"""The row markers of the access matrix (`tests/access_matrix.py`): its columns and the
`P` (page) and `A` (API operation) rows. A module of its own, so that the case module's
per-area row files can import them without importing the table (which imports them)."""

from __future__ import annotations

from dataclasses import dataclass

from ankunft.core.models import Role

COLUMNS = (
    Role.CASE_WORKER, Role.TEAM_LEAD, Role.HEAD_OF_KI, Role.FINANCE, Role.DPO,
    Role.PROVIDER, Role.INTERPRETER, Role.OPERATOR, "anonymous",
)  # fmt: skip
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Row:
    kind: str  # "page" (a URL name) or "api" (an operation: method and path)
    method: str
    target: str
    kwargs: tuple[tuple[str, str], ...]
    expected: dict[str, int]
    other: int | None  # another municipality's user, for each role that gets through here

    @property
    def key(self) -> str:
        return f"{self.method} {self.target}"

    def label(self) -> str:
        args = ",".join(f"{k}={v}" for k, v in self.kwargs)
        return f"{self.key} [{args}]" if args else self.key


def _row(kind: str, spec: str, statuses: str) -> Row:
    words = spec.split()
    method = words.pop(0) if words[0] in METHODS else "GET"
    target, kwargs = words[0], words[1] if len(words) > 1 else ""
    cells = statuses.split()
    if len(cells) != len(COLUMNS) + 1:
        raise ValueError(f"{spec}: {len(cells)} cells, expected {len(COLUMNS) + 1}")
    pairs = tuple(
        (k, v) for k, _eq, v in (item.partition("=") for item in kwargs.split(",") if item)
    )
    return Row(
        kind,
        method,
        target,
        pairs,
        {col: int(c) for col, c in zip(COLUMNS, cells, strict=False)},
        None if cells[-1] == "-" else int(cells[-1]),
    )


def P(spec: str, statuses: str) -> Row:  # noqa: N802 - a row marker of the table
    """A page: "[METHOD] url_name [kwarg=record,…]" (GET unless a method is given)."""
    return _row("page", spec, statuses)


def A(spec: str, statuses: str) -> Row:  # noqa: N802
    """An API operation: "METHOD /api/path/{param} [param=record,…]"."""
    return _row("api", spec, statuses)
