"""Notes with confidentiality levels, and attachments (size, real type, private storage,
download only after the permission check, audited)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ankunft.cases.models import Attachment, Note, NoteLevel
from ankunft.cases.services.attachments import attachment_add
from ankunft.cases.services.notes import note_add
from ankunft.core.models import AuditAction, AuditEntry, Role
from tests import factories
from tests.cases import factories as cf
from tests.cases.world_appointments import PDF

pytestmark = pytest.mark.django_db
# A real PNG's first bytes (signature and IHDR).
PNG = (
    bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\0" * 32
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 64


@pytest.fixture
def private_dir():
    """The private storage (var/private); the files a test kept are removed afterwards."""
    yield Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    for attachment in Attachment.objects.all():
        attachment.file.delete(save=False)


@pytest.fixture
def w(town):
    team = factories.team(town)
    cw = factories.user(Role.CASE_WORKER, town, team=team)
    colleague = factories.user(Role.CASE_WORKER, town, team=team)
    lead = factories.user(Role.TEAM_LEAD, town, team=team)
    head = factories.user(Role.HEAD_OF_KI, town)
    other = factories.user(Role.CASE_WORKER, town, team=factories.team(town))
    case = cf.case(town, team, cw, given="Zeynep", family="Geheimnisvoll")
    return {
        "cw": cw,
        "colleague": colleague,
        "lead": lead,
        "head": head,
        "other": other,
        "case": case,
    }


class Unreadable(SimpleUploadedFile):
    """An upload whose body must not be read: the size is refused from the header."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    def chunks(self, *args, **kwargs):
        raise AssertionError("the body was read")


def _upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# Notes ---------------------------------------------------------------------------------------


def test_levels_colleague_sees_team_notes_only_lead_sees_both_head_none(w, client):
    case = w["case"]
    team_note = note_add(w["cw"], case, "Für das Team.", NoteLevel.TEAM)
    private = note_add(w["cw"], case, "Nur für die Fallführung.", NoteLevel.CASE)
    url = reverse("cases:note_list", kwargs={"case_pk": case.pk})

    def seen(user) -> set[int]:
        client.force_login(user)
        return {n["id"] for n in client.get(f"/api/cases/cases/{case.pk}/notes").json()}

    assert seen(w["cw"]) == {team_note.pk, private.pk}
    assert seen(w["lead"]) == {team_note.pk, private.pk}
    assert seen(w["colleague"]) == {team_note.pk}
    client.force_login(w["colleague"])
    body = client.get(url).content.decode()
    assert "Für das Team." in body
    assert "Nur für die Fallführung." not in body
    client.force_login(w["head"])
    assert client.get(url).status_code == 403
    assert client.get(f"/api/cases/cases/{case.pk}/notes").status_code == 403
    client.force_login(w["other"])
    assert client.get(url).status_code == 404


def test_reading_notes_is_audited_in_one_insert_of_the_notes_shown(w, client):
    case = w["case"]
    shown = note_add(w["cw"], case, "Team.", NoteLevel.TEAM)
    note_add(w["cw"], case, "Privat.", NoteLevel.CASE)
    client.force_login(w["colleague"])
    response = client.get(reverse("cases:note_list", kwargs={"case_pk": case.pk}))
    entries = AuditEntry.objects.filter(request_id=response["X-Request-ID"])
    assert [(e.object_type, e.object_id, e.action) for e in entries] == [
        ("cases.note", str(shown.pk), AuditAction.READ)
    ]


def test_empty_note_is_refused(w, client):
    with pytest.raises(ValidationError):
        note_add(w["cw"], w["case"], "   ", NoteLevel.TEAM)
    client.force_login(w["cw"])
    url = reverse("cases:note_list", kwargs={"case_pk": w["case"].pk})
    assert client.post(url, {"text": "x", "level": "everyone"}).status_code == 400
    assert Note.objects.count() == 0


# Attachments ---------------------------------------------------------------------------------


def test_private_storage_is_outside_the_static_files_and_has_no_url():
    from ankunft import settings as production  # noqa: PLC0415

    configured = production.STORAGES["private"]["OPTIONS"]
    assert Path(configured["location"]) == Path(production.VAR_DIR) / "private"
    assert configured["base_url"] is None
    private = settings.STORAGES["private"]["OPTIONS"]  # the suite's own folder
    assert not Path(private["location"]).is_relative_to(Path(settings.STATIC_ROOT))


def test_too_big_is_refused_before_reading(w, private_dir, settings):
    settings.CASES_ATTACHMENT_MAX_BYTES = 2048
    upload = Unreadable("scan.pdf", PDF + b"0" * 3000, content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        attachment_add(actor=w["cw"], case=w["case"], upload=upload)
    assert "2 KB" in str(exc.value)
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [("x.pdf", b"Dies ist nur Text, kein PDF.\n" * 10), ("rechnung.pdf", EXE), ("leer.pdf", b"")],
)
def test_fake_files_are_refused(w, private_dir, client, name, data):
    client.force_login(w["cw"])
    url = reverse("cases:attachment_list", kwargs={"case_pk": w["case"].pk})
    response = client.post(url, {"file": _upload(name, data), "level": "team"})
    assert response.status_code == 400
    assert Attachment.objects.count() == 0
    assert not Attachment.objects.exists()


def test_real_pdf_and_png_are_kept_in_the_private_storage(w, private_dir, client):
    client.force_login(w["cw"])
    url = reverse("cases:attachment_list", kwargs={"case_pk": w["case"].pk})
    assert (
        client.post(url, {"file": _upload("Bescheid Zeynep.pdf", PDF), "level": "team"}).status_code
        == 302
    )
    note = note_add(w["cw"], w["case"], "Foto des Bescheids.", NoteLevel.CASE)
    api = client.post(
        f"/api/cases/cases/{w['case'].pk}/attachments",
        {"file": _upload("foto.png", PNG, "application/pdf"), "level": "case", "note_id": note.pk},
    )
    assert api.status_code == 201
    assert api.json()["note_id"] == note.pk
    assert api.json()["content_type"] == "image/png"  # by content, not by the browser's claim
    pdf = Attachment.objects.get(original_name="Bescheid Zeynep.pdf")
    assert pdf.content_type == "application/pdf"
    assert len(pdf.sha256) == 64
    path = Path(pdf.file.path)
    assert path.is_relative_to(private_dir)
    assert "Zeynep" not in str(path)  # no original file name on disk
    assert path.read_bytes() == PDF


def test_download_needs_the_permission_and_is_audited(w, private_dir, client):
    attachment = attachment_add(actor=w["cw"], case=w["case"], upload=_upload("a.pdf", PDF))
    private = attachment_add(
        actor=w["cw"], case=w["case"], upload=_upload("b.pdf", PDF), level=NoteLevel.CASE
    )
    url = reverse("cases:attachment_download", kwargs={"pk": attachment.pk})
    client.force_login(w["colleague"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    entry = AuditEntry.objects.get(request_id=response["X-Request-ID"])
    assert (entry.object_type, entry.object_id, entry.action) == (
        "cases.attachment",
        str(attachment.pk),
        AuditAction.READ,
    )
    # A CASE-level file is not the colleague's; another team: 404; the head of the KI: 403.
    assert (
        client.get(reverse("cases:attachment_download", kwargs={"pk": private.pk})).status_code
        == 404
    )
    client.force_login(w["other"])
    assert client.get(url).status_code == 404
    assert client.get(f"/api/cases/attachments/{attachment.pk}").status_code == 404
    client.force_login(w["head"])
    assert client.get(url).status_code == 403
    assert client.get(f"/api/cases/attachments/{attachment.pk}").status_code == 403
    client.force_login(w["cw"])
    api = client.get(f"/api/cases/attachments/{attachment.pk}")
    assert api.status_code == 200
    assert api.content == PDF
    assert api["X-Content-Type-Options"] == "nosniff"
