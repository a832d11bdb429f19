"""`ankunft compile-translations`: .po → .mo with Babel, so no gettext tools are needed."""

from __future__ import annotations

import io
import os
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
            buffer = io.BytesIO()
            write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.read_bytes() == buffer.getvalue():
                continue
            # Written aside and renamed: a process reading the catalog meanwhile (a second
            # `make test` beside this one) sees the old file or the new one, never half.
            partial = mo.with_name(f".{mo.name}.{os.getpid()}")
            partial.write_bytes(buffer.getvalue())
            partial.replace(mo)
            self.stdout.write(f"compiled {po.relative_to(settings.REPO_DIR)}")
