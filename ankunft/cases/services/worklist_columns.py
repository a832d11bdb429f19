"""The columns of a case list and the check of one row (see `worklist_import`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django_stubs_ext import StrPromise

from ankunft.cases.matching import blocking_keys
from ankunft.cases.models import Case, Person, Step
from ankunft.cases.services import worklist_parsing as wp
from ankunft.core.models import District, Municipality, Team, User
from ankunft.core.parsing import parse_date
from ankunft.core.tabular import Column, Limits, Row

LIMITS = Limits(max_bytes=30 * 1024 * 1024, max_rows=100_000)


def _c(key: str, label: StrPromise, *aliases: str, required: bool = False) -> Column:
    return Column(key, label, aliases, required=required)


COLUMNS = (
    _c("given_names", _l("Given names"), "Vorname", "Vornamen", "given names", "first name",
       required=True),
    _c("family_name", _l("Family name"), "Nachname", "Familienname", "Name", "family name",
       "last name", "surname", required=True),
    _c("birth", _l("Date of birth"), "Geburtsdatum", "geboren", "Geb.-Datum", "date of birth",
       "born", "birth"),
    _c("gender", _l("Gender"), "Geschlecht", "gender", "sex"),
    _c("nationality", _l("Nationality"), "Staatsangehörigkeit", "Nationalität", "nationality",
       "citizenship"),
    _c("languages", _l("Languages"), "Sprachen", "Sprache", "languages", "language"),
    _c("phone", _l("Phone"), "Telefon", "Tel.", "Handy", "phone", "mobile"),
    _c("address", _l("Address"), "Adresse", "Anschrift", "address"),
    _c("district", _l("District"), "Stadtteil", "Ortsteil", "Bezirk", "district", "quarter"),
    _c("arrival_date", _l("Arrival date"), "Zuzug", "Zuzugsdatum", "Einreise", "arrival date",
       "arrival"),
    _c("residence_status", _l("Residence status"), "Aufenthaltsstatus", "Aufenthalt",
       "residence status"),
    _c("residence_valid_until", _l("Residence title valid until"), "gültig bis",
       "Aufenthalt gültig bis", "valid until", "residence valid until"),
    _c("legal_domain", _l("Legal domain"), "Rechtskreis", "legal domain"),
    _c("opened_on", _l("Case opened on"), "Fall eröffnet", "Aufnahmedatum", "Beginn",
       "opened on", "case opened"),
    _c("worker", _l("Case worker (user name)"), "Fallmanager", "Fallmanagerin", "Bearbeitung",
       "Benutzername", "case worker", "worker", "username"),
    _c("step", _l("Step"), "Phase", "Schritt", "Stand", "step"),
)  # fmt: skip
FIELDS = tuple(c.key for c in COLUMNS)


@dataclass
class ParsedRow:
    """One good row: the person and the case to create."""

    line: int
    given_names: str
    family_name: str
    team: Team
    worker: User | None
    opened_on: dt.date
    step: str
    legal_domain: str
    values: dict[str, object] = field(default_factory=dict)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    keys: set[str] = field(default_factory=set)

    def person(self, m: Municipality) -> Person:
        return Person(
            municipality=m,
            team=self.team,
            given_names=self.given_names,
            family_name=self.family_name,
            birth_year=self.year,
            birth_month=self.month,
            birth_day=self.day,
            **self.values,
        )

    def case(self, m: Municipality, person: Person, number: str) -> Case:
        return Case(
            municipality=m,
            number=number,
            person=person,
            team=self.team,
            worker=self.worker,
            step=self.step,
            opened_on=self.opened_on,
            last_contact_on=self.opened_on,
        )


class RowReader:
    """Checks one row after the other against the municipality's records (read once)."""

    def __init__(
        self, m: Municipality, team: Team | None, workers: dict[str, User], allowed: list[str]
    ) -> None:
        self.team = team
        self.workers = workers
        self.allowed = set(allowed)
        self.districts = {wp.normal(d.name): d for d in District.objects.filter(municipality=m)}
        self.genders = wp.gender_words()
        self.steps = wp.step_words()
        self.domains = wp.legal_domain_words()
        self.statuses = wp.residence_words()
        self.countries = wp.country_words()
        self.languages = wp.language_words()
        self.today = timezone.localdate()

    def _choice(self, row: Row, key: str, words: dict[str, str], reason: str) -> str:
        text = row.get(key)
        if not text:
            return ""
        value = words.get(wp.normal(text))
        if value is None:
            row.refuse(key, reason)
            return ""
        return value

    def _date(self, row: Row, key: str, *, past: bool = False) -> dt.date | None:
        text = row.get(key)
        if not text:
            return None
        try:
            day = parse_date(text)
        except ValueError:
            row.refuse(key, _("not a date, or a day that does not exist (write 14.03.2024)"))
            return None
        if past and day > self.today:
            row.refuse(key, _("the date lies in the future"))
            return None
        return day

    def _list(self, row: Row, key: str, words: dict[str, str], reason: str) -> list[str]:
        found, unknown = wp.lookup_all(row.get(key), words)
        if unknown:
            row.refuse(key, reason % {"names": ", ".join(unknown)})
        return found

    def _names(self, row: Row) -> tuple[str, str]:
        given = " ".join(row.get("given_names").split())
        family = " ".join(row.get("family_name").split())
        if not family:
            row.refuse("family_name", _("the family name is missing"))
        for key, value in (("given_names", given), ("family_name", family)):
            if len(value) > 200:  # noqa: PLR2004 - the field's length
                row.refuse(key, _("longer than 200 characters"))
        return given, family

    def _birth(self, row: Row) -> wp.Birth:
        text = row.get("birth")
        if not text:
            return None, None, None, False
        try:
            return wp.parse_birth(text)
        except ValueError as exc:
            row.refuse("birth", str(exc))
            return None, None, None, False

    def _people(self, row: Row) -> tuple[Team | None, User | None]:
        name = row.get("worker")
        worker = self.workers.get(name.casefold()) if name else None
        if name and worker is None:
            row.refuse("worker", _("no case worker or team lead of this user name"))
        team = self.team or (worker.team if worker else None)
        if team is None and not row.problems:
            row.refuse(None, _("no team: choose a team for the file or name a case worker"))
        return team, worker

    def _residence(self, row: Row, values: dict[str, object]) -> None:
        status = self._choice(row, "residence_status", self.statuses, _("unknown status"))
        if status and status not in self.allowed:
            row.refuse("residence_status", _("your municipality does not record this status"))
        values["residence_status"] = status
        values["residence_valid_until"] = self._date(row, "residence_valid_until")

    def __call__(self, row: Row) -> ParsedRow | None:
        given, family = self._names(row)
        team, worker = self._people(row)
        opened = self._date(row, "opened_on", past=True) or self.today
        step = self._choice(row, "step", self.steps, _("unknown step")) or Step.INTAKE
        if step == Step.CLOSED:
            row.refuse("step", _("only open cases can be imported"))
        domain = self._choice(row, "legal_domain", self.domains, _("unknown legal domain"))
        values: dict[str, object] = {
            "gender": self._choice(row, "gender", self.genders, _("unknown gender")),
            "nationalities": self._list(
                row, "nationality", self.countries, _("unknown country: %(names)s")
            ),
            "languages": self._list(
                row, "languages", self.languages, _("unknown language: %(names)s")
            ),
            "phone": row.get("phone")[:40],
            "address": row.get("address")[:300],
            "arrival_date": self._date(row, "arrival_date", past=True),
        }
        district = row.get("district")
        values["district"] = self.districts.get(wp.normal(district)) if district else None
        if district and values["district"] is None:
            row.refuse("district", _("no district of this name"))
        self._residence(row, values)
        year, month, day, values["birth_estimated"] = self._birth(row)
        if row.problems or team is None:
            return None
        parsed = ParsedRow(row.number, given, family, team, worker, opened, step, domain, values)
        parsed.year, parsed.month, parsed.day = year, month, day
        parsed.keys = blocking_keys(given, family)
        return parsed
