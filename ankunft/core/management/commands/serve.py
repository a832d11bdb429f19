"""`ankunft serve`: serve the app with waitress (static files by WhiteNoise);
`ankunft serve --production` with gunicorn's worker processes (`ankunft/gunicorn_conf.py`)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

#: The proxy headers ankunft honours from a trusted proxy (see `core.security`).
PROXY_HEADERS = frozenset({"x-forwarded-for", "x-forwarded-proto"})


def waitress_proxy_options(proxies: list[str]) -> dict[str, Any]:
    """waitress's options for `TRUSTED_PROXIES`.

    Without a trusted proxy waitress drops every forwarding header. With one, waitress
    applies X-Forwarded-For and -Proto from that address only (the client's address becomes
    REMOTE_ADDR, the scheme https). waitress trusts a single address; with several it passes
    the headers on and Django's `TrustedProxyMiddleware` checks the sender against the list.
    """
    if not proxies:
        return {"clear_untrusted_proxy_headers": True}
    if len(proxies) == 1:
        return {
            "trusted_proxy": proxies[0],
            "trusted_proxy_headers": set(PROXY_HEADERS),
            "trusted_proxy_count": 1,
            "clear_untrusted_proxy_headers": True,
        }
    return {"clear_untrusted_proxy_headers": False}


def gunicorn_argv(options: dict[str, Any]) -> list[str]:
    """The gunicorn command line of `serve --production` (it replaces this process)."""
    argv = [sys.executable, "-m", "gunicorn", "--config", "python:ankunft.gunicorn_conf"]
    argv += ["--bind", f"{options['host']}:{options['port']}"]
    if options.get("workers"):
        argv += ["--workers", str(options["workers"])]
    return [*argv, "ankunft.wsgi:application"]


class Command(BaseCommand):
    help = gettext_noop("Serve the application (waitress, multi-threaded).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--production",
            action="store_true",
            help=_(
                "Serve with gunicorn's worker processes (ankunft/gunicorn_conf.py) "
                "instead of waitress."
            ),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=_("With --production: worker processes (default 2 x cores + 1)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["production"]:
            os.execv(sys.executable, gunicorn_argv(options))  # noqa: S606 - our own gunicorn
        from waitress import serve  # noqa: PLC0415

        from ankunft.wsgi import application  # noqa: PLC0415

        self.stdout.write(f"ankunft serves at http://{options['host']}:{options['port']}/")
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="ankunft",
            **waitress_proxy_options(list(settings.TRUSTED_PROXIES)),
        )
