"""`ankunft bench oparl [FOLDER]`: OParl import speed, in papers per second.

Imports the folder (default: the Karlsruhe sample) into a fresh municipality, then once
more (the idempotent run that changes nothing), and rolls everything back afterwards so the
database is left as it was.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from ankunft.core.models import Municipality
from ankunft.council.motion_reader.accuracy import report as reader_report
from ankunft.council.oparl.client import FolderSource
from ankunft.council.oparl.importer import import_oparl

DEFAULT_SAMPLE = Path("/work/shared/data/karlsruhe-oparl-sample")


class _RollbackError(Exception):
    pass


def bench_oparl(args: list[str], out: Any) -> None:
    folder = Path(args[0]) if args else DEFAULT_SAMPLE
    if not (folder / "papers").is_dir():
        out.write(f"no OParl folder at {folder} (give one: ankunft bench oparl FOLDER)\n")
        return
    source = FolderSource(folder)
    try:
        with transaction.atomic():
            slug = f"bench-{uuid.uuid4().hex[:8]}"
            municipality = Municipality.objects.create(name=slug, slug=slug)
            for label in ("first import", "second import (no changes)"):
                start = time.perf_counter()
                report = import_oparl(source=source, municipality=municipality)
                seconds = time.perf_counter() - start
                papers = report.papers_seen
                out.write(
                    f"{label:<28} {papers} papers in {seconds:.2f} s = "
                    f"{papers / seconds:.0f} papers/s  ({report.summary()})\n"
                )
            raise _RollbackError
    except _RollbackError:
        pass
    out.write(f"database: {connection.vendor}\n")


BENCHMARKS = {
    "oparl": ("OParl import of a folder (default: Karlsruhe sample), papers/s", bench_oparl),
    "reader": ("Motion reader: accuracy per field on the labelled set [--speed]", reader_report),
}
