"""Small factories for test data (plain functions: no extra library needed)."""

from __future__ import annotations

import itertools
from typing import Any

from ankunft.core import permissions
from ankunft.core.models import District, Municipality, Role, Team, User
from ankunft.core.roles import seed_default_roles

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def municipality(**kw: Any) -> Municipality:
    n = next(_seq)
    kw.setdefault("name", f"Stadt {n}")
    kw.setdefault("slug", f"stadt-{n}")
    m = Municipality.objects.create(**kw)
    seed_default_roles(m)
    return m


def team(m: Municipality, name: str | None = None) -> Team:
    return Team.objects.create(municipality=m, name=name or f"Team {next(_seq)}")


def district(m: Municipality, name: str | None = None, **kw: Any) -> District:
    kw.setdefault("kind", District.Kind.BOROUGH)
    return District.objects.create(municipality=m, name=name or f"Bezirk {next(_seq)}", **kw)


def user(
    role: str = Role.CASE_WORKER,
    m: Municipality | None = None,
    *,
    password: str | None = None,
    **kw: Any,
) -> User:
    n = next(_seq)
    kw.setdefault("username", f"{role}-{n}")
    kw.setdefault("first_name", "Vorname")
    kw.setdefault("last_name", f"Nachname{n}")
    u = User(role=role, municipality=m, **kw)
    if password:
        u.set_password(password)
    else:
        u.set_unusable_password()
    u.save()
    # Loaded as a request loads its user: with the role's permissions (no query per check).
    permissions.role_permissions(u)
    return u
