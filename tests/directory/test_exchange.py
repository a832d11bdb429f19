"""Open data (JSON, CSV), Open Referral HSDS export and import, and the commands."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ankunft.directory import hsds
from ankunft.directory.hsds.importer import hsds_import
from ankunft.directory.models import Offer, Provider, Status
from tests.directory.conftest import make_offer

pytestmark = pytest.mark.django_db


def _stream(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_open_data_json(client, town, offer, head, provider):
    make_offer(head, provider, "Entwurf", status=Status.DRAFT)
    data = json.loads(_stream(client.get(f"/offers/{town.slug}/open-data/offers.json")))
    assert data["count"] == 1
    record = data["offers"][0]
    assert record["id"] == str(offer.uuid)
    assert record["texts"]["ar"]["title"] == "دورة لغة ألمانية للنساء"
    assert record["opening_hours"][0] == {"weekday": 0, "opens": "09:00", "closes": "12:00"}
    assert "contact_person" not in json.dumps(record)


def test_open_data_csv(client, town, offer):
    rows = list(
        csv.DictReader(
            io.StringIO(_stream(client.get(f"/offers/{town.slug}/open-data/offers.csv")))
        )
    )
    assert len(rows) == 1
    assert rows[0]["title_de"] == "Deutschkurs für Frauen"
    assert rows[0]["title_ar"] == "دورة لغة ألمانية للنساء"
    assert rows[0]["opening_hours"].startswith("Mo 09:00-12:00")


def test_csv_cells_cannot_become_formulas(client, town, head, provider):
    make_offer(head, provider, "=HYPERLINK(1)")
    body = _stream(client.get(f"/offers/{town.slug}/open-data/offers.csv"))
    assert "'=HYPERLINK(1)" in body


def test_hsds_export_shape(client, town, offer):
    page = json.loads(_stream(client.get(f"/offers/{town.slug}/open-data/hsds.json")))
    assert page["total_items"] == 1
    service = page["contents"][0]
    assert service["id"] == str(offer.uuid)
    assert service["status"] == "active"
    assert service["organization"]["name"] == "Kulturverein Test e.V."
    assert service["schedules"][0]["freq"] == "WEEKLY"
    assert service["schedules"][0]["byday"] == "MO"
    location = service["service_at_locations"][0]["location"]
    assert location["addresses"][0]["address_1"] == "Weseler Straße 1"
    terms = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in service["attributes"]
    }
    assert ("ankunft:field_of_action", "language") in terms


def test_hsds_round_trip_into_another_municipality(town, other_town, offer, make_user):
    """Export here, import there: same texts, hours and fields; a new identity there."""
    from ankunft.core.models import Role  # noqa: PLC0415
    from ankunft.directory.selectors.public import published_offers  # noqa: PLC0415

    offers = (
        published_offers(town.pk, offer.created_at.date())
        .select_related("provider", "district", "municipality")
        .prefetch_related("translations", "tags", "hours", "exceptions")
    )
    page = json.loads("".join(hsds.export_page(offers, "de")))
    importer = make_user(Role.HEAD_OF_KI, other_town)
    report = hsds_import(actor=importer, payload=page, publish=True)
    assert (report.created, report.updated, report.skipped) == (1, 0, 0)
    copy = Offer.objects.for_municipality(other_town.pk).get()
    assert copy.uuid != offer.uuid
    assert copy.status == Status.PUBLISHED
    assert copy.translations.get().title == "Deutschkurs für Frauen"
    assert (copy.hours.first().weekday, f"{copy.hours.first().opens:%H:%M}") == (0, "09:00")
    assert copy.tag_codes("field") == ["language"]
    assert Provider.objects.for_municipality(other_town.pk).get().name == "Kulturverein Test e.V."


def test_hsds_import_updates_known_offer(head, offer):
    service = {
        "id": str(offer.uuid),
        "name": "Deutschkurs am Abend",
        "description": "<b>Neu</b>: abends.",
        "organization": {"name": "Kulturverein Test e.V."},
        "schedules": [
            {"freq": "WEEKLY", "byday": "TU,TH", "opens_at": "18:00", "closes_at": "20:00"}
        ],
        "attributes": [
            {"taxonomy_term": {"taxonomy": "ankunft:field_of_action", "code": "language"}}
        ],
    }
    report = hsds_import(actor=head, payload=[service])
    assert (report.created, report.updated) == (0, 1)
    assert report.messages == ["Deutschkurs am Abend: HTML entfernt."]
    offer.refresh_from_db()
    source = offer.translations.get(language="de")
    assert (source.title, source.description) == ("Deutschkurs am Abend", "Neu: abends.")
    assert [h.weekday for h in offer.hours.all()] == [1, 3]


def test_hsds_import_reports_bad_services_and_keeps_good_ones(head):
    report = hsds_import(
        actor=head,
        payload={"contents": [
            "nonsense",
            {"name": "Ohne Handlungsfeld", "organization": {"name": "X e.V."}},
            {"name": "Gut", "organization": {"name": "X e.V."}, "attributes": [
                {"taxonomy_term": {"taxonomy": "ankunft:field_of_action", "code": "health"}}]},
        ]},
    )  # fmt: skip
    assert (report.created, report.skipped) == (1, 2)
    assert report.messages[0] == "Angebot 1: kein Objekt."
    assert report.messages[1].startswith("Angebot 2 (Ohne Handlungsfeld) übersprungen:")


@pytest.mark.parametrize(
    "bad",
    [
        {"schedules": ["Mo-Fr 9-12"]},
        {"organization": "X e.V."},
        {"attributes": ["health"]},
        {"service_at_locations": ["Marxloh"]},
    ],
)
def test_hsds_import_skips_an_entry_of_the_wrong_shape_with_a_reason(head, bad):
    """Before: a text where HSDS has an object raised AttributeError: a 500 on page and API,
    a traceback in the CLI."""
    service = {
        "name": "Falsch geformt",
        "organization": {"name": "X e.V."},
        "attributes": [
            {"taxonomy_term": {"taxonomy": "ankunft:field_of_action", "code": "health"}}
        ],
        **bad,
    }
    report = hsds_import(actor=head, payload={"contents": [service]})
    assert (report.created, report.updated, report.skipped) == (0, 0, 1)
    assert report.messages == [
        "Angebot 1 (Falsch geformt) übersprungen: ein Eintrag hat die falsche Form: "
        "ein Objekt wurde erwartet"
    ]
    assert not Offer.objects.exists()


def test_commands_export_reindex_review_due(town, offer, tmp_path):
    target = tmp_path / "hsds.json"
    call_command(
        "directory_export", "--municipality", town.slug, "--format", "hsds", "-o", str(target)
    )
    assert json.loads(target.read_text())["contents"][0]["id"] == str(offer.uuid)
    out = io.StringIO()
    call_command("directory_reindex", "--municipality", town.slug, stdout=out)
    assert out.getvalue().strip() == "1 offers, 2 search documents"
    Offer.objects.filter(pk=offer.pk).update(last_reviewed="2020-01-01")
    out = io.StringIO()
    call_command("directory_review_due", "--municipality", town.slug, stdout=out)
    assert f"{offer.uuid}  2020-01-01  deutschkurs-fur-frauen" in out.getvalue()


def test_import_command(town, head, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps([{"name": "Tanzkurs", "organization": {"name": "Y e.V."}}]))
    out = io.StringIO()
    call_command(
        "directory_import_hsds", str(source), "--municipality", town.slug, "--user", head.username,
        "--default-field", "participation", stdout=out,
    )  # fmt: skip
    assert "1 neu, 0 aktualisiert, 0 übersprungen" in out.getvalue()
    with pytest.raises(CommandError, match="nirgendwo"):
        call_command(
            "directory_import_hsds", str(source), "--municipality", "nirgendwo", "--user", "x"
        )
