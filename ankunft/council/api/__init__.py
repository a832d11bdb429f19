"""Council API: papers (search, detail, create, update), decisions, bodies, meetings, and
the motion reader (read: proposal only; confirm: store).

Same permissions as the pages (`council.view`, `council.edit`), same services and selectors.
"""

# No `from __future__ import annotations` here: django-ninja reads the annotations at
# import time to build its parameter models.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from ankunft.core import permissions
from ankunft.core.apitools import DbId, PageQuery, SearchText, api_page, api_user, page_of
from ankunft.core.models import User
from ankunft.council import selectors, services
from ankunft.council.api.schemas import (
    AgendaItemOut,
    AllocationSchema,
    ConsultationOut,
    DecisionIn,
    DecisionOut,
    FileOut,
    MeetingOut,
    MotionConfirmIn,
    MotionProposalOut,
    MotionTextIn,
    OrganizationOut,
    PaperDetailOut,
    PaperFilter,
    PaperIn,
    PaperOut,
    PaperRef,
)
from ankunft.council.intake import MAX_UPLOAD_BYTES, read_motion_text, too_large_text
from ankunft.council.models import AgendaItem, File, Meeting, Organization, Paper
from ankunft.council.motion_reader import MotionReadError

router = Router(tags=["council"])


_user = api_user


# Conversions -------------------------------------------------------------------------------


def _organization_or_none(o: Organization | None) -> OrganizationOut | None:
    return _organization_out(o) if o is not None else None


def _organization_out(o: Organization) -> OrganizationOut:
    return OrganizationOut(
        id=o.pk, name=o.name, short_name=o.short_name, kind=o.kind, oparl_id=o.oparl_id
    )


def _paper_out(p: Paper) -> dict[str, Any]:
    return {
        "id": p.pk,
        "reference": p.reference,
        "name": p.name,
        "date": p.date,
        "paper_type": p.paper_type,
        "source": p.source,
        "originators": [o.short_name or o.name for o in p.originators.all()],
    }


def _file_out(f: File, role: str) -> FileOut:
    return FileOut(id=f.pk, name=f.name, mime_type=f.mime_type, access_url=f.access_url, role=role)


def _agenda_item_out(i: AgendaItem) -> AgendaItemOut:
    return AgendaItemOut(
        id=i.pk,
        meeting_id=i.meeting_id,
        number=i.number,
        name=i.name,
        public=i.public,
        result=i.result,
        resolution_text=i.resolution_text,
        files=[_file_out(f, f.agenda_item_role) for f in i.files.all()],
    )


def _paper_detail(p: Paper) -> PaperDetailOut:
    return PaperDetailOut(
        **_paper_out(p),
        text=p.text,
        cover=p.cover,
        deleted=p.deleted,
        oparl_id=p.oparl_id,
        originator_organizations=[_organization_out(o) for o in p.originators.all()],
        related_papers=[
            PaperRef(id=r.pk, reference=r.reference, name=r.name) for r in p.related_papers.all()
        ],
        related_references=list(p.related_references),
        allocations=[
            AllocationSchema(
                year=a.year, amount_eur=a.amount_eur, recurring=a.recurring, kind=a.kind
            )
            for a in p.allocations.all()
        ],
        files=[_file_out(f, f.paper_role) for f in p.files.all()],
        consultations=[
            ConsultationOut(
                id=c.pk,
                meeting_id=c.meeting_id,
                meeting_start=c.meeting.start if c.meeting else None,
                meeting_name=c.meeting.name if c.meeting else "",
                organization=_organization_or_none(c.organization),
                role=c.role,
                authoritative=c.authoritative,
                result=c.result,
                agenda_items=[_agenda_item_out(i) for i in c.agenda_items.all()],
            )
            for c in p.consultations.all()
        ],
        decisions=[
            DecisionOut(
                id=d.pk,
                outcome=d.outcome,
                date=d.date,
                organization=_organization_or_none(d.organization),
                resolution_text=d.resolution_text,
                effect=d.effect,
            )
            for d in p.decisions.all()
        ],
    )


def _meeting_out(m: Meeting) -> MeetingOut:
    return MeetingOut(
        id=m.pk,
        name=m.name,
        start=m.start,
        end=m.end,
        location=m.location,
        organizations=[_organization_out(o) for o in m.organizations.all()],
        oparl_id=m.oparl_id,
    )


def _allocations(items: list[AllocationSchema]) -> list[services.AllocationData]:
    return [
        services.AllocationData(
            year=a.year, amount_eur=a.amount_eur, recurring=a.recurring, kind=a.kind
        )
        for a in items
    ]


def _organizations(user: User, ids: list[int]) -> list[Organization]:
    found = list(selectors.organization_choices(actor=user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"originator_ids": _("Unknown organisation id.")})
    return found


def _papers(user: User, ids: list[int]) -> list[Paper]:
    found = list(selectors.paper_list(actor=user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"related_paper_ids": _("Unknown paper id.")})
    return found


# Papers ------------------------------------------------------------------------------------


@router.get("/papers", response=page_of(PaperOut), summary="Search papers (keyset pages)")
def paper_list(
    request: HttpRequest, filters: Query[PaperFilter], page: Query[PageQuery]
) -> dict[str, Any]:
    user = _user(request)
    papers = selectors.paper_list(actor=user, query=filters.q, paper_type=filters.paper_type)
    shown = api_page(selectors.paper_rows(papers), keys=selectors.PAPER_KEYS, query=page)
    return {"items": [_paper_out(p) for p in shown.items], "next": shown.next}


@router.get("/papers/{paper_id}", response=PaperDetailOut, summary="One paper with everything")
def paper_detail(request: HttpRequest, paper_id: DbId) -> PaperDetailOut:
    return _paper_detail(selectors.paper_get(actor=_user(request), pk=paper_id))


@router.post("/papers", response={201: PaperDetailOut}, summary="Create a paper")
def paper_create(request: HttpRequest, data: PaperIn) -> Status[PaperDetailOut]:
    user = _user(request)
    permissions.require(user, "council.edit")
    paper = services.paper_create(
        actor=user,
        name=data.name,
        reference=data.reference,
        date=data.date,
        paper_type=data.paper_type,
        text=data.text,
        cover=data.cover,
        originators=_organizations(user, data.originator_ids),
        related_papers=_papers(user, data.related_paper_ids),
        related_references=data.related_references,
        allocations=_allocations(data.allocations or []),
    )
    return Status(201, _paper_detail(selectors.paper_get(actor=user, pk=paper.pk)))


@router.put("/papers/{paper_id}", response=PaperDetailOut, summary="Change a paper")
def paper_update(request: HttpRequest, paper_id: DbId, data: PaperIn) -> PaperDetailOut:
    user = _user(request)
    permissions.require(user, "council.edit")
    paper = selectors.paper_get(actor=user, pk=paper_id)
    services.paper_update(
        actor=user,
        paper=paper,
        name=data.name,
        reference=data.reference,
        date=data.date,
        paper_type=data.paper_type,
        text=data.text,
        cover=data.cover,
        originators=_organizations(user, data.originator_ids),
        related_papers=_papers(user, data.related_paper_ids),
        related_references=data.related_references,
        allocations=_allocations(data.allocations) if data.allocations is not None else None,
    )
    return _paper_detail(selectors.paper_get(actor=user, pk=paper_id))


@router.post(
    "/papers/{paper_id}/decisions",
    response={201: DecisionOut},
    summary="Record a decision; an adopted one runs the registered handlers (budget lines)",
)
def decision_create(request: HttpRequest, paper_id: DbId, data: DecisionIn) -> Status[DecisionOut]:
    user = _user(request)
    permissions.require(user, "council.edit")
    paper = selectors.paper_get(actor=user, pk=paper_id)
    organization = (
        selectors.organization_get(actor=user, pk=data.organization_id)
        if data.organization_id is not None
        else None
    )
    decision = services.decision_record(
        actor=user,
        paper=paper,
        outcome=data.outcome,
        date=data.date,
        organization=organization,
        resolution_text=data.resolution_text,
        effect=data.effect,
        amounts=[services.YearAmount(year=a.year, amount=a.amount) for a in data.amounts],
    )
    return Status(
        201,
        DecisionOut(
            id=decision.pk,
            outcome=decision.outcome,
            date=decision.date,
            organization=_organization_or_none(decision.organization),
            resolution_text=decision.resolution_text,
            effect=decision.effect,
        ),
    )


# Motions -----------------------------------------------------------------------------------


@router.post(
    "/motions/read",
    response=MotionProposalOut,
    summary="Read a motion's text and propose its structure (saves nothing)",
)
def motion_read(request: HttpRequest, data: MotionTextIn) -> dict[str, object]:
    permissions.require(_user(request), "council.edit")
    if len(data.text.encode("utf-8")) > MAX_UPLOAD_BYTES:
        raise too_large_text()
    try:
        proposal = read_motion_text(data.text)
    except MotionReadError as exc:
        raise ValidationError(exc.message, code=exc.code) from exc
    duplicates = selectors.paper_duplicates(
        actor=_user(request),
        title=proposal.title or "",
        date=proposal.date,
        originators=list(proposal.originators),
        text=data.text,
    )
    return {**proposal.to_json_dict(), "duplicates": [p.pk for p in duplicates]}


@router.post(
    "/motions/confirm",
    response={201: PaperDetailOut},
    summary="Store a (corrected) proposal as a paper",
)
def motion_confirm(request: HttpRequest, data: MotionConfirmIn) -> Status[PaperDetailOut]:
    user = _user(request)
    permissions.require(user, "council.edit")
    duplicates = selectors.paper_duplicates(
        actor=user,
        title=data.title,
        date=data.date,
        originators=data.originators,
        text=data.text,
    )
    if duplicates and not data.save_anyway:
        raise ValidationError(
            _(
                "This motion may already be in the database: %(papers)s. Send save_anyway "
                "to save it as a separate paper."
            )
            % {"papers": "; ".join(str(p) for p in duplicates)}
        )
    paper = services.motion_confirm(
        actor=user,
        motion=services.ConfirmedMotion(
            title=data.title,
            reference=data.reference,
            date=data.date,
            originators=data.originators,
            committee=data.committee,
            meeting_date=data.meeting_date,
            allocations=_allocations(data.allocations),
            cover=data.cover,
            related_references=data.related_references,
            text=data.text,
        ),
    )
    return Status(201, _paper_detail(selectors.paper_get(actor=user, pk=paper.pk)))


# Bodies and meetings -----------------------------------------------------------------------


@router.get("/organizations", response=list[OrganizationOut], summary="Bodies and factions")
def organization_list(request: HttpRequest, kind: str = "") -> list[OrganizationOut]:
    return [
        _organization_out(o) for o in selectors.organization_list(actor=_user(request), kind=kind)
    ]


@router.get(
    "/organizations/{organization_id}", response=OrganizationOut, summary="One body or faction"
)
def organization_detail(request: HttpRequest, organization_id: DbId) -> OrganizationOut:
    return _organization_out(selectors.organization_get(actor=_user(request), pk=organization_id))


@router.get(
    "/meetings", response=page_of(MeetingOut), summary="Meetings, most recent first (keyset pages)"
)
def meeting_list(
    request: HttpRequest, page: Query[PageQuery], q: SearchText = ""
) -> dict[str, Any]:
    meetings = selectors.meeting_list(actor=_user(request), query=q)
    shown = api_page(meetings, keys=selectors.MEETING_KEYS, query=page)
    return {"items": [_meeting_out(m) for m in shown.items], "next": shown.next}


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="One meeting")
def meeting_detail(request: HttpRequest, meeting_id: DbId) -> MeetingOut:
    return _meeting_out(selectors.meeting_get(actor=_user(request), pk=meeting_id))
