"""Who may open which directory page: the table from PRODUCT.md's roles, deny by default."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ankunft.core.models import Role
from tests import factories
from tests.directory.conftest import make_offer

pytestmark = pytest.mark.django_db

ALL = set(Role)
KI = {Role.HEAD_OF_KI, Role.TEAM_LEAD}
# Expected access, written from the roles (not derived from the code).
PAGE_ROLES: dict[str, set[str]] = {
    "directory:manage": KI | {Role.CASE_WORKER, Role.PROVIDER},
    "directory:offer_list": KI | {Role.CASE_WORKER, Role.PROVIDER},
    "directory:offer_create": KI | {Role.PROVIDER},
    "directory:translation_queue": KI | {Role.CASE_WORKER},
    "directory:review_list": KI | {Role.CASE_WORKER, Role.PROVIDER},
    "directory:provider_list": KI,
    "directory:settings": KI,
    "directory:import": KI,
}
# Pages of one offer (of a provider the provider account does not belong to).
OFFER_PAGES: dict[str, set[str]] = {
    "directory:offer_detail": KI | {Role.CASE_WORKER},
    "directory:offer_edit": KI,
    "directory:offer_history": KI | {Role.CASE_WORKER},
}


def _login(client, town, role):
    user = factories.user(role, None if role == Role.OPERATOR else town)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("url_name", sorted(PAGE_ROLES))
def test_page_access_by_role(client, town, role, url_name):
    """200 for the roles in the table, 403 for every other role."""
    _login(client, town, role)
    expected = 200 if role in PAGE_ROLES[url_name] else 403
    assert client.get(reverse(url_name)).status_code == expected


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("url_name", sorted(OFFER_PAGES))
def test_offer_page_access_by_role(client, town, offer, role, url_name):
    """KI staff see every offer; a provider account only its own (others: 404)."""
    _login(client, town, role)
    response = client.get(reverse(url_name, kwargs={"uuid": offer.uuid}))
    if role in OFFER_PAGES[url_name]:
        assert response.status_code == 200
    elif role == Role.PROVIDER:
        assert response.status_code == 404  # exists, but not theirs to know
    else:
        assert response.status_code == 403


def test_translation_page_access(client, town, head, provider, offer):
    url = reverse("directory:translation_edit", kwargs={"uuid": offer.uuid, "language": "tr"})
    for role, expected in [
        (Role.CASE_WORKER, 200),
        (Role.TEAM_LEAD, 200),
        (Role.PROVIDER, 403),
        (Role.FINANCE, 403),
    ]:
        _login(client, town, role)
        assert client.get(url).status_code == expected, role


def test_provider_sees_and_edits_own_offer(client, head, provider, provider_user):
    offer = make_offer(head, provider)
    client.force_login(provider_user)
    assert (
        client.get(reverse("directory:offer_detail", kwargs={"uuid": offer.uuid})).status_code
        == 200
    )
    assert (
        client.get(reverse("directory:offer_edit", kwargs={"uuid": offer.uuid})).status_code == 200
    )
    provider_page = reverse("directory:provider_detail", kwargs={"pk": provider.pk})
    assert client.get(provider_page).status_code == 200


@pytest.mark.parametrize("url_name", sorted(PAGE_ROLES))
def test_anonymous_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_other_municipality_offer_is_404(client, head, provider, other_town):
    """Tenant isolation: the head of another municipality cannot see this offer."""
    offer = make_offer(head, provider)
    client.force_login(factories.user(Role.HEAD_OF_KI, other_town))
    for name in ("directory:offer_detail", "directory:offer_edit", "directory:offer_history"):
        assert client.get(reverse(name, kwargs={"uuid": offer.uuid})).status_code == 404
    assert (
        client.get(reverse("directory:provider_detail", kwargs={"pk": provider.pk})).status_code
        == 404
    )


def test_other_municipality_offer_not_in_list(client, head, provider, other_town):
    make_offer(head, provider, "Nur hier")
    client.force_login(factories.user(Role.HEAD_OF_KI, other_town))
    assert "Nur hier" not in client.get(reverse("directory:offer_list")).content.decode()


@pytest.mark.parametrize(
    "path",
    ["/offers/{m}/", "/offers/{m}/search/?q=kurs", "/offers/{m}/map/", "/offers/{m}/open-data/"],
)
def test_public_pages_need_no_login(client, town, path):
    assert client.get(path.format(m=town.slug)).status_code == 200


def test_public_offer_page_needs_no_login(client, offer):
    assert client.get(offer.get_absolute_url()).status_code == 200


def test_unknown_municipality_is_404(client):
    assert client.get("/offers/nirgendwo/").status_code == 404


def test_offer_list_query_count(client, head, provider, django_assert_num_queries):
    """The staff list costs the same four queries for 4 offers as for 1 (no N+1):
    session, user, the keyset page of offers (with provider and title), the nav check."""
    client.force_login(head)
    make_offer(head, provider, "Angebot 0")
    with django_assert_num_queries(4):
        assert client.get(reverse("directory:offer_list")).status_code == 200
    for n in range(1, 4):
        make_offer(head, provider, f"Angebot {n}")
    with django_assert_num_queries(4):
        assert client.get(reverse("directory:offer_list")).status_code == 200
