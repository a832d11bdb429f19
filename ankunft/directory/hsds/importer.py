"""Import of HSDS 3.0 services (as exported by ankunft or by other directories).

Each service is imported on its own (a bad one is reported and skipped, the others are
kept). A service whose id is an offer of this municipality updates that offer; otherwise
a new offer keeps the service's id as its identity. Organisations are matched by name.
HTML in texts is removed (and reported), over-long texts are shortened (and reported).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ankunft.core.models import District, User
from ankunft.core.permissions import require
from ankunft.directory import access
from ankunft.directory.hsds import DAYS, TAXONOMIES, parse_time
from ankunft.directory.models import Access, Cost, FieldOfAction, Offer, Provider, Status, TagKind
from ankunft.directory.models.choices import SPOKEN_LANGUAGES
from ankunft.directory.services import OfferData, OfferTexts, offer_create, provider_create
from ankunft.directory.services.checks import LIMITS
from ankunft.directory.services.offers import apply_change, offer_set_status
from ankunft.directory.validation import DayException, Slot, check_slots


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    messages: list[str] = field(default_factory=list)


def _text(value: Any, name: str, label: str, report: ImportReport) -> str:
    text = str(value or "").replace("\x00", "")  # PostgreSQL cannot store NUL
    plain = strip_tags(text)
    if plain != text:
        report.messages.append(_("%(label)s: HTML removed.") % {"label": label})
    limit = LIMITS.get(name, 300)
    if len(plain) > limit:
        report.messages.append(
            _("%(label)s: text shortened to %(max)s characters.") % {"label": label, "max": limit}
        )
        plain = plain[:limit]
    return plain.strip()


def _terms(service: dict[str, Any], taxonomy: str) -> list[str]:
    codes = []
    for attribute in service.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        if term.get("taxonomy") == taxonomy and term.get("code"):
            codes.append(str(term["code"]))
    return codes


def _schedules(service: dict[str, Any]) -> tuple[list[Slot], list[DayException]]:
    slots, exceptions = [], []
    for s in service.get("schedules") or []:
        opens, closes = parse_time(s.get("opens_at")), parse_time(s.get("closes_at"))
        if s.get("freq") == "WEEKLY" and s.get("byday") and opens and closes:
            for day in str(s["byday"]).split(","):
                code = day.strip()[-2:].upper()
                if code in DAYS:
                    slots.append(Slot(DAYS.index(code), opens, closes))
        elif s.get("valid_from") and s.get("valid_from") == s.get("valid_to"):
            date = dt.date.fromisoformat(str(s["valid_from"])[:10])
            if opens and closes:
                exceptions.append(DayException(date, "special", opens, closes))
            else:
                reason = (
                    s.get("description")
                    if s.get("description") in {"holiday", "vacation"}
                    else "closed"
                )
                exceptions.append(DayException(date, str(reason)))
    return check_slots(slots), exceptions


def _provider(actor: User, org: dict[str, Any], report: ImportReport) -> Provider:
    name = _text(org.get("name"), "title", _("Organisation"), report) or _("Unknown provider")
    found = Provider.objects.for_user(actor).filter(name=name).first()
    if found:
        return found
    return provider_create(
        actor=actor,
        name=name,
        description=_text(org.get("description"), "summary", _("Organisation"), report),
        website=str(org.get("website") or "")[:300],
    )


def _data(
    actor: User, service: dict[str, Any], provider: Provider, default_field: str | None
) -> OfferData:
    fields = [c for c in _terms(service, TAXONOMIES[TagKind.FIELD]) if c in FieldOfAction.values]
    if not fields and default_field:
        fields = [default_field]
    location = ((service.get("service_at_locations") or [{}])[0] or {}).get("location") or {}
    address = (location.get("addresses") or [{}])[0] or {}
    district = None
    if address.get("region"):
        district = District.objects.for_user(actor).filter(name=address["region"]).first()
    slots, exceptions = _schedules(service)
    access_codes = _terms(service, TAXONOMIES["access"])
    cost_codes = _terms(service, TAXONOMIES["cost"])
    phones = service.get("phones") or []
    return OfferData(
        provider_id=provider.pk,
        district_id=district.pk if district else None,
        street=str(address.get("address_1") or "")[:200],
        postcode=str(address.get("postal_code") or "")[:10],
        city=str(address.get("city") or "")[:100],
        latitude=float(location["latitude"]) if location.get("latitude") is not None else None,
        longitude=float(location["longitude"]) if location.get("longitude") is not None else None,
        access=access_codes[0]
        if access_codes and access_codes[0] in Access.values
        else Access.BOTH,
        cost=cost_codes[0] if cost_codes and cost_codes[0] in Cost.values else Cost.FREE,
        contact_phone=str(phones[0].get("number") or "")[:40] if phones else "",
        contact_email=str(service.get("email") or ""),
        website=str(service.get("url") or "")[:300],
        fields=fields,
        target_groups=_terms(service, TAXONOMIES[TagKind.TARGET]),
        languages=[
            str(lang.get("code"))
            for lang in service.get("languages") or []
            if lang.get("code") in SPOKEN_LANGUAGES
        ],
        accessibility=_terms(service, TAXONOMIES[TagKind.ACCESSIBILITY]),
        hours=slots,
        exceptions=exceptions,
    )


def _one(
    *,
    actor: User,
    service: dict[str, Any],
    language: str,
    publish: bool,
    default_field: str | None,
    report: ImportReport,
) -> None:
    label = str(service.get("name") or service.get("id") or "?")[:80]
    texts = OfferTexts(
        title=_text(service.get("name"), "title", label, report),
        description=_text(service.get("description"), "description", label, report),
        cost_note=_text(service.get("fees_description"), "cost_note", label, report),
    )
    provider = _provider(
        actor, service.get("organization") or {"name": service.get("organization_id")}, report
    )
    data = _data(actor, service, provider, default_field)
    try:
        ident = uuid.UUID(str(service.get("id")))
    except ValueError:
        ident = None
    existing = Offer.objects.for_user(actor).filter(uuid=ident).first() if ident else None
    if existing is not None:
        apply_change(actor, existing, data, texts, minor=False, note=_("updated by HSDS import"))
        report.updated += 1
        offer = existing
    else:
        if ident and Offer.objects.filter(uuid=ident).exists():
            ident = None  # the id belongs to another municipality's offer: take a new one
        offer = offer_create(
            actor=actor, data=data, texts=texts, source_language=language, uuid=ident
        )
        report.created += 1
    if publish and offer.status != Status.PUBLISHED:
        offer_set_status(actor=actor, offer=offer, status=Status.PUBLISHED)


@transaction.atomic  # all or nothing: a run killed midway leaves no data (issue 12 drill)
def hsds_import(
    *,
    actor: User,
    payload: Any,
    language: str = "de",
    publish: bool = False,
    default_field: str | None = None,
) -> ImportReport:
    """Import the services of an HSDS page, list or single service."""
    require(actor, access.MANAGE)
    if isinstance(payload, dict) and "contents" in payload:
        services = payload["contents"]
    elif isinstance(payload, dict):
        services = [payload]
    else:
        services = payload
    if not isinstance(services, list):
        raise ValidationError(_("This is not an HSDS file: no list of services found."))
    report = ImportReport()
    for number, service in enumerate(services, 1):
        if not isinstance(service, dict):
            report.skipped += 1
            report.messages.append(_("Service %(n)s: not an object.") % {"n": number})
            continue
        try:
            with transaction.atomic():
                _one(
                    actor=actor,
                    service=service,
                    language=language,
                    publish=publish,
                    default_field=default_field,
                    report=report,
                )
        except (
            ValidationError,
            ValueError,
            OverflowError,  # a number too large for a float (latitude 1e400)
            TypeError,
            KeyError,
            AttributeError,
            PermissionDenied,
            DataError,  # a value the database cannot keep (a NUL in an address …)
        ) as exc:
            report.skipped += 1
            if isinstance(exc, ValidationError):
                detail = "; ".join(exc.messages)
            elif isinstance(exc, DataError):
                detail = _("a value cannot be stored (too long or an invalid character)")
            elif isinstance(exc, AttributeError | TypeError):
                # A text or list where HSDS has an object (schedules, organization …).
                detail = _("an entry has the wrong shape: an object was expected")
            else:
                detail = str(exc)
            report.messages.append(
                _("Service %(n)s (%(name)s) skipped: %(error)s")
                % {
                    "n": number,
                    "name": str(service.get("name") or service.get("id"))[:80],
                    "error": detail,
                }
            )
    return report
