"""`ankunft mfa-reset USERNAME`: remove a user's second factor (lost phone and codes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core import mfa
from ankunft.core.models import User


class Command(BaseCommand):
    help = gettext_noop(
        "Remove a user's second factor and recovery codes and end their sessions, for a "
        "user who lost both (check who asks first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No user %(name)s.") % {"name": options["username"]})
        mfa.reset_second_factor(user=user)
        self.stdout.write(
            _("The second factor of %(name)s is removed; their sessions have ended.")
            % {"name": user.username}
        )
