"""`ankunft directory-export`: the published directory as JSON, CSV or HSDS."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.commands import add_municipality_argument, resolve_municipality
from ankunft.directory import hsds, opendata
from ankunft.directory.selectors.public import published_offers


class Command(BaseCommand):
    help = gettext_noop(
        "Export the published offers as open data (json, csv) or Open Referral HSDS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_municipality_argument(parser)
        parser.add_argument("--format", choices=["json", "csv", "hsds"], default="json")
        parser.add_argument("--lang", default="", help=_("language of the HSDS texts"))
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument("--output", "-o", default="-", help=_("file (default: stdout)"))

    def handle(self, *args: Any, **options: Any) -> None:
        m = resolve_municipality(options["municipality"])
        offers = (
            published_offers(m.pk, timezone.localdate())
            .select_related("provider", "district", "municipality")
            .prefetch_related("translations", "tags", "hours", "exceptions")
            .order_by("id")
        )
        base = options["base_url"].rstrip("/")
        if options["format"] == "hsds":
            chunks = hsds.export_page(offers, options["lang"] or m.content_languages[0])
        elif options["format"] == "csv":
            chunks = opendata.csv_chunks(m, offers, base)
        else:
            chunks = opendata.json_chunks(m, offers, base)
        if options["output"] == "-":
            for chunk in chunks:
                sys.stdout.write(chunk)
            return
        with open(options["output"], "w", encoding="utf-8", newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
