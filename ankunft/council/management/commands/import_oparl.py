"""`ankunft import-oparl SOURCE`: import papers, meetings and bodies from OParl 1.1."""

from __future__ import annotations

import datetime
import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.commands import add_municipality_argument, resolve_municipality
from ankunft.council.models import Meeting, Organization, Paper, Person
from ankunft.council.oparl.client import FetchError, HttpClient, open_source
from ankunft.council.oparl.importer import import_oparl


class TextProgress:
    """A plain textual progress bar on a stream: "papers  [#####-----]  150/300"."""

    WIDTH = 30

    def __init__(self, stream: TextIO, *, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.kind = ""

    def __call__(self, kind: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if kind != self.kind:
            if self.kind:
                self.stream.write("\n")
            self.kind = kind
        model = {"organization": Organization, "person": Person, "meeting": Meeting}.get(
            kind, Paper
        )
        label = str(model._meta.verbose_name_plural)
        if total:
            filled = min(self.WIDTH, self.WIDTH * done // total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            line = f"\r{label:<15} [{bar}] {done:>6}/{total}"
        else:
            line = f"\r{label:<15} {done:>6}"
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.kind:
            self.stream.write("\n")
            self.stream.flush()


def parse_since(value: str) -> datetime.datetime:
    """An ISO date or date-time; a date means its midnight UTC."""
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("--since: %(value)s is not an ISO date or date-time") % {"value": value}
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


class Command(BaseCommand):
    help = gettext_noop(
        "Import council papers, meetings and bodies from an OParl 1.1 endpoint or folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help=_("OParl System or Body URL, or a folder of JSON files"))
        add_municipality_argument(parser)
        parser.add_argument(
            "--since",
            help=_(
                "only objects modified since this ISO date-time (default for URLs: the last "
                "run without errors; folders are read in full)"
            ),
        )
        parser.add_argument(
            "--full", action="store_true", help=_("ignore the last sync time and read everything")
        )
        parser.add_argument(
            "--rate", type=float, default=5.0, help=_("at most N requests a second (default 5)")
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=4,
            help=_("at most N requests at once, within the rate (default 4)"),
        )
        parser.add_argument(
            "--retries",
            type=int,
            default=5,
            help=_("ask again this often after a failed request (default 5)"),
        )
        parser.add_argument("--no-progress", action="store_true", help=_("no progress bar"))

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = resolve_municipality(options["municipality"])
        if options["rate"] < 0:
            raise CommandError(_("--rate must not be negative."))
        since = parse_since(options["since"]) if options["since"] else None
        # One HTTP client (one connection pool) for the whole run.
        if options["retries"] < 0:
            raise CommandError(_("--retries must not be negative."))
        if options["concurrency"] < 1:
            raise CommandError(_("--concurrency must be at least 1."))
        with HttpClient(
            rate=options["rate"], retries=options["retries"], concurrency=options["concurrency"]
        ) as client:
            try:
                source = open_source(options["source"], client)
            except FetchError as exc:
                raise CommandError(str(exc)) from exc
            progress = TextProgress(sys.stderr, enabled=not options["no_progress"])
            try:
                report = import_oparl(
                    source=source,
                    municipality=municipality,
                    since=since,
                    full=options["full"],
                    progress=progress,
                )
            finally:
                progress.close()
        if report.source_failed:
            raise CommandError(
                _("Nothing imported: %(error)s") % {"error": "; ".join(report.errors)}
            )
        for label, counts in report.stats.rows():
            self.stdout.write(
                _(
                    "%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                    "%(deleted)s marked deleted"
                )
                % {"kind": label, **counts}
            )
        self.stdout.write(report.summary())
        if report.warnings:
            self.stderr.write(_("Unresolved references (imported without them):"))
            for warning in report.warnings:
                self.stderr.write(f"  {warning}")
        if report.errors:
            self.stderr.write(_("Errors (the objects named were skipped):"))
            for error in report.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(
                _("%(count)s objects could not be imported.") % {"count": len(report.errors)}
            )
