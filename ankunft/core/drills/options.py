"""What `ankunft drill` and `ankunft soak` share: their options checked before anything
starts (a clear error, nothing started or written), SIGTERM unwinding like Ctrl+C, and the
line printer the drills report through."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Mapping
from typing import Any

import dj_database_url
from django.core.management.base import CommandError, OutputWrapper
from django.utils.translation import gettext as _

# An option's least value and whether that value itself is allowed (0 seconds is not).
Minimum = tuple[float, bool]
AT_LEAST_ONE: Minimum = (1, True)
NOT_NEGATIVE: Minimum = (0, True)
POSITIVE: Minimum = (0, False)
DATABASE_SCHEMES = ("postgres", "postgresql", "sqlite")


def check_numbers(options: Mapping[str, Any], minimums: Mapping[str, Minimum]) -> None:
    """Refuse (CommandError) the first option below its minimum; None means not given."""
    for name, (least, inclusive) in minimums.items():
        value = options.get(name)
        if value is None:
            continue
        flag = name.replace("_", "-")
        if inclusive and value < least:
            raise CommandError(
                _("--%(name)s must be at least %(minimum)s.") % {"name": flag, "minimum": least}
            )
        if not inclusive and value <= least:
            raise CommandError(
                _("--%(name)s must be greater than %(minimum)s.") % {"name": flag, "minimum": least}
            )


def check_database_url(url: str | None) -> None:
    """Refuse an address that is no PostgreSQL or SQLite database URL."""
    if not url:
        return
    scheme = url.split("://", 1)[0] if "://" in url else ""
    try:
        if scheme not in DATABASE_SCHEMES:
            raise ValueError(scheme)
        dj_database_url.parse(url)
    except ValueError as error:
        raise CommandError(
            _("--database-url must be a postgres://… or sqlite:///… address.")
        ) from error


def unwind_on_sigterm() -> None:
    """SIGTERM (timeout, systemd) unwinds like Ctrl+C: servers stopped, mounts and
    temporary clusters removed."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def printer(stdout: OutputWrapper) -> Callable[[str], None]:
    """A line to the command's output, at once (the drills run for minutes)."""

    def say(line: str) -> None:
        stdout.write(line)
        stdout.flush()

    return say
