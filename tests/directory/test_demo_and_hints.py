"""Demo data (idempotent, all fields and languages) and plain-language hints."""

from __future__ import annotations

import io

import pytest

from ankunft.directory import demo as directory_demo
from ankunft.directory.models import FieldOfAction, Offer, OfferTranslation, ProviderMembership
from ankunft.directory.plain_language import hints

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent(demo):
    offers = Offer.objects.for_municipality(demo.pk)
    assert offers.count() == 60
    fields = {
        t.code for o in offers.prefetch_related("tags") for t in o.tags.all() if t.kind == "field"
    }
    assert fields == set(FieldOfAction.values)
    languages = set(OfferTranslation.objects.values_list("language", flat=True))
    assert languages >= {"de", "en", "tr", "ar", "ro", "bg"}
    assert (
        ProviderMembership.objects.get(user__username="provider").provider.name
        == "Kulturverein Marxloh e.V."
    )
    out = io.StringIO()
    directory_demo.load(demo, out)
    assert out.getvalue() == ""
    assert Offer.objects.count() == 60


def test_demo_has_translation_work_to_do(demo):
    outdated = Offer.objects.get(uuid=directory_demo.offer_uuid("homework_help", 0))
    source = outdated.translations.get(language="de")
    assert source.version == 2
    assert outdated.translations.get(language="ar").source_version == 1
    missing = Offer.objects.exclude(translations__language="bg").count()
    assert missing >= 3


def test_hints_for_officialese_and_long_sentences():
    text = (
        "Gemäß den Regeln ist die Antragstellung unverzüglich vorzunehmen und alle Unterlagen "
        "müssen vollständig vorgelegt werden, damit die zuständige Stelle das Verfahren ohne "
        "weitere Verzögerung bearbeiten kann."
    )
    found = hints(text, "de")
    assert found[0] == "Satz 1 hat 26 Wörter. Bis zu 15 Wörter sind leichter zu lesen."
    assert "Amtssprache: „gemäß“. Einfacher: „nach“." in found
    assert "Amtssprache: „unverzüglich“. Einfacher: „sofort“." in found


def test_no_hints_for_plain_text():
    assert hints("Wir helfen bei der Wohnungssuche. Kommen Sie vorbei.", "de") == []


def test_hints_endpoint(client, make_user):
    from ankunft.core.models import Role  # noqa: PLC0415

    client.force_login(make_user(Role.PROVIDER))
    response = client.post("/offers/manage/hints/", {"description": "Bitte ggf. anrufen."})
    assert "Schreiben Sie „ggf.“ aus." in response.content.decode()
