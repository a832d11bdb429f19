"""`ankunft bench NAME`: run a benchmark that prints figures (not a test).

Modules offer benchmarks in `<app>/benchmarks.py` as
`BENCHMARKS = {"name": (help text, function(args: list[str], out: TextIO) -> None)}`.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
from collections.abc import Callable
from typing import Any, Protocol

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop


class Out(Protocol):
    """Where a benchmark writes (a TextIO or the command's stdout wrapper)."""

    def write(self, msg: str, /) -> Any: ...


Benchmark = tuple[str, Callable[[list[str], Out], None]]


def discover() -> dict[str, Benchmark]:
    found: dict[str, Benchmark] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("ankunft."):
            continue
        if importlib.util.find_spec(f"{config.name}.benchmarks") is None:
            continue
        found.update(importlib.import_module(f"{config.name}.benchmarks").BENCHMARKS)
    return found


class Command(BaseCommand):
    help = gettext_noop(
        "Run a benchmark and print its figures; without a name, list the benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?")
        parser.add_argument("args", nargs=argparse.REMAINDER, help=_("passed to the benchmark"))

    def handle(self, *args: Any, **options: Any) -> None:
        benchmarks = discover()
        name = options["name"]
        if not name:
            for key, (text, _fn) in sorted(benchmarks.items()):
                self.stdout.write(f"  {key:<16} {text}")
            return
        if name not in benchmarks:
            raise CommandError(
                f"unknown benchmark {name!r}; known: {', '.join(sorted(benchmarks))}"
            )
        benchmarks[name][1]([*args, *options.get("args", [])], self.stdout)
