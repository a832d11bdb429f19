"""Helpers of the directory's commands."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ankunft.core.models import Municipality, User


def user(username: str, m: Municipality) -> User:
    found = User.objects.filter(username=username, municipality=m).first()
    if found is None:
        raise CommandError(
            _("No user %(name)s in %(place)s.") % {"name": username, "place": m.name}
        )
    return found
