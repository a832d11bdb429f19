"""The production set-up: real gunicorn (`ankunft serve --production`, DEBUG off) behind a
real TLS-terminating proxy on localhost. The client connects from 127.0.0.2, the proxy
forwards from 127.0.0.1: with `TRUSTED_PROXIES=127.0.0.1` the app sees HTTPS (HSTS, Secure
`__Host-` cookies) and records the client's address in the audit log and in the login
throttle; without it, it sees neither, and a forged X-Forwarded-For never counts."""

from __future__ import annotations

import ssl

import httpx
import pytest

from ankunft import gunicorn_conf
from ankunft.core.drills.server import free_port, gunicorn
from ankunft.core.management.commands.serve import gunicorn_argv
from ankunft.core.models import Role
from tests import factories
from tests.mfa_helpers import code_to_type, device_for

CLIENT = "127.0.0.2"  # the visitor; the proxy forwards from 127.0.0.1
FORGED = "198.51.100.66"


def _client(proxy) -> httpx.Client:
    context = ssl.create_default_context(cafile=str(proxy.cert))
    transport = httpx.HTTPTransport(local_address=CLIENT, verify=context)
    return httpx.Client(
        base_url=proxy.base, transport=transport, timeout=30, headers={"X-Forwarded-For": FORGED}
    )


def _post_form(client: httpx.Client, base: str, path: str, data: dict[str, str]) -> httpx.Response:
    page = client.get(path)
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    return client.post(
        path, data={"csrfmiddlewaretoken": token, **data}, headers={"Referer": f"{base}{path}"}
    )


def _login(client: httpx.Client, base: str, username: str, password: str) -> httpx.Response:
    return _post_form(
        client, base, "/accounts/login/", {"username": username, "password": password}
    )


@pytest.mark.parametrize("trusted", [True, False], ids=["trusted-proxy", "no-trusted-proxy"])
def test_gunicorn_behind_a_tls_proxy(served_db, app_env, tmp_path, tls_proxy, trusted):
    town = factories.municipality()
    head = factories.user(Role.HEAD_OF_KI, town, password=factories.PASSWORD)
    device = device_for(head)  # the head of the KI logs in with a second factor
    served_db.publish()
    extra = (
        {"TRUSTED_PROXIES": "127.0.0.1"}
        if trusted
        else {
            # Without a trusted proxy every request looks like plain HTTP and would only be
            # redirected; switch the redirect off to see what the app then records.
            "TRUSTED_PROXIES": "",
            "SECURE_SSL_REDIRECT": "false",
        }
    )
    with gunicorn({**app_env, **extra}, tmp_path, workers=2) as server:
        proxy = tls_proxy(int(server.base.rsplit(":", 1)[1]))
        with _client(proxy) as client:
            page = client.get("/accounts/login/")
            assert page.status_code == 200
            cookie = page.headers["set-cookie"]
            assert "__Host-csrftoken=" in cookie
            assert "Secure" in cookie
            if trusted:
                assert page.headers["strict-transport-security"] == (
                    "max-age=31536000; includeSubDomains; preload"
                )
            else:
                assert "strict-transport-security" not in page.headers
            # A wrong password, then the right one and an audited API read (staff list).
            assert (
                _login(client, proxy.base, head.username, "wrong-password-123").status_code == 200
            )
            assert _login(client, proxy.base, head.username, factories.PASSWORD).status_code == 302
            code = {"code": code_to_type(device)}
            verify = _post_form(client, proxy.base, "/accounts/two-factor/verify/", code)
            assert verify.status_code == 302
            assert client.get("/api/staff").status_code == 200
            # A query string (a search may hold a name) stays out of the access log.
            assert client.get("/accounts/login/?q=Mustermann").status_code in {200, 302}
        log = server.log.read_text()
    assert "GET /api/staff HTTP/1.1" in log
    assert "Mustermann" not in log
    expected = CLIENT if trusted else "127.0.0.1"
    attempts = served_db.rows("SELECT ip_address FROM axes_accessattempt")
    assert attempts == [(expected,)]
    audited = {
        row[0]
        for row in served_db.rows(
            "SELECT ip_address FROM core_auditentry WHERE path = '/api/staff'"
        )
    }
    assert audited == {expected}
    assert FORGED not in {a for (a,) in attempts} | audited


def test_gunicorn_config_follows_the_environment(monkeypatch):
    assert gunicorn_conf.default_workers(2) == 5
    assert gunicorn_conf.trusted_proxies({"TRUSTED_PROXIES": " 10.0.0.1, 10.0.0.2 "}) == (
        "10.0.0.1,10.0.0.2"
    )
    # Unset means nobody: gunicorn's own default would trust 127.0.0.1.
    assert gunicorn_conf.trusted_proxies({}) == ""
    assert gunicorn_conf.max_requests > 0
    assert gunicorn_conf.max_requests_jitter > 0
    # No query string in the access log (%(U)s is the path alone; %(r)s, %(q)s would leak).
    assert "%(U)s" in gunicorn_conf.access_log_format
    for leaky in ("%(r)s", "%(q)s", "%(u)s", "%({cookie}i)s"):
        assert leaky not in gunicorn_conf.access_log_format
    argv = gunicorn_argv({"host": "127.0.0.1", "port": free_port(), "workers": 3})
    assert argv[1:3] == ["-m", "gunicorn"]
    assert "python:ankunft.gunicorn_conf" in argv
    assert argv[argv.index("--workers") + 1] == "3"


def test_gunicorn_config_refuses_a_bad_number_by_its_name(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "many")
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY='many'"):
        gunicorn_conf._int("WEB_CONCURRENCY", 3)
    monkeypatch.setenv("GUNICORN_TIMEOUT", "-1")
    with pytest.raises(SystemExit, match="GUNICORN_TIMEOUT"):
        gunicorn_conf._int("GUNICORN_TIMEOUT", 30)
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "0")  # gunicorn: never replace a worker
    assert gunicorn_conf._int("GUNICORN_MAX_REQUESTS", 1000, minimum=0) == 0
    monkeypatch.setenv("WEB_CONCURRENCY", " ")
    assert gunicorn_conf._int("WEB_CONCURRENCY", 3) == 3
