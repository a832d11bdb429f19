"""`ankunft soak`: capacity, then a long mixed load at half of it (see core.drills.soak)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.drills import soak
from ankunft.core.drills.options import (
    AT_LEAST_ONE,
    NOT_NEGATIVE,
    POSITIVE,
    check_database_url,
    check_numbers,
    printer,
    unwind_on_sigterm,
)

MINIMUMS = {
    "minutes": POSITIVE, "threads": AT_LEAST_ONE, "workers": AT_LEAST_ONE,
    "capacity_seconds": POSITIVE, "warmup_minutes": NOT_NEGATIVE, "rate": POSITIVE,
}  # fmt: skip


class Command(BaseCommand):
    help = gettext_noop(
        "Soak test: measure the capacity of gunicorn under a mixed load, then run at half "
        "of it and check errors and worker memory (a temporary installation; not for a "
        "production database)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=float, default=30, help=_("length of the soak"))
        parser.add_argument(
            "--database-url",
            default=None,
            help=_("an empty database for the run (default: SQLite in a temporary folder)"),
        )
        parser.add_argument("--threads", type=int, default=10, help=_("concurrent clients"))
        parser.add_argument("--workers", type=int, default=None, help=_("gunicorn workers"))
        parser.add_argument(
            "--capacity-seconds", type=float, default=60, help=_("length of each capacity run")
        )
        parser.add_argument(
            "--warmup-minutes", type=float, default=2, help=_("left out of the memory check")
        )
        parser.add_argument(
            "--rate", type=float, default=None, help=_("requests/s (default: half the capacity)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check_numbers(options, MINIMUMS)  # before anything is started or written
        check_database_url(options["database_url"])
        if options["warmup_minutes"] >= options["minutes"]:
            raise CommandError(_("--warmup-minutes must be shorter than --minutes."))
        unwind_on_sigterm()
        say = printer(self.stdout)
        result = soak.soak(
            minutes=options["minutes"],
            database_url=options["database_url"],
            threads=options["threads"],
            workers=options["workers"],
            capacity_seconds=options["capacity_seconds"],
            warmup_minutes=options["warmup_minutes"],
            rate=options["rate"],
            say=say,
        )
        soak.report(result, say)
        if not result.passed:
            raise CommandError(_("The soak failed."))
