"""Search: folding, typos, compounds, other languages, filters, distance; both engines."""

from __future__ import annotations

import pytest
from django.db import connection

from ankunft.directory import search
from ankunft.directory.selectors.public import Filters, directory_search, published_offers
from ankunft.directory.text import edit_distance, fold, query_terms
from tests.directory.conftest import MONDAY_10, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(head, provider, quarters):
    kurs = make_offer(
        head,
        provider,
        "Deutschkurs für Frauen",
        district_id=quarters["Marxloh"].pk,
        texts={"ro": "Curs de limba germană pentru femei"},
    )
    school = make_offer(
        head,
        provider,
        "Schulanmeldung für neu zugewanderte Kinder",
        fields=["early_education_school"],
        district_id=quarters["Neumühl"].pk,
        latitude=51.52,
        longitude=6.80,
        cost="fee",
        texts={"ro": "Înscrierea la școală pentru copii", "ar": "تسجيل الأطفال في المدرسة"},
    )
    clinic = make_offer(
        head,
        provider,
        "Sprechstunde ohne Krankenversicherung",
        fields=["health"],
        district_id=quarters["Mitte"].pk,
        latitude=51.43,
        longitude=6.76,
        access="appointment",
        hours=[],
        languages=["ro", "bg"],
    )
    return {"kurs": kurs, "school": school, "clinic": clinic}


def _titles(town, query, language="de", filters=None, now=MONDAY_10):
    found = directory_search(
        municipality=town, query=query, filters=filters or Filters(), language=language, now=now
    )
    return [i.offer.translations.get(language="de").title for i in found.items]


def test_fold_unifies_letters():
    assert fold("Școală ÄRZTIN Straße ılık") == "scoala arztin strasse ilik"
    assert fold("أطباء إلى مدرسةٌ") == "اطباء الي مدرسه"


def test_query_terms_drop_stop_words_and_short_words():
    assert query_terms("Ich brauche einen Deutschkurs für Frauen in Marxloh") == [
        "deutschkurs", "frauen", "marxloh",
    ]  # fmt: skip


def test_edit_distance_counts_transpositions_once():
    assert edit_distance("schlue", "schule") == 1
    assert edit_distance("abc", "xyz") == 3


def test_word_beginning_and_piece_of_a_title(town, catalogue):
    assert _titles(town, "kurs")[0] == "Deutschkurs für Frauen"  # piece of a compound
    assert _titles(town, "schulanmeld") == ["Schulanmeldung für neu zugewanderte Kinder"]
    assert _titles(town, "versicherung") == ["Sprechstunde ohne Krankenversicherung"]


def test_typo_is_corrected(town, catalogue):
    result = directory_search(
        municipality=town, query="deutchkurs", filters=Filters(), language="de", now=MONDAY_10
    )
    assert result.outcome.corrections == {"deutchkurs": ["deutschkurs"]}
    assert [i.title for i in result.items] == ["Deutschkurs für Frauen"]


def test_diacritics_do_not_matter(town, catalogue):
    assert _titles(town, "scoala", "ro") == ["Schulanmeldung für neu zugewanderte Kinder"]
    assert _titles(town, "școală", "ro") == ["Schulanmeldung für neu zugewanderte Kinder"]


def test_german_word_finds_offer_for_arabic_reader(town, catalogue):
    """Cross-language: the German text matches, the Arabic reader sees the Arabic title."""
    found = directory_search(
        municipality=town, query="Schulanmeldung", filters=Filters(), language="ar", now=MONDAY_10
    )
    assert [i.title for i in found.items] == ["تسجيل الأطفال في المدرسة"]


def test_field_search_word_in_any_language(town, catalogue):
    """'doctor' is a search word of the field health: its offers are found."""
    assert _titles(town, "doctor", "en") == ["Sprechstunde ohne Krankenversicherung"]
    assert _titles(town, "лекар", "bg") == ["Sprechstunde ohne Krankenversicherung"]


def test_all_words_must_match_then_any(town, catalogue):
    assert _titles(town, "deutschkurs frauen") == ["Deutschkurs für Frauen"]
    result = directory_search(
        municipality=town,
        query="deutschkurs versicherung",
        filters=Filters(),
        language="de",
        now=MONDAY_10,
    )
    assert result.outcome.all_words is False
    assert len(result.items) == 2


def test_nothing_found(town, catalogue):
    assert _titles(town, "xylophon") == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(field="health"), ["Sprechstunde ohne Krankenversicherung"]),
        (Filters(free=True), ["Deutschkurs für Frauen", "Sprechstunde ohne Krankenversicherung"]),
        (Filters(spoken="bg"), ["Sprechstunde ohne Krankenversicherung"]),
        (
            Filters(walk_in=True),
            ["Deutschkurs für Frauen", "Schulanmeldung für neu zugewanderte Kinder"],
        ),
        (
            Filters(open_now=True),
            ["Deutschkurs für Frauen", "Schulanmeldung für neu zugewanderte Kinder"],
        ),
    ],
)
def test_filters(town, catalogue, filters, expected):
    assert sorted(_titles(town, "", filters=filters)) == expected


def test_district_filter_includes_quarters(town, catalogue, quarters):
    assert sorted(_titles(town, "", filters=Filters(district=quarters["Hamborn"].pk))) == [
        "Deutschkurs für Frauen", "Schulanmeldung für neu zugewanderte Kinder",
    ]  # fmt: skip


def test_open_now_respects_time_and_exceptions(town, head, provider):
    offer = make_offer(head, provider, "Beratung", exceptions=[])
    monday_evening = MONDAY_10.replace(hour=19)
    assert _titles(town, "", filters=Filters(open_now=True), now=monday_evening) == []
    assert _titles(town, "", filters=Filters(open_now=True)) == ["Beratung"]
    from ankunft.directory.models import OpeningException  # noqa: PLC0415

    OpeningException.objects.create(
        municipality=town, offer=offer, date=MONDAY_10.date(), reason="holiday"
    )
    assert _titles(town, "", filters=Filters(open_now=True)) == []


def test_listing_ordered_by_distance_to_a_place(town, catalogue, quarters):
    found = directory_search(
        municipality=town,
        query="",
        filters=Filters(near=quarters["Mitte"].pk),
        language="de",
        now=MONDAY_10,
    )
    assert found.items[0].title == "Sprechstunde ohne Krankenversicherung"
    assert found.items[0].distance == pytest.approx(0.0, abs=0.01)


def test_unpublished_and_expired_offers_are_not_found(town, head, provider):
    import datetime as dt  # noqa: PLC0415

    make_offer(head, provider, "Entwurf Kurs", status="draft")
    make_offer(head, provider, "Alter Kurs", valid_until=dt.date(2020, 1, 1))
    assert _titles(town, "kurs") == []


def test_other_municipality_is_not_searched(town, other_town, head, provider, make_user):
    from ankunft.core.models import Role  # noqa: PLC0415
    from ankunft.directory import services  # noqa: PLC0415

    make_offer(head, provider, "Deutschkurs hier")
    other_head = make_user(Role.HEAD_OF_KI, other_town)
    make_offer(
        other_head, services.provider_create(actor=other_head, name="Dort e.V."), "Deutschkurs dort"
    )
    assert _titles(town, "deutschkurs") == ["Deutschkurs hier"]


def test_search_costs_few_queries(town, catalogue, django_assert_max_num_queries):
    """Search, then one page of offers with their texts, tags, hours and exceptions."""
    with django_assert_max_num_queries(7):
        directory_search(
            municipality=town, query="kurs", filters=Filters(), language="de", now=MONDAY_10
        )


def test_index_is_rewritten_on_change(town, head, catalogue):
    from ankunft.directory import services  # noqa: PLC0415
    from ankunft.directory.models import Offer  # noqa: PLC0415
    from ankunft.directory.services import OfferTexts, data_of  # noqa: PLC0415

    offer = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(
        pk=catalogue["kurs"].pk
    )
    from ankunft.directory.models import SearchDocument  # noqa: PLC0415

    services.offer_update(actor=head, offer=offer, data=data_of(offer), texts=OfferTexts("Nähcafé"))
    # "frauen" still finds it: its Romanian text says "femei" (a synonym across languages).
    assert SearchDocument.objects.get(offer_id=offer.pk, language="de").title == "nahcafe"
    assert _titles(town, "nähcafe") == ["Nähcafé"]


def test_engine_is_chosen_by_database(town, catalogue):
    engine = search.backend()
    assert type(engine).__name__ == (
        "PostgresBackend" if connection.vendor == "postgresql" else "SQLiteBackend"
    )
    offers = published_offers(town.pk, MONDAY_10.date())
    assert (
        search.search(
            municipality_id=town.pk, query="   ", reader_language="de", offers=offers
        ).hits
        == []
    )


def test_result_pages_are_cached_until_an_offer_changes(client, town, head, catalogue):
    from ankunft.directory import services  # noqa: PLC0415
    from ankunft.directory.models import Offer  # noqa: PLC0415
    from ankunft.directory.services import OfferTexts, data_of  # noqa: PLC0415

    url = f"/offers/{town.slug}/search/?q=frauen"
    assert "Deutschkurs für Frauen" in client.get(url).content.decode()
    # Behind the service's back the page stays as cached …
    Offer.objects.filter(pk=catalogue["kurs"].pk).update(status="archived")
    assert "Deutschkurs für Frauen" in client.get(url).content.decode()
    Offer.objects.filter(pk=catalogue["kurs"].pk).update(status="published")
    # … a change through the services raises the version: the next page is fresh.
    offer = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(
        pk=catalogue["kurs"].pk
    )
    services.offer_update(
        actor=head, offer=offer, data=data_of(offer), texts=OfferTexts("Frauen-Nähcafé")
    )
    assert "Frauen-Nähcafé" in client.get(url).content.decode()


def test_a_page_being_made_is_answered_by_the_previous_minutes(  # noqa: PLR0917 - fixtures
    client, rf, monkeypatch, town, head, catalogue
):
    """While one worker makes this minute's page (its busy mark in the cache), the others
    answer with the previous minute's page of the same directory version; without the mark,
    or after an offer changed (a new version), the page is made afresh."""
    import datetime as dt  # noqa: PLC0415

    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415
    from django.core.cache import cache  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from ankunft.directory import services  # noqa: PLC0415
    from ankunft.directory.models import Offer  # noqa: PLC0415
    from ankunft.directory.services import OfferTexts, data_of  # noqa: PLC0415
    from ankunft.directory.views import public  # noqa: PLC0415

    real = timezone.localtime
    clock = {"now": real().replace(hour=10, minute=0, second=5)}
    monkeypatch.setattr(
        timezone, "localtime", lambda value=None, tz=None: clock["now"] if value is None
        else real(value, tz),
    )  # fmt: skip
    url = f"/offers/{town.slug}/search/?q=frauen"

    def busy() -> None:
        request = rf.get(url)
        request.user = AnonymousUser()
        entry = public.results_entry(request, town)
        assert entry is not None
        assert cache.add(f"{entry.current}:busy", 1, 10)

    assert "Deutschkurs für Frauen" in client.get(url).content.decode()
    Offer.objects.filter(pk=catalogue["kurs"].pk).update(status="archived")
    clock["now"] += dt.timedelta(minutes=1)
    busy()
    assert "Deutschkurs für Frauen" in client.get(url).content.decode()  # the previous page
    cache.clear()
    assert "Deutschkurs für Frauen" not in client.get(url).content.decode()  # made afresh
    Offer.objects.filter(pk=catalogue["kurs"].pk).update(status="published")
    assert "Deutschkurs für Frauen" not in client.get(url).content.decode()  # 10:01's page
    offer = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(
        pk=catalogue["kurs"].pk
    )
    services.offer_update(
        actor=head, offer=offer, data=data_of(offer), texts=OfferTexts("Frauen-Nähcafé")
    )
    clock["now"] += dt.timedelta(minutes=1)
    busy()
    assert "Frauen-Nähcafé" in client.get(url).content.decode()  # not the old version's page


def test_the_public_api_search_and_the_start_pages_counts_are_cached_until_a_change(
    client, town, head, catalogue
):
    from ankunft.directory import services  # noqa: PLC0415
    from ankunft.directory.models import Offer  # noqa: PLC0415
    from ankunft.directory.selectors.public import need_counts  # noqa: PLC0415
    from ankunft.directory.services import OfferTexts, data_of  # noqa: PLC0415

    url = f"/api/directory/public/{town.slug}/offers"
    first = client.get(url, {"q": "frauen"}).json()
    assert first["total"] >= 1
    counts = need_counts(town.pk)
    Offer.objects.filter(municipality=town).update(status="archived")  # behind the back
    assert client.get(url, {"q": "frauen"}).json() == first
    assert need_counts(town.pk) == counts
    assert client.get(url, {"q": "frauen", "page": 2}).json()["total"] == 0  # other question
    offer = Offer.objects.prefetch_related("tags", "hours", "exceptions").get(
        pk=catalogue["kurs"].pk
    )
    texts = OfferTexts("Frauen-Nähcafé")
    services.offer_update(actor=head, offer=offer, data=data_of(offer), texts=texts)  # new version
    assert client.get(url, {"q": "frauen"}).json()["total"] == 0
    assert need_counts(town.pk) == {}


def test_natural_queries_split_compounds_and_weigh_field_words(town, catalogue):
    from ankunft.directory.search import understand  # noqa: PLC0415

    known = understand.Known(["eltern", "arbeit", "vertrag"])
    assert known.split("elterncafe") == ["eltern", "cafe"]  # "cafe": a field word
    assert known.split("arbeitsvertrag") == ["arbeit", "vertrag"]  # linking s
    assert known.split("eltern") is None
    # Ranked by matched share: the clinic first, offers matching fewer words after it.
    assert _titles(town, "Kinderarzt ohne Krankenversicherung")[0] == (
        "Sprechstunde ohne Krankenversicherung"
    )
    words = understand.analyse(["school", "registration", "son"], None)
    assert [w.weight for w in words] == [2.0, 1.0, 1.0]
    assert "enrolment" in words[1].variants


def test_result_pages_are_cached_for_anonymous_readers_only(client, town, head, catalogue):
    """A logged-in reader gets the page as it is now (never one cached for the public, and
    their page is not cached for others); only an anonymous reader's page is cached."""
    from ankunft.directory.models import Offer  # noqa: PLC0415

    url = f"/offers/{town.slug}/search/?q=frauen"
    client.force_login(head)
    assert "Deutschkurs für Frauen" in client.get(url).content.decode()
    Offer.objects.filter(pk=catalogue["kurs"].pk).update(status="archived")
    assert "Deutschkurs für Frauen" not in client.get(url).content.decode()
    client.logout()
    assert "Deutschkurs für Frauen" not in client.get(url).content.decode()
    Offer.objects.filter(pk=catalogue["kurs"].pk).update(status="published")
    client.force_login(head)
    assert "Deutschkurs für Frauen" in client.get(url).content.decode()
