"""Browser: no Content-Security-Policy violation on the main pages of every role, and the
hardened login (remember me, lockout message) in Chromium."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ankunft-demo-2026"
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber
  );
});
"""


def _watch(page: Page) -> list[str]:
    """Collects CSP violations: the page's securitypolicyviolation events and Chromium's
    console reports (the init script is not itself subject to the page's policy)."""
    found: list[str] = []
    page.context.add_init_script(LISTEN)
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def _visit(page: Page, path: str, found: list[str], seen: set[str]) -> None:
    if path in seen:
        return
    seen.add(path)
    response = page.goto(path)
    assert response is not None
    assert response.status < 400, path
    page.wait_for_load_state("load")
    csp = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp, path
    assert "'unsafe-inline'" not in csp
    found.extend(f"{path}: {v}" for v in page.evaluate("window.__csp"))


def _links(page: Page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h and h.startswith("/") and "logout" not in h]


@pytest.fixture
def demo():
    call_command("demo_data", "--i-know-this-is-not-production", stdout=StringIO())


def test_main_pages_render_without_csp_violation(page, demo):
    """Every navigation page of five staff roles, one detail page behind each list, the
    password page and the API docs: no violation reported by Chromium."""
    found = _watch(page)
    seen: set[str] = set()
    for username in ["head", "dpo", "finance", "provider", "teamlead"]:
        page.context.clear_cookies()
        login(page, username, DEMO_PASSWORD)
        page.wait_for_url("**/")
        for path in ["/", *_links(page, "nav.main-nav a")]:
            _visit(page, path, found, seen)
            # One detail page behind each list, where there is one.
            for detail in _links(page, "main .table-wrap a")[:1]:
                _visit(page, detail, found, seen)
        seen -= {"/"}
    for path in ["/accounts/password/", "/api/docs"]:
        _visit(page, path, found, seen)
    assert found == []
    assert len(seen) >= 15


def test_public_and_operator_pages_render_without_csp_violation(page, demo):
    found = _watch(page)
    seen: set[str] = set()
    for path in [
        "/accounts/login/",
        "/accounts/password-reset/",
        "/offers/duisburg/",
        "/offers/duisburg/search/?q=deutsch",
        "/offers/duisburg/map/",
        "/offers/duisburg/open-data/",
    ]:
        _visit(page, path, found, seen)
    page.goto("/offers/duisburg/search/?q=deutsch")
    offer = _links(page, "main a[href*='/o/']")[0]
    _visit(page, offer, found, seen)
    login(page, "operator", DEMO_PASSWORD)
    page.wait_for_url("**/")
    for path in ["/admin/", "/admin/core/user/", "/health"]:
        _visit(page, path, found, seen)
    assert found == []


def test_the_watcher_sees_a_violation(page):
    """The listener is not blind: an inline style attribute added to a real page is reported."""
    found = _watch(page)
    page.goto("/accounts/login/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__csp")[0].startswith("style-src-attr inline")
    assert found == [] or "Content Security Policy" in found[0]


def test_htmx_live_search_works_under_the_policy(page, demo):
    """htmx (no eval, no injected styles) still swaps results in under the strict policy."""
    found = _watch(page)
    login(page, "head", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/council/")
    with page.expect_response(
        lambda r: "/council/" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.fill("input[type=search]", "Personal")
    assert page.evaluate("window.__csp") == []
    assert found == []


def test_lockout_and_remember_me_in_the_browser(page, demo):
    for _ in range(5):
        login(page, "dpo", "falsch-falsch-falsch")
        page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Anmeldung gesperrt"
    assert (
        "Zu viele fehlgeschlagene Anmeldeversuche" in page.locator("#lockout-message").inner_text()
    )

    page.goto("/accounts/login/")
    page.fill("#id_username", "head")
    page.fill("#id_password", DEMO_PASSWORD)
    page.check("#id_remember")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/")
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert cookie["expires"] > 0  # kept across browser restarts, until the absolute timeout
