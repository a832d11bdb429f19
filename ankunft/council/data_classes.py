"""Data classes of the council models (see `ankunft.core.classification`).

Council papers are public records of bodies and factions, not personal data: their
originators are organisations. So nothing here is audited on read or write.
"""

from __future__ import annotations

from ankunft.core.classification import DataClass

N = DataClass.NOT_PERSONAL

FIELDS = {
    "Organization": {
        "municipality": N,
        "name": N,
        "short_name": N,
        "kind": N,
        "oparl_id": N,
        "deleted": N,
    },
    "Meeting": {
        "municipality": N,
        "name": N,
        "start": N,
        "end": N,
        "location": N,
        "organizations": N,
        "oparl_id": N,
        "deleted": N,
        "modified": N,
    },
    "Paper": {
        "municipality": N,
        "reference": N,
        "name": N,
        "date": N,
        "paper_type": N,
        "text": N,
        "cover": N,
        "text_hash": N,
        "originators": N,
        "related_papers": N,
        "related_references": N,
        "oparl_id": N,
        "deleted": N,
        "modified": N,
        "source": N,
    },
    "PaperAllocation": {
        "municipality": N,
        "paper": N,
        "year": N,
        "amount_eur": N,
        "recurring": N,
        "kind": N,
    },
    "File": {
        "municipality": N,
        "paper": N,
        "name": N,
        "mime_type": N,
        "access_url": N,
        "text": N,
        "oparl_id": N,
        "deleted": N,
    },
    "Consultation": {
        "municipality": N,
        "paper": N,
        "meeting": N,
        "organization": N,
        "role": N,
        "authoritative": N,
        "result": N,
        "oparl_id": N,
    },
    "Decision": {
        "municipality": N,
        "paper": N,
        "organization": N,
        "outcome": N,
        "date": N,
        "resolution_text": N,
        "effect": N,
        "amounts": N,
        "consultation": N,
    },
    "OParlSource": {"municipality": N, "url": N, "last_sync": N},
    # Link tables of the many-to-many relations.
    "MeetingOrganization": {"municipality": N, "meeting": N, "organization": N},
    "PaperOriginator": {"municipality": N, "paper": N, "organization": N},
    "PaperRelation": {"municipality": N, "from_paper": N, "to_paper": N},
}
