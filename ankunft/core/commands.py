"""What every management command shares: which municipality it works in, and reading the
file an import command is given.

One behaviour for every command that takes `--municipality SLUG`: the option may be left
out only while there is exactly one municipality; an unknown short name, or none given
when there are several, is a clear error naming the known ones. A command never silently
picks one of several municipalities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from ankunft.core.models import Municipality
from ankunft.core.tabular.reading import TableError

if TYPE_CHECKING:
    from pathlib import Path

    from ankunft.core.tabular.reading import Limits

_LISTED = 20


def add_municipality_argument(parser: CommandParser, *, help_text: str | None = None) -> None:
    """Add `--municipality SLUG` to a command (resolve it with `resolve_municipality`)."""
    parser.add_argument(
        "--municipality",
        help=help_text or _("short name of the municipality; required when there is more than one"),
    )


def _known() -> str:
    slugs = list(Municipality.objects.order_by("slug").values_list("slug", flat=True)[:_LISTED])
    return ", ".join(slugs)


def municipality_by_slug(slug: str) -> Municipality:
    """The municipality with this short name; a `CommandError` naming the known ones else."""
    found = Municipality.objects.filter(slug=slug).first()
    if found is None:
        known = _known()
        if not known:
            raise CommandError(
                _("No municipality with the short name %(slug)s: there is none yet.")
                % {"slug": slug}
            )
        raise CommandError(
            _("No municipality with the short name %(slug)s (known: %(slugs)s).")
            % {"slug": slug, "slugs": known}
        )
    return found


def resolve_municipality(slug: str | None) -> Municipality:
    """The named municipality, or the only one when none is named.

    Raises a translated `CommandError` when the name is unknown, when there is no
    municipality yet, or when there are several and none is named.
    """
    if slug:
        return municipality_by_slug(slug)
    first_two = list(Municipality.objects.order_by("slug")[:2])
    if len(first_two) == 1:
        return first_two[0]
    if not first_two:
        raise CommandError(
            _("There is no municipality yet: run `ankunft demo-data` or create one.")
        )
    raise CommandError(
        _("There are several municipalities: name one with --municipality (one of: %(slugs)s).")
        % {"slugs": _known()}
    )


def read_import_file(path: Path, limits: Limits) -> bytes:
    """The bytes of the file an import command is given, refused before it is read when it
    is larger than `limits` (the same limit as the page and the API). A translated
    `CommandError` naming the file when it is too large or cannot be read."""
    try:
        limits.check_size(path.stat().st_size)
        return path.read_bytes()
    except TableError as exc:
        raise CommandError(
            _("%(file)s: The file is larger than %(size)s.")
            % {"file": path, "size": limits.size_label()}
        ) from exc
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror}
        ) from exc
