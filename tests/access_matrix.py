# ruff: noqa: E501 - one row per line: the table is read across
"""The access matrix: every page and every API operation, with the status each role gets.

One row per URL name (pages) or operation (API: method and path), written from PRODUCT.md's
roles, not derived from the code. `tests/test_access_matrix.py` walks every URL pattern and
every operation of the API and fails for any without a row, then makes every request of the
table as every role and compares.

Columns, in this order:

    cw   case worker            tl   team lead (team A)       head  head of the KI
    fin  finance controlling    dpo  data protection officer  prov  provider (member of
    int  interpreter (pool)     op   operator (global)                provider A)
    anon not logged in
    oth  a user of ANOTHER municipality, for each role that gets through here (or gets 404
         from an object rule): the record does not exist for them ("-": the row names no
         record of the own municipality). Roles refused here are refused there (403, or 404 where
         an operation looks the record up first). Operators are global: no such column.

Records (`tests/access_world.py`): `staff_team` is in the team lead's team, `staff_other_team`
is not; `interpreter` is an own role of the municipality; `offer`, `provider`, `change` and
`provider_change`
belong to provider A (the provider account's own), `offer_b` and `provider_b` to provider B;
`upload` is the finance user's own booking upload, `booking_import` an import of bookings
(undone by the rows that may).
Status codes: 200/201 done, 301/302 redirect (302 for "anon" on a page: to the login), 400
refused input (the permission check passed), 401 the API without login, 403 not the role's,
404 not there for this user.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from tests.access_rows import COLUMNS, METHODS, A, P, Row  # noqa: F401


def _value(name: str, value: str, world: dict[str, Any]) -> Any:
    obj = world.get(value)
    if obj is None:
        return value
    if name in {"municipality", "body"}:  # a municipality's slug (OParl: its Body)
        return obj.slug
    if name in {"uuid", "offer_id"}:
        return obj.uuid
    if name == "key":
        return obj.key
    return obj.pk


def _data(value: Any, world: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {k: _data(v, world) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("@"):
        return world[value[1:]].pk
    return value


def url_of(row: Row, world: dict[str, Any]) -> str:
    kwargs = {k: _value(k, v, world) for k, v in row.kwargs}
    if row.kind == "page":
        return reverse(row.target, kwargs=kwargs)
    return row.target.format(**kwargs)


def call(client: Client, row: Row, world: dict[str, Any]) -> HttpResponse:
    """One request of the row (its body or query from BODIES)."""
    url = url_of(row, world)
    body = _data(BODIES.get(row.key, {}), world)
    if row.method == "GET":
        return client.get(url, body)
    if row.kind == "page" or row.key in MULTIPART:
        if row.key in MULTIPART:
            body = {**body, "file": SimpleUploadedFile("x.csv", b"a;b;c\n1;2;3\n")}
        return client.post(url, body)
    return client.generic(row.method, url, json.dumps(body), content_type="application/json")


def _patterns(resolver: URLResolver, prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            inner = ":".join(n for n in (ns, p.namespace or "") if n)
            yield from _patterns(p, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            name = f"{ns}:{p.name or ''}" if ns else p.name or ""
            yield name, prefix + str(p.pattern)


def _openapi_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def operations(schema: dict[str, Any]) -> set[str]:
    """Every operation of an OpenAPI document as "METHOD /path"."""
    return {f"{m.upper()} {path}" for path, ops in schema["paths"].items() for m in ops}


def uncovered(resolver: URLResolver, schema: dict[str, Any], rows: list[Row]) -> list[str]:
    """URL patterns and API operations that have no row in the table (admin: one group)."""
    ops = operations(schema)
    op_paths = {o.split(" ", 1)[1] for o in ops}
    pages = {r.target for r in rows if r.kind == "page"}
    missing = []
    for name, route in _patterns(resolver):
        if _openapi_path(route) in op_paths:
            continue  # an API operation: checked below by method and path
        if name.startswith("admin:") and any(p.startswith("admin:") for p in pages):
            continue  # the operators' admin is one group of rows
        if name not in pages:
            missing.append(f"URL {name or '(unnamed)'} /{route}")
    covered = {r.key for r in rows if r.kind == "api"}
    missing += [f"API {op}" for op in sorted(ops - covered)]
    return missing


_PAYLOAD = {
    "provider_id": "@provider",
    "texts": {"title": "Nähcafé", "summary": "Nähen und Deutsch sprechen."},
    "fields": ["participation", "language"],
    "languages": ["de", "tr"],
    "hours": [{"weekday": 2, "opens": "10:00", "closes": "12:00"}],
    "street": "Weseler Straße 9",
    "city": "Duisburg",
}
# The body (or query) of each request that needs one; "@name" is that record's id.
BODIES: dict[str, dict[str, Any]] = {
    "POST council:decision_create": {"outcome": "rejected", "date": "2021-11-18"},
    "POST council:motion_confirm": {"alloc-TOTAL_FORMS": "0", "alloc-INITIAL_FORMS": "0"},
    "POST budget:position_status": {"status": "advertised", "date": "2022-01-10"},
    "POST measures:allocation_add": {
        "position": "@spare", "percent": "1", "valid_from": "2022-01-01",
        "valid_until": "2022-02-01",
    },
    "POST measures:indicator_value_add": {"period": "2022-07", "value": "4"},
    "POST measures:barrier_prioritise": {"priority": "2"},
    "POST measures:barrier_answer": {"measure": "@measure_b"},
    "POST measures:barrier_status": {"status": "dismissed"},
    "POST directory:offer_status": {"status": "archived"},
    "POST directory:hints": {"description": "Ein Text."},
    "POST set_language": {"language": "en"},
    "POST /api/roles": {"key": "lotsen", "name": "Lotsen", "permissions": ["core.view_home"]},
    "PATCH /api/roles/{key}": {"permissions": ["core.view_home", "measures.view"]},
    "POST /api/council/papers": {"name": "Neuer Antrag"},
    "PUT /api/council/papers/{paper_id}": {"name": "Geändert"},
    "POST /api/council/papers/{paper_id}/decisions": {"outcome": "rejected"},
    "POST /api/council/motions/read": {"text": "x"},
    "POST /api/council/motions/confirm": {"title": "Ein Antrag"},
    "POST /api/budget/lines": {"year": 2024, "amount": "5000", "purpose": "Sprachmittlung"},
    "PUT /api/budget/lines/{line_id}": {"year": 2022, "amount": "90000", "purpose": "KI"},
    "GET /api/budget/buy": {"amount": "100000", "year": "2025"},
    "POST /api/budget/cost-rates": {
        "year": 2024, "pay_grade": "S 12", "personnel_cost_eur": "76000", "source": "Amt",
    },
    "PUT /api/budget/cost-rates/{rate_id}": {
        "year": 2024, "pay_grade": "E 9b", "personnel_cost_eur": "76000", "source": "Amt",
    },
    "POST /api/budget/positions": {
        "title": "Schulanmeldung", "pay_grade": "E 9b", "fte": "0.5", "start": "2022-01-01",
    },
    "PUT /api/budget/positions/{position_id}": {
        "title": "Koordination Marxloh", "pay_grade": "E 9b", "fte": "1.00", "start": "2022-01-01",
    },
    "POST /api/budget/positions/{position_id}/status": {
        "status": "advertised", "date": "2022-01-10",
    },
    "POST /api/budget/positions/{position_id}/assignments": {
        "staff_member_id": "@member_free", "start": "2022-04-01",
    },
    "POST /api/budget/positions/{position_id}/fundings": {"kind": "state_programme"},
    "POST /api/budget/staff": {"name": "Leyla Aydın"},
    "POST /api/budget/bookings/import": {"date": "a", "amount": "b", "booking_id": "c"},
    "POST /api/measures/measures": {"concept_id": "@concept", "title": "Quartierslotsen"},
    "PATCH /api/measures/measures/{measure_id}": {"status": "paused"},
    "POST /api/measures/measures/{measure_id}/allocations": {
        "position_id": "@spare", "percent": "10", "valid_from": "2022-01-01",
        "valid_until": "2022-03-31",
    },
    "POST /api/measures/indicators/{indicator_id}/values": {"period": "2022-07", "value": "7"},
    "POST /api/measures/barriers": {"title": "Neue Hürde"},
    "POST /api/measures/barriers/{barrier_id}/priority": {"priority": 2},
    "POST /api/measures/barriers/{barrier_id}/answer": {"measure_id": "@measure_b"},
    "POST /api/measures/barriers/{barrier_id}/status": {"status": "dismissed"},
    "GET /api/measures/chain": {"reference": "HFA/0815/2021"},
    "POST /api/directory/offers": _PAYLOAD,
    "PUT /api/directory/offers/{offer_id}": _PAYLOAD,
    "POST /api/directory/offers/{offer_id}/status": {"status": "archived"},
    "PUT /api/directory/offers/{offer_id}/texts/{language}": {"title": "Almanca kursu"},
    "POST /api/directory/changes/{change_id}/approve": {"note": "gut"},
    "POST /api/directory/changes/{change_id}/reject": {"note": "Bitte Zeiten prüfen."},
    "GET /api/directory/translation-queue": {"language": "tr"},
    "PATCH /api/directory/providers/{provider_id}": {"name": "Kulturverein A (2) e.V."},
    "POST /api/directory/provider-changes/{change_id}/approve": {"note": "gut"},
    "POST /api/directory/provider-changes/{change_id}/reject": {"note": "Bitte Satzung."},
}  # fmt: skip
# Operations that take a file (multipart form) rather than JSON.
MULTIPART = {"POST /api/budget/bookings/import", "POST /api/measures/indicator-values/import"}

# fmt: off
ROWS: list[Row] = [
    #  spec                                                                                            cw  tl head fin dpo prov int op anon oth
    # core --------------------------------------------------------------------------
    P("core:home",                                                                                   "200 200 200 200 200 200 200 200 200   -"),
    P("core:municipality_list",                                                                      "403 403 403 403 403 403 403 200 302   -"),
    P("core:staff_list",                                                                             "403 200 200 403 403 403 403 200 302   -"),
    P("core:staff_detail pk=staff_team",                                                             "403 200 200 403 403 403 403 200 302 404"),
    P("core:staff_detail pk=staff_other_team",                                                       "403 404 200 403 403 403 403 200 302 404"),
    P("POST core:staff_end_sessions pk=staff_team",                                                  "403 403 302 403 403 403 403 302 302 404"),
    P("core:audit_list",                                                                             "403 403 403 403 200 403 403 403 302   -"),
    P("core:data_register",                                                                          "403 403 200 403 200 403 403 200 302   -"),
    P("core:api_tokens",                                                                             "200 200 200 200 200 403 403 200 302   -"),
    P("POST core:api_token_revoke pk=token",                                                         "302 302 302 302 302 403 403 302 302   -"),
    P("core:role_list",                                                                              "403 403 200 403 403 403 403 403 302   -"),
    P("core:role_create",                                                                            "403 403 200 403 403 403 403 403 302   -"),
    P("core:role_edit key=custom_role",                                                              "403 403 200 403 403 403 403 403 302 404"),
    P("core:role_edit key=head_of_ki",                                                               "403 403 200 403 403 403 403 403 302   -"),
    # council -----------------------------------------------------------------------
    P("council:paper_list",                                                                          "403 200 200 200 403 403 403 403 302   -"),
    P("council:paper_create",                                                                        "403 403 200 200 403 403 403 403 302   -"),
    P("council:paper_detail pk=paper",                                                               "403 200 200 200 403 403 403 403 302 404"),
    P("council:paper_edit pk=paper",                                                                 "403 403 200 200 403 403 403 403 302 404"),
    P("POST council:decision_create pk=paper",                                                       "403 403 302 302 403 403 403 403 302 404"),
    P("council:motion_read",                                                                         "403 403 200 200 403 403 403 403 302   -"),
    P("POST council:motion_confirm",                                                                 "403 403 200 200 403 403 403 403 302   -"),
    P("council:organization_list",                                                                   "403 200 200 200 403 403 403 403 302   -"),
    P("council:organization_detail pk=organization",                                                 "403 200 200 200 403 403 403 403 302 404"),
    P("council:meeting_list",                                                                        "403 200 200 200 403 403 403 403 302   -"),
    P("council:meeting_detail pk=meeting",                                                           "403 200 200 200 403 403 403 403 302 404"),
    P("council:settings",                                                                            "403 403 200 403 403 403 403 403 302   -"),
    # budget ------------------------------------------------------------------------
    P("budget:index",                                                                                "403 403 200 200 403 403 403 403 302   -"),
    P("budget:line_create",                                                                          "403 403 200 200 403 403 403 403 302   -"),
    P("budget:line_detail pk=line",                                                                  "403 403 200 200 403 403 403 403 302 404"),
    P("budget:line_edit pk=line",                                                                    "403 403 200 200 403 403 403 403 302 404"),
    P("budget:execution pk=decision",                                                                "403 403 200 200 403 403 403 403 302 404"),
    P("budget:buy",                                                                                  "403 403 200 200 403 403 403 403 302   -"),
    P("budget:settings",                                                                             "403 403 200 200 403 403 403 403 302   -"),
    P("budget:cost_rates",                                                                           "403 403 200 200 403 403 403 403 302   -"),
    P("budget:cost_rate_create",                                                                     "403 403 403 200 403 403 403 403 302   -"),
    P("budget:cost_rate_edit pk=rate",                                                               "403 403 403 200 403 403 403 403 302 404"),
    P("POST budget:cost_rates_adopt",                                                                "403 403 403 302 403 403 403 403 302   -"),
    P("budget:position_list",                                                                        "403 403 200 200 403 403 403 403 302   -"),
    P("budget:position_create",                                                                      "403 403 200 200 403 403 403 403 302   -"),
    P("budget:position_detail pk=position",                                                          "403 403 200 200 403 403 403 403 302 404"),
    P("budget:position_edit pk=position",                                                            "403 403 200 200 403 403 403 403 302 404"),
    P("POST budget:position_status pk=position",                                                     "403 403 302 302 403 403 403 403 302 404"),
    P("budget:position_fill pk=position",                                                            "403 403 200 200 403 403 403 403 302 404"),
    P("budget:position_end pk=position",                                                             "403 403 200 200 403 403 403 403 302 404"),
    P("budget:funding_add pk=position",                                                              "403 403 200 200 403 403 403 403 302 404"),
    P("POST budget:funding_remove pk=funding",                                                       "403 403 302 302 403 403 403 403 302 404"),
    P("budget:assignment_end pk=assignment",                                                         "403 403 200 200 403 403 403 403 302 404"),
    P("budget:staff_list",                                                                           "403 403 200 200 403 403 403 403 302   -"),
    P("budget:staff_create",                                                                         "403 403 200 200 403 403 403 403 302   -"),
    P("budget:staff_edit pk=member",                                                                 "403 403 200 200 403 403 403 403 302 404"),
    P("budget:booking_list",                                                                         "403 403 200 200 403 403 403 403 302   -"),
    P("budget:booking_upload",                                                                       "403 403 200 200 403 403 403 403 302   -"),
    P("budget:booking_map pk=upload",                                                                "403 403 404 200 403 403 403 403 302 404"),
    P("POST budget:booking_import_undo pk=booking_import",                                           "403 403 302 302 403 403 403 403 302 404"),
    # measures ----------------------------------------------------------------------
    P("measures:measure_list",                                                                       "200 200 200 200 403 403 403 403 302   -"),
    P("measures:measure_create",                                                                     "403 200 200 403 403 403 403 403 302   -"),
    P("measures:measure_detail pk=measure",                                                          "200 200 200 200 403 403 403 403 302 404"),
    P("measures:measure_edit pk=measure",                                                            "403 200 200 403 403 403 403 403 302 404"),
    P("POST measures:allocation_add pk=measure_b",                                                   "403 302 302 403 403 403 403 403 302 404"),
    P("POST measures:allocation_delete pk=allocation",                                               "403 302 302 403 403 403 403 403 302 404"),
    P("measures:indicator_create measure_pk=measure",                                                "403 200 200 403 403 403 403 403 302 404"),
    P("measures:indicator_detail pk=indicator",                                                      "200 200 200 200 403 403 403 403 302 404"),
    P("measures:indicator_edit pk=indicator",                                                        "403 200 200 403 403 403 403 403 302 404"),
    P("POST measures:indicator_value_add pk=indicator",                                              "403 302 302 403 403 403 403 403 302 404"),
    P("POST measures:indicator_value_delete pk=value",                                               "403 302 302 403 403 403 403 403 302 404"),
    P("measures:indicator_import",                                                                   "403 200 200 403 403 403 403 403 302   -"),
    P("measures:concept_list",                                                                       "200 200 200 200 403 403 403 403 302   -"),
    P("measures:concept_edit pk=concept",                                                            "403 200 200 403 403 403 403 403 302 404"),
    P("measures:field_list",                                                                         "200 200 200 200 403 403 403 403 302   -"),
    P("measures:district_tree",                                                                      "200 200 200 200 403 403 403 403 302   -"),
    P("measures:barrier_list",                                                                       "200 200 200 200 403 403 403 403 302   -"),
    P("measures:barrier_create",                                                                     "200 200 200 403 403 403 403 403 302   -"),
    P("measures:barrier_detail pk=barrier",                                                          "200 200 200 200 403 403 403 403 302 404"),
    P("POST measures:barrier_prioritise pk=barrier",                                                 "403 302 302 403 403 403 403 403 302 404"),
    P("POST measures:barrier_answer pk=barrier",                                                     "403 302 302 403 403 403 403 403 302 404"),
    P("POST measures:barrier_status pk=barrier",                                                     "403 302 302 403 403 403 403 403 302 404"),
    P("measures:chain_index",                                                                        "403 200 200 200 403 403 403 403 302   -"),
    P("measures:chain_detail decision_id=chain",                                                     "403 200 200 200 403 403 403 403 302 404"),
    # directory ---------------------------------------------------------------------
    P("directory:root",                                                                              "302 302 302 302 302 302 302 302 302   -"),
    P("directory:manage",                                                                            "200 200 200 403 403 200 403 403 302   -"),
    P("directory:offer_list",                                                                        "200 200 200 403 403 200 403 403 302   -"),
    P("directory:offer_create",                                                                      "403 200 200 403 403 200 403 403 302   -"),
    P("directory:offer_detail uuid=offer",                                                           "200 200 200 403 403 200 403 403 302 404"),
    P("directory:offer_detail uuid=offer_b",                                                         "200 200 200 403 403 404 403 403 302 404"),
    P("directory:offer_edit uuid=offer",                                                             "403 200 200 403 403 200 403 403 302 404"),
    P("directory:offer_edit uuid=offer_b",                                                           "403 200 200 403 403 404 403 403 302 404"),
    P("POST directory:offer_status uuid=offer",                                                      "403 302 302 403 403 302 403 403 302 404"),
    P("POST directory:offer_status uuid=offer_b",                                                    "403 302 302 403 403 404 403 403 302 404"),
    P("POST directory:offer_confirm uuid=offer",                                                     "403 302 302 403 403 302 403 403 302 404"),
    P("POST directory:offer_confirm uuid=offer_b",                                                   "403 302 302 403 403 404 403 403 302 404"),
    P("directory:translation_edit uuid=offer,language=tr",                                           "200 200 200 403 403 403 403 403 302 404"),
    P("directory:offer_history uuid=offer",                                                          "200 200 200 403 403 200 403 403 302 404"),
    P("directory:offer_history uuid=offer_b",                                                        "200 200 200 403 403 404 403 403 302 404"),
    P("POST directory:hints",                                                                        "200 200 200 403 403 200 403 403 302   -"),
    P("directory:translation_queue",                                                                 "200 200 200 403 403 403 403 403 302   -"),
    P("directory:review_list",                                                                       "200 200 200 403 403 200 403 403 302   -"),
    P("directory:review_detail pk=change",                                                           "404 200 200 403 403 200 403 403 302 404"),
    P("directory:provider_list",                                                                     "403 200 200 403 403 403 403 403 302   -"),
    P("directory:provider_detail pk=provider",                                                       "403 200 200 403 403 200 403 403 302 404"),
    P("directory:provider_detail pk=provider_b",                                                     "403 200 200 403 403 404 403 403 302 404"),
    P("directory:settings",                                                                          "403 200 200 403 403 403 403 403 302   -"),
    P("directory:import",                                                                            "403 200 200 403 403 403 403 403 302   -"),
    P("directory:start municipality=town",                                                           "200 200 200 200 200 200 200 200 200   -"),
    P("directory:search municipality=town",                                                          "200 200 200 200 200 200 200 200 200   -"),
    P("directory:map municipality=town",                                                             "200 200 200 200 200 200 200 200 200   -"),
    P("directory:offer_short municipality=town,uuid=offer",                                          "301 301 301 301 301 301 301 301 301   -"),
    P("directory:offer municipality=town,uuid=offer,slug=deutschkurs-a",                             "200 200 200 200 200 200 200 200 200   -"),
    P("directory:open_data municipality=town",                                                       "200 200 200 200 200 200 200 200 200   -"),
    P("directory:export_json municipality=town",                                                     "200 200 200 200 200 200 200 200 200   -"),
    P("directory:export_csv municipality=town",                                                      "200 200 200 200 200 200 200 200 200   -"),
    P("directory:export_hsds municipality=town",                                                     "200 200 200 200 200 200 200 200 200   -"),
    # oparl (public, read-only: the OParl 1.1 endpoint) ---------------------------
    P("oparl:system",                                                                                "200 200 200 200 200 200 200 200 200   -"),
    P("oparl:body_list",                                                                             "200 200 200 200 200 200 200 200 200   -"),
    P("oparl:body body=town",                                                                        "200 200 200 200 200 200 200 200 200   -"),
    P("oparl:list body=town,kind=papers",                                                            "200 200 200 200 200 200 200 200 200   -"),
    P("oparl:object body=town,kind=papers,pk=paper",                                                 "200 200 200 200 200 200 200 200 200   -"),
    P("POST oparl:list body=town,kind=papers",                                                       "405 405 405 405 405 405 405 405 405   -"),
    # project root ------------------------------------------------------------------
    P("health",                                                                                      "200 200 200 200 200 200 200 200 200   -"),
    P("ready",                                                                                       "200 200 200 200 200 200 200 200 200   -"),
    # api ---------------------------------------------------------------------------
    P("api:openapi-json",                                                                            "200 200 200 200 200 200 200 200 200   -"),
    P("api:openapi-view",                                                                            "200 200 200 200 200 200 200 200 200   -"),
    P("api:api-root",                                                                                "404 404 404 404 404 404 404 404 404   -"),
    P("api:unknown_path rest=no-such-thing",                                                         "404 404 404 404 404 404 404 404 404   -"),
    # project root ------------------------------------------------------------------
    P("login",                                                                                       "302 302 302 302 302 302 302 302 200   -"),
    P("POST logout",                                                                                 "302 302 302 302 302 302 302 302 302   -"),
    P("sessions",                                                                                    "200 200 200 200 200 200 200 200 302   -"),
    P("mfa_setup",                                                                                   "200 200 200 200 200 200 200 200 302   -"),
    P("mfa_verify",                                                                                  "302 302 302 302 302 302 302 302 302   -"),
    P("password_change",                                                                             "200 200 200 200 200 200 200 200 302   -"),
    P("password_change_done",                                                                        "200 200 200 200 200 200 200 200 302   -"),
    P("password_reset",                                                                              "200 200 200 200 200 200 200 200 200   -"),
    P("password_reset_done",                                                                         "200 200 200 200 200 200 200 200 200   -"),
    P("password_reset_confirm uidb64=MQ,token=invalid-token",                                        "200 200 200 200 200 200 200 200 200   -"),
    P("password_reset_complete",                                                                     "200 200 200 200 200 200 200 200 200   -"),
    P("POST set_language",                                                                           "302 302 302 302 302 302 302 302 302   -"),
    P("javascript-catalog",                                                                          "200 200 200 200 200 200 200 200 200   -"),
    # admin -------------------------------------------------------------------------
    P("admin:index",                                                                                 "302 302 302 302 302 302 302 200 302   -"),
    P("admin:core_user_changelist",                                                                  "302 302 302 302 302 302 302 200 302   -"),
    # api core ----------------------------------------------------------------------
    A("GET /api/me",                                                                                 "200 200 200 200 200 200 200 200 401   -"),
    A("GET /api/municipality",                                                                       "200 200 200 200 200 200 200 404 401   -"),
    A("GET /api/staff",                                                                              "403 200 200 403 403 403 403 200 401   -"),
    A("GET /api/staff/{staff_id} staff_id=staff_team",                                               "403 200 200 403 403 403 403 200 401 404"),
    A("GET /api/staff/{staff_id} staff_id=staff_other_team",                                         "403 404 200 403 403 403 403 200 401 404"),
    A("GET /api/audit",                                                                              "403 403 403 403 200 403 403 403 401   -"),
    A("GET /api/roles",                                                                              "403 403 200 403 403 403 403 403 401   -"),
    A("POST /api/roles",                                                                             "403 403 201 403 403 403 403 403 401   -"),
    A("PATCH /api/roles/{key} key=custom_role",                                                      "403 403 200 403 403 403 403 403 401 404"),
    # api council -------------------------------------------------------------------
    A("GET /api/council/papers",                                                                     "403 200 200 200 403 403 403 403 401   -"),
    A("POST /api/council/papers",                                                                    "403 403 201 201 403 403 403 403 401   -"),
    A("GET /api/council/papers/{paper_id} paper_id=paper",                                           "403 200 200 200 403 403 403 403 401 404"),
    A("PUT /api/council/papers/{paper_id} paper_id=paper",                                           "403 403 200 200 403 403 403 403 401 404"),
    A("POST /api/council/papers/{paper_id}/decisions paper_id=paper",                                "403 403 201 201 403 403 403 403 401 404"),
    A("POST /api/council/motions/read",                                                              "403 403 400 400 403 403 403 403 401   -"),
    A("POST /api/council/motions/confirm",                                                           "403 403 201 201 403 403 403 403 401   -"),
    A("GET /api/council/organizations",                                                              "403 200 200 200 403 403 403 403 401   -"),
    A("GET /api/council/organizations/{organization_id} organization_id=organization",               "403 200 200 200 403 403 403 403 401 404"),
    A("GET /api/council/meetings",                                                                   "403 200 200 200 403 403 403 403 401   -"),
    A("GET /api/council/meetings/{meeting_id} meeting_id=meeting",                                   "403 200 200 200 403 403 403 403 401 404"),
    # api budget --------------------------------------------------------------------
    A("GET /api/budget/lines",                                                                       "403 403 200 200 403 403 403 403 401   -"),
    A("POST /api/budget/lines",                                                                      "403 403 201 201 403 403 403 403 401   -"),
    A("GET /api/budget/lines/{line_id} line_id=line",                                                "403 403 200 200 403 403 403 403 401 404"),
    A("PUT /api/budget/lines/{line_id} line_id=line",                                                "403 403 200 200 403 403 403 403 401 404"),
    A("GET /api/budget/decisions/{decision_id}/execution decision_id=decision",                      "403 403 200 200 403 403 403 403 401 404"),
    A("GET /api/budget/buy",                                                                         "403 403 200 200 403 403 403 403 401   -"),
    A("GET /api/budget/cost-rates",                                                                  "403 403 200 200 403 403 403 403 401   -"),
    A("POST /api/budget/cost-rates",                                                                 "403 403 403 201 403 403 403 403 401   -"),
    A("PUT /api/budget/cost-rates/{rate_id} rate_id=rate",                                           "403 403 403 200 403 403 403 403 401 404"),
    A("GET /api/budget/positions",                                                                   "403 403 200 200 403 403 403 403 401   -"),
    A("POST /api/budget/positions",                                                                  "403 403 201 201 403 403 403 403 401   -"),
    A("GET /api/budget/positions/{position_id} position_id=position",                                "403 403 200 200 403 403 403 403 401 404"),
    A("PUT /api/budget/positions/{position_id} position_id=position",                                "403 403 200 200 403 403 403 403 401 404"),
    A("POST /api/budget/positions/{position_id}/status position_id=position",                        "403 403 200 200 403 403 403 403 401 404"),
    A("POST /api/budget/positions/{position_id}/assignments position_id=spare",                      "403 403 201 201 403 403 403 403 401 404"),
    A("POST /api/budget/positions/{position_id}/fundings position_id=position",                      "403 403 201 201 403 403 403 403 401 404"),
    A("GET /api/budget/staff",                                                                       "403 403 200 200 403 403 403 403 401   -"),
    A("POST /api/budget/staff",                                                                      "403 403 201 201 403 403 403 403 401   -"),
    A("GET /api/budget/bookings",                                                                    "403 403 200 200 403 403 403 403 401   -"),
    A("POST /api/budget/bookings/import",                                                            "403 403 400 400 403 403 403 403 401   -"),
    A("POST /api/budget/bookings/imports/{import_id}/undo import_id=booking_import",                 "403 403 200 200 403 403 403 403 401 404"),
    # api measures ------------------------------------------------------------------
    A("GET /api/measures/fields-of-action",                                                          "200 200 200 200 403 403 403 403 401   -"),
    A("GET /api/measures/concepts",                                                                  "200 200 200 200 403 403 403 403 401   -"),
    A("GET /api/measures/measures",                                                                  "200 200 200 200 403 403 403 403 401   -"),
    A("POST /api/measures/measures",                                                                 "403 201 201 403 403 403 403 403 401 400"),
    A("GET /api/measures/measures/{measure_id} measure_id=measure",                                  "200 200 200 200 403 403 403 403 401 404"),
    A("PATCH /api/measures/measures/{measure_id} measure_id=measure_b",                              "403 200 200 403 403 403 403 403 401 404"),
    A("POST /api/measures/measures/{measure_id}/allocations measure_id=measure_b",                   "403 201 201 403 403 403 403 403 401 404"),
    A("GET /api/measures/indicators/{indicator_id} indicator_id=indicator",                          "200 200 200 200 403 403 403 403 401 404"),
    A("POST /api/measures/indicators/{indicator_id}/values indicator_id=indicator",                  "403 201 201 403 403 403 403 403 401 404"),
    A("POST /api/measures/indicator-values/import",                                                  "403 400 400 403 403 403 403 403 401   -"),
    A("GET /api/measures/barriers",                                                                  "200 200 200 200 403 403 403 403 401   -"),
    A("POST /api/measures/barriers",                                                                 "201 201 201 403 403 403 403 403 401   -"),
    A("POST /api/measures/barriers/{barrier_id}/priority barrier_id=barrier",                        "403 200 200 403 403 403 403 403 401 404"),
    A("POST /api/measures/barriers/{barrier_id}/answer barrier_id=barrier",                          "403 200 200 403 403 403 403 403 401 404"),
    A("POST /api/measures/barriers/{barrier_id}/status barrier_id=barrier",                          "403 200 200 403 403 403 403 403 401 404"),
    A("GET /api/measures/decisions",                                                                 "403 200 200 200 403 403 403 403 401   -"),
    A("GET /api/measures/chain",                                                                     "403 200 200 200 403 403 403 403 401 404"),
    A("GET /api/measures/chain/{decision_id} decision_id=chain",                                     "403 200 200 200 403 403 403 403 401 404"),
    # api directory -----------------------------------------------------------------
    A("GET /api/directory/public/{municipality}/offers municipality=town",                           "200 200 200 200 200 200 200 200 200   -"),
    A("GET /api/directory/public/{municipality}/offers/{offer_id} municipality=town,offer_id=offer", "200 200 200 200 200 200 200 200 200   -"),
    A("GET /api/directory/offers",                                                                   "200 200 200 403 403 200 403 403 401   -"),
    A("POST /api/directory/offers",                                                                  "403 201 201 403 403 201 403 403 401 400"),
    A("GET /api/directory/offers/{offer_id} offer_id=offer",                                         "200 200 200 403 403 200 403 403 401 404"),
    A("GET /api/directory/offers/{offer_id} offer_id=offer_b",                                       "200 200 200 403 403 404 403 403 401 404"),
    A("PUT /api/directory/offers/{offer_id} offer_id=offer",                                         "403 200 200 403 403 200 403 403 401 404"),
    A("PUT /api/directory/offers/{offer_id} offer_id=offer_b",                                       "403 200 200 403 403 404 403 403 401 404"),
    A("POST /api/directory/offers/{offer_id}/status offer_id=offer",                                 "403 200 200 403 403 200 403 403 401 404"),
    A("PUT /api/directory/offers/{offer_id}/texts/{language} offer_id=offer,language=tr",            "200 200 200 403 403 403 403 403 401 404"),
    A("GET /api/directory/offers/{offer_id}/revisions offer_id=offer",                               "200 200 200 403 403 200 403 403 401 404"),
    A("GET /api/directory/changes",                                                                  "200 200 200 403 403 200 403 403 401   -"),
    A("POST /api/directory/changes/{change_id}/approve change_id=change",                            "404 200 200 403 403 403 403 403 401 404"),
    A("POST /api/directory/changes/{change_id}/reject change_id=change",                             "404 200 200 403 403 403 403 403 401 404"),
    A("PATCH /api/directory/providers/{provider_id} provider_id=provider",                           "403 200 200 403 403 200 403 403 401 404"),
    A("PATCH /api/directory/providers/{provider_id} provider_id=provider_b",                         "403 200 200 403 403 404 403 403 401 404"),
    A("GET /api/directory/provider-changes",                                                         "200 200 200 403 403 200 403 403 401   -"),
    A("POST /api/directory/provider-changes/{change_id}/approve change_id=provider_change",          "404 200 200 403 403 403 403 403 401 404"),
    A("POST /api/directory/provider-changes/{change_id}/reject change_id=provider_change",           "404 200 200 403 403 403 403 403 401 404"),
    A("GET /api/directory/translation-queue",                                                        "200 200 200 403 403 403 403 403 401   -"),
    A("POST /api/directory/import/hsds",                                                             "403 200 200 403 403 403 403 403 401   -"),
]
# fmt: on

# The case module keeps its rows in tests/cases/matrix_<area>.py (one file per area).
from tests.cases import matrix as _cases  # noqa: E402

ROWS += _cases.ROWS
BODIES.update(_cases.BODIES)
MULTIPART |= _cases.MULTIPART

# The reports module keeps its rows in tests/reports/matrix_<area>.py.
from tests.reports import areas as _reports  # noqa: E402

ROWS += _reports.ROWS
BODIES.update(_reports.BODIES)
MULTIPART |= _reports.MULTIPART
