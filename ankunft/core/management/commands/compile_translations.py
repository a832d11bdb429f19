"""`ankunft compile-translations`: .po → .mo with Babel, so no gettext tools are needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_noop


def po_files() -> list[Path]:
    roots = [Path(p) for p in settings.LOCALE_PATHS]
    roots += [p for p in Path(settings.BASE_DIR).glob("*/locale") if p.is_dir()]
    return sorted({po for root in roots for po in root.glob("*/LC_MESSAGES/*.po")})


class Command(BaseCommand):
    help = gettext_noop(
        "Compile the translations (.po) into .mo files (with Babel, no gettext needed)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for po in po_files():
            with po.open("rb") as fh:
                catalog = read_po(fh)
            with po.with_suffix(".mo").open("wb") as fh:
                write_mo(fh, catalog)  # fuzzy entries are left out, as msgfmt does
            self.stdout.write(f"compiled {po.relative_to(settings.REPO_DIR)}")
