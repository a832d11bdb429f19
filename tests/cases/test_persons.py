"""Persons: intake of a household (all or nothing), partial dates, residence statuses,
likely duplicates, legal domains, merge, settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from ankunft.cases.matching import blocking_keys
from ankunft.cases.models import (
    Case,
    CaseEvent,
    CaseSettings,
    Consent,
    Household,
    LegalDomainPeriod,
    NameKey,
    Person,
    PersonMerge,
    PersonName,
)
from ankunft.cases.selectors import worklist as wl
from ankunft.cases.selectors.persons import likely_duplicates, person_search
from ankunft.cases.services.merge import person_merge
from ankunft.cases.services.persons import PersonData, case_settings
from ankunft.cases.services.persons_intake import Intake, MemberError, household_intake
from ankunft.cases.services.persons_records import (
    case_settings_update,
    legal_domain_change,
    spelling_add,
)
from ankunft.core.models import AuditAction, AuditEntry, Role
from tests import factories
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(town):
    return factories.team(town)


@pytest.fixture
def worker(town, team):
    return factories.user(Role.CASE_WORKER, town, team=team)


@pytest.fixture
def lead(town, team):
    return factories.user(Role.TEAM_LEAD, town, team=team)


def member(given="Leyla", family="Aydın", **values):
    return PersonData({"given_names": given, "family_name": family, **values})


def _counts():
    return (Household.objects.count(), Person.objects.count(), Case.objects.count())


# Intake ----------------------------------------------------------------------------------


def test_intake_of_a_family_creates_household_members_and_the_main_persons_case(worker):
    result = household_intake(
        actor=worker,
        intake=Intake(
            label="Familie Aydın",
            address="Weseler Straße 9",
            members=[
                member(birth_year=1985, birth_month=3, birth_day=14, relation="head"),
                member("Deniz", birth_year=2015, birth_estimated=True, relation="child"),
                member("Can", birth_year=2019, birth_month=7, relation="child"),
            ],
        ),
    )
    assert [p.given_names for p in result.persons] == ["Leyla", "Deniz", "Can"]
    assert {p.household_id for p in result.persons} == {result.household.pk}
    assert {p.address for p in result.persons} == {"Weseler Straße 9"}
    assert result.case.person == result.persons[0]
    assert (result.case.team, result.case.worker) == (worker.team, worker)
    assert result.persons[1].birth_display() == "~2015"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"birth_year": 1990, "birth_month": 2, "birth_day": 30}, "birth_day"),
        ({"birth_year": 2999}, "birth_year"),
        ({"birth_month": 5}, "birth_year"),
        ({"residence_status": "none"}, "residence_status"),
        ({"arrival_date": dt.date(2999, 1, 1)}, "arrival_date"),
    ],
)
def test_intake_refuses_a_member_and_saves_nothing(worker, values, field):
    """Impossible dates (30.02.), future dates, a status the municipality does not record."""
    before = _counts()
    with pytest.raises(MemberError) as caught:
        household_intake(
            actor=worker,
            intake=Intake(label="Familie X", members=[member(), member("Deniz", **values)]),
        )
    assert caught.value.index == 1
    assert field in caught.value.error.error_dict
    assert _counts() == before


def test_intake_page_all_or_nothing_with_errors_shown(client, worker):
    client.force_login(worker)
    data = {
        "label": "Familie Aydın",
        "form-TOTAL_FORMS": "3",  # the third member was added and left empty: left out
        "form-INITIAL_FORMS": "0",
        "form-0-given_names": "Leyla",
        "form-0-family_name": "Aydın",
        "form-1-given_names": "Deniz",
        "form-1-family_name": "Aydın",
        "form-1-birth_year": "2015",
        "form-1-birth_month": "2",
        "form-1-birth_day": "30",
    }
    before = _counts()
    response = client.post(reverse("cases:intake"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert any(m in body for m in ("Dieses Geburtsdatum gibt es nicht.", "does not exist"))
    assert _counts() == before
    data["form-1-birth_day"] = "28"
    response = client.post(reverse("cases:intake"), data)
    assert response.status_code == 302
    assert _counts() == (before[0] + 1, before[1] + 2, before[2] + 1)


def test_intake_page_offers_only_allowed_statuses_and_explains_them(client, worker, town):
    client.force_login(worker)
    page = client.get(reverse("cases:intake")).content.decode()
    assert 'value="toleration"' in page
    assert 'value="none"' not in page
    assert "§ 87 AufenthG" in page
    assert 'hx-trigger="keyup changed delay:400ms"' in page
    add = client.post(
        reverse("cases:intake"),
        {"label": "F", "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0",
         "form-0-given_names": "Leyla", "add": "1"},
    )  # fmt: skip
    assert 'name="form-1-given_names"' in add.content.decode()
    assert 'value="Leyla"' in add.content.decode()


def test_intake_needs_a_team(town):
    lonely = factories.user(Role.CASE_WORKER, town)
    with pytest.raises(ValidationError):
        household_intake(actor=lonely, intake=Intake(label="F", members=[member()]))


# Likely duplicates ----------------------------------------------------------------------


def test_likely_duplicates_by_same_name_and_swapped_order(worker, team, town):
    known = cf.person(town, team, "Ivan", "Petrov")
    assert [c.person for c in likely_duplicates(worker, "Ivan", "Petrov")] == [known]
    assert [c.person for c in likely_duplicates(worker, "Petrov", "Ivan")] == [known]
    assert likely_duplicates(worker, "Amina", "Haddad") == []


def test_likely_duplicates_across_scripts_through_the_spelling_as_in_the_documents(
    worker, team, town
):
    """ "Иван Петров" and "Ivan Petrov": the record keeps the name as in the documents, so
    the lookup finds it in either script. (The placeholder matcher compares names within
    one script; the real matcher also transliterates, which this test does not rely on.)"""
    known = cf.person(
        town, team, "Ivan", "Petrov", given_names_original="Иван", family_name_original="Петров"
    )
    assert [c.person for c in likely_duplicates(worker, "Иван", "Петров")] == [known]
    assert [c.person for c in likely_duplicates(worker, "Ivan", "Petrov")] == [known]


def test_likely_duplicates_only_visible_persons_and_audited_in_one_entry_each(worker, team, town):
    mine = cf.person(town, team, "Ivan", "Petrov")
    cf.person(town, factories.team(town), "Ivan", "Petrov")  # another team: not shown
    before = AuditEntry.objects.count()
    found = likely_duplicates(worker, "Ivan", "Petrov")
    assert [c.person for c in found] == [mine]
    assert AuditEntry.objects.count() == before + 1


def test_duplicates_fragment(client, worker, team, town):
    known = cf.person(town, team, "Ivan", "Petrov")
    client.force_login(worker)
    response = client.get(
        reverse("cases:duplicates"),
        {"prefix": "form-0", "form-0-given_names": "Ivan", "form-0-family_name": "Petrov"},
    )
    assert reverse("cases:person_detail", args=[known.pk]) in response.content.decode()


def test_search_by_key_and_prefix(worker, team, town):
    ivan = cf.person(town, team, "Ivan", "Petrov", spellings=[("Iwan", "Petrow")])
    assert list(person_search(worker, "Petr")) == [ivan]
    assert list(person_search(worker, "Petrow")) == [ivan]
    assert list(person_search(worker, "Haddad")) == []


def test_search_finds_only_what_the_user_may_see_and_audits_the_page(
    client, worker, team, town, other_town
):
    """The UNION of the ways a name is found stays inside the permission layer: the other
    team, the other municipality and a role without the cases find nothing (the page and
    the API refuse that role); the list audits the persons it shows."""
    ivan = cf.person(town, team, "Ivan", "Petrov", spellings=[("Iwan", "Petrow")])
    there = factories.team(other_town)
    twin = cf.person(other_town, there, "Ivan", "Petrov")
    colleague_b = factories.user(Role.CASE_WORKER, town, team=factories.team(town))
    foreign = factories.user(Role.CASE_WORKER, other_town, team=there)
    finance = factories.user(Role.FINANCE, town)
    for text in ("Petr", "Petrow", "Ivan"):
        assert list(person_search(worker, text)) == [ivan]
        assert list(person_search(colleague_b, text)) == []
        assert list(person_search(finance, text)) == []
        assert ivan not in person_search(foreign, text)
    assert list(person_search(foreign, "Petr")) == [twin]
    client.force_login(finance)
    assert client.get(reverse("cases:person_list"), {"q": "Petr"}).status_code == 403
    assert client.get("/api/cases/persons", {"q": "Petr"}).status_code == 403
    client.force_login(worker)
    assert "Petrov" in client.get(reverse("cases:person_list"), {"q": "Petr"}).content.decode()
    assert AuditEntry.objects.filter(
        actor=worker, action=AuditAction.READ, object_type="cases.person", object_id=ivan.pk
    ).exists()
    assert not AuditEntry.objects.filter(actor=worker, object_id=twin.pk).exists()


# Legal domains ---------------------------------------------------------------------------


def test_legal_domain_change_closes_the_open_period_and_writes_events(worker, team, town):
    case = cf.case(town, team, worker)
    person = case.person
    first = legal_domain_change(
        actor=worker, person=person, domain="asylblg", start=dt.date(2024, 1, 1)
    )
    legal_domain_change(actor=worker, person=person, domain="sgb2", start=dt.date(2025, 3, 1))
    first.refresh_from_db()
    assert first.end == dt.date(2025, 2, 28)
    assert LegalDomainPeriod.objects.get(person=person, end__isnull=True).domain == "sgb2"
    events = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.LEGAL_DOMAIN)
    assert [(e.from_value, e.to_value) for e in events] == [("", "asylblg"), ("asylblg", "sgb2")]
    with pytest.raises(ValidationError):  # before the open period
        legal_domain_change(actor=worker, person=person, domain="sgb3", start=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError):  # in the future
        legal_domain_change(
            actor=worker, person=person, domain="sgb3",
            start=dt.date(2999, 1, 1),
        )  # fmt: skip


# Merge -----------------------------------------------------------------------------------


def test_merge_moves_everything_and_keeps_history(lead, worker, team, town):
    keep_case = cf.case(town, team, worker, given="Ivan", family="Petrov")
    keep = keep_case.person
    merge_case = cf.case(
        town, team, worker, given="Iwan", family="Petrow", phone="0203 1", birth_year=1980
    )
    merged = merge_case.person
    spelling_add(actor=worker, person=merged, given="Ivan", family="Petroff")
    Consent.objects.create(
        municipality=town, person=merged, purpose="case_management", legal_basis="consent",
        form="written", given_on=dt.date(2025, 1, 1),
    )  # fmt: skip
    legal_domain_change(actor=worker, person=merged, domain="sgb2", start=dt.date(2025, 1, 1))
    merged_pk = merged.pk
    record = person_merge(actor=lead, keep=keep, merge=merged)
    keep.refresh_from_db()
    assert not Person.objects.filter(pk=merged_pk).exists()
    assert set(Case.objects.filter(person=keep)) == {keep_case, merge_case}
    assert Consent.objects.filter(person=keep).count() == 1
    assert LegalDomainPeriod.objects.filter(person=keep).count() == 1
    names = {(s.given_names, s.family_name) for s in PersonName.objects.filter(person=keep)}
    assert names == {("Iwan", "Petrow"), ("Ivan", "Petroff")}
    assert keep.phone == "0203 1"
    assert keep.birth_year == 1990  # the kept record's date stays
    # The merged record's spellings are searched through the kept record's keys now.
    keys = set(NameKey.objects.filter(person=keep).values_list("key", flat=True))
    assert blocking_keys("Ivan", "Petroff") <= keys
    assert (record.kept, record.merged_id, record.merged_by) == (keep, merged_pk, lead)
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.MERGED).count() == 2
    assert CaseEvent.objects.filter(case=merge_case, kind=CaseEvent.Kind.OPENED).exists()
    actions = set(
        AuditEntry.objects.filter(object_type="cases.person").values_list("action", "object_id")
    )
    assert {(AuditAction.UPDATE, str(keep.pk)), (AuditAction.DELETE, str(merged_pk))} <= actions
    assert PersonMerge.objects.count() == 1


def test_merge_refuses_itself_other_teams_and_other_roles(lead, worker, team, town, other_town):
    keep = cf.person(town, team, "Ivan", "Petrov")
    with pytest.raises(ValidationError):
        person_merge(actor=lead, keep=keep, merge=keep)
    elsewhere = cf.person(town, factories.team(town), "Ivan", "Petrov")
    with pytest.raises(Http404):
        person_merge(actor=lead, keep=keep, merge=elsewhere)
    far = cf.person(other_town, factories.team(other_town), "Ivan", "Petrov")
    with pytest.raises(Http404):
        person_merge(actor=lead, keep=keep, merge=far)
    from django.core.exceptions import PermissionDenied  # noqa: PLC0415

    with pytest.raises(PermissionDenied):
        person_merge(actor=worker, keep=keep, merge=cf.person(town, team, "Ivan", "Petrov"))
    assert Person.objects.filter(pk__in=[keep.pk, elsewhere.pk, far.pk]).count() == 3


# Settings --------------------------------------------------------------------------------


def test_settings_change_and_refusals(town):
    head = factories.user(Role.HEAD_OF_KI, town)
    changed = case_settings_update(
        actor=head, values={"residence_statuses": ["toleration", "permit"], "retention_days": 60}
    )
    assert changed == ["residence_statuses", "retention_days"]
    assert case_settings(town).residence_statuses == ["permit", "toleration"]
    with pytest.raises(ValidationError):
        case_settings_update(actor=head, values={"retention_days": 29})
    with pytest.raises(ValidationError):
        case_settings_update(actor=head, values={"residence_statuses": ["martian"]})
    assert case_settings(town).retention_days == 60


def test_reading_the_settings_writes_nothing(town):
    """The settings page, the residence check and the work list read the defaults; the
    record is created by the first change only."""
    head = factories.user(Role.HEAD_OF_KI, town)
    assert case_settings(town).retention_days == 3 * 365
    assert wl.periods(head).no_contact_weeks == case_settings(town).no_contact_weeks
    assert not CaseSettings.objects.filter(municipality=town).exists()
    with pytest.raises(ValidationError):
        case_settings_update(actor=head, values={"retention_days": 29})
    assert not CaseSettings.objects.filter(municipality=town).exists()
    case_settings_update(actor=head, values={"retention_days": 60})
    assert CaseSettings.objects.get(municipality=town).retention_days == 60


def test_settings_page_shows_the_explanation(client, town):
    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    assert "§ 87 AufenthG" in client.get(reverse("cases:settings")).content.decode()
    response = client.post(
        reverse("cases:settings"),
        {"no_contact_weeks": "6", "consent_warning_days": "30",
         "residence_warning_days": "60", "retention_days": "10"},
    )  # fmt: skip
    assert response.status_code == 200
    assert case_settings(town).retention_days == 3 * 365


# Person pages ----------------------------------------------------------------------------


def test_detail_shows_special_categories_only_to_case_roles(client, worker, team, town):
    p = cf.person(town, team, health="Diabetes")
    client.force_login(worker)
    assert "Diabetes" in client.get(reverse("cases:person_detail", args=[p.pk])).content.decode()
    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    body = client.get(reverse("cases:person_detail", args=[p.pk])).content.decode()
    assert "Diabetes" not in body
    assert p.given_names in body


def test_edit_shows_the_changed_fields(client, worker, team, town):
    p = cf.person(town, team)
    client.force_login(worker)
    response = client.post(
        reverse("cases:person_edit", args=[p.pk]),
        {"given_names": "Ana", "family_name": "Popescu", "birth_year": "1990",
         "phone": "0203 55", "nationalities": "ro, md"},
    )  # fmt: skip
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.phone, p.nationalities) == ("0203 55", ["RO", "MD"])
    page = client.get(response["Location"]).content.decode()
    assert any(m in page for m in ("Geändert: ", "Changed: "))
    bad = client.post(
        reverse("cases:person_edit", args=[p.pk]),
        {"given_names": "Ana", "family_name": "Popescu", "nationalities": "XX"},
    )
    assert bad.status_code == 200
    assert "XX" in bad.content.decode()
