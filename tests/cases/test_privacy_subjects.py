"""Subject rights: the access export (JSON and PDF), erasure, restriction, requests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from ankunft.cases.models import (
    Attachment,
    Case,
    Consent,
    Need,
    Note,
    Person,
    PersonName,
    RequestKind,
    SubjectRequest,
)
from ankunft.cases.selectors.privacy import subject_access
from ankunft.cases.selectors.privacy_export import printable
from ankunft.cases.services import privacy as services
from ankunft.cases.services.persons import PersonData, person_update
from ankunft.core.audit import audit, subject_key
from ankunft.core.models import AuditAction, AuditEntry, Role
from tests import factories
from tests.cases import world_privacy as wp

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(town):
    return factories.team(town)


@pytest.fixture
def worker(town, team):
    return factories.user(Role.CASE_WORKER, town, team=team)


@pytest.fixture
def dpo(town):
    return factories.user(Role.DPO, town)


@pytest.fixture
def case(town, team, worker):
    return wp.rich_case(town, team, worker)


def _request(dpo, person, kind):
    return services.subject_request_create(
        actor=dpo, person=person, kind=kind, received_on=dt.date(2026, 11, 2)
    )


def test_subject_access_json_holds_data_of_every_kind_and_the_audit(client, dpo, worker, case):
    person = case.person
    audit(worker, AuditAction.READ, person, fields=["family_name"])
    client.force_login(dpo)
    url = reverse("cases:subject_access", args=[person.pk])
    response = client.get(url, {"format": "json"})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="subject-access-{person.pk}.json"'
    )
    data = json.loads(response.content)
    assert data["person"]["family_name"] == "Popescu"
    assert data["person"]["health"] == "Diabetes Typ 2"  # decrypted for the person
    assert data["spellings"] == [{"given_names": "Anna", "family_name": "Popesku"}]
    assert data["household"]["label"] == "Familie Popescu"
    assert data["consents"][0]["purpose"]
    assert data["legal_domains"][0]["domain"]
    assert data["participations"][0]["measure"]
    (exported,) = data["cases"]
    assert exported["number"] == case.number
    assert exported["events"]
    assert exported["needs"][0]["description"] == "Sprachkurs B1 gesucht"
    assert exported["goals"][0]["reviews"][0]["note"] == "Kurs läuft gut"
    assert exported["referrals"][0]["shared_fields"] == ["given_names", "family_name", "phone"]
    assert exported["referrals"][0]["recipient"].startswith("Sprachschule Test e.V.")
    assert exported["appointments"][0]["place"] == "Büro Marxloh, Raum 3"
    assert exported["notes"][0]["text"] == "Gespräch über die Wohnung geführt"
    assert exported["attachments"][0]["original_name"] == "Einwilligung Popescu.pdf"
    assert any(
        e["record"] == "cases.person" and e["fields"] == ["family_name"] for e in data["audit"]
    )
    # The export itself is audited as an EXPORT of the person.
    entry = AuditEntry.objects.get(request_id=response["X-Request-ID"])
    assert (entry.action, entry.object_type, entry.object_id) == (
        AuditAction.EXPORT,
        "cases.person",
        str(person.pk),
    )
    assert entry.subject_key == subject_key("cases.person", person.pk)


def test_subject_access_pdf_is_a_pdf_with_pages(client, dpo, case):
    client.force_login(dpo)
    data = subject_access(dpo, case.person.pk).data
    response = client.get(reverse("cases:subject_access", args=[case.person.pk]), {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 5000
    assert response.content.rstrip().endswith(b"%%EOF")
    # No PDF reader here (no pdftotext, no pypdf): count the pages WeasyPrint lays out.
    html = render_to_string("cases/privacy/subject_access_pdf.html", {"data": printable(data)})
    pages = weasyprint.HTML(string=html).render().pages
    assert len(pages) >= 2


def test_subject_access_page_and_missing_pdf_library(client, dpo, case, monkeypatch):
    client.force_login(dpo)
    url = reverse("cases:subject_access", args=[case.person.pk])
    page = client.get(url).content.decode()
    assert "Diabetes Typ 2" in page
    assert "?format=json" in page
    import builtins  # noqa: PLC0415

    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    monkeypatch.delitem(__import__("sys").modules, "weasyprint", raising=False)
    response = client.get(url, {"format": "pdf"})
    assert response.status_code == 503
    assert "Pango" in response.content.decode()


def test_erasure_deletes_everything_but_the_request(dpo, case, django_capture_on_commit_callbacks):
    person = case.person
    file_path = Path(Attachment.objects.get(case=case).file.path)
    assert file_path.exists()
    request = _request(dpo, person, RequestKind.ERASURE)
    other = _request(dpo, person, RequestKind.ACCESS)
    key = subject_key("cases.person", person.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.person_erase(actor=dpo, person=person, request=request) == 1
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()
    for model in (Need, Note, Attachment):
        assert not model.objects.filter(case_id=case.pk).exists()
    for model in (Consent, PersonName):
        assert not model.objects.filter(person_id=person.pk).exists()
    assert not file_path.exists()
    request.refresh_from_db()
    assert request.person_id is None
    assert request.subject_key == key
    assert request.done_at is not None
    assert SubjectRequest.objects.get(pk=other.pk).subject_key == key
    assert (
        AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="cases.person").count()
        == 1
    )


def test_erasure_needs_an_erasure_request_of_that_person(town, team, dpo, case):
    access_request = _request(dpo, case.person, RequestKind.ACCESS)
    with pytest.raises(ValidationError):
        services.person_erase(actor=dpo, person=case.person, request=access_request)
    assert Person.objects.filter(pk=case.person.pk).exists()


def test_restriction_blocks_changes_and_can_be_lifted(dpo, worker, case):
    person = case.person
    request = _request(dpo, person, RequestKind.RESTRICTION)
    services.person_restrict(actor=dpo, person=person, request=request)
    person.refresh_from_db()
    assert person.restricted_at is not None
    with pytest.raises(ValidationError):
        person_update(actor=worker, person=person, data=PersonData({"phone": "0203 1"}))
    request.refresh_from_db()
    assert request.done_at is not None
    services.person_lift_restriction(actor=dpo, person=person)
    person.refresh_from_db()
    assert person_update(actor=worker, person=person, data=PersonData({"phone": "0203 1"})) == [
        "phone"
    ]


def test_request_pages_record_and_carry_out(client, dpo, case):
    client.force_login(dpo)
    person = case.person
    url = reverse("cases:subject_requests")
    assert "Popescu" in client.get(url, {"person": person.pk}).content.decode()
    bad = client.post(url, {"person": person.pk, "kind": "erasure", "received_on": "2999-01-01"})
    assert bad.status_code == 200
    assert not SubjectRequest.objects.exists()
    response = client.post(
        url, {"person": person.pk, "kind": "restriction", "received_on": "2026-11-02"}
    )
    record = SubjectRequest.objects.get()
    assert response.status_code == 302
    detail = reverse("cases:subject_request", args=[record.pk])
    refused = client.post(detail, {"action": "restrict"})
    assert refused.status_code == 200  # not confirmed: nothing happens
    assert Person.objects.get(pk=person.pk).restricted_at is None
    assert client.post(detail, {"action": "restrict", "confirm": "on"}).status_code == 302
    assert Person.objects.get(pk=person.pk).restricted_at is not None
    assert client.post(detail, {"action": "lift"}).status_code == 302
    assert Person.objects.get(pk=person.pk).restricted_at is None


def test_subject_search_lists_minimal_fields_and_is_audited(client, dpo, case):
    client.force_login(dpo)
    response = client.get(reverse("cases:subject_search"), {"name": "popesku", "birth_year": 1990})
    page = response.content.decode()
    assert "Popescu" in page
    assert case.number in page
    assert "Diabetes" not in page
    assert "0203 555" not in page
    entry = AuditEntry.objects.get(request_id=response["X-Request-ID"])
    assert entry.object_id == str(case.person.pk)
    empty = client.get(reverse("cases:subject_search"), {"name": ""})
    assert "Give a name or a year of birth." in empty.content.decode() or empty.status_code == 200


def test_consent_register_shows_no_names(client, dpo, case):
    client.force_login(dpo)
    response = client.get(reverse("cases:consent_register"))
    page = response.content.decode()
    assert case.number in page
    for name in ("Popescu", "Ana ", "Popesku", "Familie"):
        assert name not in page
    filtered = client.get(reverse("cases:consent_register"), {"withdrawn": "on"}).content.decode()
    assert case.number not in filtered
    assert (
        AuditEntry.objects.filter(
            request_id=response["X-Request-ID"], object_type="cases.consent"
        ).count()
        == 1
    )


def test_api_subject_access_requests_and_register(client, dpo, case):
    client.force_login(dpo)
    person = case.person
    data = client.get(f"/api/cases/persons/{person.pk}/subject-access").json()
    assert data["person"]["religion"] == "orthodox"
    created = client.post(
        "/api/cases/subject-requests",
        {"person_id": person.pk, "kind": "access", "received_on": "2026-11-02"},
        content_type="application/json",
    )
    assert created.status_code == 201
    bad = client.post(
        "/api/cases/subject-requests",
        {"person_id": person.pk, "kind": "wish", "received_on": "2026-11-02"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert [r["kind"] for r in client.get("/api/cases/subject-requests").json()] == ["access"]
    register = client.get("/api/cases/consent-register").json()
    assert register["consents"][0]["case_numbers"] == [case.number]
    assert register["by_purpose"][0]["count"] == 1
    assert client.get("/api/cases/retention").json()["cases"] == []
    assert client.post("/api/cases/retention/apply").json()["cases"] == 0
