"""Who may do what with case data: the module's permissions and scopes.

Case workers see their own and their team's cases; team leads their team's; the head of
the KI all of the municipality's cases but no notes and no special-category fields;
the data protection officer consent records and subject requests, no case content;
providers only the referrals to their own offers; interpreters only their own bookings.
Each model's rule is written once here and gives lists and single records alike.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ankunft.core import permissions
from ankunft.core.models import Role

VIEW = "cases.view"
WORK = "cases.work"
VIEW_NOTES = "cases.view_notes"
REASSIGN = "cases.reassign"
OVERRIDE_CONSENT = "cases.override_consent"
IMPORT = "cases.import"
MERGE = "cases.merge"
SETTINGS = "cases.settings"
CONSENT_REGISTER = "cases.consent_register"
SUBJECT_RIGHTS = "cases.subject_rights"
RETENTION = "cases.retention"
REFERRAL_INBOX = "cases.referral_inbox"
INTERPRETING = "cases.interpreting"
CASELOAD = "cases.view_caseload"
INTERPRETER_POOL = "cases.interpreter_pool"

NOTHING = Q(pk__in=[])


def team_q(user: Any, prefix: str = "") -> Q:
    """Case workers: their team's records and the ones assigned to them; team leads:
    their team's; other roles: the whole municipality (their role decides the rest).

    `prefix` leads from the model to its case ("case__", "appointment__case__")."""
    if user.role not in permissions.CASE_ROLES:
        return Q()
    team = Q(**{f"{prefix}team_id": user.team_id}) if user.team_id is not None else NOTHING
    if user.role == Role.CASE_WORKER:
        return team | Q(**{f"{prefix}worker_id": user.pk})
    return team


def _person_q(user: Any, prefix: str = "") -> Q:
    """Persons carry the responsible team (the team of their case)."""
    if user.role not in permissions.CASE_ROLES:
        return Q()
    return Q(**{f"{prefix}team_id": user.team_id}) if user.team_id is not None else NOTHING


def _provider_q(user: Any) -> Q:
    from ankunft.directory.access import provider_id_of  # noqa: PLC0415

    provider_id = provider_id_of(user)
    return Q(offer__provider_id=provider_id) if provider_id is not None else NOTHING


def case_scope(user: Any, name: str) -> Q:
    return team_q(user)


def person_scope(user: Any, name: str) -> Q:
    return _person_q(user)


def household_scope(user: Any, name: str) -> Q:
    return _person_q(user)


def person_part_scope(user: Any, name: str) -> Q:
    """Consents, spellings, legal-domain periods, participations: the person's rule."""
    return _person_q(user, "person__")


def case_part_scope(user: Any, name: str) -> Q:
    """Events, needs, goals, appointments: the case's rule."""
    return team_q(user, "case__")


def goal_review_scope(user: Any, name: str) -> Q:
    return team_q(user, "goal__case__")


def note_scope(user: Any, name: str) -> Q:
    """Notes of level "case" only for the assigned worker and the team lead."""
    q = team_q(user, "case__")
    if user.role == Role.CASE_WORKER:
        q &= Q(level="team") | Q(case__worker_id=user.pk)
    return q


def referral_scope(user: Any, name: str) -> Q:
    if user.role == Role.PROVIDER:
        return _provider_q(user)
    return team_q(user, "case__")


def referral_notice_scope(user: Any, name: str) -> Q:
    if user.role == Role.PROVIDER:
        from ankunft.directory.access import provider_id_of  # noqa: PLC0415

        provider_id = provider_id_of(user)
        return Q(offer__provider_id=provider_id) if provider_id else NOTHING
    return team_q(user, "referral__case__")


def booking_scope(user: Any, name: str) -> Q:
    if user.role == Role.INTERPRETER:
        return Q(interpreter__user_id=user.pk)
    return team_q(user, "appointment__case__")


def interpreter_scope(user: Any, name: str) -> Q:
    if user.role == Role.INTERPRETER:
        return Q(user_id=user.pk)
    return Q()


def register_all() -> None:
    """Declare the module's permissions and scopes (from `CasesConfig.ready`)."""
    from ankunft.cases import models as m  # noqa: PLC0415

    cw, tl, head = Role.CASE_WORKER, Role.TEAM_LEAD, Role.HEAD_OF_KI
    register = permissions.register
    register(VIEW, {cw, tl, head}, _("See persons and cases (own and own team's)"))
    register(WORK, {cw, tl}, _("Take in persons, work cases, refer, write notes"))
    register(VIEW_NOTES, {cw, tl}, _("Read case notes and attachments"))
    register(REASSIGN, {tl}, _("Reassign cases to another case worker or team"))
    register(
        OVERRIDE_CONSENT, {tl}, _("Let a case proceed without consent, with a recorded reason")
    )
    register(IMPORT, {tl, head}, _("Import existing case lists"))
    register(MERGE, {tl}, _("Merge two records of the same person"))
    register(SETTINGS, {head}, _("Configure case work (residence statuses, periods)"))
    register(CONSENT_REGISTER, {Role.DPO}, _("Read the register of consents"))
    register(
        SUBJECT_RIGHTS,
        {Role.DPO},
        _("Answer data subjects' requests: access export, erasure, restriction"),
    )
    register(RETENTION, {Role.DPO}, _("Apply the retention rules to closed cases"))
    register(REFERRAL_INBOX, {Role.PROVIDER}, _("Answer referrals to the own offers"))
    register(INTERPRETING, {Role.INTERPRETER}, _("See and answer the own interpreter bookings"))
    register(CASELOAD, {tl, head}, _("See caseload and waiting times"))
    register(INTERPRETER_POOL, {tl, head}, _("Manage the interpreter pool"))

    scope = permissions.register_scope
    scope(m.Case, case_scope)
    scope(m.Person, person_scope)
    scope(m.Household, household_scope)
    for model in (m.Consent, m.PersonName, m.LegalDomainPeriod, m.Participation, m.NameKey):
        scope(model, person_part_scope)
    scope(m.SubjectRequest, person_part_scope)
    for case_part in (m.CaseEvent, m.Need, m.Goal, m.Appointment):
        scope(case_part, case_part_scope)
    scope(m.GoalReview, goal_review_scope)
    scope(m.Note, note_scope)
    scope(m.Attachment, note_scope)
    scope(m.Referral, referral_scope)
    scope(m.ReferralNotice, referral_notice_scope)
    scope(m.InterpreterBooking, booking_scope)
    scope(m.InterpreterProfile, interpreter_scope)
