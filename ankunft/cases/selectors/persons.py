"""Reads of persons: likely duplicates, the search list, a person's page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ankunft.cases import access
from ankunft.cases.matching import THRESHOLD, blocking_keys, person_score
from ankunft.cases.models import Case, LegalDomainPeriod, NameKey, Person, PersonMerge, PersonName
from ankunft.cases.selectors import cases_visible, person_fields, person_get, persons_visible
from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction, District

Birth = tuple[int | None, int | None, int | None]
#: What a candidate list and the search list show of each person.
LIST_FIELDS = ["given_names", "family_name", "birth_year", "birth_month", "birth_day"]
# Bound the persons scored per lookup: a common key ("moha") must not score thousands.
MAX_SCORED = 200
PERSON_KEYS = ("family_name", "given_names", "id")


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: float


def _names(p: Person) -> list[tuple[str, str]]:
    names = [(p.given_names, p.family_name)]
    if p.family_name_original or p.given_names_original:
        names.append((p.given_names_original, p.family_name_original))
    names += [(s.given_names, s.family_name) for s in p.spellings.all()]
    return names


def likely_duplicates(
    user: Any,
    given: str,
    family: str,
    birth: Birth | None = None,
    limit: int = 5,
    *,
    exclude: int | None = None,
    audit_read: bool = True,
) -> list[Candidate]:
    """Persons the user may see whose name (any spelling) likely is this one, best first.

    Found by blocking key (an index lookup), ranked with the matcher's `person_score`; the
    candidates shown are audited in one INSERT (`audit_read=False`: the caller audits them
    with its other records)."""
    keys = blocking_keys(given or "", family or "")
    if not keys:
        return []
    # The user's municipality leads the key index (`namekey_town_key`); without it every
    # municipality's keys would be read.
    ids = NameKey.objects.filter(municipality_id=user.municipality_id, key__in=keys)
    rows = persons_visible(user).filter(pk__in=ids.values("person_id"))
    rows = rows.prefetch_related("spellings")
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    found = []
    for p in rows.order_by("-id")[:MAX_SCORED]:
        score = max(
            person_score(given or "", family or "", g, f, birth, p.birth) for g, f in _names(p)
        )
        if score >= THRESHOLD:
            found.append(Candidate(p, round(score, 2)))
    found.sort(key=lambda c: (-c.score, c.person.family_name, c.person.pk))
    shown = found[:limit]
    if audit_read:
        audit_many(user, AuditAction.READ, [c.person for c in shown], fields=LIST_FIELDS)
    return shown


def person_search(user: Any, query: str = "") -> QuerySet[Person]:
    """The persons the user may see, found by a name's blocking keys or its beginning."""
    rows = persons_visible(user).select_related("household")
    words = " ".join(query.split())
    if not words:
        return rows
    # One semi-join on the UNION of the ids each way finds (each an index scan within the
    # municipality: keys, spellings, and the three name prefixes, see migration 0004),
    # instead of an OR the planner can only answer by reading every visible person.
    town = user.municipality_id
    found = NameKey.objects.filter(municipality_id=town, key__in=blocking_keys(words, ""))
    spelled = PersonName.objects.filter(municipality_id=town, family_name__istartswith=words)
    ways: list[QuerySet[Any]] = [found.values("person_id"), spelled.values("person_id")]
    ways += [
        Person.objects.filter(municipality_id=town, **{f"{name}__istartswith": words})
        .order_by()
        .values("id")
        for name in ("family_name", "given_names", "family_name_original")
    ]
    return rows.filter(pk__in=ways[0].union(*ways[1:]))


def audit_list(user: Any, persons: list[Person]) -> None:
    """A list page shows names and dates of birth: one entry per person shown."""
    audit_many(user, AuditAction.READ, persons, fields=LIST_FIELDS)


@dataclass
class PersonPage:
    person: Person
    fields: list[str]
    members: list[Person] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    spellings: list[PersonName] = field(default_factory=list)
    legal_domains: list[LegalDomainPeriod] = field(default_factory=list)
    merges: list[PersonMerge] = field(default_factory=list)
    duplicates: list[Candidate] = field(default_factory=list)


def person_page(user: Any, pk: int, *, duplicates: bool = False) -> PersonPage:
    """A person with household members, cases, spellings and legal-domain history.

    One entry per person shown (the person and the household members, whose names and
    dates appear), all in one INSERT; the person's own cases, spellings and periods are
    parts of their record and covered by their entry. With `duplicates` (for those who
    may merge) the likely other records of the person are shown and audited too."""
    person = persons_visible(user).select_related("household", "district").filter(pk=pk).first()
    if person is None:
        raise Http404
    members: list[Person] = []
    if person.household_id is not None:
        members = list(
            persons_visible(user).filter(household_id=person.household_id).exclude(pk=person.pk)
        )
    fields = person_fields(user)
    twins = (
        likely_duplicates(
            user, person.given_names, person.family_name, person.birth,
            exclude=person.pk, audit_read=False,
        )
        if duplicates
        else []
    )  # fmt: skip
    audit_many(
        user, AuditAction.READ, [person, *members, *(c.person for c in twins)], fields=fields
    )
    return PersonPage(
        person=person,
        fields=fields,
        members=members,
        cases=list(cases_visible(user).filter(person=person).select_related("team", "worker")),
        spellings=list(person.spellings.all()),
        legal_domains=list(person.legal_domains.order_by("-start")),
        merges=list(person.merges.order_by("-merged_at")),
        duplicates=twins,
    )


def person_for_change(user: Any, pk: int, permission: str = access.WORK) -> Person:
    """A person the user may change (audited as a read of the fields shown in the form)."""
    return person_get(user, pk, permission=permission)


def district_choices(user: Any) -> QuerySet[District]:
    return District.objects.for_user(user).order_by("name")


def merge_pair(user: Any, pk: int, other: int) -> tuple[Person, Person]:
    """The two records a merge would join, if the user may merge both (else 404); the
    confirmation shows both side by side: one entry each, in one INSERT."""
    found = {p.pk: p for p in persons_visible(user, access.MERGE).filter(pk__in=[pk, other])}
    if pk not in found or other not in found:
        raise Http404
    audit_many(user, AuditAction.READ, list(found.values()), fields=person_fields(user))
    return found[pk], found[other]
