"""Every page, API operation, export and command that shows a personal field audits exactly
the records it shows: one entry per record, all written in ONE INSERT per response, with
the fields shown, and no names of data subjects in the log.

Each case builds its data, makes one request and returns the records the response shows
and the fields recorded. The entries are found by the response's request id, so set-up
writes do not count. Paths that show no personal field are checked at the end, each with
the reason why it writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ankunft.budget import bookings_import
from ankunft.budget.services import positions
from ankunft.core import classification
from ankunft.core.admin import personal_fields
from ankunft.core.audit import audit
from ankunft.core.models import ApiToken, AuditAction, AuditEntry, Role, User
from ankunft.core.selectors import STAFF_FIELDS
from ankunft.core.services import api_token_create
from ankunft.directory import services as directory
from ankunft.directory.models import OfferChange, OfferRevision
from tests import factories
from tests.budget.conftest import position
from tests.directory.conftest import make_offer

pytestmark = pytest.mark.django_db

BUDGET_STAFF = ["name", "personnel_number"]
PROVIDER_PERSONAL = [
    "contact_consent_date",
    "contact_person_email",
    "contact_person_name",
    "contact_person_phone",
    "contact_person_public",
]
BOOKINGS = (
    "Buchungsdatum;Belegnummer;Sachkonto;Buchungstext;Betrag\n"
    "28.04.2022;B-1;501200;Entgelt Frau Yilmaz;5.844,17\n"
    "28.05.2022;B-2;501200;Entgelt Herr Novak;5.844,17\n"
    "30.06.2022;B-3;542900;Arbeitsplatz;1.616,67\n"
)
MAP = {
    "date": "Buchungsdatum",
    "amount": "Betrag",
    "booking_id": "Belegnummer",
    "account": "Sachkonto",
    "text": "Buchungstext",
}


@dataclass
class Shown:
    """What one response showed: the records and the fields recorded for them."""

    response: Any
    records: list[models.Model]
    fields: list[str]


@dataclass
class World:
    client: Any
    town: Any
    make_user: Callable[..., User]

    def login(self, role: str) -> User:
        user = self.make_user(role, first_name="Akteurin", last_name=f"Rolle-{role}")
        self.client.force_login(user)
        return user


def _members(w: World, n: int = 3) -> list[Any]:
    return [
        positions.staff_member_create(
            actor=None, municipality=w.town, name=f"Person {i} Geheim", personnel_number=f"P{i}"
        )
        for i in range(n)
    ]


def _position_with_holders(w: World) -> tuple[Any, list[Any]]:
    p = position(w.town)
    members = _members(w, 2)
    positions.assignment_create(
        actor=None,
        position=p,
        staff_member=members[0],
        start=dt.date(2022, 4, 1),
        end=dt.date(2022, 12, 31),
        fte=None,
    )
    positions.assignment_create(
        actor=None, position=p, staff_member=members[1], start=dt.date(2023, 1, 1), fte=None
    )
    return p, members


def _provider(w: World, head: User) -> Any:
    return directory.provider_create(
        actor=head,
        name="Verein Beispiel e.V.",
        contact_person_name="Mira Geheim",
        contact_person_phone="0203 123456",
    )


# --- pages ---------------------------------------------------------------------------------


def page_staff_list(w: World) -> Shown:
    head = w.login(Role.HEAD_OF_KI)
    others = [w.make_user(Role.CASE_WORKER) for _ in range(3)]
    w.make_user(Role.CASE_WORKER, factories.municipality())  # another town: not shown
    return Shown(w.client.get(reverse("core:staff_list")), [head, *others], list(STAFF_FIELDS))


def page_staff_detail(w: World) -> Shown:
    w.login(Role.HEAD_OF_KI)
    person = w.make_user(Role.CASE_WORKER)
    return Shown(w.client.get(f"/staff/{person.pk}/"), [person], list(STAFF_FIELDS))


def page_audit_log(w: World) -> Shown:
    """The log's labels come from the live records: a name shown is a read of it."""
    w.login(Role.DPO)
    head = w.make_user(Role.HEAD_OF_KI)
    person = w.make_user(Role.CASE_WORKER)
    gone = w.make_user(Role.CASE_WORKER)
    audit(head, AuditAction.READ, person)
    audit(head, AuditAction.READ, gone)
    gone.delete()
    return Shown(w.client.get(reverse("core:audit_list")), [person], ["label"])


def page_budget_staff_list(w: World) -> Shown:
    w.login(Role.FINANCE)
    members = _members(w)
    return Shown(w.client.get(reverse("budget:staff_list")), members, BUDGET_STAFF)


def page_budget_staff_edit(w: World) -> Shown:
    w.login(Role.FINANCE)
    member = _members(w, 1)[0]
    return Shown(
        w.client.get(reverse("budget:staff_edit", args=[member.pk])), [member], BUDGET_STAFF
    )


def page_position_detail(w: World) -> Shown:
    w.login(Role.FINANCE)
    p, members = _position_with_holders(w)
    return Shown(
        w.client.get(reverse("budget:position_detail", args=[p.pk])), members, BUDGET_STAFF
    )


def page_position_fill(w: World) -> Shown:
    """The form's select lists every staff member by name."""
    w.login(Role.FINANCE)
    p = position(w.town)
    members = _members(w)
    return Shown(w.client.get(reverse("budget:position_fill", args=[p.pk])), members, BUDGET_STAFF)


def page_assignment_end(w: World) -> Shown:
    w.login(Role.FINANCE)
    p, members = _position_with_holders(w)
    assignment = p.assignments.get(staff_member=members[1])
    url = reverse("budget:assignment_end", args=[assignment.pk])
    return Shown(w.client.get(url), [members[1]], BUDGET_STAFF)


def page_booking_list(w: World) -> Shown:
    finance = w.login(Role.FINANCE)
    record = bookings_import.booking_import(
        actor=finance, source=BOOKINGS, mapping=MAP, allow_unassigned=True
    )
    created = list(record.bookings.all())
    return Shown(w.client.get(reverse("budget:booking_list")), created, ["text"])


def page_booking_preview(w: World) -> Shown:
    """The import preview shows the upload's booking texts: one entry for the upload."""
    finance = w.login(Role.FINANCE)
    upload = bookings_import.booking_upload_create(
        actor=finance, filename="export.csv", raw=BOOKINGS.encode()
    )
    url = reverse("budget:booking_map", args=[upload.pk])
    response = w.client.post(url, {**MAP, "allow_unassigned": "on", "preview": "1"})
    assert "Entgelt Frau Yilmaz" in response.content.decode()
    return Shown(response, [upload], ["content"])


def page_offer_history(w: World) -> Shown:
    head = w.login(Role.HEAD_OF_KI)
    offer = make_offer(head, _provider(w, head))
    revisions = list(OfferRevision.objects.filter(offer=offer))
    url = reverse("directory:offer_history", kwargs={"uuid": offer.uuid})
    return Shown(w.client.get(url), revisions, ["actor", "proposed_by"])


def page_review_detail(w: World) -> Shown:
    head = w.login(Role.HEAD_OF_KI)
    offer = make_offer(head, _provider(w, head))
    change = OfferChange.objects.create(
        municipality=w.town, offer=offer, proposed_by=head, base_revision=1, data={}
    )
    url = reverse("directory:review_detail", kwargs={"pk": change.pk})
    return Shown(w.client.get(url), [change], ["decided_by", "proposed_by"])


def page_provider_detail(w: World) -> Shown:
    head = w.login(Role.HEAD_OF_KI)
    provider = _provider(w, head)
    url = reverse("directory:provider_detail", kwargs={"pk": provider.pk})
    response = w.client.get(url)
    assert "Mira Geheim" in response.content.decode()
    return Shown(response, [provider], PROVIDER_PERSONAL)


# --- API -----------------------------------------------------------------------------------


def api_staff_page(w: World) -> Shown:
    """Only the page returned is audited (today's bug: every person fetched was)."""
    head = w.login(Role.HEAD_OF_KI)
    people = [head, *(w.make_user(Role.CASE_WORKER) for _ in range(5))]
    people.sort(key=lambda u: u.pk)  # keyset pages in id order
    first = w.client.get("/api/staff", {"limit": 2}).json()
    response = w.client.get("/api/staff", {"limit": 2, "cursor": first["next"]})
    assert [p["id"] for p in response.json()["items"]] == [p.pk for p in people[2:4]]
    return Shown(response, people[2:4], list(STAFF_FIELDS))


def api_staff_detail(w: World) -> Shown:
    w.login(Role.HEAD_OF_KI)
    person = w.make_user(Role.CASE_WORKER)
    return Shown(w.client.get(f"/api/staff/{person.pk}"), [person], list(STAFF_FIELDS))


def api_audit_log(w: World) -> Shown:
    w.login(Role.DPO)
    head = w.make_user(Role.HEAD_OF_KI)
    people = [w.make_user(Role.CASE_WORKER) for _ in range(3)]
    for p in people:
        audit(head, AuditAction.READ, p)
    response = w.client.get("/api/audit", {"limit": 2})
    # Newest first: the page holds the last two reads.
    return Shown(response, people[::-1][:2], ["label"])


def api_budget_staff(w: World) -> Shown:
    w.login(Role.FINANCE)
    members = _members(w)
    return Shown(w.client.get("/api/budget/staff"), members, BUDGET_STAFF)


def api_budget_position(w: World) -> Shown:
    w.login(Role.FINANCE)
    p, members = _position_with_holders(w)
    return Shown(w.client.get(f"/api/budget/positions/{p.pk}"), members, BUDGET_STAFF)


def api_budget_bookings(w: World) -> Shown:
    finance = w.login(Role.FINANCE)
    record = bookings_import.booking_import(
        actor=finance, source=BOOKINGS, mapping=MAP, allow_unassigned=True
    )
    created = list(record.bookings.all())
    return Shown(w.client.get("/api/budget/bookings"), created, ["text"])


def api_offer_revisions(w: World) -> Shown:
    head = w.login(Role.HEAD_OF_KI)
    offer = make_offer(head, _provider(w, head))
    revisions = list(OfferRevision.objects.filter(offer=offer))
    response = w.client.get(f"/api/directory/offers/{offer.uuid}/revisions")
    return Shown(response, revisions, ["actor", "proposed_by"])


def api_provider_changes(w: World) -> Shown:
    head = w.login(Role.HEAD_OF_KI)
    provider = _provider(w, head)
    make_offer(head, provider)
    member = w.make_user(Role.PROVIDER)
    directory.provider_member_add(actor=head, provider=provider, user=member)
    change = directory.provider_update(actor=member, provider=provider, name="Neuer Name e.V.")
    response = w.client.get("/api/directory/provider-changes")
    assert response.json()["items"][0]["before"]["contact_person_name"] == "Mira Geheim"
    return Shown(response, [change], ["before", "data"])


# --- the operators' admin ------------------------------------------------------------------


def admin_user_list(w: World) -> Shown:
    operator = w.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True)
    w.client.force_login(operator)
    people = [operator, *(w.make_user(Role.CASE_WORKER) for _ in range(2))]
    return Shown(w.client.get("/admin/core/user/"), people, personal_fields(User))


def admin_user_change(w: World) -> Shown:
    operator = w.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True)
    w.client.force_login(operator)
    person = w.make_user(Role.CASE_WORKER)
    response = w.client.get(f"/admin/core/user/{person.pk}/change/")
    return Shown(response, [person], personal_fields(User))


def admin_audit_list(w: World) -> Shown:
    """Reading the log is audited too: the town's DPO sees which entries an operator read."""
    head = w.make_user(Role.HEAD_OF_KI)
    entries = [audit(head, AuditAction.READ, w.make_user(Role.CASE_WORKER)) for _ in range(2)]
    operator = w.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True)
    w.client.force_login(operator)
    return Shown(w.client.get("/admin/core/auditentry/"), entries, personal_fields(AuditEntry))


def admin_user_delete_confirmation(w: World) -> Shown:
    operator = w.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True)
    w.client.force_login(operator)
    person = w.make_user(Role.CASE_WORKER)
    return Shown(w.client.get(f"/admin/core/user/{person.pk}/delete/"), [person], ["label"])


def admin_user_history(w: World) -> Shown:
    operator = w.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True)
    w.client.force_login(operator)
    person = w.make_user(Role.CASE_WORKER)
    return Shown(w.client.get(f"/admin/core/user/{person.pk}/history/"), [person], ["label"])


def admin_token_list(w: World) -> Shown:
    operator = w.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True)
    w.client.force_login(operator)
    token, _key = api_token_create(user=w.make_user(Role.HEAD_OF_KI), name="Skript")
    return Shown(w.client.get("/admin/core/apitoken/"), [token], personal_fields(ApiToken))


def admin_token_change(w: World) -> Shown:
    operator = w.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True)
    w.client.force_login(operator)
    token, _key = api_token_create(user=w.make_user(Role.HEAD_OF_KI), name="Skript")
    response = w.client.get(f"/admin/core/apitoken/{token.pk}/change/")
    return Shown(response, [token], personal_fields(ApiToken))


def admin_audit_change(w: World) -> Shown:
    entry = audit(w.make_user(Role.HEAD_OF_KI), AuditAction.READ, w.make_user(Role.CASE_WORKER))
    operator = w.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True)
    w.client.force_login(operator)
    response = w.client.get(f"/admin/core/auditentry/{entry.pk}/change/")
    return Shown(response, [entry], personal_fields(AuditEntry))


def _operator(w: World) -> User:
    operator = w.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True)
    w.client.force_login(operator)
    return operator


def admin_password_form(w: World) -> Shown:
    """The password form names the account in its title."""
    _operator(w)
    person = w.make_user(Role.CASE_WORKER)
    response = w.client.get(f"/admin/core/user/{person.pk}/password/")
    return Shown(response, [person], ["label"])


def admin_token_history(w: World) -> Shown:
    _operator(w)
    token, _key = api_token_create(user=w.make_user(Role.HEAD_OF_KI), name="Skript")
    return Shown(w.client.get(f"/admin/core/apitoken/{token.pk}/history/"), [token], ["label"])


def admin_token_delete_confirmation(w: World) -> Shown:
    _operator(w)
    token, _key = api_token_create(user=w.make_user(Role.HEAD_OF_KI), name="Skript")
    return Shown(w.client.get(f"/admin/core/apitoken/{token.pk}/delete/"), [token], ["label"])


def admin_audit_history(w: World) -> Shown:
    entry = audit(w.make_user(Role.HEAD_OF_KI), AuditAction.READ, w.make_user(Role.CASE_WORKER))
    _operator(w)
    response = w.client.get(f"/admin/core/auditentry/{entry.pk}/history/")
    return Shown(response, [entry], ["label"])


# The route each case exercises: URL names of pages, "METHOD /api/path" of API operations.
CASE_ROUTES = {
    page_staff_list: "core:staff_list",
    page_staff_detail: "core:staff_detail",
    page_audit_log: "core:audit_list",
    page_budget_staff_list: "budget:staff_list",
    page_budget_staff_edit: "budget:staff_edit",
    page_position_detail: "budget:position_detail",
    page_position_fill: "budget:position_fill",
    page_assignment_end: "budget:assignment_end",
    page_booking_list: "budget:booking_list",
    page_booking_preview: "budget:booking_map",
    page_offer_history: "directory:offer_history",
    page_review_detail: "directory:review_detail",
    page_provider_detail: "directory:provider_detail",
    api_staff_page: "GET /api/staff",
    api_staff_detail: "GET /api/staff/{staff_id}",
    api_audit_log: "GET /api/audit",
    api_budget_staff: "GET /api/budget/staff",
    api_budget_position: "GET /api/budget/positions/{position_id}",
    api_budget_bookings: "GET /api/budget/bookings",
    api_offer_revisions: "GET /api/directory/offers/{offer_id}/revisions",
    api_provider_changes: "GET /api/directory/provider-changes",
    admin_user_list: "admin:core_user_changelist",
    admin_user_change: "admin:core_user_change",
    admin_user_delete_confirmation: "admin:core_user_delete",
    admin_user_history: "admin:core_user_history",
    admin_token_list: "admin:core_apitoken_changelist",
    admin_token_change: "admin:core_apitoken_change",
    admin_audit_list: "admin:core_auditentry_changelist",
    admin_audit_change: "admin:core_auditentry_change",
    admin_password_form: "admin:auth_user_password_change",
    admin_token_history: "admin:core_apitoken_history",
    admin_token_delete_confirmation: "admin:core_apitoken_delete",
    admin_audit_history: "admin:core_auditentry_history",
}
# The case module keeps its paths in tests/cases/audit_<area>.py (one file per area).
from tests.cases import audit_paths as _cases  # noqa: E402
from tests.reports import areas as _reports  # noqa: E402

CASE_ROUTES.update(_cases.CASE_ROUTES)
CASE_ROUTES.update(_reports.CASE_ROUTES)
CASES = list(CASE_ROUTES)

OWN = "only the user's own account (not a read of someone else's data)"
FORM = "an empty form or a redirect after a write (writes are audited as such)"
NONE = "shows no personal field"
PUBLIC = "public: a contact person only with consent; visitors are not logged (their addresses)"
# Routes of core, budget, directory and the admin that show no personal field, and why.
# Council and measures hold no personal field at all (checked against their data classes).
NOT_PERSONAL = {
    "core:home": OWN,
    "core:api_tokens": OWN,
    "core:api_token_revoke": FORM,
    "core:staff_end_sessions": FORM,
    "core:data_register": "field names and classes only",
    "login": FORM,
    "logout": FORM,
    "password_change": FORM,
    "password_change_done": NONE,
    "mfa_setup": OWN,
    "mfa_verify": FORM,
    "sessions": OWN,
    "password_reset": FORM,
    "password_reset_done": NONE,
    "password_reset_confirm": FORM,
    "password_reset_complete": NONE,
    "set_language": FORM,
    "javascript-catalog": NONE,
    "health": NONE,
    "ready": NONE,
    "GET /api/me": OWN,
    "GET /api/municipality": NONE,
    "core:municipality_list": "municipalities only (tenants, no people)",
    "core:role_list": "roles and permissions, no people",
    "core:role_create": FORM,
    "core:role_edit": "roles and permissions, no people",
    "GET /api/roles": "roles and permissions, no people",
    "POST /api/roles": "roles and permissions, no people",
    "PATCH /api/roles/{key}": "roles and permissions, no people",
    **{
        f"budget:{name}": NONE
        for name in [
            "buy",
            "cost_rate_create",
            "cost_rate_edit",
            "cost_rates",
            "cost_rates_adopt",
            "execution",
            "funding_add",
            "funding_remove",
            "index",
            "line_create",
            "line_detail",
            "line_edit",
            "position_create",
            "position_edit",
            "position_end",
            "position_list",
            "position_status",
            "settings",
        ]
    },
    "budget:booking_upload": FORM,
    "budget:booking_import_undo": FORM,
    "POST /api/budget/bookings/imports/{import_id}/undo": (
        "counts only; one delete entry for the import (the BookingImport record)"
    ),
    "budget:staff_create": FORM,
    "POST /api/budget/staff": "echoes what the caller sent; audited as a create",
    "POST /api/budget/positions/{position_id}/assignments": (
        "reads the staff member through staff_member_get (audited) and audits the create"
    ),
    "POST /api/budget/bookings/import": (
        "counts only; one create entry for the import (the BookingImport record)"
    ),
    **{
        f"{method} /api/budget/{path}": NONE
        for method, path in (
            ("GET", "lines"),
            ("POST", "lines"),
            ("GET", "lines/{line_id}"),
            ("PUT", "lines/{line_id}"),
            ("GET", "decisions/{decision_id}/execution"),
            ("GET", "buy"),
            ("GET", "cost-rates"),
            ("POST", "cost-rates"),
            ("PUT", "cost-rates/{rate_id}"),
            ("GET", "positions"),
            ("POST", "positions"),
            ("PUT", "positions/{position_id}"),
            ("POST", "positions/{position_id}/status"),
            ("POST", "positions/{position_id}/fundings"),
        )
    },
    **{
        f"directory:{name}": NONE
        for name in [
            "hints",
            "import",
            "manage",
            "offer_confirm",
            "offer_create",
            "offer_detail",
            "offer_edit",
            "offer_list",
            "offer_status",
            "provider_list",
            "review_list",
            "settings",
            "translation_edit",
            "translation_queue",
            "export_csv",
            "export_hsds",
            "export_json",
            "open_data",
        ]
    },
    **{
        f"directory:{name}": PUBLIC
        for name in ("root", "start", "search", "map", "offer", "offer_short")
    },
    **{
        f"{method} /api/directory/{path}": NONE
        for method, path in (
            ("GET", "offers"),
            ("POST", "offers"),
            ("GET", "offers/{offer_id}"),
            ("PUT", "offers/{offer_id}"),
            ("POST", "offers/{offer_id}/status"),
            ("PUT", "offers/{offer_id}/texts/{language}"),
            ("GET", "changes"),
            ("POST", "changes/{change_id}/approve"),
            ("POST", "changes/{change_id}/reject"),
            ("PATCH", "providers/{provider_id}"),
            ("POST", "provider-changes/{change_id}/approve"),
            ("POST", "provider-changes/{change_id}/reject"),
            ("GET", "translation-queue"),
            ("POST", "import/hsds"),
        )
    },
    **{
        f"GET /api/directory/public/{path}": PUBLIC
        for path in ("{municipality}/offers", "{municipality}/offers/{offer_id}")
    },
    **{
        f"admin:{name}": FORM
        for name in [
            "core_user_add",
            "core_apitoken_add",
            "core_auditentry_add",
            "core_auditentry_delete",
            "logout",
            "login",
            "password_change",
            "password_change_done",
            "view_on_site",
        ]
    },
    "admin:autocomplete": "no model of the admin offers autocomplete",
    "admin:index": NONE,
    "admin:app_list": NONE,
    "admin:jsi18n": NONE,
}
NOT_PERSONAL.update(_cases.NOT_PERSONAL)
NOT_PERSONAL.update(_reports.NOT_PERSONAL)
# The task queue's results hold a report's id and the task's outcome, never personal data.
ADMIN_NOT_PERSONAL_MODELS = (
    "auth_group",
    "core_municipality",
    "core_district",
    "core_team",
    "django_tasks_database_dbtaskresult",
)


def _url_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= _url_names(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            names.add(namespace + p.name)
    return names


def _api_operations() -> set[str]:
    from ankunft.api import api  # noqa: PLC0415

    ops = set()
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    ops.add(
                        f"{method} /api/{prefix.strip('/')}/{path.lstrip('/')}".replace("//", "/")
                    )
    return ops


def _personal_apps() -> set[str]:
    return {
        m._meta.app_label
        for m in classification.classified_models()
        if classification.is_personal(m)
    }


def test_every_route_that_could_show_personal_data_is_walked_or_explained():
    """A new page or API operation of a module with personal fields fails here until it is
    walked above (its audit entries asserted) or listed with the reason it shows none."""
    personal_apps = _personal_apps()
    assert personal_apps == {"core", "budget", "directory", "cases", "reports", "testapp"}
    routes = {n for n in _url_names(get_resolver().url_patterns) if not n.startswith("api:")}
    routes |= _api_operations()
    exempt_prefixes = (
        "council:",
        "oparl:",  # the council's public OParl endpoint: council records only
        "measures:",
        "GET /api/council/",
        "POST /api/council/",
        "PUT /api/council/",
        "GET /api/measures/",
        "POST /api/measures/",
        "PATCH /api/measures/",
    )
    exempt_admin = tuple(f"admin:{m}_" for m in ADMIN_NOT_PERSONAL_MODELS)
    open_routes = {r for r in routes if not r.startswith(exempt_prefixes + exempt_admin)}
    explained = set(CASE_ROUTES.values()) | set(NOT_PERSONAL)
    assert sorted(open_routes - explained) == []
    assert sorted(explained - open_routes) == []


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_each_record_shown_gets_one_entry_in_one_insert(case, client, town, make_user):
    world = World(client, town, make_user)
    with CaptureQueriesContext(connection) as queries:
        shown = case(world)
    response = shown.response
    assert response.status_code == 200
    entries = list(AuditEntry.objects.filter(request_id=response["X-Request-ID"]))
    expected = sorted((r._meta.label_lower, str(r.pk)) for r in shown.records)
    assert sorted((e.object_type, e.object_id) for e in entries) == expected
    assert {e.action for e in entries} == {AuditAction.READ}
    route = CASE_ROUTES[case]
    interface = "api" if " /api/" in route else "admin" if route.startswith("admin:") else "page"
    assert {e.interface for e in entries} == {interface}
    assert {tuple(e.fields) for e in entries} == {tuple(sorted(shown.fields))}
    # All entries of the response in one statement (set-up writes carry other request ids).
    request_inserts = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "core_auditentry"')
        and response["X-Request-ID"] in str(q["sql"])
    ]
    assert len(request_inserts) == 1


def test_api_staff_page_of_five_writes_five_entries_not_all(client, town, make_user):
    """`/api/staff?limit=5` with 30 people writes 5 entries (it wrote 31 before)."""
    head = make_user(Role.HEAD_OF_KI)
    for _ in range(30):
        make_user(Role.CASE_WORKER)
    client.force_login(head)
    response = client.get("/api/staff", {"limit": 5})
    assert len(response.json()["items"]) == 5
    assert response.json()["next"]
    assert AuditEntry.objects.filter(request_id=response["X-Request-ID"]).count() == 5


def test_cli_create_is_audited_by_the_system_without_names(town, monkeypatch):
    """`ankunft createuser` writes one entry as the system through the CLI, no name in it."""
    from django.core import management  # noqa: PLC0415

    from ankunft import cli  # noqa: PLC0415

    # Django's own entry point closes the database connections when it is done, which
    # would end the test's transaction; call_command runs the same command without that.
    monkeypatch.setattr(
        management, "execute_from_command_line", lambda argv: management.call_command(*argv[1:])
    )
    cli.main(
        [
            "createuser",
            "neu",
            "--role",
            Role.CASE_WORKER,
            "--municipality",
            town.slug,
            "--first-name",
            "Zeynep",
            "--last-name",
            "Geheimnis",
            "--password",
            "ein-langes-passwort-2026",
        ]
    )
    entry = AuditEntry.objects.get()
    user = User.objects.get(username="neu")
    assert (entry.action, entry.interface, entry.actor, entry.actor_name) == (
        AuditAction.CREATE,
        "cli",
        None,
        "system",
    )
    assert (entry.object_type, entry.object_id) == ("core.user", str(user.pk))
    assert entry.path == "ankunft createuser"
    assert len(entry.request_id) == 32
    assert "Geheimnis" not in str(AuditEntry.objects.values().get())


def test_cli_import_bookings_audits_one_entry_for_the_import(town, tmp_path):
    """The bookings import prints counts only; it records one entry for the import (not one
    per booking: 670,000 entries after two large imports)."""
    from django.core.management import call_command  # noqa: PLC0415

    path = tmp_path / "export.csv"
    path.write_text(BOOKINGS, encoding="utf-8")
    call_command(
        "import_bookings",
        str(path),
        "--map",
        ",".join(f"{k}={v}" for k, v in MAP.items()),
        "--municipality",
        town.slug,
        "--allow-unassigned",
        "--no-progress",
    )
    entries = AuditEntry.objects.filter(object_type__startswith="budget.booking")
    assert list(entries.values_list("object_type", "action", "actor_name")) == [
        ("budget.bookingimport", "create", "system")
    ]


def test_public_contact_person_and_open_data_write_nothing(client, town, make_user):
    """Public pages show a contact person only with consent (published like a phone-book
    entry); logging anonymous visitors would collect their addresses, so they are not
    audited. The open-data exports carry no personal field at all."""
    head = make_user(Role.HEAD_OF_KI)
    provider = directory.provider_create(
        actor=head,
        name="Verein Beispiel e.V.",
        contact_person_name="Mira Öffentlich",
        contact_person_public=True,
        contact_consent_date=dt.date(2026, 1, 1),
    )
    offer = make_offer(head, provider)
    before = AuditEntry.objects.count()
    page = client.get(
        reverse(
            "directory:offer",
            kwargs={"municipality": town.slug, "uuid": offer.uuid, "slug": offer.slug},
        )
    )
    assert "Mira Öffentlich" in page.content.decode()
    for name in ("export_json", "export_csv", "export_hsds"):
        body = client.get(reverse(f"directory:{name}", kwargs={"municipality": town.slug}))
        assert body.status_code == 200
        content = b"".join(body.streaming_content) if body.streaming else body.content
        assert "Mira" not in content.decode()
    assert AuditEntry.objects.count() == before


def test_no_name_in_the_log_after_read_change_and_erase(client, town, make_user):
    """Reading, changing and erasing a person leaves type, id and subject key only; the
    DPO's page then shows the record as erased."""
    head = make_user(Role.HEAD_OF_KI)
    person = make_user(Role.CASE_WORKER, first_name="Zeynep", last_name="Geheimnis")
    client.force_login(head)
    client.get(f"/staff/{person.pk}/")
    audit(head, AuditAction.UPDATE, person, fields=["last_name"])
    audit(head, AuditAction.DELETE, person)
    person_pk = person.pk
    person.delete()
    rows = [str(row) for row in AuditEntry.objects.values()]
    assert len(rows) == 3
    assert not any("Zeynep" in r or "Geheimnis" in r for r in rows)
    client.force_login(make_user(Role.DPO))
    body = client.get("/audit/", {"object_id": str(person_pk)}).content.decode()
    assert "Geheimnis" not in body
    assert body.count('<span class="badge">gelöscht</span>') == 3


def test_admin_changes_are_audited_and_leave_no_name_in_djangos_admin_log(client, town, make_user):
    """A change in the operators' admin is one audit entry with the fields changed; Django's
    own admin log (which would keep the record's name after erasure) stays empty."""
    from django.contrib.admin.models import LogEntry  # noqa: PLC0415

    operator = make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True)
    person = make_user(Role.CASE_WORKER, first_name="Zeynep", last_name="Geheimnis")
    client.force_login(operator)
    response = client.post(
        f"/admin/core/user/{person.pk}/password/",
        {
            "password1": "ein-neues-langes-passwort-2026",
            "password2": "ein-neues-langes-passwort-2026",
            "set_usable_password": "true",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(request_id=response["X-Request-ID"])
    assert (entry.action, entry.interface, entry.actor, entry.fields) == (
        AuditAction.UPDATE,
        "admin",
        operator,
        ["password"],
    )
    response = client.post(f"/admin/core/user/{person.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = AuditEntry.objects.get(request_id=response["X-Request-ID"])
    assert (deleted.action, deleted.object_id) == (AuditAction.DELETE, str(person.pk))
    assert LogEntry.objects.count() == 0
    assert not any("Geheimnis" in str(row) for row in AuditEntry.objects.values())
