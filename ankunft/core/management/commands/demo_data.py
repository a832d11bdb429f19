"""`ankunft demo-data`: build the demo municipality and everything each module adds."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core import demo


class Command(BaseCommand):
    help = gettext_noop(
        "Load the demo data (Duisburg and Musterstadt, one login per role). Safe to rerun."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help=_("do not print the logins"))
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help=_(
                "load the demo although DEBUG is off (it creates logins with a published "
                "password, among them a superuser)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["not_production"]:
            raise CommandError(
                _(
                    "Refusing to load the demo data: DEBUG is off, so this may be a production "
                    "database, and the demo creates a superuser with a published password. "
                    "Use DEBUG=true for a demo, or --i-know-this-is-not-production."
                )
            )
        municipality = demo.load()
        # Each module may ship `<app>/demo.py` with `load(municipality, stdout)`; they run in
        # the order of INSTALLED_APPS, which follows the chain council → … → reports.
        for config in apps.get_app_configs():
            if not config.name.startswith("ankunft.") or config.label == "core":
                continue
            if importlib.util.find_spec(f"{config.name}.demo") is None:
                continue
            module = importlib.import_module(f"{config.name}.demo")
            module.load(municipality, self.stdout)
        if options["quiet"]:
            return
        self.stdout.write(self.style.SUCCESS(_("Demo data ready.")))
        self.stdout.write(_("Demo logins (password for all: %(pw)s):") % {"pw": demo.DEMO_PASSWORD})
        for username, role, place in demo.logins():
            self.stdout.write(f"  {username:<20} {role:<28} {place}")
        self.stdout.write(
            _(
                "Second factor (their roles require it): %(users)s. Add the demo secret "
                "%(secret)s to an authenticator app, or run `.venv/bin/ankunft demo-code` for "
                "the code."
            )
            % {"users": ", ".join(demo.second_factor_logins()), "secret": demo.demo_secret()}
        )
