"""Likely duplicates across spellings and scripts (placeholder until the matcher lands)."""

from __future__ import annotations

import unicodedata

THRESHOLD = 0.85


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in text if c.isalnum() or c.isspace()).split())


def blocking_keys(given: str, family: str) -> set[str]:
    tokens = normalise(f"{given} {family}").split()
    return {t[:4] for t in tokens if t}


def name_score(a: str, b: str) -> float:
    return 1.0 if sorted(normalise(a).split()) == sorted(normalise(b).split()) else 0.0


def person_score(  # noqa: PLR0917 - two names and two dates, read as pairs
    given_a: str,
    family_a: str,
    given_b: str,
    family_b: str,
    birth_a: tuple[int | None, int | None, int | None] | None = None,
    birth_b: tuple[int | None, int | None, int | None] | None = None,
) -> float:
    return name_score(f"{given_a} {family_a}", f"{given_b} {family_b}")
