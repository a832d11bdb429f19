"""`ankunft demo-code`: the current second-factor code of the demo logins (public secret)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_noop

from ankunft.core import demo


class Command(BaseCommand):
    help = gettext_noop(
        "Print the current 6-digit code of the demo's published second-factor secret "
        "(the demo logins of roles that require a second factor)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo.demo_code())
