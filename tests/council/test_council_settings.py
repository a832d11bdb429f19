"""The council settings page: the head of the KI switches the council's persons on or off
(audited); nobody else may, by page or service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ankunft.core.models import AuditEntry, Role
from ankunft.council import services
from ankunft.council.models import CouncilSettings, Person

pytestmark = pytest.mark.django_db

URL = "council:settings"


def test_the_head_switches_persons_off_and_on_audited(client, town, make_user):
    head = make_user(Role.HEAD_OF_KI)
    client.force_login(head)
    Person.objects.create(municipality=town, name="Ratsmitglied", oparl_id="https://x/p/1")
    page = client.get(reverse(URL))
    assert page.status_code == 200
    assert 'name="persons"' in page.content.decode()
    assert "checked" in page.content.decode()  # on unless switched off

    response = client.post(reverse(URL), {})  # an unticked box: off
    assert response.status_code == 302
    assert CouncilSettings.persons_enabled(town.pk) is False
    assert not Person.objects.filter(municipality=town).exists()
    entry = AuditEntry.objects.get(object_type="council.councilsettings")
    assert entry.actor == head
    assert entry.fields == ["persons"]
    assert entry.action == "update"

    client.post(reverse(URL), {"persons": "on"})
    assert CouncilSettings.persons_enabled(town.pk) is True
    assert AuditEntry.objects.filter(object_type="council.councilsettings").count() == 2
    client.post(reverse(URL), {"persons": "on"})  # no change: no entry
    assert AuditEntry.objects.filter(object_type="council.councilsettings").count() == 2


def test_the_page_speaks_german_and_the_head_finds_it_in_the_council_menu(client, town, make_user):
    client.force_login(make_user(Role.HEAD_OF_KI))
    german = client.get(reverse(URL), headers={"accept-language": "de"}).content.decode()
    assert "bereits importierte werden entfernt" in german
    papers = client.get(reverse("council:paper_list")).content.decode()
    assert reverse(URL) in papers


@pytest.mark.parametrize("role", [Role.FINANCE, Role.TEAM_LEAD, Role.CASE_WORKER])
def test_others_may_not_switch_persons(client, town, make_user, role):
    user = make_user(role)
    client.force_login(user)
    Person.objects.create(municipality=town, name="Ratsmitglied", oparl_id="https://x/p/1")
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), {}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.set_persons_enabled(actor=user, enabled=False)
    assert CouncilSettings.persons_enabled(town.pk) is True
    assert Person.objects.filter(municipality=town).exists()
    assert not AuditEntry.objects.filter(object_type="council.councilsettings").exists()
    if role != Role.CASE_WORKER:  # case workers see no council pages at all
        papers = client.get(reverse("council:paper_list")).content.decode()
        assert reverse(URL) not in papers
