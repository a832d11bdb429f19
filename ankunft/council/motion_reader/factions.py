"""Names of German council factions and how papers spell them.

A paper names its movers in many ways ("Bündnis 90/die Grünen Fraktion",
"GRÜNE-Gemeinderatsfraktion", "(Die Linke)", "KAL/Die PARTEI-Gemeinderatsfraktion").
``faction_names`` turns such a phrase into short names in order of appearance.
"""

from __future__ import annotations

import re

# (canonical short name, pattern). Longer, more specific spellings come first so that
# "Bündnis 90/Die Grünen" is not also read as "Die …" or "90".
_FACTIONS: tuple[tuple[str, str], ...] = (
    ("GRÜNE", r"B(?:ündnis|ÜNDNIS)\s?(?:90|`90|'90)?\s?/?\s?(?:die|DIE|Die)\s+G(?:rünen|RÜNEN)"),
    ("GRÜNE", r"B[`'’]?\s?90\s?/?\s?(?:Die|DIE)\s+G(?:rünen|RÜNEN)|B_90|B[`'’]90"),
    ("LINKE", r"Die\s+Linke|DIE\s+LINKE|Linke|LINKE"),
    ("PARTEI", r"Die\s+P(?:ARTEI|artei)|PARTEI"),
    ("KAL", r"Karlsruher\s+Liste|KAL"),
    ("FW", r"Freie[n]?\s+Wähler|FREIE\s+WÄHLER|FW"),
    ("FÜR", r"FÜR\s+Karlsruhe|FÜR"),
    ("GRÜNE", r"(?:Die\s+|DIE\s+)?G(?:rüne|RÜNE)[Nn]?"),
    ("SPD", r"SPD"),
    ("CDU", r"CDU"),
    ("FDP", r"FDP"),
    ("AfD", r"AfD|AFD"),
    ("Volt", r"Volt|VOLT"),
    ("ÖDP", r"ÖDP"),
    ("KULT", r"KULT"),
    ("GfK", r"GfK"),
    ("BFW", r"BFW"),
    ("GLG", r"GLG"),
    ("Aufbruch", r"Aufbruch"),
)
_ANY = re.compile(
    "|".join(
        f"(?P<f{i}>(?<![\\wÄÖÜäöü])(?:{p})(?![a-zäöüß]))" for i, (_, p) in enumerate(_FACTIONS)
    )
)
# A slash between two names in one faction's name ("FDP/FW-Fraktion") makes one faction.
_JOINT = re.compile(r"^\s*/\s*(?:Die\s+)?$", re.IGNORECASE)


def faction_names(phrase: str) -> list[str]:
    """Return the factions named in ``phrase`` as short names, in order, without repeats.

    Joint factions written with a slash ("FDP/FW", "KAL/Die PARTEI") stay one name,
    except "Bündnis 90/Die Grünen", which is the party's own name.
    """
    names: list[str] = []
    last_end = -1
    for match in _ANY.finditer(phrase):
        index = next(int(key[1:]) for key, value in match.groupdict().items() if value)
        name = _FACTIONS[index][0]
        between = phrase[last_end : match.start()] if last_end >= 0 else ""
        if names and _JOINT.match(between) and name != names[-1]:
            names[-1] = f"{names[-1]}/{name}"
        else:
            names.append(name)
        last_end = match.end()
    return list(dict.fromkeys(names))
