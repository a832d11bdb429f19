"""Demo data of the core: Duisburg with its districts and teams, one user per role, and a
second municipality so that tenant isolation can be seen."""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from ankunft.core import mfa
from ankunft.core.models import District, Municipality, Role, Team, User
from ankunft.core.roles import seed_default_roles

DEMO_PASSWORD = "ankunft-demo-2026"  # noqa: S105 - published demo login, printed by make demo
#: The published TOTP secret of every demo login whose role requires a second factor
#: (20 bytes, hex as django-otp stores it). Printed by `make demo`: never use demo data live.
DEMO_TOTP_KEY = b"ankunft-demo-totp-26".hex()

DUISBURG_BOROUGHS = [
    "Walsum",
    "Hamborn",
    "Meiderich/Beeck",
    "Homberg/Ruhrort/Baerl",
    "Mitte",
    "Rheinhausen",
    "Süd",
]
HAMBORN_QUARTERS = ["Marxloh", "Obermarxloh", "Neumühl", "Alt-Hamborn", "Röttgersbach"]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    team: str | None = None


DUISBURG_USERS = [
    DemoUser("caseworker", Role.CASE_WORKER, "Aylin", "Demir", "Team Marxloh"),
    DemoUser("caseworker2", Role.CASE_WORKER, "Jonas", "Becker", "Team Hamborn-Nord"),
    DemoUser("teamlead", Role.TEAM_LEAD, "Marta", "Nowak", "Team Marxloh"),
    DemoUser("head", Role.HEAD_OF_KI, "Sabine", "Krüger"),
    DemoUser("finance", Role.FINANCE, "Thomas", "Wagner"),
    DemoUser("dpo", Role.DPO, "Elif", "Yıldız"),
    DemoUser("provider", Role.PROVIDER, "Ion", "Popescu"),
    DemoUser("interpreter", Role.INTERPRETER, "Olena", "Kovalenko"),
]
OTHER_USERS = [
    DemoUser("muster-head", Role.HEAD_OF_KI, "Petra", "Muster"),
    DemoUser("muster-caseworker", Role.CASE_WORKER, "Max", "Muster", "Team Mitte"),
]


def _user(spec: DemoUser, municipality: Municipality | None) -> User:
    team = (
        Team.objects.get_or_create(municipality=municipality, name=spec.team)[0]
        if spec.team and municipality
        else None
    )
    user, created = User.objects.get_or_create(
        username=spec.username,
        defaults={
            "role": spec.role,
            "municipality": municipality,
            "team": team,
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@example.org",
            "is_staff": spec.role == Role.OPERATOR,
            "is_superuser": spec.role == Role.OPERATOR,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if mfa.required(user) and mfa.confirmed_device(user) is None:
        TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True)
    return user


@transaction.atomic
def load() -> Municipality:
    """Create (or keep) the core demo records; returns Duisburg. Safe to run twice."""
    duisburg, _ = Municipality.objects.get_or_create(
        slug="duisburg", defaults={"name": "Duisburg", "official_key": "05112000"}
    )
    boroughs = {
        name: District.objects.get_or_create(
            municipality=duisburg, name=name, defaults={"kind": District.Kind.BOROUGH}
        )[0]
        for name in DUISBURG_BOROUGHS
    }
    seed_default_roles(duisburg)
    for name in HAMBORN_QUARTERS:
        District.objects.get_or_create(
            municipality=duisburg,
            name=name,
            defaults={"kind": District.Kind.QUARTER, "parent": boroughs["Hamborn"]},
        )
    for spec in DUISBURG_USERS:
        _user(spec, duisburg)
    _user(DemoUser("operator", Role.OPERATOR, "Olaf", "Betrieb"), None)

    other, _ = Municipality.objects.get_or_create(
        slug="musterstadt", defaults={"name": "Musterstadt", "content_languages": ["de", "en"]}
    )
    District.objects.get_or_create(
        municipality=other, name="Mitte", defaults={"kind": District.Kind.BOROUGH}
    )
    seed_default_roles(other)
    for spec in OTHER_USERS:
        _user(spec, other)
    return duisburg


def demo_secret() -> str:
    """The demo's TOTP secret in base32, as an authenticator app takes it."""
    return b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")


def demo_code() -> str:
    """The code of the demo secret now (`ankunft demo-code`)."""
    return mfa.totp_code(TOTPDevice(key=DEMO_TOTP_KEY))


def second_factor_logins() -> list[str]:
    """The demo logins that ask for a code after the password."""
    return [u.username for u in User.objects.filter(totpdevice__key=DEMO_TOTP_KEY).distinct()]


def logins() -> list[tuple[str, str, str]]:
    """(username, role label, municipality) of every demo login, for `make demo`."""
    rows = [(u.username, str(Role(u.role).label), "Duisburg") for u in DUISBURG_USERS]
    rows.append(("operator", str(Role.OPERATOR.label), "—"))
    rows += [(u.username, str(Role(u.role).label), "Musterstadt") for u in OTHER_USERS]
    return rows
