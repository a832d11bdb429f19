"""Reading OParl papers with their embedded files and consultations, and the outcome a
consultation's result states (see `oparl_fields` for the typed access to objects)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from ankunft.council.oparl.fields import Obj, ref_id

# Papers ----------------------------------------------------------------------------------


@dataclass
class FileData:
    oparl_id: str
    deleted: bool
    name: str = ""
    mime_type: str = ""
    access_url: str = ""
    text: str = ""
    role: str = ""  # for a paper: "main" or "auxiliary"
    values: dict[str, Any] = field(default_factory=dict)  # the other fields of the model


@dataclass
class ConsultationData:
    oparl_id: str
    deleted: bool
    meeting: str = ""
    organizations: list[str] = field(default_factory=list)
    role: str = ""
    authoritative: bool = False
    agenda_item: str = ""
    modified: datetime.datetime | None = None
    created: datetime.datetime | None = None


@dataclass
class PaperData:
    oparl_id: str
    deleted: bool
    modified: datetime.datetime | None = None
    name: str = ""
    reference: str = ""
    date: datetime.date | None = None
    paper_type: str = ""
    originators: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    files: list[FileData] = field(default_factory=list)
    file_refs: list[tuple[str, str]] = field(default_factory=list)  # (role, URL)
    consultations: list[ConsultationData] = field(default_factory=list)
    consultation_refs: list[str] = field(default_factory=list)
    created: datetime.datetime | None = None


def parse_file(obj: Obj, role: str = "") -> FileData:
    if obj.deleted():
        return FileData(obj.id, True)
    return FileData(
        oparl_id=obj.id,
        deleted=False,
        name=obj.text("name") or obj.text("fileName") or "Datei",
        mime_type=obj.text("mimeType"),
        access_url=obj.text("accessUrl") or obj.text("downloadUrl"),
        text=obj.text("text"),
        role=role,
        values={
            "file_name": obj.text("fileName"),
            "date": obj.day("date"),
            "size": obj.integer("size"),
            "download_url": obj.text("downloadUrl"),
            "modified": obj.timestamp("modified"),
            "created": obj.timestamp("created"),
        },
    )


def parse_consultation(obj: Obj) -> ConsultationData:
    if obj.deleted():
        return ConsultationData(obj.id, True)
    meeting = obj.ref_or_obj("meeting")
    agenda_item = obj.ref_or_obj("agendaItem")
    return ConsultationData(
        oparl_id=obj.id,
        deleted=False,
        meeting=ref_id(meeting) if meeting else "",
        organizations=[ref_id(o) for o in obj.refs_or_objs("organization")],
        role=obj.text("role"),
        authoritative=bool(obj.flag("authoritative")),
        agenda_item=ref_id(agenda_item) if agenda_item else "",
        modified=obj.timestamp("modified"),
        created=obj.timestamp("created"),
    )


def distinct_consultation_id(data: ConsultationData) -> str:
    """An id for a consultation whose id the paper repeats (one per meeting it went to)."""
    return f"{data.oparl_id}#{data.agenda_item or data.meeting}"


def parse_paper(obj: Obj) -> PaperData:
    modified = obj.timestamp("modified")
    if obj.deleted():
        return PaperData(obj.id, True, modified=modified)
    files: list[FileData] = []
    file_refs: list[tuple[str, str]] = []
    main_file = [("main", obj.ref_or_obj("mainFile"))]
    auxiliary = [("auxiliary", item) for item in obj.refs_or_objs("auxiliaryFile")]
    for role, item in main_file + auxiliary:
        if isinstance(item, Obj):
            files.append(parse_file(item, role))
        elif item:
            file_refs.append((role, item))
    consultations: list[ConsultationData] = []
    consultation_refs: list[str] = []
    for item in obj.refs_or_objs("consultation"):
        if isinstance(item, Obj):
            consultations.append(parse_consultation(item))
        else:
            consultation_refs.append(item)
    related: list[str] = []
    for name in ("relatedPaper", "superordinatedPaper", "subordinatedPaper"):
        related.extend(r for r in obj.strings(name) if r not in related and r != obj.id)
    reference = obj.text("reference")
    return PaperData(
        oparl_id=obj.id,
        deleted=False,
        modified=modified,
        name=obj.text("name") or reference or "(ohne Titel)",
        reference=reference,
        date=obj.day("date"),
        paper_type=obj.text("paperType"),
        originators=[ref_id(o) for o in obj.refs_or_objs("originatorOrganization")],
        related=related,
        files=files,
        file_refs=file_refs,
        consultations=consultations,
        consultation_refs=consultation_refs,
        created=obj.timestamp("created"),
    )


# Results ---------------------------------------------------------------------------------

_PENDING_WORDS = ("teilweise", "zurückgezogen", "vertagt", "keine abstimmung")
_REFERRED = re.compile(r"verwiesen|weiterbehandlung|weitere beratung|überwiesen|vorberaten")
_REJECTED = re.compile(r"abgelehnt|ablehnung")
_ADOPTED = re.compile(r"zugestimmt|zustimmung|beschlossen|angenommen")


def outcome_for_result(result: str) -> str:
    """The decision outcome a consultation result states, when it is clear.

    Taken from the values in real council data: "einstimmig zugestimmt", "mehrheitlich
    beschlossen", "Beschlossen mit geändertem Beschlusstext" → adopted; "mehrheitlich
    abgelehnt", "bei Stimmengleichheit abgelehnt" → rejected; "verwiesen in Fachausschuss",
    "Weiterbehandlung im Planungsausschuss" → referred; partial or procedural results
    ("teilweise zugestimmt", "vertagt", "Kenntnisnahme", "erledigt") → pending.
    """
    lowered = result.lower()
    if not lowered or any(word in lowered for word in _PENDING_WORDS):
        return "pending"
    if _REFERRED.search(lowered):
        return "referred"
    if _REJECTED.search(lowered):
        return "rejected"
    if _ADOPTED.search(lowered):
        return "adopted"
    return "pending"
