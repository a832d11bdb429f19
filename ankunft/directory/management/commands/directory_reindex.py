"""`ankunft directory-reindex`: rebuild the search index of the directory."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.commands import add_municipality_argument, municipality_by_slug
from ankunft.directory import search
from ankunft.directory.models import Offer


class Command(BaseCommand):
    help = gettext_noop("Rebuild the directory's search index (all offers, or one municipality's).")

    def add_arguments(self, parser: CommandParser) -> None:
        add_municipality_argument(
            parser, help_text=_("short name of the municipality (default: every municipality)")
        )
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        offers = Offer.objects.order_by("id")
        if options["municipality"]:
            offers = offers.filter(municipality=municipality_by_slug(options["municipality"]))
        ids = list(offers.values_list("id", flat=True))
        documents = 0
        for start in range(0, len(ids), options["batch"]):
            chunk = Offer.objects.filter(id__in=ids[start : start + options["batch"]])
            documents += search.index_offers(chunk)
        self.stdout.write(f"{len(ids)} offers, {documents} search documents")
