"""Groupings of the people tables: age bands, nationality groups, the state of a case.

Nationality groups follow the continents as German statistics report them (the EU and the
EEA first, Türkei and the Caucasus with "other Europe"); a code not listed, an empty list
or the stateless code counts as "stateless or unknown".
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Age at opening, completed years: (label, lowest age, highest age or None).
AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("0–5", 0, 5),
    ("6–17", 6, 17),
    ("18–26", 18, 26),
    ("27–44", 27, 44),
    ("45–64", 45, 64),
    ("65+", 65, None),
]
AGE_UNKNOWN = "unknown"

STATE_OPEN = "open"
STATE_CLOSED = "closed"
STATES: list[tuple[str, Promise]] = [
    (STATE_OPEN, _("still open")),
    (STATE_CLOSED, _("closed")),
]

EU_EEA = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO"
OTHER_EUROPE = "AL AD AM AZ BY BA CH FO GB GE GI XK MD MC ME MK RU SM RS TR UA VA"
MENA = "DZ BH EG IR IQ IL JO KW LB LY MA OM PS QA SA SY TN AE YE EH"
AFRICA = (
    "AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR MG MW "
    "ML MR MU MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG UG ZM ZW"
)
ASIA = (
    "AF BD BT BN KH CN HK IN ID JP KZ KP KR KG LA MO MY MV MN MM NP PK PH SG LK TW TJ TH "
    "TL TM UZ VN"
)
AMERICAS_OCEANIA = (
    "AG AR BS BB BZ BO BR CA CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN "
    "LC VC SR TT US UY VE AU NZ FJ PG SB VU WS TO KI TV NR PW FM MH"
)
UNKNOWN_GROUP = "unknown"

# (key, label, ISO 3166 alpha-2 codes), in the order of the table.
NATIONALITY_GROUPS: list[tuple[str, Promise, list[str]]] = [
    ("eu", _("EU/EEA"), EU_EEA.split()),
    ("europe", _("other Europe"), OTHER_EUROPE.split()),
    ("mena", _("Middle East and North Africa"), MENA.split()),
    ("africa", _("rest of Africa"), AFRICA.split()),
    ("asia", _("Asia"), ASIA.split()),
    ("americas", _("Americas and Oceania"), AMERICAS_OCEANIA.split()),
]
NATIONALITY_UNKNOWN_LABEL = _("stateless or unknown")


def nationality_group(codes: list[str] | None) -> str:
    """The group of a person's first nationality (the Python twin of the query's CASE)."""
    first = codes[0] if codes else None
    for key, _label, members in NATIONALITY_GROUPS:
        if first in members:
            return key
    return UNKNOWN_GROUP


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return AGE_UNKNOWN
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return AGE_UNKNOWN
