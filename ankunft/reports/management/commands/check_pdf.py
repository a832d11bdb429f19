"""`ankunft check-pdf`: whether this server can make PDFs (WeasyPrint and its Pango), and
if not, exactly what is missing — for `make` and for operators."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.reports.render import pdf_available


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a preflight check for `make`, not of the site
    help = gettext_noop(
        "Check that PDF output works (WeasyPrint and its system library Pango). "
        "Exit status 1 and what is missing when it does not."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        missing = pdf_available()
        if missing:
            raise CommandError(missing, returncode=1)
        import weasyprint  # type: ignore[import-untyped]  # noqa: PLC0415  # checked above

        self.stdout.write(
            _("PDF output works (WeasyPrint %(version)s, Pango %(pango)s).")
            % {"version": weasyprint.__version__, "pango": _pango_version()}
        )


def _pango_version() -> str:
    from weasyprint.text.ffi import pango  # type: ignore[import-untyped]  # noqa: PLC0415

    number = int(pango.pango_version())  # 15010 for 1.50.10
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"
