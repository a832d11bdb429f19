"""A motion read a second time is flagged before it is saved; the decision form offers
bodies, not factions; amounts are read as people type them (issue 9)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from ankunft.core.models import Role
from ankunft.council.forms import AllocationForm
from ankunft.council.models import Organization, Paper, text_fingerprint
from tests.council import factories as cf
from tests.council.test_motion_intake import _confirm_data

pytestmark = pytest.mark.django_db

SEED = Path(__file__).parents[2] / "ankunft" / "council" / "seed"
SEED_TEXT = (SEED / "antrag-hfa-2021-11-18-personal-ki.txt").read_bytes()


@pytest.fixture
def finance(client, make_user):
    user = make_user(Role.FINANCE)
    client.force_login(user)
    return user


def _confirm(client, **overrides):
    return client.post(
        reverse("council:motion_confirm"), _confirm_data(**overrides), HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_text_fingerprint_ignores_case_and_wrapping():
    assert text_fingerprint("Der Rat\n  beschließt") == text_fingerprint("der rat beschließt")
    assert text_fingerprint("Der Rat beschließt") != text_fingerprint("Der Rat lehnt ab")
    assert text_fingerprint("  \n") == ""


def test_the_same_motion_twice_is_warned_about_and_saved_only_on_purpose(client, town, finance):
    first = _confirm(client)
    assert first.status_code == 302
    paper = Paper.objects.get()
    assert paper.text_hash == text_fingerprint(SEED_TEXT.decode())

    again = _confirm(client)
    assert again.status_code == 200
    assert [p.pk for p in again.context["duplicates"]] == [paper.pk]
    html = again.content.decode()
    assert "This motion may already be in the database:" in html
    assert reverse("council:paper_detail", args=[paper.pk]) in html
    assert 'name="save_anyway"' in html
    assert Paper.objects.count() == 1

    deliberate = _confirm(client, save_anyway="1")
    assert deliberate.status_code == 302
    assert Paper.objects.count() == 2


def test_the_warning_shows_on_the_confirm_step_already(client, town, finance):
    _confirm(client)
    response = client.post(
        reverse("council:motion_read"),
        {"file": SimpleUploadedFile("antrag.txt", SEED_TEXT, "text/plain")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert [p.pk for p in response.context["duplicates"]] == [Paper.objects.get().pk]


def test_same_title_date_and_originators_with_another_text_is_a_duplicate(client, town, finance):
    _confirm(client)
    other_text = _confirm(client, text="Ganz anderer Text des Antrags.")
    assert other_text.status_code == 200
    assert len(other_text.context["duplicates"]) == 1
    other_date = _confirm(client, text="Ganz anderer Text.", date="2022-01-05")
    assert other_date.status_code == 302


def test_a_different_motion_is_not_a_duplicate(client, town, finance):
    cf.paper(town, name="Verstärkung des Personals im KI", date=dt.date(2021, 11, 11))
    # Same title and date, but no originators and another text: not the same motion.
    response = _confirm(client)
    assert response.status_code == 302


def test_paper_edit_keeps_the_fingerprint_current(client, town, finance):
    paper = cf.paper(town)
    data = {"name": paper.name, "text": "Neuer Text", "alloc-TOTAL_FORMS": "0"}
    data["alloc-INITIAL_FORMS"] = "0"
    response = client.post(reverse("council:paper_edit", args=[paper.pk]), data)
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.text_hash == text_fingerprint("Neuer Text")


def test_deciding_body_offers_bodies_not_factions(client, town, finance):
    paper = cf.paper(town)
    kinds = ["council", "committee", "district_council", "faction", "administration"]
    bodies = {k: cf.organization(town, name=f"Org {k}", kind=k) for k in kinds}
    response = client.get(reverse("council:paper_detail", args=[paper.pk]))
    offered = set(response.context["decision_form"].fields["organization"].queryset)
    assert offered == {bodies["council"], bodies["committee"], bodies["district_council"]}
    refused = client.post(
        reverse("council:decision_create", args=[paper.pk]),
        {"outcome": "rejected", "organization": bodies["faction"].pk},
    )
    assert refused.status_code == 200
    assert list(refused.context["decision_form"].errors) == ["organization"]
    assert paper.decisions.count() == 0


def test_a_faction_as_the_default_body_is_not_preselected(client, town, finance):
    paper = cf.paper(town)
    faction = Organization.objects.create(municipality=town, name="SPD", kind="faction")
    paper.consultations.create(municipality=town, organization=faction, authoritative=True)
    response = client.get(reverse("council:paper_detail", args=[paper.pk]))
    assert response.context["decision_form"].initial["organization"] is None


@pytest.mark.parametrize(
    ("language", "typed", "amount"),
    [
        ("de", "100.000", Decimal("100000")),
        ("de", "80.000,50", Decimal("80000.50")),
        ("de", "1234.5", Decimal("1234.5")),
        ("en", "100,000", Decimal("100000")),
        ("en", "80,000.50", Decimal("80000.50")),
    ],
)
def test_amounts_are_read_as_people_type_them(language, typed, amount):
    with translation.override(language):
        form = AllocationForm({"year": "2022", "amount_eur": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["amount_eur"] == amount


def test_api_flags_a_motion_read_again_and_saves_it_only_on_purpose(client, town, finance):
    text = SEED_TEXT.decode()
    read = client.post("/api/council/motions/read", {"text": text}, content_type="application/json")
    assert (read.status_code, read.json()["duplicates"]) == (200, [])
    body = {"title": "Verstärkung des Personals im KI", "date": "2021-11-11", "text": text}
    first = client.post("/api/council/motions/confirm", body, content_type="application/json")
    assert first.status_code == 201
    paper_id = first.json()["id"]
    read = client.post("/api/council/motions/read", {"text": text}, content_type="application/json")
    assert read.json()["duplicates"] == [paper_id]
    again = client.post(
        "/api/council/motions/confirm", body, content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert again.status_code == 400
    assert again.json()["errors"][0].startswith("This motion may already be in the database:")
    assert Paper.objects.count() == 1
    deliberate = client.post(
        "/api/council/motions/confirm", {**body, "save_anyway": True},
        content_type="application/json",
    )  # fmt: skip
    assert deliberate.status_code == 201
    assert Paper.objects.count() == 2
