"""Journey 1: a motion arrives as text; the reader proposes, a person corrects and confirms.
Nothing is stored before the confirmation; bad input is refused with a clear message."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ankunft.core.models import Role
from ankunft.core.services import api_token_create
from ankunft.council.models import Organization, Paper
from tests.council import factories as cf

pytestmark = pytest.mark.django_db

SEED = Path(__file__).parents[2] / "ankunft" / "council" / "seed"
SEED_TEXT = (SEED / "antrag-hfa-2021-11-18-personal-ki.txt").read_bytes()


@pytest.fixture
def finance(client, make_user):
    user = make_user(Role.FINANCE)
    client.force_login(user)
    return user


def _upload(client, content: bytes, name: str = "antrag.txt"):
    return client.post(
        reverse("council:motion_read"),
        {"file": SimpleUploadedFile(name, content, "text/plain")},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_upload_shows_the_proposal_and_saves_nothing(client, town, finance):
    response = _upload(client, SEED_TEXT)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == (
        "Verstärkung des Personals im Kommunalen Integrationszentrum (KI)"
    )
    assert form.initial["originators"] == ["SPD", "CDU", "GRÜNE"]
    assert form.initial["committee"] == "Haupt- und Finanzausschuss"
    assert form.initial["meeting_date"].isoformat() == "2021-11-18"
    assert form.initial["related_references"] == ["DS 21-0220"]
    rows = response.context["formset"].initial
    assert [(r["year"], r["amount_eur"]) for r in rows] == [
        (2022, Decimal(100000)),
        (2023, Decimal(100000)),
    ]
    assert Paper.objects.count() == 0
    assert Organization.objects.count() == 0


def test_pasted_text_is_read_too(client, town, finance):
    response = client.post(reverse("council:motion_read"), {"text": SEED_TEXT.decode()})
    assert response.context["form"].initial["committee"] == "Haupt- und Finanzausschuss"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Choose a text file or paste the text."),
        (b"   \n", "The file is empty."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "This is a PDF or Office file."),
        (bytes(range(256)) * 8, "The file is not plain text."),
        (
            b"Einkaufsliste: Milch, Brot, Butter, Eier, Tomaten, Zwiebeln und Kaffee.",
            "does not look like a council motion",
        ),
        (b"a" * (1024 * 1024 + 1), "The file is too large: at most 1 MB."),
    ],
    ids=["no-file", "empty", "pdf", "binary", "not-a-motion", "too-large"],
)
def test_bad_input_is_refused_with_a_clear_message(client, town, finance, content, message):
    response = _upload(client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "council/motion_read.html" in [t.name for t in response.templates]
    assert Paper.objects.count() == 0


def _confirm_data(**overrides):
    data = {
        "title": "Verstärkung des Personals im KI",
        "reference": "A 21-1118/1",
        "date": "2021-11-11",
        "originators": "SPD, CDU, GRÜNE",
        "committee": "Haupt- und Finanzausschuss",
        "meeting_date": "2021-11-18",
        "cover": "Kompensation durch geringere Kassenkreditzinsen",
        "related_references": "DS 21-0220",
        "text": SEED_TEXT.decode(),
        "alloc-TOTAL_FORMS": "3",
        "alloc-INITIAL_FORMS": "2",
        "alloc-0-year": "2022",
        "alloc-0-amount_eur": "100000",
        "alloc-0-recurring": "on",
        "alloc-0-kind": "personnel",
        "alloc-1-year": "2023",
        "alloc-1-amount_eur": "100000",
        "alloc-1-recurring": "on",
        "alloc-1-kind": "personnel",
        "alloc-2-year": "",
        "alloc-2-amount_eur": "",
    }
    data.update(overrides)
    return data


def test_confirm_saves_the_corrected_paper(client, town, finance):
    """The person's corrections are what is stored; the related paper is linked."""
    related = cf.paper(town, reference="DS 21-0220", name="Ankunftsstadtteil Marxloh")
    response = client.post(
        reverse("council:motion_confirm"),
        _confirm_data(**{"alloc-2-year": "2024", "alloc-2-amount_eur": "50000"}),
    )
    paper = Paper.objects.get(reference="A 21-1118/1")
    assert response.status_code == 302
    assert response["Location"] == reverse("council:paper_detail", args=[paper.pk])
    assert paper.source == Paper.Source.MOTION_READER
    assert paper.name == "Verstärkung des Personals im KI"
    assert paper.cover == "Kompensation durch geringere Kassenkreditzinsen"
    assert "Ankunftsstadtteil Marxloh" in paper.text
    assert [(a.year, a.amount_eur, a.kind) for a in paper.allocations.all()] == [
        (2022, Decimal(100000), "personnel"),
        (2023, Decimal(100000), "personnel"),
        (2024, Decimal(50000), ""),
    ]
    assert sorted(paper.originators.values_list("short_name", flat=True)) == [
        "CDU",
        "GRÜNE",
        "SPD",
    ]
    assert list(paper.related_papers.all()) == [related]
    assert paper.related_references == []


def test_confirm_with_a_removed_row(client, town, finance):
    client.post(reverse("council:motion_confirm"), _confirm_data(**{"alloc-1-DELETE": "on"}))
    assert [a.year for a in Paper.objects.get().allocations.all()] == [2022]


def test_confirm_errors_keep_everything_unsaved(client, town, finance):
    response = client.post(
        reverse("council:motion_confirm"),
        _confirm_data(title="", **{"alloc-0-amount_eur": "hunderttausend"}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    assert "Enter a number." in html
    assert Paper.objects.count() == 0
    assert Organization.objects.count() == 0


def test_confirm_page_get_goes_back_to_reading(client, town, finance):
    response = client.get(reverse("council:motion_confirm"))
    assert response.status_code == 302
    assert response["Location"] == reverse("council:motion_read")


# API --------------------------------------------------------------------------------------


def _token(make_user, role=Role.FINANCE):
    _t, key = api_token_create(user=make_user(role), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_api_read_returns_the_proposal_and_saves_nothing(client, town, make_user):
    response = client.post(
        "/api/council/motions/read",
        {"text": SEED_TEXT.decode()},
        content_type="application/json",
        **_token(make_user),
    )
    body = response.json()
    assert response.status_code == 200
    assert body["originators"] == ["SPD", "CDU", "GRÜNE"]
    assert body["meeting_date"] == "2021-11-18"
    assert body["allocations"] == [
        {"year": 2022, "amount_eur": "100000", "recurring": True, "kind": "personnel"},
        {"year": 2023, "amount_eur": "100000", "recurring": True, "kind": "personnel"},
    ]
    assert Paper.objects.count() == 0


def test_api_read_of_non_motion_is_400(client, town, make_user):
    response = client.post(
        "/api/council/motions/read",
        {"text": "Hallo Welt, dies ist eine Einkaufsliste mit vielen Dingen darauf."},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **_token(make_user),
    )
    assert response.status_code == 400
    assert response.json()["errors"] == ["The text does not look like a council motion or paper."]


def test_api_confirm_stores_the_paper(client, town, make_user):
    response = client.post(
        "/api/council/motions/confirm",
        {
            "title": "Verstärkung des Personals im KI",
            "originators": ["SPD", "CDU"],
            "committee": "Haupt- und Finanzausschuss",
            "meeting_date": "2021-11-18",
            "allocations": [{"year": 2022, "amount_eur": "100000", "recurring": True}],
            "related_references": ["DS 21-0220"],
        },
        content_type="application/json",
        **_token(make_user),
    )
    body = response.json()
    assert response.status_code == 201
    assert body["source"] == "motion_reader"
    assert body["originators"] == ["CDU", "SPD"]
    assert body["related_references"] == ["DS 21-0220"]
    assert body["consultations"][0]["organization"]["name"] == "Haupt- und Finanzausschuss"
    assert Paper.objects.get().allocations.get().amount_eur == Decimal(100000)


# Size limits and texts that are no motion (the same on page, API and CLI) ------------------

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
NOTHING = (
    "No motion was recognised in this text: it has no title, paper number, date, "
    "originators, committee or amounts of a council motion."
)


def test_a_pasted_text_above_the_request_limit_gets_the_size_message(client, town, finance):
    """Before: Django's "RequestDataTooBig" page (HTTP 400). Now the form's size message."""
    response = client.post(
        reverse("council:motion_read"), {"text": "a" * (3 * 1024 * 1024)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert "The text is too large: at most 1 MB." in response.content.decode()
    assert "council/motion_read.html" in [t.name for t in response.templates]


def test_a_pasted_text_above_one_megabyte_gets_the_size_message(client, town, finance):
    response = client.post(
        reverse("council:motion_read"),
        {"text": "Antrag " * (160 * 1024)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "The text is too large: at most 1 MB." in response.content.decode()


def test_the_motion_page_still_checks_csrf(town, make_user):
    from django.test import Client  # noqa: PLC0415

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user(Role.FINANCE))
    response = strict.post(reverse("council:motion_read"), {"text": SEED_TEXT.decode()})
    assert response.status_code == 403


def test_a_readme_is_no_motion_on_the_page(client, town, finance):
    """Before: a proposal with every field unknown."""
    response = _upload(client, README.encode(), name="README.md")
    assert response.status_code == 200
    assert NOTHING in response.content.decode().replace("&#x27;", "'")
    assert "council/motion_read.html" in [t.name for t in response.templates]


def test_a_readme_is_no_motion_in_the_api(client, town, make_user):
    response = client.post(
        "/api/council/motions/read",
        {"text": README},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **_token(make_user),
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [NOTHING]


def test_a_readme_is_no_motion_on_the_command_line(tmp_path):
    from django.core.management import call_command  # noqa: PLC0415
    from django.core.management.base import CommandError  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    path = tmp_path / "README.md"
    path.write_text(README, encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("read_motion", str(path))
    assert str(caught.value) == f"{path}: {NOTHING}"


def test_the_command_line_has_the_pages_size_limit(tmp_path):
    """Before: any size was read."""
    from django.core.management import call_command  # noqa: PLC0415
    from django.core.management.base import CommandError  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    path = tmp_path / "gross.txt"
    path.write_bytes(SEED_TEXT + b" " * (1024 * 1024))
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("read_motion", str(path))
    assert str(caught.value) == f"{path}: The file is too large: at most 1 MB."
