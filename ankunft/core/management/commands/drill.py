"""`ankunft drill NAME`: a fault drill that runs here, stops by itself and prints figures."""

from __future__ import annotations

import importlib
import signal
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

DRILLS = {
    "pg-restart": "ankunft.core.drills.pg_restart",
    "kill-import": "ankunft.core.drills.kill_import",
    "disk-full": "ankunft.core.drills.disk_full",
    "replica": "ankunft.core.drills.replica",
}


class Command(BaseCommand):
    help = gettext_noop(
        "Fault drill: pg-restart (a private PostgreSQL restarted under load), kill-import "
        "(imports killed with SIGKILL midway), disk-full (uploads to a full filesystem), "
        "replica (a streaming replica under load, then stopped). "
        "Temporary installations only; never the production database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=sorted(DRILLS))
        parser.add_argument(
            "--down-seconds", type=float, default=10, help=_("pg-restart: how long it is down")
        )
        parser.add_argument(
            "--recover-seconds",
            type=float,
            default=30,
            help=_("pg-restart: how long the app may take to recover"),
        )
        parser.add_argument("--threads", type=int, default=4, help=_("concurrent clients"))
        parser.add_argument(
            "--database-url",
            default=None,
            help=_(
                "kill-import, disk-full: an empty database for the run "
                "(default: SQLite in a temporary folder)"
            ),
        )

        parser.add_argument(
            "--offers", type=int, default=5000, help=_("replica: offers to generate")
        )
        parser.add_argument(
            "--duration", type=int, default=20, help=_("replica: seconds of load per phase")
        )
        parser.add_argument(
            "--max-errors",
            type=int,
            default=20,
            help=_("replica: failed answers allowed while the replica stops"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # SIGTERM (timeout, systemd) unwinds like Ctrl+C: servers stopped, mounts and
        # temporary clusters removed.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

        def say(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

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
