"""`ankunft bench oparl [FOLDER] [--http] [--concurrency N]`: OParl import speed, in papers
per second, and the number of HTTP requests.

Imports the folder (default: the Karlsruhe sample) into a fresh municipality, then once
more (the idempotent run that changes nothing), and rolls everything back afterwards so the
database is left as it was. With `--http` the same folder is served by a local OParl
endpoint (`folder_server`) and imported over HTTP: the first run, then a full second run
(everything read again, nothing changed), with the requests each made (no rate limit on
the local server; `--concurrency` parallel requests, default 4).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from ankunft.core.models import Municipality
from ankunft.council.motion_reader.accuracy import report as reader_report
from ankunft.council.oparl.client import FolderSource, HttpClient, HttpSource, Source
from ankunft.council.oparl.folder_server import serve_folder
from ankunft.council.oparl.importer import import_oparl

DEFAULT_SAMPLE = Path("/work/shared/data/karlsruhe-oparl-sample")


class _RollbackError(Exception):
    pass


def _runs(label: str, make_source: Any, out: Any) -> None:
    try:
        with transaction.atomic():
            slug = f"bench-{uuid.uuid4().hex[:8]}"
            municipality = Municipality.objects.create(name=slug, slug=slug)
            for run in ("first import", "second import (no changes)"):
                source: Source = make_source()
                start = time.perf_counter()
                report = import_oparl(source=source, municipality=municipality, full=True)
                seconds = time.perf_counter() - start
                papers = report.papers_seen
                out.write(
                    f"{label} {run:<26} {papers} papers in {seconds:.2f} s = "
                    f"{papers / seconds:.0f} papers/s, {report.requests} requests  "
                    f"({report.summary()})\n"
                )
            raise _RollbackError
    except _RollbackError:
        pass


def bench_oparl(args: list[str], out: Any) -> None:
    http = "--http" in args
    concurrency = 4
    if "--concurrency" in args:
        concurrency = int(args[args.index("--concurrency") + 1])
        args = [a for a in args if a not in {"--concurrency", str(concurrency)}]
    rest = [a for a in args if not a.startswith("--")]
    folder = Path(rest[0]) if rest else DEFAULT_SAMPLE
    if not (folder / "papers").is_dir():
        out.write(f"no OParl folder at {folder} (give one: ankunft bench oparl FOLDER)\n")
        return
    _runs("folder", lambda: FolderSource(folder), out)
    if http:
        with serve_folder(folder) as endpoint:
            clients: list[HttpClient] = []

            def make() -> HttpSource:
                client = HttpClient(rate=0, concurrency=concurrency, backoff=0.0)
                clients.append(client)
                return HttpSource(endpoint.base + "/oparl", client)

            _runs(f"http (concurrency {concurrency})", make, out)
            for client in clients:
                client.close()
            out.write(f"requests the local server answered: {endpoint.requests}\n")
    out.write(f"database: {connection.vendor}\n")


BENCHMARKS = {
    "oparl": (
        "OParl import of a folder (default: Karlsruhe sample), papers/s [--http]",
        bench_oparl,
    ),
    "reader": ("Motion reader: accuracy per field on the labelled set [--speed]", reader_report),
}
