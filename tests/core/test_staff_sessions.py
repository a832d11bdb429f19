"""Ending all sessions of a staff account (ASVS 7.4.5): the head of the KI and operators,
for accounts they may see; audited; nobody else, no other municipality."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from ankunft.core.models import AuditAction, AuditEntry, Role

pytestmark = pytest.mark.django_db


def _sessions_of(user) -> list[Client]:
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(user)
    return clients


def test_head_of_ki_ends_every_session_of_a_worker(make_user, client):
    worker = make_user(Role.CASE_WORKER)
    bystander = make_user(Role.CASE_WORKER)
    phones = _sessions_of(worker)
    other = _sessions_of(bystander)[0]
    head = make_user(Role.HEAD_OF_KI)
    client.force_login(head)
    assert "End all sessions" in client.get(
        reverse("core:staff_detail", args=[worker.pk])
    ).text or (
        "Alle Sitzungen beenden" in client.get(reverse("core:staff_detail", args=[worker.pk])).text
    )

    answer = client.post(reverse("core:staff_end_sessions", args=[worker.pk]), follow=True)

    assert answer.status_code == 200
    assert "2" in answer.text  # "Sitzungen beendet: 2."
    for phone in phones:
        assert phone.get("/api-access/").status_code == 302  # back to the login
    assert other.get("/api-access/").status_code == 200
    assert client.get("/api-access/").status_code == 200  # the head's own session stays
    entry = AuditEntry.objects.get(
        object_type="core.user", object_id=str(worker.pk), action=AuditAction.UPDATE
    )
    assert (entry.actor_id, entry.fields) == (head.pk, ["sessions"])


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.TEAM_LEAD, Role.DPO, Role.FINANCE])
def test_other_roles_may_not(make_user, client, role):
    worker = make_user(Role.CASE_WORKER)
    _sessions_of(worker)
    client.force_login(make_user(role))
    assert client.post(reverse("core:staff_end_sessions", args=[worker.pk])).status_code == 403
    assert Session.objects.count() == 3
    page = client.get(reverse("core:staff_detail", args=[worker.pk]))
    assert reverse("core:staff_end_sessions", args=[worker.pk]) not in page.text


def test_another_municipalitys_head_gets_404_and_get_is_refused(make_user, client, other_town):
    worker = make_user(Role.CASE_WORKER)
    _sessions_of(worker)
    client.force_login(make_user(Role.HEAD_OF_KI, other_town))
    assert client.post(reverse("core:staff_end_sessions", args=[worker.pk])).status_code == 404
    client.force_login(make_user(Role.HEAD_OF_KI))
    assert client.get(reverse("core:staff_end_sessions", args=[worker.pk])).status_code == 405
    assert Session.objects.count() == 3  # the worker's two stay, beside the client's one
