"""A folder of OParl JSON (like the Karlsruhe sample) served as an OParl 1.1 endpoint on
127.0.0.1, for the benchmark (`ankunft bench oparl --http`): System → Body → paginated
lists of papers and meetings (with `modified_since`), every object at its own URL."""

from __future__ import annotations

import datetime
import json
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

_T = "https://schema.oparl.org/1.1/"
PAGE_SIZE = 100


class FolderEndpoint:
    def __init__(self, folder: Path) -> None:
        self.lists: dict[str, list[dict[str, Any]]] = {}
        for kind, name in (("papers", "papers"), ("meetings", "meetings")):
            path = folder / name
            files = sorted(path.glob("*.json")) if path.is_dir() else []
            self.lists[kind] = [json.loads(p.read_text(encoding="utf-8")) for p in files]
        self.origin = self._origin()
        self.base = ""
        self.requests = 0
        self._objects: dict[str, bytes] = {}

    def _origin(self) -> str:
        """The body's URL the objects' ids start with (…/bodies/0001), to be rewritten."""
        for items in self.lists.values():
            for item in items:
                found = re.match(r"^(.*?/bodies/[^/]+)/", str(item.get("id", "")))
                if found:
                    return found.group(1)
        return "https://example.org/oparl/bodies/1"

    def start(self, base: str) -> None:
        """Rewrite the objects' URLs to this server and index every object by its path."""
        self.base = base
        for kind, items in self.lists.items():
            self.lists[kind] = [self._local(i) for i in items]
            for item in self.lists[kind]:
                self._index(item)

    def _local(self, data: Any) -> Any:
        return json.loads(json.dumps(data).replace(self.origin, self.base + "/oparl/body"))

    def _index(self, data: Any) -> None:
        if isinstance(data, dict):
            if isinstance(data.get("id"), str) and data["id"].startswith(self.base):
                path = data["id"][len(self.base) :]
                self._objects.setdefault(path, json.dumps(data).encode())
            for value in data.values():
                self._index(value)
        elif isinstance(data, list):
            for value in data:
                self._index(value)

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        body = self.base + "/oparl/body"
        routes: dict[str, Any] = {
            "/oparl": {
                "id": self.base + "/oparl",
                "type": _T + "System",
                "body": self.base + "/oparl/bodies",
            },
            "/oparl/bodies": {"data": [self._body(body)], "links": {}},
            "/oparl/body": self._body(body),
        }
        if path in routes:
            return 200, json.dumps(routes[path]).encode()
        kind = path.removeprefix("/oparl/body/list/")
        if kind in self.lists:
            return 200, json.dumps(self._page(kind, path, query)).encode()
        if path in self._objects:
            return 200, self._objects[path]
        return 404, b'{"error": "not found"}'

    def _body(self, body: str) -> dict[str, Any]:
        return {
            "id": body,
            "type": _T + "Body",
            "name": "Sample",
            "paper": body + "/list/papers",
            "meeting": body + "/list/meetings",
        }

    def _page(self, kind: str, path: str, query: dict[str, list[str]]) -> dict[str, Any]:
        items = self.lists[kind]
        since = query.get("modified_since", [""])[0]
        if since:
            limit = datetime.datetime.fromisoformat(since)
            items = [i for i in items if datetime.datetime.fromisoformat(i["modified"]) >= limit]
        page = int(query.get("page", ["1"])[0])
        start = (page - 1) * PAGE_SIZE
        result: dict[str, Any] = {
            "data": items[start : start + PAGE_SIZE],
            "pagination": {"totalElements": len(items), "elementsPerPage": PAGE_SIZE},
            "links": {},
        }
        if start + PAGE_SIZE < len(items):
            params = {"page": str(page + 1), **({"modified_since": since} if since else {})}
            result["links"]["next"] = self.base + path + "?" + urllib.parse.urlencode(params)
        return result


# (status, JSON body, extra headers) for a request
Answer = Callable[[BaseHTTPRequestHandler], tuple[int, bytes, dict[str, str]]]


@contextmanager
def serve_json(answer: Answer, *, keep_alive: bool = True, poll: float = 0.05) -> Iterator[str]:
    """Serve `answer(request)` on a free port of 127.0.0.1 in a thread; yields the base URL.

    Used by the benchmark's folder endpoint and by the tests' OParl endpoint."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

        def do_GET(self) -> None:
            status, data, headers = answer(self)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(poll,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def serve_folder(folder: Path) -> Iterator[FolderEndpoint]:
    endpoint = FolderEndpoint(folder)

    def answer(request: BaseHTTPRequestHandler) -> tuple[int, bytes, dict[str, str]]:
        parts = urllib.parse.urlsplit(request.path)
        endpoint.requests += 1
        status, data = endpoint.answer(parts.path, urllib.parse.parse_qs(parts.query))
        return status, data, {}

    with serve_json(answer) as base:
        endpoint.start(base)
        yield endpoint
