"""Referrals to offers (send, answer, finish, withdraw), participation in measures and
barriers reported from a case. Every transition is a case event and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.models import (
    Case,
    CaseEvent,
    Participation,
    Person,
    Referral,
    ReferralNotice,
    ReferralStatus,
)
from ankunft.cases.models.referrals import SHAREABLE_FIELDS
from ankunft.cases.selectors.referrals import has_referral_basis
from ankunft.cases.services import require, same_tenant
from ankunft.cases.services.cases import record_event
from ankunft.core import permissions
from ankunft.core.audit import audit
from ankunft.core.models import AuditAction, District, Role, User
from ankunft.directory.models import Offer
from ankunft.directory.selectors.public import published_offers
from ankunft.measures.models import Barrier, FieldOfAction, Measure
from ankunft.measures.services.barriers import barrier_report

S = ReferralStatus
#: Who may move a referral where: the provider answers and finishes, the case worker withdraws.
PROVIDER_MOVES: dict[str, set[str]] = {
    S.SENT: {S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: {S.COMPLETED, S.NO_SHOW},
}
WORKER_MOVES: dict[str, set[str]] = {S.SENT: {S.WITHDRAWN}, S.ACCEPTED: {S.WITHDRAWN}}
AUDIT_FIELDS = ["status", "answered_at", "finished_at", "provider_note"]


def _check_fields(shared_fields: Sequence[str]) -> list[str]:
    unknown = sorted(set(shared_fields) - set(SHAREABLE_FIELDS))
    if unknown:
        raise ValidationError(
            {
                "shared_fields": _("These fields cannot be shared: %(names)s")
                % {"names": ", ".join(unknown)}
            }
        )
    # In the order of SHAREABLE_FIELDS (least first), each once.
    return [f for f in SHAREABLE_FIELDS if f in set(shared_fields)]


@transaction.atomic
def referral_send(
    *, actor: User | None, case: Case, offer: Offer, purpose: str, shared_fields: Sequence[str]
) -> Referral:
    """Refer a case to a published offer of the municipality, sharing the chosen fields —
    only with a valid consent (or basis) for referrals."""
    require(actor, access.WORK, case)
    same_tenant(case.municipality, [offer])
    if case.is_closed:
        raise ValidationError(_("This case is closed."))
    fields = _check_fields(shared_fields)
    purpose = " ".join(purpose.split())
    if not purpose:
        raise ValidationError({"purpose": _("Say what the referral is for.")})
    if (
        not published_offers(case.municipality_id, timezone.localdate())
        .filter(pk=offer.pk)
        .exists()
    ):
        raise ValidationError({"offer": _("Only published offers can receive referrals.")})
    if not has_referral_basis(case.person):
        raise ValidationError(
            _(
                "No valid consent to share data with providers: record the person's consent "
                "to referrals (or another legal basis) first."
            )
        )
    referral = Referral.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        offer=offer,
        purpose=purpose[:500],
        shared_fields=fields,
        status=S.SENT,
        sent_at=timezone.now(),
        created_by=actor if actor is not None else None,
    )
    record_event(case, CaseEvent.Kind.REFERRAL, actor=actor, to_value=S.SENT, note=purpose)
    audit(actor, AuditAction.CREATE, referral, fields=["case", "offer", "purpose", "shared_fields"])
    return referral


def _move(
    actor: User | None, referral: Referral, to: str, note: str, moves: dict[str, set[str]]
) -> Referral:
    allowed = moves.get(referral.status, set())
    if to not in allowed:
        raise ValidationError(
            {
                "status": _("A referral that is %(now)s cannot become %(to)s.")
                % {
                    "now": referral.get_status_display(),
                    "to": S(to).label if to in S.values else to,
                }
            }
        )
    before = referral.status
    now = timezone.now()
    referral.status = to
    if to in (S.ACCEPTED, S.DECLINED):
        referral.answered_at = now
    if to in (S.COMPLETED, S.NO_SHOW, S.WITHDRAWN, S.DECLINED):
        referral.finished_at = now
    if note:
        referral.provider_note = " ".join(note.split())[:500]
    referral.seen_at = None
    referral.save()
    record_event(
        referral.case, CaseEvent.Kind.REFERRAL, actor=actor, from_value=before, to_value=to
    )
    audit(actor, AuditAction.UPDATE, referral, fields=AUDIT_FIELDS)
    return referral


@transaction.atomic
def referral_answer(
    *,
    actor: User | None,
    referral: Referral,
    status: str,
    note: str = "",
    measure: Measure | None = None,
) -> Referral:
    """The provider accepts or declines, then records completion or a no-show. A completion
    with a measure records the person's participation in it."""
    require(actor, access.REFERRAL_INBOX, referral)
    if measure is not None and status != S.COMPLETED:
        raise ValidationError({"measure": _("A measure can only be given on completion.")})
    referral = _move(actor, referral, status, note, PROVIDER_MOVES)
    if measure is not None:
        participation_add(
            actor=actor,
            person=referral.case.person,
            measure=measure,
            started_on=(referral.answered_at or referral.sent_at).date(),
            referral=referral,
        )
    return referral


@transaction.atomic
def referral_withdraw(*, actor: User | None, referral: Referral, note: str = "") -> Referral:
    """The case worker takes a referral back (before it is finished)."""
    require(actor, access.WORK, referral)
    return _move(actor, referral, S.WITHDRAWN, "", WORKER_MOVES)


@transaction.atomic
def participation_add(
    *,
    actor: User | None,
    person: Person,
    measure: Measure,
    started_on: dt.date,
    referral: Referral | None = None,
) -> Participation:
    """Record that a person takes part in a measure (counted as "people reached")."""
    if actor is not None and actor.role == Role.PROVIDER:
        # A provider records it only by completing a referral to its own offer.
        if referral is None:
            raise ValidationError(_("A provider records participation through a referral."))
        require(actor, access.REFERRAL_INBOX, referral)
    else:
        require(actor, access.WORK, person)
    same_tenant(person.municipality, [measure, referral])
    if referral is not None and referral.case.person_id != person.pk:
        raise ValidationError({"referral": _("This referral is of another person.")})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("A participation cannot start in the future.")})
    found, created = Participation.objects.get_or_create(
        municipality_id=person.municipality_id,
        person=person,
        measure=measure,
        started_on=started_on,
        defaults={"referral": referral},
    )
    if created:
        audit(actor, AuditAction.CREATE, found, fields=["person", "measure", "started_on"])
    return found


@transaction.atomic
def notices_mark_read(*, actor: User, notices: Sequence[ReferralNotice]) -> int:
    """The provider has seen these notices."""
    ids = [
        n.pk
        for n in notices
        if n.read_at is None and permissions.can(actor, access.REFERRAL_INBOX, n)
    ]
    return ReferralNotice.objects.filter(pk__in=ids).update(read_at=timezone.now())


def _words(text: str) -> set[str]:
    folded = anyascii(text).casefold()
    return set("".join(c if c.isalnum() else " " for c in folded).split())


def _names_in(text: str, person: Person) -> bool:
    """Does the text name the person (a given or family name, in any recorded spelling)?"""
    names = [
        person.given_names,
        person.family_name,
        person.given_names_original,
        person.family_name_original,
    ]
    names += [f"{s.given_names} {s.family_name}" for s in person.spellings.all()]
    name_words = {w for n in names for w in _words(n) if len(w) > 1}
    return bool(name_words & _words(text))


@transaction.atomic
def barrier_from_case(
    *,
    actor: User | None,
    case: Case,
    title: str,
    description: str = "",
    field_of_action: FieldOfAction | None = None,
    institution: str = "",
    district: District | None = None,
) -> Barrier:
    """Report a structural barrier met in a case: anonymised, refused when it names the
    person. The barrier does not link back to the case."""
    require(actor, access.WORK, case)
    person = case.person
    if _names_in(f"{title} {description} {institution}", person):
        raise ValidationError(
            {
                "description": _(
                    "The text names the person. Describe the barrier without personal data."
                )
            }
        )
    return barrier_report(
        actor=actor,
        municipality=case.municipality if actor is None else None,
        title=title,
        description=description,
        field_of_action=field_of_action,
        institution=institution,
        district=district,
        source=Barrier.Source.CASE,
    )
