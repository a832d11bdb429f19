"""`ankunft generate --preset small|medium|state` (or `--municipalities N --persons P …`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.scale.generate import PRESETS, finish, generate, resolve
from ankunft.scale.writer import Progress, Writer


class Command(BaseCommand):
    help = gettext_noop(
        "Write realistic, clearly fictitious data at scale (persons, cases, events, offers, "
        "budget, audit) into the configured database, with a progress bar on stderr."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=sorted(PRESETS))
        for name in ("municipalities", "persons", "events", "offers", "audit", "bookings"):
            parser.add_argument(f"--{name}", type=int)
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument("--quiet", action="store_true", help=_("no progress bar"))
        parser.add_argument(
            "--finish-only",
            action="store_true",
            help=_("only set the sequences and statistics (after an interrupted run)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            preset = resolve(
                options["preset"],
                **{k: options[k] for k in ("municipalities", "persons", "events", "offers",
                                           "audit", "bookings")},
            )  # fmt: skip
        except ValueError as error:  # checked before anything is written
            raise CommandError(str(error)) from error
        progress = Progress(quiet=options["quiet"])  # on stderr
        if options["finish_only"]:
            finish(Writer(progress))
            return
        result = generate(preset, progress=progress, seed=options["seed"])
        self.stdout.write(
            f"{result['rows']:,} rows in {result['seconds']:,.0f} s on {connection.vendor} "
            f"({preset})"
        )
        for table, rows in sorted(result["tables"].items()):
            self.stdout.write(f"  {table:<28} {rows:>12,}")
