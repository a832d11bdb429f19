"""Hostile OParl 1.1 objects for the council import (in process, no network): organisations,
meetings and papers of the right shape with wrong types, impossible dates, huge numbers and
hostile texts. The run always ends with a report; an object with an error is skipped whole
(nothing of it stored); a good paper arrives with its values, and a second run over the same
data changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ankunft.council.models import Consultation, Decision, File, Meeting, Organization, Paper
from ankunft.council.oparl.client import FolderSource, Raw
from ankunft.council.oparl.importer import import_oparl
from tests.hostile.conftest import examples
from tests.hostile.strategies import hostile_text, objects, raw_json

pytestmark = pytest.mark.django_db

BASE = "https://oparl.example.org/bodies/1"
MODELS = (Organization, Meeting, Paper, File, Consultation, Decision)


class MemorySource:
    """A source holding decoded objects (what the folder and HTTP sources hand over)."""

    incremental = False

    def __init__(self, objects: dict[str, list[Any]], label: str = "memory") -> None:
        self.objects = objects
        self.label = label

    def items(self, kind: str, since: datetime.datetime | None) -> Iterator[Raw]:
        for n, data in enumerate(self.objects.get(kind, [])):
            yield Raw(f"{kind}/{n}.json", data)

    def total(self, kind: str) -> int | None:
        return len(self.objects.get(kind, []))

    def fetch(self, url: str) -> Any | None:
        return None

    def file_text(self, file_id: str, embedded_text: str) -> str:
        return embedded_text


_ids = st.sampled_from([f"{BASE}/x/{n}" for n in range(6)]) | hostile_text
_stamp = st.sampled_from(
    ["2025-03-03T14:30:18+01:00", "2025-02-30T10:00:00", "9999-12-31T23:59:59+14:00",
     "0001-01-01T00:00:00-14:00", "gestern", "2025-03-03", ""]
)  # fmt: skip
_day = st.sampled_from(["2015-05-19", "2015-02-30", "99999-01-01", "2015-05-19T00:00", "x"])
_file = objects(
    {"id": _ids, "name": hostile_text, "mimeType": hostile_text, "accessUrl": hostile_text,
     "text": hostile_text}
)  # fmt: skip
_consultation = objects(
    {"id": _ids, "meeting": _ids, "agendaItem": _ids, "role": hostile_text,
     "authoritative": st.booleans(), "organization": st.lists(_ids, max_size=2)}
)  # fmt: skip
papers = objects(
    {
        "id": _ids,
        "name": hostile_text,
        "reference": hostile_text,
        "date": _day,
        "paperType": hostile_text,
        "modified": _stamp,
        "deleted": st.booleans(),
        "mainFile": _file,
        "auxiliaryFile": st.lists(_file, max_size=2),
        "consultation": st.lists(_consultation, max_size=2),
        "originatorOrganization": st.lists(_ids, max_size=2),
        "relatedPaper": st.lists(_ids, max_size=2),
    }
)
_agenda = objects(
    {"id": _ids, "consultation": _ids, "result": st.sampled_from(["einstimmig zugestimmt",
     "abgelehnt", "vertagt", ""]) | hostile_text, "start": _stamp, "resolutionText": hostile_text}
)  # fmt: skip
meetings = objects(
    {
        "id": _ids,
        "name": hostile_text,
        "start": _stamp,
        "end": _stamp,
        "modified": _stamp,
        "deleted": st.booleans(),
        "location": st.one_of(_ids, objects({"description": hostile_text, "room": hostile_text})),
        "agendaItem": st.lists(_agenda, max_size=3),
        "organization": st.lists(_ids, max_size=2),
    }
)
organizations = objects(
    {"id": _ids, "name": hostile_text, "shortName": hostile_text, "deleted": st.booleans(),
     "classification": hostile_text, "organizationType": hostile_text}
)  # fmt: skip
sources = st.fixed_dictionaries(
    {
        "organization": st.lists(organizations, max_size=2),
        "meeting": st.lists(meetings, max_size=2),
        "paper": st.lists(papers, max_size=3),
    }
)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@given(objects_by_kind=sources)
@example(objects_by_kind={"paper": [{"id": f"{BASE}/p/1", "name": "a\x00b"}]})
@example(objects_by_kind={"paper": [{"id": f"{BASE}/p/1", "date": "99999-01-01"}]})
@example(objects_by_kind={"paper": [{"id": f"{BASE}/p/1", "reference": "R" * 5000}]})
@example(objects_by_kind={"meeting": [{"id": f"{BASE}/m/1", "start": "9999-12-31T23:59:59-14:00"}]})
@example(objects_by_kind={"paper": [{"id": "x" * 3000}]})
@examples(50)
def test_import_always_reports_and_skips_bad_objects_whole(town, objects_by_kind):
    """Any objects: a report, never an exception; each paper is stored or not at all."""
    report = import_oparl(source=MemorySource(objects_by_kind), municipality=town)
    assert isinstance(report.errors, list)
    assert all(isinstance(e, str) and e for e in report.errors)
    stored = {p.oparl_id: p for p in Paper.objects.filter(municipality=town)}
    for data in objects_by_kind.get("paper", []):
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            continue
        paper = stored.get(data["id"])
        if paper is None:
            continue
        if isinstance(data.get("name"), str) and data["name"].strip():
            assert "\x00" not in paper.name


def _good_paper(n: int, name: str, reference: str) -> dict[str, Any]:
    return {
        "id": f"{BASE}/papers/{n}",
        "type": "https://schema.oparl.org/1.1/Paper",
        "name": name,
        "reference": reference,
        "date": "2025-05-19",
        "paperType": "Antrag",
        "modified": "2025-06-01T10:00:00+02:00",
        "auxiliaryFile": [
            {
                "id": f"{BASE}/files/{n}",
                "name": f"Anlage {name}",
                "mimeType": "text/plain",
                "text": name,
            }
        ],
    }


_name = hostile_text.filter(lambda s: s.strip() and "\x00" not in s)


@given(names=st.lists(_name, min_size=1, max_size=3))
@example(names=["<script>alert(1)</script>", "{{7*7}}", "\u202eevil\u202c"])
@examples(20)
def test_good_papers_round_trip_and_a_second_run_changes_nothing(town, names: list[str]):
    """Papers with hostile but valid texts arrive with exactly those texts (the page escapes
    them; the import does not mangle them); importing again changes nothing."""
    label = f"memory-{len(names)}-{abs(hash(tuple(names)))}"
    objects_by_kind = {
        "paper": [_good_paper(n, name, f"2025/{n:04d}") for n, name in enumerate(names)]
    }
    first = import_oparl(source=MemorySource(objects_by_kind, label), municipality=town, full=True)
    assert first.errors == []
    for n, name in enumerate(names):
        paper = Paper.objects.get(municipality=town, oparl_id=f"{BASE}/papers/{n}")
        # Exactly the text, or (over the field's length) its start with an ellipsis.
        shown = paper.name.removesuffix("…")
        assert paper.name in {name, name.strip()} or (
            paper.name.endswith("…") and name.strip().startswith(shown)
        ), (paper.name, name)
    before = _counts()
    snapshot = sorted(Paper.objects.filter(municipality=town).values_list("oparl_id", "name"))
    second = import_oparl(source=MemorySource(objects_by_kind, label), municipality=town, full=True)
    assert second.errors == []
    assert _counts() == before
    assert (
        sorted(Paper.objects.filter(municipality=town).values_list("oparl_id", "name")) == snapshot
    )


@given(raw=raw_json)
@example(raw=b"[" * 100_000)
@example(raw=b'{"id": "' + b"9" * 5000 + b'"}')
@example(raw=b'{"id": ' + b"9" * 5000 + b"}")
@example(raw=b'{"id": "https://x/p/1", "name": "\\ud800"}')
@examples(25)
def test_a_folder_of_hostile_files_is_reported_file_by_file(town, tmp_path, raw: bytes):
    """The folder source with any bytes in a paper file: the run reports that file and goes
    on (the next, good file is imported)."""
    folder = tmp_path / "oparl"
    (folder / "papers").mkdir(parents=True, exist_ok=True)
    (folder / "papers" / "a.json").write_bytes(raw)
    good = _good_paper(1, "Antrag Sprachkurse", "2025/0001")
    import json  # noqa: PLC0415

    (folder / "papers" / "b.json").write_text(json.dumps(good), encoding="utf-8")
    report = import_oparl(source=FolderSource(folder), municipality=town, full=True)
    assert Paper.objects.filter(municipality=town, oparl_id=good["id"]).exists()
    assert all(isinstance(e, str) and e for e in report.errors)
