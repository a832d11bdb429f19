"""Schemas of the persons API. Special-category fields (health, disability, religion) are
optional and left out of an answer for the roles that may not see them."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

import datetime as dt

from ninja import Field, Schema

from ankunft.core.apitools import DbId

Name = Field(..., min_length=1, max_length=200)


class Birth(Schema):
    """A partial date of birth: the year; year and month; or a whole date."""

    year: int | None = Field(None, ge=1, le=9999)
    month: int | None = Field(None, ge=1, le=12)
    day: int | None = Field(None, ge=1, le=31)
    estimated: bool = False


class SpellingIn(Schema):
    given_names: str = Field("", max_length=200)
    family_name: str = Field(..., min_length=1, max_length=200)


class PersonPatch(Schema):
    """Fields to change (all optional; what is left out stays as it is)."""

    given_names: str | None = Field(None, min_length=1, max_length=200)
    family_name: str | None = Field(None, min_length=1, max_length=200)
    given_names_original: str | None = Field(None, max_length=200)
    family_name_original: str | None = Field(None, max_length=200)
    birth: Birth | None = None
    gender: str | None = Field(None, max_length=20)
    relation: str | None = Field(None, max_length=20)
    nationalities: list[str] | None = Field(None, max_length=10)
    languages: list[str] | None = Field(None, max_length=20)
    interpreter_needed: bool | None = None
    interpreter_language: str | None = Field(None, max_length=10)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    address: str | None = Field(None, max_length=300)
    district_id: DbId | None = None
    arrival_date: dt.date | None = None
    residence_status: str | None = Field(None, max_length=30)
    residence_valid_until: dt.date | None = None
    health: str | None = Field(None, max_length=5000)
    disability: str | None = Field(None, max_length=5000)
    religion: str | None = Field(None, max_length=200)
    spellings: list[SpellingIn] = Field([], max_length=20)


class PersonIn(PersonPatch):
    given_names: str = Name
    family_name: str = Name


class PersonListOut(Schema):
    id: int
    given_names: str
    family_name: str
    birth: Birth
    household_id: int | None


class SpellingOut(Schema):
    given_names: str
    family_name: str


class LegalDomainOut(Schema):
    id: int
    domain: str
    start: dt.date
    end: dt.date | None


class PersonOut(PersonListOut):
    given_names_original: str
    family_name_original: str
    gender: str
    relation: str
    nationalities: list[str]
    languages: list[str]
    interpreter_needed: bool
    interpreter_language: str
    phone: str
    email: str
    address: str
    district_id: int | None
    arrival_date: dt.date | None
    residence_status: str
    residence_valid_until: dt.date | None
    team_id: int
    health: str | None = None
    disability: str | None = None
    religion: str | None = None
    spellings: list[SpellingOut]
    legal_domains: list[LegalDomainOut]
    case_ids: list[int]
    changed: list[str] | None = None


class CandidateOut(Schema):
    person: PersonListOut
    score: float


class MergeIn(Schema):
    other_id: DbId = Field(..., description="The record merged into this one (then deleted)")


class HouseholdIn(Schema):
    label: str = Name
    address: str = Field("", max_length=300)
    district_id: DbId | None = None
    members: list[PersonIn] = Field(..., min_length=1, max_length=20)
    main: int = Field(0, ge=0, le=19, description="Index of the member whose case is opened")


class HouseholdOut(Schema):
    household_id: int
    person_ids: list[int]
    case_id: int
    case_number: str


class LegalDomainIn(Schema):
    domain: str = Field(..., max_length=20)
    start: dt.date


class SettingsIo(Schema):
    residence_statuses: list[str] = Field(..., max_length=20)
    no_contact_weeks: int = Field(..., ge=0, le=32767)
    consent_warning_days: int = Field(..., ge=0, le=32767)
    residence_warning_days: int = Field(..., ge=0, le=32767)
    retention_days: int = Field(..., ge=0, le=2_000_000)
