"""`ankunft drill …` and `ankunft soak` refuse bad options with a clear error before anything
is started (no cluster, no server, no database written)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ankunft.core.drills import disk_full, kill_import, pg_restart, replica, soak


@pytest.fixture
def nothing_starts(monkeypatch) -> None:
    def refuse(**_kw: Any) -> bool:
        raise AssertionError("the drill started")

    for module in (pg_restart, kill_import, disk_full, replica):
        monkeypatch.setattr(module, "drill", refuse)
    monkeypatch.setattr(soak, "soak", refuse)


@pytest.mark.usefixtures("nothing_starts")
@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["pg-restart", "--threads", "0"], "--threads"),
        (["pg-restart", "--down-seconds", "0"], "--down-seconds"),
        (["pg-restart", "--recover-seconds", "-5"], "--recover-seconds"),
        (["replica", "--offers", "0"], "--offers"),
        (["replica", "--duration", "-1"], "--duration"),
        (["replica", "--max-errors", "-1"], "--max-errors"),
        (["kill-import", "--database-url", "mysql://x@localhost/db"], "--database-url"),
        (["disk-full", "--database-url", "not a url"], "--database-url"),
    ],
)
def test_drill_options_are_checked_before_it_starts(args: list[str], flag: str) -> None:
    with pytest.raises(CommandError, match=flag):
        call_command("drill", *args, stdout=StringIO())


@pytest.mark.usefixtures("nothing_starts")
@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--minutes", "0"], "--minutes"),
        (["--threads", "0"], "--threads"),
        (["--workers", "0"], "--workers"),
        (["--capacity-seconds", "0"], "--capacity-seconds"),
        (["--warmup-minutes", "-1"], "--warmup-minutes"),
        (["--minutes", "1", "--warmup-minutes", "2"], "--warmup-minutes"),
        (["--rate", "0"], "--rate"),
        (["--database-url", "ftp://example.org/db"], "--database-url"),
    ],
)
def test_soak_options_are_checked_before_it_starts(args: list[str], flag: str) -> None:
    with pytest.raises(CommandError, match=flag):
        call_command("soak", *args, stdout=StringIO())


def test_good_options_reach_the_drill(monkeypatch) -> None:
    seen: dict[str, Any] = {}

    def fake(**kw: Any) -> bool:
        seen.update(kw)
        return True

    monkeypatch.setattr(pg_restart, "drill", fake)
    monkeypatch.setattr("signal.signal", lambda *_a: None)  # leave pytest's handlers alone
    call_command("drill", "pg-restart", "--threads", "2", "--down-seconds", "0.5",
                 stdout=StringIO())  # fmt: skip
    assert (seen["threads"], seen["down_seconds"], seen["recover_seconds"]) == (2, 0.5, 30)


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--duration", "0"], "--duration"),
        (["--offers", "-3"], "--offers"),
        (["--connections", "0"], "--connections"),
        (["--workers", "0"], "--workers"),
        (["--database-url", "redis://localhost"], "--database-url"),
    ],
)
def test_bench_load_options_are_checked_before_it_starts(monkeypatch, args, flag) -> None:
    from ankunft.core.drills import loadtest  # noqa: PLC0415

    def refuse(*_a: Any, **_kw: Any) -> Any:
        raise AssertionError("the load test started")

    monkeypatch.setattr(loadtest, "prepare", refuse)
    with pytest.raises(CommandError, match=flag):
        call_command("bench", "load", *args, stdout=StringIO())
