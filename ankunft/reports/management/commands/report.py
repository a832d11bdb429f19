"""`ankunft report [DECISION] [--year Y] [--all-decisions] [--format html|pdf|json] [-o FILE]
[--threshold N] [--municipality SLUG] [--language de|en]`: the status report on the
command line, built as the system in one municipality (like `ankunft chain`). The threshold
defaults to the configured one (`REPORT_SUPPRESSION_THRESHOLD`), as on the request form."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.commands import add_municipality_argument, resolve_municipality
from ankunft.measures.chain import decision_for_reference
from ankunft.reports import render
from ankunft.reports.build import ReportInputError, build_report, resolve_scope
from ankunft.reports.figures.scope import check_threshold

BAR = 30


class Command(BaseCommand):
    help = gettext_noop(
        "Build the status report (Sachstandsbericht) of a decision — DECISION is the paper's "
        "reference or the decision's id, as for `ankunft chain` — or, with --all-decisions "
        "(or without DECISION) and --year, of all decisions of a year. Prints JSON (every "
        "table, suppressed figures as null), or writes HTML or PDF (PDF needs -o). Runs "
        "without a user, as the system, in one municipality (--municipality SLUG)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("decision", nargs="?", help=_("paper reference or decision id"))
        parser.add_argument("--year", type=int, help=_("only this budget year"))
        parser.add_argument(
            "--all-decisions",
            action="store_true",
            help=_("the report of all decisions of --year"),
        )
        parser.add_argument(
            "--format",
            choices=("html", "pdf", "json"),
            default="html",
            help=_("html (default), pdf (needs -o) or json"),
        )
        parser.add_argument("-o", "--output", help=_("file to write (default: standard output)"))
        parser.add_argument(
            "--threshold",
            type=int,
            help=_(
                "suppression threshold in persons (default: the configured one, "
                "REPORT_SUPPRESSION_THRESHOLD)"
            ),
        )
        parser.add_argument(
            "--language", choices=("de", "en"), default="de", help=_("language of the report")
        )
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        # Messages and the report in the report's language.
        with translation.override(options["language"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        municipality = resolve_municipality(options["municipality"])
        reference, year = options["decision"], options["year"]
        fmt, output = options["format"], options["output"]
        if reference and options["all_decisions"]:
            raise CommandError(_("Name a decision or use --all-decisions, not both."))
        if not reference and year is None:
            raise CommandError(
                _(
                    "Name a decision (reference or id), or a year with --year for the report "
                    "of all its decisions."
                )
            )
        if fmt == "pdf" and not output:
            raise CommandError(_("A PDF needs a file: give -o FILE."))
        try:
            threshold = check_threshold(
                settings.REPORT_SUPPRESSION_THRESHOLD
                if options["threshold"] is None
                else options["threshold"]
            )
            decision = None
            if reference:
                decision = decision_for_reference(
                    municipality_id=municipality.pk, reference=reference
                )
                if decision is None:
                    raise CommandError(
                        _("No decision with the reference or id %(ref)s in %(town)s.")
                        % {"ref": reference, "town": municipality.name}
                    )
            scope = resolve_scope(municipality=municipality, decision=decision, year=year)
            content = build_report(
                scope, threshold=threshold, language=options["language"], progress=self._bar
            )
        except ReportInputError as error:
            raise CommandError(str(error)) from error
        sys.stderr.write("\n")
        if fmt == "json":
            data: str | bytes = json.dumps(
                {"tables": content["tables"]}, ensure_ascii=False, indent=2
            )
        elif fmt == "html":
            data = render.render_standalone(content)
        else:
            data = render.render_pdf(content)
        self._write(data, output)

    def _bar(self, percent: int, stage: str) -> None:
        done = BAR * percent // 100
        sys.stderr.write(f"\r[{'#' * done}{'.' * (BAR - done)}] {percent:3d} % {stage:<40}")
        sys.stderr.flush()

    def _write(self, data: str | bytes, output: str | None) -> None:
        if output is None:
            assert isinstance(data, str)  # noqa: S101 - a PDF always has a file (checked above)
            self.stdout.write(data)
            return
        path = Path(output)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        self.stderr.write(_("Written to %(path)s.") % {"path": path})
