"""The fuzzing world: users of every role in municipality A, and a municipality B that holds
a record of every kind, marked so that any of it in an answer to A's users is recognisable.

B's records carry ids in their own range, one `ID_BLOCK` above every existing id, in every
table (the sequences are moved before B is built and past the range after), and every free-text
column of B's tenant records starts with `MARKER`. `Leaks.find` looks for both in an answer.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

from ankunft.core.models import ApiToken, Municipality, Role, User
from ankunft.core.services import TOKEN_PREFIX
from ankunft.core.tenancy import TenantModel
from tests import access_world, factories

MARKER = "Zqxb"
ID_BLOCK = 100_000_000  # B's ids: the first whole block above every id in the database
# Keys whose integer value names a record (the API's ids and references).
_ID_KEY_SUFFIXES = ("id", "_id", "_ids", "ids")


def _auto_tables() -> Iterator[tuple[str, str]]:
    """(table, pk column) of every table with a database-generated integer key."""
    seen = set()
    for model in apps.get_models(include_auto_created=True):
        pk = model._meta.pk
        table = model._meta.db_table
        if not isinstance(pk, models.AutoField) or table in seen or model._meta.proxy:
            continue
        if not model._meta.managed:
            continue
        seen.add(table)
        yield table, pk.column


def move_sequences(to: int) -> None:
    """Let the next generated id of every table be at least `to` (SQLite and PostgreSQL)."""
    with connection.cursor() as cursor:
        for table, column in _auto_tables():
            if connection.vendor == "postgresql":
                q = connection.ops.quote_name
                highest = f"SELECT COALESCE(MAX({q(column)}), 0) FROM {q(table)}"  # noqa: S608
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, ({highest})))",
                    [q(table), column, to],
                )
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, to]
                )


def _text_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if type(f) in (models.CharField, models.TextField)
        and not f.choices
        and f.name not in {"key", "code", "language"}
    ]


def mark_texts(municipality: Municipality) -> None:
    """Prefix every plain free-text column of the municipality's records with `MARKER`."""
    for model in apps.get_models():
        if not issubclass(model, TenantModel) or model._meta.abstract:
            continue
        rows = model._base_manager.filter(municipality=municipality)
        for name in _text_fields(model):
            for pk, value in rows.values_list("pk", name):
                if not value or value.startswith(MARKER):
                    continue
                limit = model._meta.get_field(name).max_length or 10_000
                new = (MARKER + value)[:limit]
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=pk).update(**{name: new})
                except IntegrityError:  # a constraint the longer text breaks: leave it
                    continue


def token_for(user: User) -> str:
    """A personal API token for any user (providers and interpreters cannot make one on the
    page, but the API accepts a token of any active user: the same rules as their session)."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, name="fuzz", digest=ApiToken.digest_of(key), prefix=key[len(TOKEN_PREFIX) :][:8]
    )
    return key


@dataclass
class Leaks:
    """What of municipality B must never reach A's users."""

    first: int  # B's ids are in [first, last)
    last: int
    b_ids: dict[str, set[int]] = field(default_factory=dict)  # table -> ids

    def find(self, body: Any, path: str = "$") -> list[str]:
        """Where the JSON `body` shows a record of B: a marked text or a B id."""
        found: list[str] = []
        if isinstance(body, dict):
            for key, value in body.items():
                here = f"{path}.{key}"
                if self._is_b_id(key, value):
                    found.append(f"{here} = {value} (an id of municipality B)")
                elif isinstance(value, list) and key.endswith(_ID_KEY_SUFFIXES):
                    found += [f"{here} ∋ {v}" for v in value if self._is_b_id(key, v)]
                found += self.find(value, here)
        elif isinstance(body, list):
            for i, value in enumerate(body):
                found += self.find(value, f"{path}[{i}]")
        elif isinstance(body, str) and (MARKER.lower() in body.lower()):
            found.append(f"{path} = {body[:80]!r} (a text of municipality B)")
        return found

    def _is_b_id(self, key: str, value: Any) -> bool:
        return (
            key.endswith(_ID_KEY_SUFFIXES)
            and isinstance(value, int)
            and not isinstance(value, bool)
            and self.first <= value < self.last
        )

    def known_ids(self) -> list[int]:
        return sorted({i for ids in self.b_ids.values() for i in ids})


def _highest_id() -> int:
    highest = 0
    with connection.cursor() as cursor:
        for table, column in _auto_tables():
            q = connection.ops.quote_name
            cursor.execute(f"SELECT MAX({q(column)}) FROM {q(table)}")  # noqa: S608
            highest = max(highest, cursor.fetchone()[0] or 0)
    return highest


def _b_ids(first: int, last: int) -> dict[str, set[int]]:
    result: dict[str, set[int]] = {}
    with connection.cursor() as cursor:
        for table, column in _auto_tables():
            q = connection.ops.quote_name
            cursor.execute(
                f"SELECT {q(column)} FROM {q(table)} WHERE {q(column)} >= %s AND {q(column)} < %s",  # noqa: S608 - names from the models
                [first, last],
            )
            ids = {row[0] for row in cursor.fetchall()}
            if ids:
                result[table] = ids
    return result


@dataclass
class FuzzWorld:
    town: Municipality
    other: Municipality
    users: dict[str, User]  # role -> A's user (the operator is global)
    tokens: dict[str, str]  # role -> token
    leaks: Leaks
    a_ids: list[int]  # ids of A's records, to aim path parameters at


def _ids_below(limit: int) -> list[int]:
    found: set[int] = set()
    with connection.cursor() as cursor:
        for table, column in _auto_tables():
            q = connection.ops.quote_name
            cursor.execute(
                f"SELECT {q(column)} FROM {q(table)} WHERE {q(column)} < %s ORDER BY 1 DESC",  # noqa: S608
                [limit],
            )
            found |= {row[0] for row in cursor.fetchmany(20)}
    return sorted(found)


def build_other(*, name: str = f"{MARKER}stadt", slug: str = "zqxb") -> tuple[Municipality, Leaks]:
    """Municipality B with a record of every kind (the access matrix's world), marked."""
    first = (_highest_id() // ID_BLOCK + 1) * ID_BLOCK
    move_sequences(first)
    other = factories.municipality(name=name, slug=slug)
    people = access_world.users(other, prefix=MARKER.lower())
    access_world.build(other, people)
    mark_texts(other)
    leaks = Leaks(first=first, last=first + ID_BLOCK, b_ids=_b_ids(first, first + ID_BLOCK))
    move_sequences(first + ID_BLOCK)
    return other, leaks


def build(town: Municipality | None = None, users: dict[str, User] | None = None) -> FuzzWorld:
    """A (a fresh town with the access matrix's records, or the given one and its users)
    and B."""
    if town is None:
        town = factories.municipality(name="Fuzzstadt", slug="fuzz")
        users = access_world.users(town, prefix="fuzz")
        access_world.build(town, users)
    assert users is not None
    a_ids = _ids_below(10 * ID_BLOCK)
    other, leaks = build_other()
    tokens = {role: token_for(user) for role, user in users.items()}
    return FuzzWorld(town=town, other=other, users=users, tokens=tokens, leaks=leaks, a_ids=a_ids)


ROLES = [str(r) for r in Role]
