"""Similarity of two names and of two persons (names plus partial birth dates), 0..1."""

from __future__ import annotations

from functools import lru_cache
from itertools import permutations

from rapidfuzz.distance import OSA

from ankunft.cases.matching.normalise import group, tokens

THRESHOLD = 0.85
"""name_score at or above this: likely the same person (tuned on the development pairs)."""

MAX_TOKENS = 6  # longer names are cut; the assignment tries every pairing
_FOLD = str.maketrans("eiouz", "aaaas")  # vowels and z/s: where transliterations differ most
_PREFIXES = ("al", "el", "ben", "bin", "ibn", "abu")
Birth = tuple[int | None, int | None, int | None]


# Endings that make another name of one stem: male and female forms (Ivan/Ivana,
# Petrov/Petrova, Viktor/Viktoria, Mario/Maria, Kowalski/Kowalska, Alexandru/Alexandra,
# Konstantinos/Konstantina, Papadopoulos/Papadopoulou) and the Arabic nisba (Hassan/Hassani).
_FORM_ENDINGS = [
    ("", "a"), ("", "ia"), ("o", "a"), ("i", "a"), ("u", "a"), ("os", "a"), ("os", "ia"),
    ("os", "u"), ("is", "a"), ("ian", "ina"), ("us", "a"), ("", "i"),
]  # fmt: skip
_MIN_STEM = 3


def _other_form(a: str, b: str) -> bool:
    """Two forms of one stem are different people (relatives, as a rule)."""
    for x, y in ((a, b), (b, a)):
        for base, form in _FORM_ENDINGS:
            if x.endswith(base) and y.endswith(form):
                stem = x[: len(x) - len(base)]
                if len(stem) >= _MIN_STEM and stem == y[: len(y) - len(form)]:
                    return True
    return False


@lru_cache(maxsize=262144)
def token_score(a: str, b: str) -> float:
    """Similarity of two canonical tokens."""
    if a == b:
        return 1.0
    if group(a) == group(b):
        return 0.95
    if _other_form(a, b) or _other_form(group(a), group(b)):
        return 0.3
    for x, y in ((a, b), (b, a)):  # article written together: "alhasan" = "hasan"
        if any(x.startswith(p) and x[len(p) :] == y for p in _PREFIXES):
            return 0.95
    return 0.5 * OSA.normalized_similarity(a, b) + 0.5 * OSA.normalized_similarity(
        a.translate(_FOLD), b.translate(_FOLD)
    )


def _combine(sims: list[float], extra: int) -> float:
    """Every name part has to match: the weakest pair counts most."""
    score = 0.7 * min(sims) + 0.3 * sum(sims) / len(sims)
    return score - 0.03 * extra


def token_set_score(ta: tuple[str, ...], tb: tuple[str, ...]) -> float:
    ta, tb = ta[:MAX_TOKENS], tb[:MAX_TOKENS]
    if not ta or not tb:
        return 0.0
    if len(ta) > len(tb):
        ta, tb = tb, ta
    best = max(
        _combine([token_score(a, tb[j]) for a, j in zip(ta, perm, strict=True)], len(tb) - len(ta))
        for perm in permutations(range(len(tb)), len(ta))
    )
    if len(ta) == 1 and len(tb) > 1:
        best *= 0.75  # one name against a full name: too little to decide
    if len(ta) != len(tb):  # a compound name written together: "Mohammadreza" = "Mohammad Reza"
        joined = OSA.normalized_similarity("".join(ta), "".join(tb))
        best = max(best, joined - 0.05)
    return max(0.0, min(1.0, best))


def name_score(a: str, b: str) -> float:
    """How likely two full names (any script, any order) name the same person, 0..1."""
    return token_set_score(tokens(a), tokens(b))


def _unknown(date: Birth | None) -> bool:
    return date is None or all(part is None for part in date)


def _placeholder(month: int | None, day: int | None) -> bool:
    """1 January (or 0/0) is what registrations enter when only the year is known."""
    return (month, day) in ((1, 1), (0, 0))


def birth_adjustment(a: Birth | None, b: Birth | None) -> float:
    """Added to the name score: compatible partial dates add nothing or a little, conflicting
    ones subtract (a year apart slightly, far apart strongly); swapped day/month is weak."""
    if a is None or b is None or _unknown(a) or _unknown(b):
        return 0.0
    (ya, ma, da), (yb, mb, db) = a, b
    adjust = 0.0
    if ya is not None and yb is not None:
        gap = abs(ya - yb)
        adjust += {0: 0.02, 1: -0.05}.get(gap, -0.15 if gap <= 3 else -0.4)  # noqa: PLR2004
    if ma is None or mb is None or _placeholder(ma, da) or _placeholder(mb, db):
        return adjust
    if ma == mb:
        if da is not None and db is not None:
            adjust += 0.03 if da == db else -0.08
        return adjust
    if da is not None and db is not None and (ma, da) == (db, mb):
        return adjust - 0.03  # day and month swapped (US order or a typing slip)
    return adjust - 0.12


def person_score(  # noqa: PLR0917 - the agreed public signature
    given_a: str,
    family_a: str,
    given_b: str,
    family_b: str,
    birth_a: Birth | None = None,
    birth_b: Birth | None = None,
) -> float:
    """Two persons: their names (given and family, swaps allowed) and birth dates."""
    names = name_score(f"{given_a} {family_a}", f"{given_b} {family_b}")
    return max(0.0, min(1.0, names + birth_adjustment(birth_a, birth_b)))
