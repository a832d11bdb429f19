"""`ankunft directory-import-hsds FILE`: import Open Referral HSDS 3.0 services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.commands import add_municipality_argument, resolve_municipality
from ankunft.core.jsonbody import JsonBodyError, load_json
from ankunft.directory.hsds.importer import hsds_import
from ankunft.directory.management.commands._common import user
from ankunft.directory.models import FieldOfAction


class Command(BaseCommand):
    help = gettext_noop(
        "Import HSDS 3.0 services (JSON) as offers; new ones are drafts unless --publish."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        add_municipality_argument(parser)
        parser.add_argument("--user", required=True, help=_("head of KI or team lead who imports"))
        parser.add_argument("--language", default="de", help=_("language of the texts"))
        parser.add_argument("--publish", action="store_true")
        parser.add_argument("--default-field", choices=FieldOfAction.values)

    def handle(self, *args: Any, **options: Any) -> None:
        m = resolve_municipality(options["municipality"])
        actor = user(options["user"], m)
        try:
            payload = load_json(Path(options["file"]).read_bytes())
        except (OSError, JsonBodyError) as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": options["file"], "error": exc}
            ) from exc
        try:
            report = hsds_import(
                actor=actor,
                payload=payload,
                language=options["language"],
                publish=options["publish"],
                default_field=options["default_field"],
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        for message in report.messages:
            self.stdout.write(f"  {message}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Import finished: %(created)s new, %(updated)s updated, %(skipped)s skipped.")
                % {"created": report.created, "updated": report.updated, "skipped": report.skipped}
            )
        )
