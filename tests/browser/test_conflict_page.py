"""The conflict page of concurrent edits and the provider page with a change waiting for
review, in Chromium at 360 px: the second person sees what changed, keeps the input, and
axe-core (WCAG 2.2 AA) finds nothing; no page is wider than the screen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from ankunft.budget.services import positions
from ankunft.core.models import Role
from ankunft.directory import services as directory
from ankunft.directory.models import Status
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_staff_a11y import check, report
from tests.budget.conftest import position
from tests.directory.conftest import make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_conflict_page_and_pending_provider_change(page: Page, town):
    head = factories.user(Role.HEAD_OF_KI, town, password=factories.PASSWORD)
    p = position(town)
    provider = directory.provider_create(actor=head, name="Kulturverein Test e.V.")
    make_offer(head, provider, status=Status.PUBLISHED)
    member = factories.user(Role.PROVIDER, town)
    directory.provider_member_add(actor=head, provider=provider, user=member)
    directory.provider_update(actor=member, provider=provider, name="Kulturzentrum e.V.")
    problems: dict[str, object] = {}
    login(page, head.username, factories.PASSWORD)

    page.goto(reverse("budget:position_edit", args=[p.pk]))
    page.fill("#id_title", "Koordination Walsum")
    positions.position_update(  # someone else saves first
        actor=None, position=p, title="Koordination Hamborn", pay_grade="E 9b", fte=p.fte,
        start=p.start, version=1,
    )  # fmt: skip
    page.click("button[type=submit].primary")
    conflict = page.locator("#conflict")
    assert conflict.is_visible()
    assert "Koordination Hamborn" in conflict.inner_text()
    assert page.input_value("#id_title") == "Koordination Walsum"
    check(page, problems, "conflict page")

    page.goto(reverse("directory:provider_detail", kwargs={"pk": provider.pk}))
    pending = page.locator("#pending-change")
    assert "Kulturzentrum" in pending.locator("ins").first.inner_text()
    check(page, problems, "provider page with a pending change")
    assert not problems, report(problems)
