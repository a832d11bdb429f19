"""The OParl importer against a local HTTP endpoint: System → Body → paginated lists."""

from __future__ import annotations

import copy
import datetime
import io
import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from ankunft.council.models import Meeting, OParlSource, Organization, Paper
from ankunft.council.oparl.client import (
    FetchError,
    HttpClient,
    HttpSource,
    retry_after_seconds,
)
from ankunft.council.oparl.importer import import_oparl
from tests.council.oparl_server import FakeOParl, sample_subset, serve

pytestmark = pytest.mark.django_db


UNLISTED_COMMITTEE = {
    "id": "https://web1.karlsruhe.de/oparl/bodies/0001/organizations/gr/31180",
    "type": "https://schema.oparl.org/1.1/Organization",
    "name": "Bauausschuss",
    "organizationType": "Gremium",
    "classification": "Ausschuss",
}


def papers_reference(endpoint: FakeOParl, index: int) -> str:
    return endpoint.papers[index]["reference"]


def fast_client() -> HttpClient:
    return HttpClient(rate=0, backoff=0.0, timeout=5)


@pytest.fixture
def endpoint():
    papers, meetings = sample_subset(5)
    state = FakeOParl(papers, meetings)
    state.organizations = [
        {
            "id": "https://web1.karlsruhe.de/oparl/bodies/0001/organizations/gr/32130",
            "type": "https://schema.oparl.org/1.1/Organization",
            "name": "Gemeinderat der Stadt Karlsruhe",
            "shortName": "GR",
            "classification": "Rat",
            "modified": "2025-01-01T00:00:00+01:00",
        }
    ]
    # One meeting and one committee only referenced: the importer follows their URLs.
    state.unlisted = [state.meetings.pop(), UNLISTED_COMMITTEE]
    papers[2]["originatorOrganization"] = [UNLISTED_COMMITTEE["id"]]
    with serve(state):
        yield state


def test_import_follows_system_body_and_pagination(town, endpoint):
    """Five papers over three pages, their meetings, a body from the list and the others
    fetched by their URLs; the first 503 is retried."""
    endpoint.fail_first = {"/oparl"}
    client = fast_client()
    report = import_oparl(source=HttpSource(endpoint.base + "/oparl", client), municipality=town)
    assert report.errors == []
    assert Paper.objects.for_municipality(town.pk).count() == 5
    assert Meeting.objects.for_municipality(town.pk).count() == len(endpoint.meetings) + 1
    fetched = endpoint.local(endpoint.unlisted[0]["id"])
    assert Meeting.objects.get(oparl_id=fetched).name == endpoint.unlisted[0]["name"]
    council = Organization.objects.get(oparl_id__endswith="/organizations/gr/32130")
    assert (council.name, council.short_name, council.kind) == (
        "Gemeinderat der Stadt Karlsruhe",
        "GR",
        Organization.Kind.COUNCIL,
    )
    committee = Organization.objects.get(oparl_id__endswith="/organizations/gr/31180")
    assert (committee.name, committee.kind) == ("Bauausschuss", Organization.Kind.COMMITTEE)
    assert list(committee.originated_papers.values_list("reference", flat=True)) == [
        papers_reference(endpoint, 2)
    ]
    assert client.retried == 1
    assert "/oparl/bodies/0001/papers?page=3" in endpoint.requests
    assert OParlSource.objects.get(municipality=town).last_sync is not None


def test_incremental_run_asks_modified_since_and_marks_deleted(town, endpoint):
    """The second run sends `modified_since` (the first run's start), imports only what
    changed, and marks an object reported as `deleted: true` as deleted here."""
    source_url = endpoint.base + "/oparl"
    import_oparl(source=HttpSource(source_url, fast_client()), municipality=town)
    later = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1)).isoformat()
    gone, renamed = endpoint.papers[0], copy.deepcopy(endpoint.papers[1])
    endpoint.papers[0] = {
        "id": gone["id"],
        "type": gone["type"],
        "deleted": True,
        "modified": later,
    }
    renamed["name"] = "Neuer Titel"
    renamed["modified"] = later
    endpoint.papers[1] = renamed
    endpoint.requests.clear()

    report = import_oparl(source=HttpSource(source_url, fast_client()), municipality=town)

    assert report.errors == []
    assert any("modified_since=" in r for r in endpoint.requests)
    assert report.stats.get(Paper, "deleted") == 1
    assert report.stats.get(Paper, "updated") == 1
    assert report.stats.get(Paper, "unchanged") == 0
    assert Paper.objects.get(oparl_id__endswith=gone["id"].rsplit("/", 1)[-1]).deleted is True
    assert Paper.objects.filter(name="Neuer Titel").count() == 1
    assert Paper.objects.count() == 5


def test_full_second_run_over_http_changes_nothing(town, endpoint):
    """Upsert by OParl id over HTTP as well: a full re-run creates and updates nothing."""
    source_url = endpoint.base + "/oparl"
    import_oparl(source=HttpSource(source_url, fast_client()), municipality=town)
    report = import_oparl(
        source=HttpSource(source_url, fast_client()), municipality=town, full=True
    )
    total = report.stats.total()
    assert (total["created"], total["updated"], total["deleted"]) == (0, 0, 0)


def test_body_url_works_as_well_as_system(town, endpoint):
    report = import_oparl(
        source=HttpSource(endpoint.base + "/oparl/bodies/0001", fast_client()),
        municipality=town,
    )
    assert report.errors == []
    assert Paper.objects.count() == 5


def test_retries_give_up_with_a_clear_error(endpoint):
    """After the retries a 5xx becomes an error naming the URL."""
    client = HttpClient(rate=0, backoff=0.0, retries=2)
    endpoint.fail_first = {"/oparl"}
    endpoint.answer = lambda path, query: (503, {})  # type: ignore[method-assign]
    with pytest.raises(FetchError, match=r"/oparl: HTTP 503"), translation.override("en"):
        client.get(endpoint.base + "/oparl")
    assert client.requests == 3


def test_rate_limit_spaces_requests():
    """At 5 requests a second the client waits 0.2 s between requests (fake clock)."""
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    client = HttpClient(rate=5, sleep=sleep, clock=lambda: now[0])
    for _ in range(3):
        client._wait_turn()
    assert waits == [0.2, 0.2]


def test_exponential_backoff(endpoint):
    """Waits double between retries: 0.5, 1, 2 s."""
    waits: list[float] = []
    client = HttpClient(rate=0, backoff=0.5, retries=3, sleep=waits.append)
    endpoint.answer = lambda path, query: (503, {})  # type: ignore[method-assign]
    with pytest.raises(FetchError):
        client.get(endpoint.base + "/oparl")
    assert waits == [0.5, 1.0, 2.0]


def test_not_an_oparl_endpoint(endpoint, town):
    """A URL that answers with something other than a System or Body is an error."""
    endpoint.answer = lambda path, query: (200, {"hello": "world"})  # type: ignore[method-assign]
    with translation.override("en"):
        report = import_oparl(
            source=HttpSource(endpoint.base + "/oparl", fast_client()), municipality=town
        )
    # one error for the address, not one per kind of object (before: three)
    assert report.errors == [f"{endpoint.base}/oparl: neither an OParl System nor a Body"]


def _closed_port() -> int:
    """A local port where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_address_that_does_not_answer_is_one_error(town):
    """Before: one error per kind (three), each after its own round of retries."""
    url = f"http://127.0.0.1:{_closed_port()}/oparl"
    with HttpClient(rate=0, backoff=0.0, retries=2) as client, translation.override("en"):
        report = import_oparl(source=HttpSource(url, client), municipality=town)
    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"{url}: no answer (")
    assert client.requests == 3  # the first try and two retries, once
    assert OParlSource.objects.count() == 0


def test_cli_reports_one_error_for_an_address_that_does_not_answer(town):
    url = f"http://127.0.0.1:{_closed_port()}/oparl"
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command(
            "import_oparl", url, "--retries", "0", "--no-progress", stderr=err, stdout=io.StringIO()
        )
    assert str(caught.value).startswith(f"Nothing imported: {url}: no answer (")
    assert str(caught.value).count("no answer") == 1


def test_retry_after_is_honoured(endpoint):
    """A 503 with `Retry-After: 7` waits 7 seconds (not the backoff) before asking again."""
    waits: list[float] = []
    endpoint.fail_first = {"/oparl"}
    endpoint.retry_after = "7"
    with HttpClient(rate=0, backoff=0.5, sleep=waits.append) as client:
        assert client.get(endpoint.base + "/oparl")["type"].endswith("/System")
    assert waits == [7.0]
    assert client.retried == 1


def test_retry_after_as_a_date_and_capped():
    now = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


def test_one_connection_serves_a_whole_run(town):
    """Before: a new connection per request. Now one pool (keep-alive) per import run."""
    papers, meetings = sample_subset(5)
    state = FakeOParl(papers, meetings)
    state.keep_alive = True
    with serve(state), HttpClient(rate=0, backoff=0.0) as client:
        report = import_oparl(source=HttpSource(state.base + "/oparl", client), municipality=town)
    assert report.errors == []
    assert len(state.requests) == 11  # with the (empty) list of persons
    assert len(state.connections) == 1
