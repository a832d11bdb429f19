"""Likely-duplicate person names across spellings and scripts (pure functions, no models).

`normalise` folds a name into canonical Latin tokens, `name_score`/`person_score` rate a pair
0..1 (`THRESHOLD` decides), `blocking_keys` gives the few short keys a person is indexed by so
that candidates are an index lookup. `evaluate` measures it on the labelled pairs in `data/`.
"""

from __future__ import annotations

from ankunft.cases.matching.blocking import KEYS_VERSION, blocking_keys
from ankunft.cases.matching.kolner import kolner
from ankunft.cases.matching.normalise import normalise
from ankunft.cases.matching.score import THRESHOLD, name_score, person_score

__all__ = [
    "KEYS_VERSION",
    "THRESHOLD",
    "blocking_keys",
    "kolner",
    "name_score",
    "normalise",
    "person_score",
]
