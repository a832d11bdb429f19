"""`ankunft createuser`: create an account with a role in a municipality."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.commands import add_municipality_argument, resolve_municipality
from ankunft.core.models import Role, Team
from ankunft.core.services import user_create


class Command(BaseCommand):
    help = gettext_noop("Create a user account with a role (operators may be global).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        add_municipality_argument(
            parser,
            help_text=_(
                "short name of the municipality; required when there is more than one "
                "(operators may be global)"
            ),
        )
        parser.add_argument("--team", help=_("name of the team"))
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help=_("read from the terminal when not given"))

    def handle(self, *args: Any, **options: Any) -> None:
        # Operators may be global; every other role works in one municipality.
        municipality = None
        if options["municipality"] or options["role"] != Role.OPERATOR:
            municipality = resolve_municipality(options["municipality"])
        team = None
        if options["team"]:
            team = Team.objects.filter(municipality=municipality, name=options["team"]).first()
            if team is None:
                raise CommandError(
                    _("No team %(name)s in this municipality.") % {"name": options["team"]}
                )
        password = options["password"] or getpass.getpass(_("Password: "))
        try:
            user = user_create(
                actor=None,
                username=options["username"],
                password=password,
                role=options["role"],
                municipality=municipality,
                team=team,
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(_("Created %(user)s.") % {"user": user.username}))
