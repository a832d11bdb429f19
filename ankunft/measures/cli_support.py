"""Shared by the module's commands: which municipality a command works in.

Commands run on the server without a logged-in user: they act as the system within one
municipality, chosen with `--municipality SLUG` (default: the only one, or the first created).
"""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from ankunft.core.models import Municipality


def add_municipality_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--municipality",
        metavar="SLUG",
        help=_("short name of the municipality (default: the only or first one)"),
    )


def municipality_from(slug: str | None) -> Municipality:
    if slug:
        found = Municipality.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(_("No municipality with the short name %(slug)s.") % {"slug": slug})
        return found
    first = Municipality.objects.order_by("pk").first()
    if first is None:
        raise CommandError(
            _("There is no municipality yet: run `ankunft demo-data` or create one.")
        )
    return first
