"""`ankunft subject-access PERSON_ID --municipality SLUG --format json|pdf -o FILE`: the
subject access export (GDPR Art. 15) on the command line, as the system."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.cases.selectors.privacy import subject_access_system
from ankunft.cases.selectors.privacy_export import (
    PdfUnavailableError,
    check_pdf,
    export_json,
    export_pdf,
)
from ankunft.core.commands import add_municipality_argument, resolve_municipality


class Command(BaseCommand):
    help = gettext_noop(
        "Write everything held on a person (GDPR Art. 15) to a file, as JSON or PDF, "
        "special categories included. Runs as the system; the export is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int, help=_("the person's id"))
        add_municipality_argument(parser)
        parser.add_argument(
            "--format", choices=["json", "pdf"], default="json", help=_("json or pdf")
        )
        parser.add_argument("-o", "--output", required=True, help=_("the file to write"))

    def handle(self, *args: Any, **options: Any) -> None:
        town = resolve_municipality(options["municipality"])
        if options["format"] == "pdf":
            try:
                check_pdf()
            except PdfUnavailableError as exc:
                raise CommandError(str(exc)) from exc
        try:
            export = subject_access_system(town, options["person_id"])
        except Http404:
            raise CommandError(
                _("No person with the id %(id)s in %(town)s.")
                % {"id": options["person_id"], "town": town.name}
            ) from None
        pdf = options["format"] == "pdf"
        content = export_pdf(export.data) if pdf else export_json(export.data)
        Path(options["output"]).write_bytes(content)
        self.stdout.write(_("Written: %(file)s") % {"file": options["output"]})
