"""`ankunft db-roles`: the application's PostgreSQL role, with INSERT and SELECT only on
the audit log."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core import audit_db


class Command(BaseCommand):
    help = gettext_noop(
        "Create or update the application's PostgreSQL role: data changes on every table, "
        "only INSERT and SELECT on the audit log. Run as the owner role after migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--role",
            default=settings.DB_APP_ROLE,
            help=_("name of the application's role (default: DB_APP_ROLE or ankunft_app)"),
        )
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help=_("set the role's password from this environment variable"),
        )
        parser.add_argument(
            "--no-login", action="store_true", help=_("create the role without LOGIN")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(_("Database roles exist on PostgreSQL only."))
        password = None
        if options["password_env"]:
            password = os.environ.get(options["password_env"])
            if not password:
                raise CommandError(
                    _("The environment variable %(name)s is empty.")
                    % {"name": options["password_env"]}
                )
        try:
            with transaction.atomic():
                created = audit_db.grant_app_role(
                    connection,
                    role=options["role"],
                    password=password,
                    login=not options["no_login"],
                )
        except ValueError as exc:
            raise CommandError(
                _("Not a plain role name: %(role)s") % {"role": options["role"]}
            ) from exc
        except DatabaseError as exc:
            raise CommandError(
                _("Could not grant the role (run this as the owner role): %(error)s")
                % {"error": exc}
            ) from exc
        message = _("Created role %(role)s.") if created else _("Updated role %(role)s.")
        self.stdout.write(self.style.SUCCESS(message % {"role": options["role"]}))
