"""`ankunft serve`: serve the app with waitress (static files by WhiteNoise)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext_noop


class Command(BaseCommand):
    help = gettext_noop("Serve the application (waitress, multi-threaded).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve  # noqa: PLC0415

        from ankunft.wsgi import application  # noqa: PLC0415

        self.stdout.write(f"ankunft serves at http://{options['host']}:{options['port']}/")
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="ankunft",
        )
