"""Every upload endpoint refuses a file over its limit before reading it (the upload's
`read` fails the test if it is called), and a file whose real type (its first bytes) does not
match what the endpoint takes, whatever its name says. The limits are lowered for the test
(the same code path as the real 1–30 MB limits, without sending megabytes)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile

from ankunft.budget import bookings_import
from ankunft.cases.services import worklist_import
from ankunft.core.models import Role
from ankunft.core.tabular import Limits
from ankunft.directory.views import opendata
from ankunft.measures import indicator_import
from tests import factories
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db

SMALL = 100
BIG = b"Datum;Betrag;Belegnummer\n" + b"01.01.2022;1;X\n" * 20  # 325 bytes, a good table
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj\n" + b"x" * 64


@pytest.fixture
def unread(monkeypatch):
    """Any `read` of an upload fails the test (oversize files must be refused unread)."""

    def boom(self: Any) -> Any:
        raise AssertionError("the oversize upload was read")

    monkeypatch.setattr(InMemoryUploadedFile, "read", property(boom))


@pytest.fixture
def small_limits(monkeypatch, settings):
    monkeypatch.setattr(bookings_import, "LIMITS", Limits(max_bytes=SMALL, max_rows=10))
    monkeypatch.setattr(indicator_import, "LIMITS", Limits(max_bytes=SMALL, max_rows=10))
    monkeypatch.setattr(worklist_import, "LIMITS", Limits(max_bytes=SMALL, max_rows=10))
    monkeypatch.setattr(opendata, "MAX_IMPORT_BYTES", SMALL)
    settings.CASES_ATTACHMENT_MAX_BYTES = SMALL


class _Upload(io.BytesIO):
    """What the test client sends (not an `UploadedFile`, so the `unread` patch applies only
    to what the server receives)."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def _file(data: bytes, name: str = "daten.csv") -> _Upload:
    return _Upload(data, name)


def _text(response: Any) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _worker(town):
    team = factories.team(town, "Team A")
    lead = factories.user(Role.TEAM_LEAD, town, team=team)
    case = cf.case(town, team, lead)
    return lead, case


def _posts(town) -> list[tuple[Any, str, dict[str, Any]]]:
    head = factories.user(Role.HEAD_OF_KI, town)
    finance = factories.user(Role.FINANCE, town)
    lead, case = _worker(town)
    return [
        (finance, "/budget/bookings/import/", {}),
        (finance, "/api/budget/bookings/import", {}),
        (head, "/measures/indicators/import/", {}),
        (head, "/api/measures/indicator-values/import", {}),
        (lead, "/cases/import/", {}),
        (head, "/offers/manage/import/", {}),
        (lead, f"/cases/{case.pk}/attachments/", {"level": "team"}),
        (lead, f"/api/cases/cases/{case.pk}/attachments", {"level": "team"}),
    ]


def test_every_upload_endpoint_refuses_an_oversize_file_unread(client, town, small_limits, unread):
    for user, url, extra in _posts(town):
        client.force_login(user)
        try:
            response = client.post(url, {"file": _file(BIG), **extra})
        except AssertionError as exc:
            raise AssertionError(url) from exc
        # The HSDS page re-renders its form (200) with the error; all others answer 4xx.
        allowed = {200, 400, 413} if url == "/offers/manage/import/" else {400, 413, 422}
        assert response.status_code in allowed, (url, response.status_code)
        body = _text(response)
        assert "größer" in body or "larger" in body, url  # says why, with the limit


def test_every_upload_endpoint_refuses_a_file_of_the_wrong_real_type(client, town):
    """A PNG named .csv for the table imports and .json for HSDS; a text file named .pdf for
    case attachments; a PDF named .txt for the motion reader."""
    for user, url, extra in _posts(town):
        client.force_login(user)
        data, name = (
            (b"Nur Text, kein PDF\n" * 4, "bescheid.pdf")
            if "attachments" in url
            else (PNG, "daten.csv")
        )
        response = client.post(url, {"file": _file(data, name), **extra})
        allowed = {200, 400} if url == "/offers/manage/import/" else {400, 422}
        assert response.status_code in allowed, (url, response.status_code)
        text = _text(response)
        if "attachments" in url:
            assert "PDF, PNG" in text, url  # the kinds that can be kept
        elif url == "/offers/manage/import/":
            assert "JSON" in text, url
        else:
            assert "Bild" in text or "image" in text, url  # "the file is an image, not a table"
    head = factories.user(Role.HEAD_OF_KI, town)
    client.force_login(head)
    response = client.post("/council/motions/read/", {"file": _file(PDF, "antrag.txt")})
    assert response.status_code in {200, 400}
    assert "PDF" in response.content.decode()
