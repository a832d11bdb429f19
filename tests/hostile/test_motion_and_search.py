"""Hostile texts for the motion reader (library and HTTP) and every search box: the reader
proposes or raises `MotionReadError` with a message; pages and API answer 2xx or 4xx."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ankunft.core.models import Role
from ankunft.council.intake import read_motion_text
from ankunft.council.motion_reader import MotionProposal, MotionReadError, read_motion
from tests import factories
from tests.hostile.conftest import examples
from tests.hostile.strategies import PAYLOADS, hostile_text

pytestmark = pytest.mark.django_db

# Pieces of real German council papers, to be shuffled and mixed with hostile text.
PIECES = [
    "Antrag der SPD-Fraktion",
    "Gemeinderat der Stadt Karlsruhe",
    "Vorlage Nr. 2021/0154",
    "Betreff: Verstärkung des Personals im KI",
    "Datum: 18.11.2021",
    "Beschlussvorschlag: Der Rat beschließt",
    "Finanzielle Auswirkungen: 100.000 € jährlich ab 2022",
    "Haushaltsjahr 2023: -1.234.567,89 EUR",
    "9" * 400 + " €",
    "Sitzung des Haupt- und Finanzausschusses am 31.02.2021",
    "Antragsteller: Fraktion DIE GRÜNEN, CDU, FDP",
    "Begründung:",
    "1.000.000.000.000.000.000 Euro für 99999",
]
motion_texts = st.lists(st.one_of(st.sampled_from(PIECES), hostile_text), max_size=12).map(
    "\n".join
)


@given(text=motion_texts)
@example(text="Antrag\n" + "Betreff: " + "ä" * 100_000)
@example(text="Antrag der SPD\nBetrag: 1e400 €\nHaushaltsjahr 2022: 1.0e999 €\n" + "x" * 40)
@example(text="\x00" * 50 + "Antrag Fraktion Rat beschließt 100.000 €")
@examples(80)
def test_motion_reader_proposes_or_says_why(text: str):
    try:
        proposal = read_motion(text)
    except MotionReadError as exc:
        code, message = exc.code, exc.message
        assert code in {"empty", "not_a_motion"}
        assert str(message)
        return
    assert isinstance(proposal, MotionProposal)
    json.dumps(proposal.to_json_dict())  # the API sends it as JSON


@given(text=motion_texts)
@examples(20)
def test_motion_read_endpoints_never_5xx(client, town, text: str):
    """API and page: a proposal (200) or a 4xx with a message; nothing is stored."""
    from ankunft.council.models import Paper  # noqa: PLC0415

    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    papers = Paper.objects.count()
    api = client.post("/api/council/motions/read", {"text": text}, content_type="application/json")
    assert api.status_code in {200, 400, 413, 422}, api.content
    page = client.post("/council/motions/read/", {"motion_text": text})
    assert page.status_code in {200, 400, 413}
    assert Paper.objects.count() == papers
    try:
        read_motion_text(text)
    except MotionReadError as exc:
        message = exc.message
        assert message


queries = st.one_of(
    hostile_text, st.sampled_from([*PAYLOADS, "%", "_", "\\", "*" * 300, "a" * 5000])
)
STAFF_SEARCHES = [
    "/council/?q={q}",
    "/council/meetings/?q={q}",
    "/measures/?q={q}",
    "/offers/manage/offers/?q={q}",
    "/offers/manage/providers/?q={q}",
    "/api/council/papers?q={q}",
    "/api/directory/offers?q={q}",
]


@given(q=queries)
@example(q="\x00")
@example(q="\ud800")
@examples(15)
def test_every_search_box_answers(client, town, q: str):
    """Public directory search, staff searches and the case duplicate search: 2xx/4xx."""
    from urllib.parse import quote  # noqa: PLC0415

    encoded = quote(q.encode("utf-8", errors="surrogatepass"))
    anonymous = client.get(f"/offers/{town.slug}/search/?q={encoded}")
    assert anonymous.status_code < 500
    client.force_login(factories.user(Role.HEAD_OF_KI, town))
    for url in STAFF_SEARCHES:
        response = client.get(url.format(q=encoded))
        assert response.status_code < 500, url
    client.force_login(factories.user(Role.CASE_WORKER, town, team=factories.team(town)))
    for url in (
        "/cases/persons/?q={q}",
        "/cases/intake/duplicates/?given={q}&family={q}&birth_year={q}",
        "/cases/privacy/persons/?q={q}",
    ):
        response = client.get(url.format(q=encoded))
        assert response.status_code < 500, url
