"""Schemathesis against `/api/openapi.json`, in-process on Django's WSGI app, as one user.

`fuzz()` generates requests for every operation of the document (positive data, and with
`negative=True` also data that breaks the schema), sends them with the user's token and
records every failed check instead of stopping: the pytest module asserts there are none,
`scripts/fuzz_api.py` prints them by kind. Path ids are drawn from generated integers and
from ids of both municipalities' records, so the fuzzer also asks for B's records by id.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import hypothesis.errors
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz.world import Leaks

SCHEMA_PATH = "/api/openapi.json"
POSITIVE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
NEGATIVE_CHECKS = [*POSITIVE_CHECKS, negative_data_rejection]
# Operations that show a municipality's published data to anyone: B's own public offers
# and reports are meant to be seen there (the path names the municipality).
PUBLIC_PREFIXES = ("/api/directory/public/", "/api/reports/public/")


class TenantLeak(Failure):
    """An answer to A's user that shows a record of municipality B."""

    code = "ST990"
    kind_title = "Data of another municipality"


@dataclass
class Stats:
    requests: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)  # kind -> count
    examples: dict[str, str] = field(default_factory=dict)  # kind @ operation -> first report
    seconds: float = 0.0
    unsatisfiable: list[str] = field(default_factory=list)  # no such data could be made

    def add(self, other: Stats) -> None:
        self.requests += other.requests
        self.by_status.update(other.by_status)
        self.failures.update(other.failures)
        for key, text in other.examples.items():
            self.examples.setdefault(key, text)
        self.seconds += other.seconds
        self.unsatisfiable += other.unsatisfiable


@contextmanager
def in_process() -> Iterator[None]:
    """Requests share the caller's connection and transaction, as Django's test client does:
    the handler's signals would otherwise close the connection after each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def load_schema(ids: list[int]) -> Any:
    """The document, loaded from the app; integer path parameters also take `ids`."""
    with in_process():
        schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, WSGIHandler())
    pool = sorted(set(ids))

    @schema.hook
    def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
        if not pool or not path_parameters:
            return st.just(path_parameters)
        names = [k for k, v in path_parameters.items() if isinstance(v, int)]
        if not names:
            return st.just(path_parameters)
        return st.one_of(
            st.just(path_parameters),
            st.fixed_dictionaries({n: st.sampled_from(pool) for n in names}).map(
                lambda chosen: {**path_parameters, **chosen}
            ),
        )

    return schema


def _leak_check(leaks: Leaks) -> Any:
    def no_data_of_another_municipality(ctx: Any, response: Any, case: Any) -> None:
        if case.operation.path.startswith(PUBLIC_PREFIXES) or not response.content:
            return
        try:
            body = json.loads(response.content)
        except ValueError:
            body = response.content.decode(errors="replace")
        found = leaks.find(body)
        if found:
            raise TenantLeak(
                operation=case.operation.label,
                title="Data of another municipality",
                message="; ".join(found[:5]),
            )

    return no_data_of_another_municipality


def _kind(failure: Failure) -> str:
    return str(failure.title)


def fuzz(
    schema: Any,
    *,
    token: str,
    leaks: Leaks | None,
    examples: int,
    negative: bool = False,
    seed: int | None = None,
) -> Stats:
    """Every operation `examples` times per generation mode, as the token's user.

    Each request runs in a savepoint that is rolled back, so one operation's writes (a
    merged person, a closed case) do not take the next one's records away.
    """
    stats = Stats()
    started = time.monotonic()
    headers = {"Authorization": f"Bearer {token}"}
    extra = [_leak_check(leaks)] if leaks is not None else []
    modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if negative else [])
    for result in schema.get_all_operations():
        operation = result.ok()
        raw = operation.definition.raw
        takes_input = bool(raw.get("parameters") or raw.get("requestBody"))
        for mode in modes if takes_input else modes[:1]:
            _run(operation, mode, stats, headers=headers, extra=extra, examples=examples, seed=seed)
    stats.seconds = time.monotonic() - started
    return stats


def _settings(examples: int, seed: int | None) -> Any:
    return settings(
        max_examples=examples,
        derandomize=seed is None,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )


def _send(
    case: Any, mode: GenerationMode, stats: Stats, headers: dict[str, str], extra: list[Any]
) -> None:
    """One request, in a savepoint rolled back afterwards; failed checks go to `stats`."""
    checks = NEGATIVE_CHECKS if mode == GenerationMode.NEGATIVE else POSITIVE_CHECKS
    with in_process(), transaction.atomic():
        response = case.call(headers=headers)
        stats.requests += 1
        stats.by_status[response.status_code] += 1
        try:
            case.validate_response(
                response, checks=checks, additional_checks=extra, headers=headers
            )
        except FailureGroup as group:
            for failure in group.exceptions:
                stats.failures[_kind(failure)] += 1
                stats.examples.setdefault(
                    f"{_kind(failure)} @ {case.operation.label}", str(group)[:3000]
                )
        transaction.set_rollback(True)


def _run(
    operation: Any,
    mode: GenerationMode,
    stats: Stats,
    *,
    headers: dict[str, str],
    extra: list[Any],
    examples: int,
    seed: int | None,
) -> None:
    @_settings(examples, seed)
    @given(case=operation.as_strategy(generation_mode=mode))
    def one(case: Any) -> None:
        _send(case, mode, stats, headers, extra)

    if seed is not None:
        one = hypothesis.seed(seed)(one)
    try:
        one()
    except hypothesis.errors.Unsatisfiable:
        stats.unsatisfiable.append(f"{mode.value} {operation.label}")


def _collect(
    operation: Any, mode: GenerationMode, examples: int, cases: list[tuple[GenerationMode, Any]]
) -> None:
    @_settings(examples, None)
    @given(case=operation.as_strategy(generation_mode=mode))
    def collect(case: Any) -> None:
        cases.append((mode, case))

    try:
        collect()
    except hypothesis.errors.Unsatisfiable:
        return


def generate(
    schema: Any, *, examples: int, mode: GenerationMode
) -> list[tuple[GenerationMode, Any]]:
    """Deterministic cases for every operation, made once (the suite sends them as each
    role: generating is a good part of the time)."""
    cases: list[tuple[GenerationMode, Any]] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        raw = operation.definition.raw
        if mode == GenerationMode.NEGATIVE and not (
            raw.get("parameters") or raw.get("requestBody")
        ):
            continue
        _collect(operation, mode, examples, cases)
    return cases


def send(cases: list[tuple[GenerationMode, Any]], *, token: str, leaks: Leaks | None) -> Stats:
    """The generated cases, as the token's user."""
    stats = Stats()
    started = time.monotonic()
    headers = {"Authorization": f"Bearer {token}"}
    extra = [_leak_check(leaks)] if leaks is not None else []
    for mode, case in cases:
        _send(case, mode, stats, headers, extra)
    stats.seconds = time.monotonic() - started
    return stats
