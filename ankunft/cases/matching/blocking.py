"""Blocking keys: the few short strings a person is indexed by, so that the candidates for a
new person are the persons sharing a key (an index lookup, not a scan of two million rows).

Per person at most four keys of at most 29 characters, built from the Kölner Phonetik codes
of the canonical first given name and family name (known variants folded to their group, so
Oleksandr and Alexander share a code):

- ``p:`` both codes, sorted — the main key; sorted, so swapped names share it;
- ``x:`` one name's code plus the first two digits of the other's, for each of the two —
  keeps a pair whose other name has a typo or an added second family name;
- the pair key again with the second given name, when there is one ("Maria Elena Rusu" is
  also found as "Elena Rusu").
"""

from __future__ import annotations

from ankunft.cases.matching.kolner import kolner
from ankunft.cases.matching.normalise import group, tokens

KEYS_VERSION = 1
"""Raise when the rules, tables or key layout change: stored keys must then be rebuilt."""
CODE_LENGTH = 12
MAX_KEYS = 4
KEY_LENGTH = 32


def _code(token: str, family: bool = False) -> str:
    if family and len(token) >= 6 and token[:2] in ("al", "el"):  # noqa: PLR2004
        token = token[2:]  # "Alhassan" = "Al Hassan" (the article alone is dropped as a token)
    # Kölner Phonetik ignores h; g goes too, for Ukrainian h = Russian g (Hanna, Ganna) and
    # Greek gi = yi (Giannis, Yiannis)
    return kolner(group(token).replace("g", "h"))[:CODE_LENGTH]


def _pair(a: str, b: str) -> str:
    return "p:" + "|".join(sorted((a, b)))


def blocking_keys(given: str, family: str) -> set[str]:
    """The blocking keys of a person (empty when neither name has a letter)."""
    given_tokens, family_tokens = tokens(given), tokens(family)
    fam = _code("".join(family_tokens), family=True) if family_tokens else ""
    first = _code(given_tokens[0]) if given_tokens else ""
    if not fam or not first:
        single = fam or first
        return {"s:" + single} if single else set()
    keys = {_pair(first, fam), f"x:{first}/{fam[:2]}", f"x:{fam}/{first[:2]}"}
    if len(given_tokens) > 1:
        keys.add(_pair(_code(given_tokens[1]), fam))
    return keys
