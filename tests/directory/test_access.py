"""Directory access beyond the status table (tests/access_matrix.py): lists hold only the
own municipality's offers, unknown municipalities are 404, lists cost fixed queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ankunft.core.models import Role
from tests import factories
from tests.directory.conftest import make_offer

pytestmark = pytest.mark.django_db


def test_other_municipality_offer_not_in_list(client, head, provider, other_town):
    make_offer(head, provider, "Nur hier")
    client.force_login(factories.user(Role.HEAD_OF_KI, other_town))
    assert "Nur hier" not in client.get(reverse("directory:offer_list")).content.decode()


def test_unknown_municipality_is_404(client):
    assert client.get("/offers/nirgendwo/").status_code == 404


def test_offer_list_query_count(client, head, provider, django_assert_num_queries):
    """The staff list costs the same five queries for 4 offers as for 1 (no N+1):
    session, user, count, the page of offers (with provider and title), the nav check."""
    client.force_login(head)
    make_offer(head, provider, "Angebot 0")
    with django_assert_num_queries(5):
        assert client.get(reverse("directory:offer_list")).status_code == 200
    for n in range(1, 4):
        make_offer(head, provider, f"Angebot {n}")
    with django_assert_num_queries(5):
        assert client.get(reverse("directory:offer_list")).status_code == 200
