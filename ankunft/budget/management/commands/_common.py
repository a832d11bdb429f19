"""Shared by the budget commands: which municipality a command works on."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from ankunft.core.models import Municipality


def add_municipality_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--municipality",
        help=_("short name (slug) of the municipality; may be left out when there is only one"),
    )


def municipality_of(slug: str | None) -> Municipality:
    """The named municipality, or the only one; a clear error otherwise."""
    if slug:
        found = Municipality.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(_("No municipality with the short name %(slug)s.") % {"slug": slug})
        return found
    all_ = list(Municipality.objects.order_by("slug")[:2])
    if len(all_) == 1:
        return all_[0]
    if not all_:
        raise CommandError(
            _("There is no municipality yet: run `ankunft demo-data` or create one.")
        )
    slugs = ", ".join(Municipality.objects.order_by("slug").values_list("slug", flat=True)[:20])
    raise CommandError(
        _("Name the municipality with --municipality (one of: %(slugs)s).") % {"slugs": slugs}
    )
