"""`ankunft drill NAME`: a fault drill that runs here, stops by itself and prints figures."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.drills.options import (
    AT_LEAST_ONE,
    NOT_NEGATIVE,
    POSITIVE,
    Minimum,
    check_database_url,
    check_numbers,
    printer,
    unwind_on_sigterm,
)

DRILLS = {
    "pg-restart": "ankunft.core.drills.pg_restart",
    "kill-import": "ankunft.core.drills.kill_import",
    "disk-full": "ankunft.core.drills.disk_full",
    "replica": "ankunft.core.drills.replica",
}
# The numeric options: flag, type, default, least value, help (translated when the parser
# is built). Checked before anything starts.
NUMBERS: list[tuple[str, type[float] | type[int], float, Minimum, str]] = [
    ("--down-seconds", float, 10, POSITIVE, gettext_noop("pg-restart: how long it is down")),
    ("--recover-seconds", float, 30, POSITIVE,
     gettext_noop("pg-restart: how long the app may take to recover")),
    ("--threads", int, 4, AT_LEAST_ONE, gettext_noop("concurrent clients")),
    ("--offers", int, 5000, AT_LEAST_ONE, gettext_noop("replica: offers to generate")),
    ("--duration", int, 20, AT_LEAST_ONE, gettext_noop("replica: seconds of load per phase")),
    ("--max-errors", int, 20, NOT_NEGATIVE,
     gettext_noop("replica: failed answers allowed while the replica stops")),
]  # fmt: skip
MINIMUMS = {flag[2:].replace("-", "_"): least for flag, _t, _d, least, _h in NUMBERS}


class Command(BaseCommand):
    help = gettext_noop(
        "Fault drill: pg-restart (a private PostgreSQL restarted under load), kill-import "
        "(imports killed with SIGKILL midway), disk-full (uploads to a full filesystem), "
        "replica (a streaming replica under load, then stopped). "
        "Temporary installations only; never the production database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=sorted(DRILLS))
        for flag, kind, default, _least, text in NUMBERS:
            parser.add_argument(flag, type=kind, default=default, help=_(text))
        parser.add_argument(
            "--database-url",
            default=None,
            help=_(
                "kill-import, disk-full: an empty database for the run "
                "(default: SQLite in a temporary folder)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check_numbers(options, MINIMUMS)  # before anything is started or written
        check_database_url(options["database_url"])
        unwind_on_sigterm()
        say = printer(self.stdout)
        module = importlib.import_module(DRILLS[options["name"]])
        if options["name"] == "pg-restart":
            passed = module.drill(
                down_seconds=options["down_seconds"],
                recover_seconds=options["recover_seconds"],
                threads=options["threads"],
                say=say,
            )
        elif options["name"] == "replica":
            passed = module.drill(
                offers=options["offers"],
                seconds=options["duration"],
                connections=options["threads"] * 4,
                max_errors=options["max_errors"],
                say=say,
            )
        else:
            passed = module.drill(database_url=options["database_url"], say=say)
        if not passed:
            raise CommandError(_("The drill failed."))
