"""Browser: a case worker refers a case to an offer sharing two fields; the provider finds it
on the start page and in the inbox with exactly those fields and accepts it (German UI,
phone width, axe at 360 px on the inbox)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankunft.cases.models import Referral, ReferralStatus
from ankunft.core.models import Role
from ankunft.directory import services as directory
from tests import factories
from tests.browser.conftest import login
from tests.cases import factories as cf
from tests.cases.world_referrals import consent
from tests.directory.conftest import make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"


def _axe(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the CSP refuses inline
    result = page.evaluate(AXE_RUN, WCAG)
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]]


def test_a_case_worker_refers_and_the_provider_accepts(page):
    town = factories.municipality(name="Duisburg")
    team = factories.team(town)
    head = factories.user(Role.HEAD_OF_KI, town)
    cw = factories.user(
        Role.CASE_WORKER, town, team=team, username="fallarbeit", password=factories.PASSWORD
    )
    prov = factories.user(Role.PROVIDER, town, username="traeger", password=factories.PASSWORD)
    provider = directory.provider_create(actor=head, name="Kulturverein A e.V.")
    directory.provider_member_add(actor=head, provider=provider, user=prov)
    make_offer(head, provider, "Deutschkurs A")
    case = cf.case(town, team, cw, given="Ana", family="Popescu", phone="0203 555")
    consent(case.person)

    login(page, "fallarbeit", factories.PASSWORD)
    page.goto(f"/cases/{case.pk}/referrals/new/")
    assert _axe(page) == []
    page.get_by_role("radio", name="Deutschkurs A – Kulturverein A e.V.").check()
    page.get_by_role("textbox", name="Zweck").fill("Deutschkurs ab März")
    boxes = page.get_by_role("group", name="Daten, die der Träger erhält").get_by_role("checkbox")
    assert [b.is_checked() for b in boxes.all()] == [False] * boxes.count()
    page.get_by_role("checkbox", name="Vornamen").check()
    page.get_by_role("checkbox", name="Telefon").check()
    page.get_by_role("button", name="Vermittlung senden").click()
    assert page.get_by_text("Vermittlung gesendet.").is_visible()
    assert Referral.objects.get().shared_fields == ["given_names", "phone"]
    page.context.clear_cookies()  # log out

    login(page, "traeger", factories.PASSWORD)
    panel = page.locator("section", has=page.locator("#p-referrals"))
    assert panel.get_by_role("heading").inner_text() == "1 neue Vermittlung"
    assert "Deutschkurs A" in panel.inner_text()
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Vermittlungen"
    ).click()
    row = page.get_by_role("row").filter(has_text=case.number)
    text = row.inner_text()
    assert "Ana" in text
    assert "0203 555" in text
    assert "Popescu" not in page.locator("main").inner_text()
    assert _axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    row.get_by_role("link", name=case.number).click()
    assert _axe(page) == []
    page.get_by_role("button", name="Annehmen").click()
    assert page.get_by_text("Antwort gespeichert.").is_visible()
    assert Referral.objects.get().status == ReferralStatus.ACCEPTED
