"""A small OParl 1.1 endpoint for tests: System → Body → paginated lists, built from a
subset of the Karlsruhe sample, served by http.server on 127.0.0.1 in a thread."""

from __future__ import annotations

import datetime
import json
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from ankunft.council.oparl.folder_server import serve_json

SAMPLE = Path("/work/shared/data/karlsruhe-oparl-sample")
KARLSRUHE = "https://web1.karlsruhe.de/oparl/bodies/0001"
T = "https://schema.oparl.org/1.1/"


def sample_subset(count: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The first `count` papers (by file name) whose consultations' meetings are in the
    sample, and those meetings."""
    meetings = {
        m["id"]: m
        for m in (json.loads(p.read_text()) for p in sorted((SAMPLE / "meetings").glob("*.json")))
    }
    papers: list[dict[str, Any]] = []
    wanted: dict[str, dict[str, Any]] = {}
    for path in sorted((SAMPLE / "papers").glob("*.json")):
        paper = json.loads(path.read_text())
        ids = [c.get("meeting") for c in paper.get("consultation", [])]
        if ids and all(i in meetings for i in ids):
            papers.append(paper)
            wanted.update({i: meetings[i] for i in ids})
        if len(papers) == count:
            break
    return papers, list(wanted.values())


class FakeOParl:
    """State of the fake endpoint; tests change `papers` between runs."""

    def __init__(self, papers: list[dict[str, Any]], meetings: list[dict[str, Any]]):
        self.base = ""
        self.papers = papers
        self.meetings = meetings
        self.organizations: list[dict[str, Any]] = []
        self.persons: list[dict[str, Any]] = []
        self.unlisted: list[dict[str, Any]] = []  # served at their URL, in no list
        self.page_size = 2
        self.fail_first: set[str] = set()  # paths answered once with 503
        self.retry_after: str | None = None  # the Retry-After header of those 503 answers
        self.requests: list[str] = []
        self.connections: set[tuple[str, int]] = set()  # client addresses seen
        self.keep_alive = False  # HTTP/1.1 with persistent connections

    def local(self, data: Any) -> Any:
        """Karlsruhe URLs rewritten to this server."""
        return json.loads(json.dumps(data).replace(KARLSRUHE, self.base + "/oparl/bodies/0001"))

    def system(self) -> dict[str, Any]:
        return {
            "id": self.base + "/oparl",
            "type": T + "System",
            "oparlVersion": T,
            "body": self.base + "/oparl/bodies",
        }

    def body(self) -> dict[str, Any]:
        root = self.base + "/oparl/bodies/0001"
        return {
            "id": root,
            "type": T + "Body",
            "name": "Stadt Karlsruhe",
            "organization": root + "/organizations",
            "person": root + "/people",
            "meeting": root + "/meetings",
            "paper": root + "/papers",
            "legislativeTerm": [],
            "newFieldFromTheFuture": {"ignored": True},
        }

    def listing(self, items: list[dict[str, Any]], path: str, query: dict[str, list[str]]):
        since = query.get("modified_since", [""])[0]
        if since:
            limit = datetime.datetime.fromisoformat(since)
            items = [i for i in items if datetime.datetime.fromisoformat(i["modified"]) >= limit]
        page = int(query.get("page", ["1"])[0])
        start = (page - 1) * self.page_size
        chunk = items[start : start + self.page_size]
        result: dict[str, Any] = {
            "data": self.local(chunk),
            "pagination": {"totalElements": len(items), "elementsPerPage": self.page_size},
            "links": {},
        }
        if start + self.page_size < len(items):
            params = {"page": str(page + 1), **({"modified_since": since} if since else {})}
            result["links"]["next"] = self.base + path + "?" + urllib.parse.urlencode(params)
        return result

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        root = "/oparl/bodies/0001"
        if path in self.fail_first:
            self.fail_first.discard(path)
            return 503, {"error": "busy", "retry_after": self.retry_after}
        routes = {
            "/oparl": self.system,
            "/oparl/bodies": lambda: {"data": [self.body()], "links": {}},
            root: self.body,
            root + "/papers": lambda: self.listing(self.papers, path, query),
            root + "/meetings": lambda: self.listing(self.meetings, path, query),
            root + "/organizations": lambda: self.listing(self.organizations, path, query),
            root + "/people": lambda: self.listing(self.persons, path, query),
        }
        if path in routes:
            return 200, routes[path]()
        for item in [
            *self.papers,
            *self.meetings,
            *self.organizations,
            *self.persons,
            *self.unlisted,
        ]:
            if self.local(item["id"]) == self.base + path:
                return 200, self.local(item)
        return 404, {"error": "not found"}


@contextmanager
def serve(state: FakeOParl) -> Iterator[FakeOParl]:
    def answer(request: BaseHTTPRequestHandler) -> tuple[int, bytes, dict[str, str]]:
        parts = urllib.parse.urlsplit(request.path)
        state.requests.append(request.path)
        state.connections.add(request.client_address)
        status, body = state.answer(parts.path, urllib.parse.parse_qs(parts.query))
        headers: dict[str, str] = {}
        if status == 503 and isinstance(body, dict) and body.get("retry_after"):
            headers["Retry-After"] = body["retry_after"]
        return status, json.dumps(body).encode(), headers

    with serve_json(answer, keep_alive=state.keep_alive, poll=0.02) as base:
        state.base = base
        yield state
