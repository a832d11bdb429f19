"""`ankunft directory-review-due`: offers not confirmed for too long, per provider."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.commands import add_municipality_argument, resolve_municipality
from ankunft.directory.models import Offer, Status
from ankunft.directory.models.providers import review_due_date
from ankunft.directory.selectors.staff import settings_get


class Command(BaseCommand):
    help = gettext_noop(
        "List the offers due for review (not confirmed within the review interval)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        m = resolve_municipality(options["municipality"])
        due = review_due_date(settings_get(m.pk))
        offers = (
            Offer.objects.for_municipality(m.pk)
            .exclude(status=Status.ARCHIVED)
            .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=due))
            .select_related("provider")
            .order_by("provider__name", "slug")
        )
        count = 0
        for provider, items in groupby(offers, key=lambda o: o.provider):
            self.stdout.write(f"{provider.name} <{provider.email or '-'}>")
            for offer in items:
                count += 1
                last = offer.last_reviewed.isoformat() if offer.last_reviewed else "-"
                self.stdout.write(f"  {offer.uuid}  {last}  {offer.slug}")
        self.stdout.write(
            _("%(n)s offers due for review (before %(date)s).")
            % {"n": count, "date": due.isoformat()}
        )
