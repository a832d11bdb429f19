"""Reads of published reports (veröffentlichte Sachstandsberichte), and of the report a
user may publish.

No login for the public reads: they return only finished reports that are published.
"""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from ankunft.core import permissions
from ankunft.core.models import Municipality, User
from ankunft.reports.models import Report

PUBLISH = "reports.publish"


def _published() -> QuerySet[Report]:
    return Report.objects.filter(status=Report.Status.DONE, published_at__isnull=False)


def municipality_get(slug: str) -> Municipality:
    """The municipality named in a public URL (404 when there is none)."""
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Http404
    return municipality


def public_municipalities() -> QuerySet[Municipality]:
    """Municipalities with at least one published report, by name."""
    published = _published().filter(municipality=OuterRef("pk"))
    return Municipality.objects.filter(Exists(published)).order_by("name").only("name", "slug")


def published_report_list(municipality_id: int) -> QuerySet[Report]:
    """The municipality's published reports, newest first (without content and PDF)."""
    return (
        _published()
        .filter(municipality_id=municipality_id)
        .defer("content", "pdf")
        .order_by("-published_at", "-id")
    )


def published_report_get(public_id: uuid.UUID | str) -> Report:
    """One published report by its public id; 404 when unknown or not published."""
    report = _published().select_related("municipality").filter(public_id=public_id).first()
    if report is None:
        raise Http404
    return report


def report_for_publishing(*, actor: User, pk: int) -> Report:
    """A report of the actor's municipality that the actor may publish (404: not theirs)."""
    permissions.require(actor, PUBLISH)
    report = permissions.visible(actor, PUBLISH, Report).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report
