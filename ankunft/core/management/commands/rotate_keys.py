"""`ankunft rotate-keys`: re-encrypt every encrypted field's values under the current key."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.core.crypto import KEY_ID, current_key_id, new_key_line
from ankunft.core.fields import Rotation, encrypted_fields, rotate_field
from ankunft.core.tabular import ProgressBar

logger = logging.getLogger("ankunft.crypto")
MAX_BATCH = 10_000
_LISTED = 10


class Command(BaseCommand):
    help = gettext_noop(
        "Re-encrypt the values of every encrypted field that are not under the current key "
        "(the first in ANKUNFT_FIELD_KEYS), in batches; values stored before a field was "
        "encrypted are encrypted too. Idempotent. Afterwards the old keys can be removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("only count what would be re-encrypted")
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help=_("rows per transaction (default 500)")
        )
        parser.add_argument("--no-progress", action="store_true", help=_("no progress bar"))
        parser.add_argument(
            "--new-key",
            nargs="?",
            const="",
            metavar="ID",
            help=_(
                "print a fresh key entry for ANKUNFT_FIELD_KEYS (id: the given one or today's "
                "date) and do nothing else"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"] is not None:
            self._new_key(options["new_key"] or datetime.now(UTC).strftime("k%Y%m%d"))
            return
        batch_size = options["batch_size"]
        if not 1 <= batch_size <= MAX_BATCH:
            raise CommandError(_("--batch-size must be between 1 and 10000."))
        dry_run = options["dry_run"]
        fields = encrypted_fields()
        if not fields:
            self.stdout.write(_("There are no encrypted fields."))
            return
        current = current_key_id()
        results = []
        for model, name in fields:
            bar = ProgressBar(
                self.stderr, f"{model._meta.label}.{name}", enabled=not options["no_progress"]
            )
            try:
                result = rotate_field(
                    model, name, dry_run=dry_run, batch_size=batch_size, progress=bar
                )
            finally:
                bar.close()
            results.append(result)
            self.stdout.write(self._summary(result, current, dry_run=dry_run))
            if not dry_run:
                # Key management is a security event: recorded at the default log level.
                logger.warning(
                    "rotate-keys %s: %d re-encrypted under key %s (%d were in clear), "
                    "%d already under it, %d unreadable",
                    result.label,
                    result.rewritten,
                    current,
                    result.in_clear,
                    result.current,
                    len(result.unreadable),
                )
        unreadable = sum(len(r.unreadable) for r in results)
        if unreadable:
            raise CommandError(
                _(
                    "%(count)s value(s) could not be decrypted and were left unchanged: list "
                    "their key in ANKUNFT_FIELD_KEYS (or restore them) and run again."
                )
                % {"count": unreadable}
            )

    def _new_key(self, key_id: str) -> None:
        if not KEY_ID.fullmatch(key_id):
            raise CommandError(
                _("The key id may have 1 to 32 letters, digits, '-' or '_'; %(id)r has not.")
                % {"id": key_id[:40]}
            )
        self.stdout.write(new_key_line(key_id))
        self.stderr.write(
            _(
                "Put this entry first in ANKUNFT_FIELD_KEYS and keep the old ones after it, "
                "restart the application, then run `ankunft rotate-keys`; remove an old key "
                "only after that."
            )
        )

    def _summary(self, r: Rotation, current: str, *, dry_run: bool) -> str:
        if dry_run:
            text = _(
                "%(field)s: %(rewritten)s value(s) would be re-encrypted under key %(key)s "
                "(%(clear)s of them stored in clear), %(current)s already under it, "
                "%(unreadable)s unreadable."
            )
        else:
            text = _(
                "%(field)s: %(rewritten)s value(s) re-encrypted under key %(key)s "
                "(%(clear)s of them stored in clear), %(current)s already under it, "
                "%(unreadable)s unreadable."
            )
        line = text % {
            "field": r.label,
            "rewritten": r.rewritten,
            "key": current,
            "clear": r.in_clear,
            "current": r.current + r.changed,
            "unreadable": len(r.unreadable),
        }
        if r.unreadable:
            ids = ", ".join(str(pk) for pk in r.unreadable[:_LISTED])
            line += " " + _("Unreadable ids: %(ids)s") % {"ids": ids}
        return line
