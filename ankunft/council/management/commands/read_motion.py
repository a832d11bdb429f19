"""`ankunft read-motion FILE [--json]`: propose the structure of a council motion's text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from ankunft.council.intake import MAX_UPLOAD_BYTES, read_motion_text
from ankunft.council.motion_reader import MotionProposal, MotionReadError

# Labels for ``Allocation.kind`` in the summary.
KIND_LABELS = {
    "personnel": gettext_lazy("personnel"),
    "material": gettext_lazy("material costs"),
    "investment": gettext_lazy("investment"),
    "transfer": gettext_lazy("transfer payments"),
    "revenue": gettext_lazy("revenue"),
    "unspecified": gettext_lazy("unspecified purpose"),
}


class Command(BaseCommand):
    help = gettext_noop("Read the plain text of a council motion and print the proposed paper.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("a UTF-8 text file with the motion's text"))
        parser.add_argument(
            "--json", action="store_true", help=_("print JSON instead of a summary")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        text = _read_text(path)
        try:
            proposal = read_motion_text(text)
        except MotionReadError as error:
            raise CommandError(
                _("%(file)s: %(reason)s") % {"file": path, "reason": error.message}
            ) from error
        if options["json"]:
            self.stdout.write(json.dumps(proposal.to_json_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_summary(proposal))


def _read_text(path: Path) -> str:
    """The file's text; every way it can fail becomes a translated ``CommandError``."""
    if not path.is_file():
        raise CommandError(_("%(file)s: The file does not exist.") % {"file": path})
    try:
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            # The page's limit; the file is not read at all.
            raise CommandError(_("%(file)s: The file is too large: at most 1 MB.") % {"file": path})
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            _("%(file)s: The file is not UTF-8 text (byte %(position)d).")
            % {"file": path, "position": error.start}
        ) from error
    except OSError as error:
        raise CommandError(
            _("%(file)s: The file cannot be read (%(error)s).") % {"file": path, "error": error}
        ) from error


def _summary(proposal: MotionProposal) -> str:
    """A readable summary for people, in the active language."""
    unknown = _("unknown")
    none = _("none")
    rows = [
        (_("Title"), proposal.title or unknown),
        (_("Reference"), proposal.reference or unknown),
        (_("Date"), proposal.date.isoformat() if proposal.date else unknown),
        (_("Moved by"), ", ".join(proposal.originators) or unknown),
        (_("Committee"), proposal.committee or unknown),
        (_("Meeting"), proposal.meeting_date.isoformat() if proposal.meeting_date else unknown),
    ]
    lines = [f"{label}: {value}" for label, value in rows]
    lines.append(_("Money asked for") + ":")
    if not proposal.allocations:
        lines.append("  " + none)
    every_year = _("every year")
    for allocation in proposal.allocations:
        year = str(allocation.year) if allocation.year else _("no year")
        amount = number_format(allocation.amount_eur, decimal_pos=2, force_grouping=True)
        kind = KIND_LABELS.get(allocation.kind, allocation.kind)
        recurring = f" ({every_year})" if allocation.recurring else ""
        lines.append(f"  {year}: {amount} EUR, {kind}{recurring}")
    lines.append(_("Cover") + ": " + (proposal.cover or unknown))
    lines.append(_("Related papers") + ": " + (", ".join(proposal.related_references) or none))
    return "\n".join(lines)
