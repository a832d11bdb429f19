"""Who may open the council pages and API (PRODUCT.md: finance controlling and the head of
the KI work with council papers; team leads read them; case workers, the data protection
officer and providers do not see them), and tenant isolation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ankunft.core.models import Role
from ankunft.core.services import api_token_create
from tests import factories
from tests.council import factories as cf

pytestmark = pytest.mark.django_db

ALL = set(Role)
VIEW = {Role.HEAD_OF_KI, Role.FINANCE, Role.TEAM_LEAD}
EDIT = {Role.HEAD_OF_KI, Role.FINANCE}

# Page → roles that get 200 (everyone else 403). Written from PRODUCT.md's roles.
PAGES: dict[str, set[str]] = {
    "paper_list": VIEW,
    "paper_detail": VIEW,
    "paper_create": EDIT,
    "paper_edit": EDIT,
    "motion_read": EDIT,
    "organization_list": VIEW,
    "organization_detail": VIEW,
    "meeting_list": VIEW,
    "meeting_detail": VIEW,
}


@pytest.fixture
def records(town):
    committee = cf.organization(town, name="Haupt- und Finanzausschuss")
    return {
        "paper": cf.paper(town, originators=[committee]),
        "organization": committee,
        "meeting": cf.meeting(town, committee),
    }


def _url(name: str, records) -> str:
    if name in {"paper_detail", "paper_edit"}:
        return reverse(f"council:{name}", args=[records["paper"].pk])
    if name == "organization_detail":
        return reverse(f"council:{name}", args=[records["organization"].pk])
    if name == "meeting_detail":
        return reverse(f"council:{name}", args=[records["meeting"].pk])
    return reverse(f"council:{name}")


def _login(client, town, role):
    user = factories.user(role, None if role == Role.OPERATOR else town)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access_by_role(client, town, records, role, name):
    """200 for the roles in the table, 403 for all others."""
    _login(client, town, role)
    response = client.get(_url(name, records))
    assert response.status_code == (200 if role in PAGES[name] else 403)


@pytest.mark.parametrize("role", list(Role))
def test_decision_post_by_role(client, town, records, role):
    """Recording a decision: editors are redirected to the paper, others get 403."""
    _login(client, town, role)
    url = reverse("council:decision_create", args=[records["paper"].pk])
    response = client.post(url, {"outcome": "rejected", "date": "2021-11-18"})
    assert response.status_code == (302 if role in EDIT else 403)


@pytest.mark.parametrize("role", list(Role))
def test_motion_confirm_post_by_role(client, town, role):
    """Confirming a motion: editors get the form back (invalid: no title), others 403."""
    _login(client, town, role)
    data = {"alloc-TOTAL_FORMS": "0", "alloc-INITIAL_FORMS": "0", "title": ""}
    response = client.post(reverse("council:motion_confirm"), data)
    assert response.status_code == (200 if role in EDIT else 403)


def test_anonymous_is_sent_to_login(client, records):
    response = client.get(reverse("council:paper_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "name", ["paper_detail", "paper_edit", "organization_detail", "meeting_detail"]
)
def test_other_municipality_records_are_404(client, town, other_town, name):
    """Another municipality's paper, body or meeting does not exist for this user."""
    foreign_body = cf.organization(other_town)
    foreign = {
        "paper": cf.paper(other_town),
        "organization": foreign_body,
        "meeting": cf.meeting(other_town, foreign_body),
    }
    _login(client, town, Role.FINANCE)
    assert client.get(_url(name, foreign)).status_code == 404


def test_other_municipality_decision_post_is_404(client, town, other_town):
    _login(client, town, Role.FINANCE)
    url = reverse("council:decision_create", args=[cf.paper(other_town).pk])
    assert client.post(url, {"outcome": "adopted", "date": "2021-11-18"}).status_code == 404


def test_navigation_entry_for_council_roles_only(client, town):
    """The "Council" entry leads to the papers list for those who may read papers."""
    _login(client, town, Role.FINANCE)
    assert f'href="{reverse("council:paper_list")}"' in client.get("/").content.decode()
    _login(client, town, Role.CASE_WORKER)
    assert f'href="{reverse("council:paper_list")}"' not in client.get("/").content.decode()


# API --------------------------------------------------------------------------------------

API_GET = ["/papers", "/papers/{paper}", "/organizations", "/organizations/{org}",
           "/meetings", "/meetings/{meeting}"]  # fmt: skip


def _api(records, path: str) -> str:
    return "/api/council" + path.format(
        paper=records["paper"].pk, org=records["organization"].pk, meeting=records["meeting"].pk
    )


@pytest.mark.parametrize("role", sorted(ALL - {Role.OPERATOR}))
@pytest.mark.parametrize("path", API_GET)
def test_api_read_by_role(client, town, records, role, path):
    """Reads (session login): the council roles get 200, every other role 403."""
    _login(client, town, role)
    response = client.get(_api(records, path))
    assert response.status_code == (200 if role in VIEW else 403)


@pytest.mark.parametrize("role", sorted(ALL - {Role.OPERATOR, Role.PROVIDER}))
@pytest.mark.parametrize(
    "call",
    [
        ("post", "/papers", {"name": "Neuer Antrag"}, 201),
        ("put", "/papers/{paper}", {"name": "Geändert"}, 200),
        ("post", "/papers/{paper}/decisions", {"outcome": "rejected"}, 201),
        ("post", "/motions/read", {"text": "x"}, 400),
        ("post", "/motions/confirm", {"title": "Ein Antrag"}, 201),
    ],
)
def test_api_write_by_role(client, town, records, role, call):
    """Writes: editors get the operation's answer, everyone else 403."""
    method, path, body, status = call
    user = factories.user(role, town)
    _token, key = api_token_create(user=user, name="t")
    response = getattr(client, method)(
        _api(records, path),
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == (status if role in EDIT else 403)


@pytest.mark.parametrize("path", ["/papers/{paper}", "/organizations/{org}", "/meetings/{meeting}"])
def test_api_other_municipality_is_404(client, town, other_town, path):
    foreign_body = cf.organization(other_town)
    foreign = {
        "paper": cf.paper(other_town),
        "organization": foreign_body,
        "meeting": cf.meeting(other_town, foreign_body),
    }
    user = factories.user(Role.FINANCE, town)
    _token, key = api_token_create(user=user, name="t")
    response = client.get(_api(foreign, path), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 404
