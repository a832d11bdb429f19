"""Import council data from OParl 1.1 into one municipality: upsert by OParl id.

Order: organisations, persons with their memberships (unless the municipality switched
persons off), meetings with their location, files and agenda items (which carry the
consultations' results), papers with their embedded files and consultations, then the links
between papers, between agenda items and consultations, and the results of consultations
whose meeting changed while their paper did not. Objects are read in batches; what a batch
refers to is fetched in parallel first (`Source.prefetch`). A reference that answers 404 or
410 stays unresolved (a warning) at once. Every object is
written in its own savepoint: an object with a wrongly typed field is skipped, its error
kept for the report, and the rest goes on. A record is saved only when a value differs, so
a second run over the same data changes nothing.

Adopted decisions derived here do not run the `DECISION_ADOPTED_HANDLERS`: they record
history; budget lines follow from a decision a person confirms (`decision_record`).
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar, cast

from django.db import DataError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.core.models import Municipality
from ankunft.council.models import (
    CouncilSettings,
    File,
    Meeting,
    OParlSource,
    Organization,
    Paper,
)
from ankunft.council.oparl import fields as f
from ankunft.council.oparl import meetings as mt
from ankunft.council.oparl import papers as pp
from ankunft.council.oparl.client import (
    FetchError,
    GoneError,
    Raw,
    Source,
    SourceUnavailableError,
)
from ankunft.council.oparl.results import ResultsImport
from ankunft.council.oparl.sync import ImportReport, ObjectCache, upsert

_M = TypeVar("_M", bound=models.Model)
_T = TypeVar("_T")


class _Deletable(Protocol):
    """A record OParl can mark deleted (papers, meetings, bodies, …)."""

    deleted: bool


Progress = Callable[[str, int, int | None], None]


def _noop(kind: str, done: int, total: int | None) -> None:
    return None


def _batches(items: Iterable[Raw], size: int) -> Iterator[list[Raw]]:
    items = iter(items)  # a source may hand a list: islice on it would start over each time
    while batch := list(itertools.islice(items, size)):
        yield batch


BATCH = 20  # objects whose references are fetched together


class OParlImporter(ResultsImport):
    """One import run of one source into one municipality."""

    def __init__(self, source: Source, municipality: Municipality, progress: Progress = _noop):
        self.source = source
        self.municipality = municipality
        self.progress = progress
        self.report = ImportReport()
        self.cache = ObjectCache(municipality)
        # Agenda results by agenda item id, and by consultation id (Karlsruhe reuses one
        # consultation id for each meeting a paper was put off to).
        self.agenda_by_item: dict[str, f.AgendaResult] = {}
        self.agenda_by_consultation: dict[str, list[f.AgendaResult]] = {}
        self.meeting_names: dict[str, Counter[str]] = {}
        self.related: dict[int, list[str]] = {}
        self.handled_consultations: set[str] = set()
        self.unresolved: set[str] = set()  # references that could not be fetched
        self.persons = CouncilSettings.persons_enabled(municipality.pk)

    # Run ---------------------------------------------------------------------------------

    def run(self, *, since: datetime.datetime | None = None) -> ImportReport:
        self.cache.load()
        kinds: list[tuple[str, Callable[[f.Obj], None]]] = [
            ("organization", self._organization),
            ("person", self._person),
            ("meeting", self._meeting),
            ("paper", self._paper),
        ]
        for kind, handle in kinds:
            if self.report.source_failed:
                break  # one error for a source that does not answer, not one per kind
            if kind == "person" and not self.persons:
                continue
            self._import_kind(kind, since, handle)
        self._link_related_papers()
        self._link_agenda_items()
        self._apply_orphan_results()
        requests = getattr(getattr(self.source, "client", None), "requests", 0)
        self.report.requests = int(requests)
        return self.report

    def _import_kind(
        self, kind: str, since: datetime.datetime | None, handle: Callable[[f.Obj], None]
    ) -> None:
        done = 0
        try:
            for batch in _batches(self.source.items(kind, since), BATCH):
                self.prefetch(kind, [raw.data for raw in batch if not raw.error])
                for raw in batch:
                    self._one(raw, handle)
                    done += 1
                    self.progress(kind, done, self.source.total(kind))
        except SourceUnavailableError as exc:
            self.report.errors.append(str(exc))
            self.report.source_failed = True
        except FetchError as exc:
            self.report.errors.append(str(exc))

    def _one(self, raw: Raw, handle: Callable[[f.Obj], None]) -> None:
        if raw.error:
            self.report.errors.append(raw.error)
            return
        try:
            obj = f.Obj(raw.data, raw.origin)
            with transaction.atomic():
                handle(obj)
        except f.FieldError as exc:
            self.report.errors.append(exc.message)
        except FetchError as exc:
            self.report.errors.append(str(exc))
        except DataError:  # a value the database cannot keep (a reference URL too long …)
            self.report.errors.append(
                _("%(origin)s: a value cannot be stored (too long or an invalid character)")
                % {"origin": raw.origin[:200]}
            )

    def _fetch_obj(self, url: str) -> f.Obj | None:
        data = self.source.fetch(url)
        return f.Obj(data, url) if data is not None else None

    def _fetch_gone_ok(self, url: str) -> f.Obj | None:
        """A part of an object fetched by its URL: gone (404, 410) leaves it out with a
        warning; any other failure skips the whole object (it comes again next run)."""
        if url in self.unresolved:
            return None
        try:
            return self._fetch_obj(url)
        except GoneError as exc:
            self.unresolved.add(url)
            self.report.warnings.append(str(exc))
            return None

    def _fetch_referenced(self, url: str, use: Callable[[f.Obj], _T]) -> _T | None:
        """Fetch an object known only by a reference and `use` it. A failed fetch or a
        wrongly typed field leaves the reference unresolved: a warning, not an error, so
        the referring object is still imported (and nothing of it half-written)."""
        if url in self.unresolved:
            return None  # said once in the warnings; asked for once
        try:
            obj = self._fetch_obj(url)
            return use(obj) if obj is not None else None
        except FetchError as exc:
            self.unresolved.add(url)
            self.report.warnings.append(str(exc))
        except f.FieldError as exc:
            self.report.warnings.append(exc.message)
        return None

    # Organisations -------------------------------------------------------------------------

    def _organization(self, obj: f.Obj) -> None:
        data = f.parse_organization(obj)
        if data.deleted:
            self._mark_deleted(Organization, data.oparl_id)
            return
        upsert(
            self.cache,
            self.report.stats,
            Organization,
            data.oparl_id,
            {"name": data.name, "short_name": data.short_name, "kind": data.kind, "deleted": False},
        )

    def _organization_ref(self, url: str) -> Organization:
        """The organisation behind a URL: known, fetched, or a placeholder named after the
        meetings it holds."""
        found = self.cache.get(Organization, url)
        if found is not None:
            return found
        self._fetch_referenced(url, self._organization)
        found = self.cache.get(Organization, url)
        if found is not None:
            return found
        names = self.meeting_names.get(url)
        name = names.most_common(1)[0][0] if names else url.rstrip("/").rsplit("/", 1)[-1]
        organization, _status = upsert(
            self.cache,
            self.report.stats,
            Organization,
            url,
            {"name": name, "kind": f.organization_kind(name)},
            only_create=True,
        )
        return organization

    # Meetings ------------------------------------------------------------------------------

    def _meeting(self, obj: f.Obj) -> None:
        data = f.parse_meeting(obj)
        if data.deleted:
            self._mark_deleted(Meeting, data.oparl_id, modified=data.modified)
            return
        parts = mt.parse_meeting_parts(obj)
        for item in parts.agenda:
            result = mt.agenda_result(item, data.start)
            if result is not None:
                self.agenda_by_item[result.item_id] = result
                self.agenda_by_consultation.setdefault(result.consultation_id, []).append(result)
        if len(data.organizations) == 1:
            body_name = f.body_name_from_meeting(data.name)
            self.meeting_names.setdefault(data.organizations[0], Counter())[body_name] += 1
        location = data.location
        record = self._location(parts.location) if parts.location else None
        if parts.location_ref:
            fetched = self._fetch_referenced(
                parts.location_ref, lambda o: (f.location_text(o), mt.parse_location(o))
            )
            if fetched is not None:
                location, record = fetched[0], self._location(fetched[1])
        meeting, _status = upsert(
            self.cache,
            self.report.stats,
            Meeting,
            data.oparl_id,
            {
                "name": data.name,
                "start": data.start,
                "end": data.end,
                "location": location,
                "location_record": record,
                "modified": data.modified,
                "deleted": False,
                **parts.values,
            },
        )
        organizations = [self._organization_ref(url) for url in data.organizations]
        self.cache.set_m2m(self.report.stats, meeting, "organizations", organizations)
        self._meeting_parts(meeting, parts)

    def _meeting_ref(self, url: str) -> Meeting | None:
        found = self.cache.get(Meeting, url)
        if found is None and url:
            self._fetch_referenced(url, self._meeting)
            found = self.cache.get(Meeting, url)
        return found

    # Papers --------------------------------------------------------------------------------

    def _paper(self, obj: f.Obj) -> None:
        self.report.papers_seen += 1
        data = pp.parse_paper(obj)
        if data.deleted:
            self._mark_deleted(Paper, data.oparl_id, modified=data.modified)
            return
        for role, url in data.file_refs:
            fetched = self._fetch_gone_ok(url)
            if fetched is not None:
                data.files.append(pp.parse_file(fetched, role))
        for url in data.consultation_refs:
            fetched = self._fetch_gone_ok(url)
            if fetched is not None:
                data.consultations.append(pp.parse_consultation(fetched))
        texts = {
            file.oparl_id: self.source.file_text(file.oparl_id, file.text) for file in data.files
        }
        main_text = next((t for t in texts.values() if t.strip()), "")
        paper, _status = upsert(
            self.cache,
            self.report.stats,
            Paper,
            data.oparl_id,
            {
                "name": data.name,
                "reference": data.reference,
                "date": data.date,
                "paper_type": data.paper_type,
                "text": main_text,
                "modified": data.modified,
                "created": data.created,
                "deleted": False,
                "source": Paper.Source.OPARL,
            },
        )
        originators = [self._organization_ref(url) for url in data.originators]
        self.cache.set_m2m(self.report.stats, paper, "originators", originators)
        self.related[paper.pk] = data.related
        for file in data.files:
            self._file(paper, file, texts.get(file.oparl_id, ""))
        occurrences = Counter(c.oparl_id for c in data.consultations)
        for consultation in data.consultations:
            if occurrences[consultation.oparl_id] > 1:
                consultation.oparl_id = pp.distinct_consultation_id(consultation)
            self._consultation(paper, consultation)

    def _file(self, paper: Paper, data: pp.FileData, text: str) -> None:
        if data.deleted:
            self._mark_deleted(File, data.oparl_id)
            return
        upsert(
            self.cache,
            self.report.stats,
            File,
            data.oparl_id,
            {
                "paper": paper,
                "paper_role": data.role,
                **self.file_values(data),
                "text": text,
            },
        )

    def _link_related_papers(self) -> None:
        for paper_id, urls in self.related.items():
            paper = self.cache.by_pk(Paper, paper_id)
            related = [p for p in (self.cache.get(Paper, url) for url in urls) if p is not None]
            self.cache.set_m2m(self.report.stats, paper, "related_papers", related)

    def _mark_deleted(
        self, model: type[_M], oparl_id: str, *, modified: datetime.datetime | None = None
    ) -> None:
        found = self.cache.get(model, oparl_id)
        if found is None or getattr(found, "deleted", True):
            return
        update: list[str] = ["deleted"]
        cast(_Deletable, found).deleted = True
        if modified is not None and hasattr(found, "modified"):
            found.modified = modified
            update.append("modified")
        found.save(update_fields=update)
        self.report.stats.add(model, "deleted")


@transaction.atomic  # all or nothing: a run killed midway leaves no data (issue 12 drill)
def import_oparl(
    *,
    source: Source,
    municipality: Municipality,
    since: datetime.datetime | None = None,
    full: bool = False,
    progress: Progress = _noop,
) -> ImportReport:
    """Import from `source` into `municipality`.

    An endpoint is read incrementally: `since=None` asks only for what changed since the
    last run without errors from this source (`modified_since`), unless `full` is set. A
    folder is read in full unless `since` is given. The new sync time (the start of this
    run) is stored only when the run had no errors, so skipped objects come again.
    """
    started = timezone.now()
    record = OParlSource.objects.filter(municipality=municipality, url=source.label).first()
    if since is None and not full and source.incremental and record is not None:
        since = record.last_sync
    report = OParlImporter(source, municipality, progress).run(since=since)
    if not report.errors:
        OParlSource.objects.update_or_create(
            municipality=municipality, url=source.label, defaults={"last_sync": started}
        )
    return report
