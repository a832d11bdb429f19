"""The consultations of papers and the decisions their results state, as a part of the
importer (`OParlImporter` mixes this in): which agenda item a consultation was dealt with
at, and the decision that item's result derives (or updates, or removes)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ankunft.core.models import Municipality
from ankunft.council.models import Consultation, Decision, Meeting, Paper
from ankunft.council.oparl import fields as f
from ankunft.council.oparl import papers as pp
from ankunft.council.oparl.parts import PartsImport
from ankunft.council.oparl.sync import upsert


class ResultsImport(PartsImport):
    """Consultations, their agenda items and the decisions derived from their results."""

    municipality: Municipality
    handled_consultations: set[str]

    # Provided by the importer.
    def _meeting_ref(self, url: str) -> Meeting | None:
        raise NotImplementedError

    def _consultation(self, paper: Paper, data: pp.ConsultationData) -> None:
        if data.deleted:
            existing = self.cache.get(Consultation, data.oparl_id)
            if existing is not None:
                self._apply_result(existing, None)
            return
        meeting = self._meeting_ref(data.meeting) if data.meeting else None
        organization = self._organization_ref(data.organizations[0]) if data.organizations else None
        agenda = self._agenda_for(data, meeting)
        consultation, _status = upsert(
            self.cache,
            self.report.stats,
            Consultation,
            data.oparl_id,
            {
                "paper": paper,
                "meeting": meeting,
                "organization": organization,
                "role": data.role,
                "authoritative": data.authoritative,
                "result": agenda.result if agenda else "",
                "modified": data.modified,
                "created": data.created,
            },
        )
        self.handled_consultations.add(data.oparl_id)
        self._apply_result(consultation, agenda)

    def _agenda_for(
        self, data: pp.ConsultationData, meeting: Meeting | None
    ) -> f.AgendaResult | None:
        """The agenda item of a consultation: from a meeting of this run, or fetched."""
        if data.agenda_item:
            found = self.agenda_by_item.get(data.agenda_item)
            if found is None:
                found = self.stored_agenda_result(data.agenda_item, meeting)
            if found is None:
                start = meeting.start if meeting else None
                found = self._fetch_referenced(
                    data.agenda_item, lambda item: f.agenda_result(item, start)
                )
            return found
        candidates = self.agenda_by_consultation.get(data.oparl_id, [])
        return candidates[0] if len(candidates) == 1 else None

    def _apply_result(self, consultation: Consultation, agenda: f.AgendaResult | None) -> None:
        """Derive (or update, or remove) the decision a consultation's result states."""
        existing = self.cache.decision_for(consultation)
        if agenda is None or not agenda.result:
            if existing is not None:
                existing.delete()
                self.cache.forget_decision(consultation)
                self.report.stats.add(Decision, "updated")
            return
        values: dict[str, Any] = {
            "paper_id": consultation.paper_id,
            "organization_id": consultation.organization_id,
            "outcome": pp.outcome_for_result(agenda.result),
            "date": agenda.date,
            "resolution_text": agenda.resolution_text or agenda.result,
        }
        if existing is None:
            decision = Decision(municipality=self.municipality, consultation=consultation, **values)
            decision.save()
            self.cache.remember_decision(consultation, decision)
            self.report.stats.add(Decision, "created")
            return
        changed = [k for k, v in values.items() if getattr(existing, k) != v]
        if changed:
            for key in changed:
                setattr(existing, key, values[key])
            existing.save(update_fields=changed)
        self.report.stats.add(Decision, "updated" if changed else "unchanged")

    def _apply_orphan_results(self) -> None:
        """Results of meetings imported in this run for consultations whose paper was not."""
        for agenda in self.agenda_by_item.values():
            oparl_id = agenda.consultation_id
            if len(self.agenda_by_consultation[oparl_id]) > 1:
                oparl_id = f"{oparl_id}#{agenda.item_id}"
            consultation = self.cache.get(Consultation, oparl_id)
            if consultation is None or oparl_id in self.handled_consultations:
                continue
            with transaction.atomic():
                if consultation.result != agenda.result:
                    consultation.result = agenda.result
                    consultation.save(update_fields=["result"])
                    self.report.stats.add(Consultation, "updated")
                self._apply_result(consultation, agenda)
