"""`ankunft add-municipality NAME --slug SLUG`: set up a municipality without the demo."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.services import municipality_create


class Command(BaseCommand):
    help = gettext_noop(
        "Set up a municipality (a tenant) without the demo data. Then create its first "
        "accounts with `ankunft createuser … --municipality SLUG` and import its council "
        "papers with `ankunft import-oparl SOURCE --municipality SLUG`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help=_('the name, e.g. "Duisburg"'))
        parser.add_argument(
            "--slug", required=True, help=_("short name in addresses, e.g. duisburg")
        )
        parser.add_argument(
            "--ags", default="", help=_("official municipality key (8 digits, e.g. 05112000)")
        )
        parser.add_argument(
            "--languages",
            help=_(
                "content languages, comma-separated, German first (default: de,en,tr,ar,"
                "ro,bg,uk,ru,fa)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        languages = None
        if options["languages"] is not None:
            languages = [c for c in (p.strip() for p in options["languages"].split(",")) if c]
        try:
            municipality = municipality_create(
                actor=None,
                name=options["name"],
                slug=options["slug"],
                official_key=options["ags"],
                languages=languages,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(_messages(exc))) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Created the municipality %(name)s (%(slug)s), languages: %(languages)s.")
                % {
                    "name": municipality.name,
                    "slug": municipality.slug,
                    "languages": ", ".join(municipality.content_languages),
                }
            )
        )


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.message_dict.values() for m in errors]
    return list(exc.messages)
