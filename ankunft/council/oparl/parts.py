"""The parts of the OParl model beyond papers and meetings themselves, as a part of the
importer (`OParlImporter` mixes this in): locations, the files of meetings and agenda
items, agenda items and their link to consultations, persons and memberships."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils import timezone

from ankunft.council.models import (
    AgendaItem,
    Consultation,
    File,
    Location,
    Meeting,
    Membership,
    Organization,
    Person,
)
from ankunft.council.oparl import fields as f
from ankunft.council.oparl import meetings as mt
from ankunft.council.oparl import people as pe
from ankunft.council.oparl.client import Source
from ankunft.council.oparl.papers import FileData, parse_file
from ankunft.council.oparl.sync import ImportReport, ObjectCache, upsert, upsert_many

if TYPE_CHECKING:
    import datetime

    from django.db import models

_T = TypeVar("_T")


class PartsImport:
    """Locations, meeting and agenda item files, agenda items, persons, memberships."""

    source: Source
    cache: ObjectCache
    report: ImportReport
    agenda_by_item: dict[str, f.AgendaResult]
    agenda_by_consultation: dict[str, list[f.AgendaResult]]

    # Provided by the importer.
    def _fetch_referenced(self, url: str, use: Callable[[f.Obj], _T]) -> _T | None:
        raise NotImplementedError

    def _organization_ref(self, url: str) -> Organization:
        raise NotImplementedError

    def _mark_deleted(
        self,
        model: type[models.Model],
        oparl_id: str,
        *,
        modified: datetime.datetime | None = None,
    ) -> None:
        raise NotImplementedError

    # Locations -----------------------------------------------------------------------------

    def _location(self, data: mt.LocationData) -> Location | None:
        if data.deleted:
            self._mark_deleted(Location, data.oparl_id)
            return self.cache.get(Location, data.oparl_id)
        location, _status = upsert(
            self.cache, self.report.stats, Location, data.oparl_id, data.values
        )
        return location

    # Files ---------------------------------------------------------------------------------

    def file_values(self, data: FileData) -> dict[str, Any]:
        return {
            "name": data.name,
            "mime_type": data.mime_type,
            "access_url": data.access_url,
            "text": self.source.file_text(data.oparl_id, data.text),
            "deleted": False,
            **data.values,
        }

    def _fetched_files(self, refs: list[tuple[str, str]]) -> list[tuple[str, FileData]]:
        found: list[tuple[str, FileData]] = []
        for role, url in refs:
            data = self._fetch_referenced(url, parse_file)
            if data is not None:
                found.append((role, data))
        return found

    # Meetings: location, files, agenda items ------------------------------------------------

    def _meeting_parts(self, meeting: Meeting, parts: mt.MeetingParts) -> None:
        items = list(parts.agenda)
        for url in parts.agenda_refs:
            item = self._fetch_referenced(url, lambda obj: self._remember_agenda(obj, meeting))
            if item is not None:
                items.append(item)
        rows: list[tuple[str, dict[str, Any]]] = []
        for item in items:
            if item.deleted:
                self._mark_deleted(AgendaItem, item.oparl_id)
            else:
                rows.append((item.oparl_id, {"meeting": meeting, **item.values}))
        stored = upsert_many(self.cache, self.report.stats, AgendaItem, rows)
        owned: list[tuple[dict[str, Any], FileData]] = [
            ({"meeting": meeting, "meeting_role": role}, data)
            for role, data in parts.files + self._fetched_files(parts.file_refs)
        ]
        for item in items:
            agenda_item = stored.get(item.oparl_id)
            if agenda_item is not None:
                owned.extend(
                    ({"agenda_item": agenda_item, "agenda_item_role": role}, data)
                    for role, data in item.files + self._fetched_files(item.file_refs)
                )
        self._owned_files(owned)

    def _owned_files(self, owned: list[tuple[dict[str, Any], FileData]]) -> None:
        """Files with their owner (a meeting or an agenda item, and the role there)."""
        rows: list[tuple[str, dict[str, Any]]] = []
        for owner, data in owned:
            if data.deleted:
                self._mark_deleted(File, data.oparl_id)
            else:
                rows.append((data.oparl_id, {**owner, **self.file_values(data)}))
        upsert_many(self.cache, self.report.stats, File, rows)

    def _remember_agenda(self, obj: f.Obj, meeting: Meeting) -> mt.AgendaItemData:
        """A fetched agenda item: its result counts like one embedded in the meeting."""
        if obj.text("consultation") and not obj.deleted():
            result = f.agenda_result(obj, meeting.start)
            self.agenda_by_item[result.item_id] = result
            self.agenda_by_consultation.setdefault(result.consultation_id, []).append(result)
        return mt.parse_agenda_item(obj)

    def stored_agenda_result(self, oparl_id: str, meeting: Meeting | None) -> f.AgendaResult | None:
        """The result of an agenda item imported before (no need to fetch it again)."""
        item = self.cache.get(AgendaItem, oparl_id)
        if item is None or item.deleted:
            return None
        day = (item.start or (meeting.start if meeting else None)) if item.result else None
        return f.AgendaResult(
            item_id=item.oparl_id,
            consultation_id=item.consultation_ref,
            result=item.result,
            resolution_text=item.resolution_text,
            date=timezone.localdate(day) if day else None,
        )

    def _link_agenda_items(self) -> None:
        """Each agenda item to the consultation it treats, once that is imported (its paper
        may come in a later run). Karlsruhe repeats a consultation id for each meeting a
        paper went to; the importer keeps those apart as "id#agenda item"."""
        meeting_ids = {m.pk: m.oparl_id for m in self.cache.by_oparl.get(Meeting, {}).values()}
        for item in list(self.cache.by_oparl.get(AgendaItem, {}).values()):
            if not item.consultation_ref:
                continue
            ref = item.consultation_ref
            candidates = (
                f"{ref}#{item.oparl_id}",
                f"{ref}#{meeting_ids.get(item.meeting_id, '')}",
                ref,
            )
            target = next(
                (c for c in (self.cache.get(Consultation, o) for o in candidates) if c), None
            )
            target_pk = target.pk if target is not None else None
            if target_pk is not None and item.consultation_id != target_pk:
                item.consultation_id = target_pk
                item.save(update_fields=["consultation"])
                if (AgendaItem, item.pk) not in self.cache.created:
                    self.report.stats.add(AgendaItem, "updated")

    # Persons and memberships -------------------------------------------------------------

    def _person(self, obj: f.Obj) -> None:
        data = pe.parse_person(obj)
        if data.deleted:
            self._mark_deleted(Person, data.oparl_id)
            return
        person, _status = upsert(self.cache, self.report.stats, Person, data.oparl_id, data.values)
        memberships = list(data.memberships)
        for url in data.membership_refs:
            fetched = self._fetch_referenced(url, pe.parse_membership)
            if fetched is not None:
                memberships.append(fetched)
        for membership in memberships:
            self._membership(person, membership)

    def _membership(self, person: Person, data: pe.MembershipData) -> None:
        if data.deleted:
            self._mark_deleted(Membership, data.oparl_id)
            return
        if not data.organization:
            self.report.warnings.append(f"{data.oparl_id}: no organization")
            return
        organization = self._organization_ref(data.organization)
        on_behalf_of = self._organization_ref(data.on_behalf_of) if data.on_behalf_of else None
        values = {
            "person": person,
            "organization": organization,
            "on_behalf_of": on_behalf_of,
            **data.values,
        }
        upsert(self.cache, self.report.stats, Membership, data.oparl_id, values)

    # Prefetching ---------------------------------------------------------------------------

    def prefetch(self, kind: str, batch: list[Any]) -> None:
        """Ask in parallel for what the next objects refer to and the import will fetch:
        not the organisations, meetings and agenda items it already has."""
        own = {i.get("id") for i in batch if isinstance(i, dict) and isinstance(i.get("id"), str)}
        urls: list[str] = []
        for item in batch:
            for url in mt.references(kind, item):
                if url in own or url in self.agenda_by_item:
                    continue
                if any(self.cache.known(m, url) for m in (Organization, Meeting, AgendaItem)):
                    continue
                urls.append(url)
        prefetch = getattr(self.source, "prefetch", None)  # optional for a Source
        if urls and prefetch is not None:
            prefetch(urls)
