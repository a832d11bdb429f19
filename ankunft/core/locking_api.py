"""The API's side of optimistic locking (`core.locking`): the version a client sends with a
change, and the 409 answer when the record changed since the client read it.

Clients send the `version` they read (every record's answer carries it) in the JSON body of
the change. Without it the change is saved unconditionally (scripts written before there
was a version); with an older one nothing is saved and the answer is 409 with the fields
that differ: the value saved meanwhile (`theirs`) and the client's (`yours`).

No `from __future__ import annotations` here: django-ninja reads the annotations.
"""

from typing import Annotated, Any

from ninja import Field, Schema, Status

from ankunft.core.locking import ConflictError
from ankunft.core.pagination import DB_INT_MAX

VersionIn = Annotated[
    int | None,
    Field(
        None,
        ge=1,
        le=DB_INT_MAX,
        description=(
            "The record's `version` as read; an older one is refused with 409 and nothing "
            "is saved. Without it the change is saved unconditionally."
        ),
    ),
]


class ConflictFieldOut(Schema):
    """One field that differs: saved meanwhile (`theirs`) and sent (`yours`), as shown."""

    field: str
    label: str
    theirs: str
    yours: str


class ConflictOut(Schema):
    """409: the record changed since the client read it; nothing was saved."""

    detail: str
    version: int = Field(description="The version saved now: read again, then send it.")
    conflicts: list[ConflictFieldOut]


def conflict_answer(exc: ConflictError) -> Status[dict[str, Any]]:
    return Status(409, exc.as_json())
