"""The API as a contract: documented errors, validated answers, keyset pages, token writes,
JSON errors for every failure."""

from __future__ import annotations

import pytest
from django.test import Client

from ankunft.core.models import AuditEntry, Role
from ankunft.core.services import api_token_create
from tests import factories
from tests.openapi_check import ContractError, check, spec

pytestmark = pytest.mark.django_db

ERROR = "#/components/schemas/Error"


def _token(user) -> dict[str, str]:
    _t, key = api_token_create(user=user, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


# The document ------------------------------------------------------------------------------


def test_every_operation_documents_its_error_answers():
    """Authenticated operations: 401 and 403; a path parameter: 404; any input: 422; a
    write: 400; every error answer is the shared Error schema (imports: their rows; a 409 of
    optimistic locking: the fields that differ, `core.locking_api.ConflictOut`)."""
    document = spec()
    assert document["components"]["schemas"]["Error"]["required"] == ["detail"]
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            if operation.get("security"):
                assert {"401", "403"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in codes, (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert "400" in codes, (method, path)
            for code in codes - {"200", "201"}:
                schema = operation["responses"][code]["content"]["application/json"]["schema"]
                assert schema["$ref"] in {
                    ERROR,
                    *(f"#/components/schemas/{n}ImportErrorOut" for n in ("Booking", "Indicator")),
                    "#/components/schemas/ConflictOut",  # 409 of optimistic locking
                }


def test_schema_names_are_unique_across_modules():
    """Two schemas of one name would overwrite each other in the document (budget's and the
    directory's ChangeOut did): every component name is defined by one class only."""
    import inspect  # noqa: PLC0415

    from ninja import Schema  # noqa: PLC0415

    from ankunft.budget.api import schemas as budget  # noqa: PLC0415
    from ankunft.core import api as core  # noqa: PLC0415
    from ankunft.council.api import schemas as council  # noqa: PLC0415
    from ankunft.directory.api import schemas as directory  # noqa: PLC0415
    from ankunft.measures.api import schemas as measures  # noqa: PLC0415

    names: dict[str, object] = {}
    for module in (budget, core, council, directory, measures):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                assert name not in names, f"{name} in {module.__name__} and {names[name]}"
                names[name] = module.__name__


def test_undeclared_status_or_wrong_body_fails_the_check():
    """The contract check itself: a status the document does not declare, or a body that
    does not match the declared schema, is an error."""
    with pytest.raises(ContractError, match="does not declare"):
        check("GET", "/api/me", 404, b'{"detail": "x"}', "application/json")
    with pytest.raises(ContractError, match="does not match"):
        check("GET", "/api/me", 401, b'{"message": "x"}', "application/json")
    with pytest.raises(ContractError, match="not JSON"):
        check("GET", "/api/me", 401, b"<html>", "text/html")
    check("GET", "/api/me", 401, b'{"detail": "x"}', "application/json")


# Keyset pages ------------------------------------------------------------------------------


def test_limit_over_the_maximum_is_422(client, town, make_user):
    """`/api/audit?limit=100000` was accepted; now the page size is 1…200."""
    client.force_login(make_user(Role.DPO))
    for limit in (100000, 201, 0, -1):
        response = client.get("/api/audit", {"limit": limit})
        assert response.status_code == 422, limit
    assert client.get("/api/audit", {"limit": 200}).status_code == 200


def test_staff_pages_are_stable_and_audit_only_what_is_shown(client, town, make_user):
    """Five of 31 staff: five audit entries (not 31), then the next page after the cursor,
    no one twice, no one missing."""
    head = make_user(Role.HEAD_OF_KI)
    for _ in range(30):
        make_user(Role.CASE_WORKER)
    client.force_login(head)
    seen: list[int] = []
    first = client.get("/api/staff", {"limit": 5}).json()
    assert len(first["items"]) == 5
    assert AuditEntry.objects.filter(object_type="core.user", action="read").count() == 5
    seen += [p["id"] for p in first["items"]]
    cursor = first["next"]
    while cursor:
        page = client.get("/api/staff", {"limit": 7, "cursor": cursor}).json()
        seen += [p["id"] for p in page["items"]]
        cursor = page["next"]
    assert len(seen) == 31
    assert seen == sorted(set(seen))
    assert AuditEntry.objects.filter(object_type="core.user", action="read").count() == 31


@pytest.mark.parametrize("cursor", ["garbage", "eyJrIjpbImlkIl19:x:y", "a" * 300])
def test_tampered_cursor_is_422(client, town, make_user, cursor):
    client.force_login(make_user(Role.DPO))
    response = client.get("/api/audit", {"cursor": cursor}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == (
        "The cursor is not valid; start again from the first page."
    )


def test_cursor_of_another_list_is_422(client, town, make_user):
    """A cursor is bound to its list's order: the staff list's cursor does not page the
    audit log."""
    dpo = make_user(Role.DPO)
    make_user(Role.HEAD_OF_KI)
    client.force_login(make_user(Role.HEAD_OF_KI))
    staff_cursor = client.get("/api/staff", {"limit": 1}).json()["next"]
    assert staff_cursor
    client.force_login(dpo)
    assert client.get("/api/audit", {"cursor": staff_cursor}).status_code == 422


def test_changed_cursor_is_422(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    make_user(Role.CASE_WORKER)
    client.force_login(head)
    cursor = client.get("/api/staff", {"limit": 1}).json()["next"]
    changed = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    assert client.get("/api/staff", {"limit": 1, "cursor": changed}).status_code == 422


# Writes with a token, CSRF with a session -------------------------------------------------


def _paper(town):
    return {"name": "Antrag", "reference": "A 1"}


def test_token_write_needs_no_csrf_token(town, make_user):
    """A script with a Bearer token can write (it got "403 CSRF check failed" before)."""
    script = Client(enforce_csrf_checks=True)
    headers = _token(make_user(Role.HEAD_OF_KI))
    response = script.post(
        "/api/council/papers", _paper(town), content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Antrag"


def test_session_write_without_csrf_token_is_refused(town, make_user):
    """A browser session still needs the CSRF token for a write; nothing is stored."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user(Role.HEAD_OF_KI))
    response = browser.post("/api/council/papers", _paper(town), content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    from ankunft.council.models import Paper  # noqa: PLC0415

    assert not Paper.objects.exists()


def test_session_write_with_csrf_token_is_accepted(town, make_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user(Role.HEAD_OF_KI))
    browser.get("/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        "/api/council/papers",
        _paper(town),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201, response.content


# Errors are JSON ----------------------------------------------------------------------------


def test_unknown_api_path_is_a_json_404(client, town, make_user):
    for who in (None, make_user(Role.HEAD_OF_KI)):
        if who is not None:
            client.force_login(who)
        response = client.get("/api/no/such/thing", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_server_error_is_json(town, make_user, monkeypatch):
    """An unexpected error: 500 with a JSON body, never Django's HTML page."""
    from ankunft.core import api as core_api  # noqa: PLC0415

    def broken(**_kw):
        raise RuntimeError("boom")

    monkeypatch.setattr(core_api.selectors, "municipality_get", broken)
    c = Client(raise_request_exception=False)
    c.force_login(make_user(Role.CASE_WORKER))
    response = c.get("/api/municipality", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side."}


BODIES = {
    "not json": "{not json",
    "too deep for the parser": "[" * 100_000 + "]" * 100_000,
    "deeper than 32 levels": '{"name": ' + "[" * 40 + "]" * 40 + "}",
    "not UTF-8": "\xff\xfe",
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_malformed_or_deeply_nested_body_is_400(client, town, make_user, body):
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.post(
        "/api/council/papers", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The body is not valid JSON."


def test_deeply_nested_hsds_import_is_400_and_imports_nothing(client, town, make_user):
    from ankunft.directory.models import Offer  # noqa: PLC0415

    client.force_login(make_user(Role.HEAD_OF_KI))
    nested = "[" * 100_000 + "]" * 100_000
    response = client.post(
        "/api/directory/import/hsds",
        nested,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == ["The JSON is nested more than 32 levels deep."]
    assert not Offer.objects.exists()


def test_deeply_nested_hsds_upload_page_shows_the_error(town, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    from ankunft.directory.models import Offer  # noqa: PLC0415

    page = Client()
    page.force_login(make_user(Role.HEAD_OF_KI))
    nested = ("[" * 100_000 + "]" * 100_000).encode()
    response = page.post(
        "/offers/manage/import/",
        {"file": SimpleUploadedFile("deep.json", nested)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "The JSON is nested more than 32 levels deep." in response.content.decode()
    assert not Offer.objects.exists()


def test_api_404_for_a_foreign_record_matches_the_document(client, town, other_town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.get(f"/api/staff/{factories.user(Role.CASE_WORKER, other_town).pk}")
    assert response.status_code == 404


def test_wrong_method_is_a_json_405(town, make_user):
    c = Client()
    c.force_login(make_user(Role.HEAD_OF_KI))
    response = c.delete("/api/me", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert response.json() == {"detail": "This method is not allowed here."}
    assert response["Allow"] == "GET"


def test_body_over_the_upload_limit_is_a_json_400(client, town, make_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(make_user(Role.HEAD_OF_KI))
    response = client.post(
        "/api/council/papers",
        '{"name": "' + "x" * 2000 + '"}',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "The request is too large or malformed."}


def test_every_tests_client_checks_its_api_answers(client, town, make_user, monkeypatch):
    """The suite's `client` is the contract client: an operation answering a status its
    document entry does not declare fails the test that called it."""
    from django.http import Http404  # noqa: PLC0415

    from ankunft.core import api as core_api  # noqa: PLC0415

    def missing(**_kw):
        raise Http404

    monkeypatch.setattr(core_api.permissions, "all_permissions", missing)
    client.force_login(make_user(Role.CASE_WORKER))
    with pytest.raises(ContractError, match="answered 404, which the document does not declare"):
        client.get("/api/me")


def test_every_api_schema_has_a_name_of_its_own():
    """The OpenAPI document names schemas by class name: two modules' `ConsentOut` would
    silently become one (the second answer then fails its own document)."""
    from ninja import Schema  # noqa: PLC0415

    import ankunft.api  # noqa: F401, PLC0415 - every router, and so every schema, imported

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = {c for c in subclasses(Schema) if c.__module__.startswith("ankunft.")}
    names = sorted(c.__name__ for c in ours)
    assert sorted({n for n in names if names.count(n) > 1}) == []
