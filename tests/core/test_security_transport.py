"""HTTPS behind a proxy: forwarding headers only from TRUSTED_PROXIES, HSTS through a TLS
proxy under `ankunft serve`, `check --deploy` clean with production settings, __Host- cookies."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse

from ankunft.core.management.commands.serve import waitress_proxy_options
from ankunft.core.security import TrustedProxyMiddleware

REPO = Path(__file__).resolve().parents[2]


def _production_env(tmp_path, **extra: str) -> dict[str, str]:
    # Not the test run's own settings, database or the browser tests' async switch.
    dropped = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,ankunft.example.org",
        ANKUNFT_VAR_DIR=str(tmp_path),
    )
    env.update(extra)
    return env


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _check_deploy(_production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_catches_missing_https_settings(tmp_path):
    """The same check fails when HTTPS is switched off: it is not vacuous."""
    result = _check_deploy(_production_env(tmp_path, HTTPS="false"))
    assert result.returncode == 1
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stderr


def test_production_settings_prefix_cookies_with_host(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.LANGUAGE_COOKIE_NAME, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_PROXY_SSL_HEADER)"
    )
    env = _production_env(tmp_path, DJANGO_SETTINGS_MODULE="ankunft.settings")
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "__Host-language",
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "None",
    ]


def _meta_after(meta: dict[str, str], settings) -> dict[str, str]:
    request = HttpRequest()
    request.META = dict(meta)
    seen: dict[str, str] = {}

    def view(r: HttpRequest) -> HttpResponse:
        seen.update(r.META)
        seen["scheme"] = r.scheme
        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen


def test_forwarding_headers_from_a_trusted_proxy_are_honoured(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5", "10.0.0.6"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    meta = _meta_after(
        {
            "REMOTE_ADDR": "10.0.0.6",
            "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.9",
            "HTTP_X_FORWARDED_PROTO": "https",
        },
        settings,
    )
    # The last hop is the one the trusted proxy saw; earlier ones the client may have forged.
    assert meta["REMOTE_ADDR"] == "198.51.100.9"
    assert meta["scheme"] == "https"


def test_forwarding_headers_from_anyone_else_are_dropped(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    meta = _meta_after(
        {
            "REMOTE_ADDR": "198.51.100.9",
            "HTTP_X_FORWARDED_FOR": "10.0.0.5",
            "HTTP_X_FORWARDED_PROTO": "https",
        },
        settings,
    )
    assert meta["REMOTE_ADDR"] == "198.51.100.9"
    assert "HTTP_X_FORWARDED_PROTO" not in meta
    assert meta["scheme"] == "http"


def test_waitress_options_follow_trusted_proxies():
    assert waitress_proxy_options([]) == {"clear_untrusted_proxy_headers": True}
    assert waitress_proxy_options(["10.0.0.5"]) == {
        "trusted_proxy": "10.0.0.5",
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        "trusted_proxy_count": 1,
        "clear_untrusted_proxy_headers": True,
    }
    assert waitress_proxy_options(["10.0.0.5", "10.0.0.6"]) == {
        "clear_untrusted_proxy_headers": False
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        with opener.open(request, timeout=5) as r:
            return r.status, dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers)


def _serve(tmp_path, port: int, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ankunft.cli", "serve", "--port", str(port)],
        cwd=REPO,
        env=_production_env(tmp_path, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(url: str) -> None:
    for _ in range(300):  # up to a minute: a loaded CI machine starts slowly
        try:
            _get(url, {})
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("server did not start")


@pytest.mark.parametrize(("proxies", "hsts"), [("127.0.0.1", True), ("", False)])
def test_serve_sends_hsts_behind_a_trusted_tls_proxy_only(tmp_path, proxies, hsts):
    """A real `ankunft serve`: a request from the trusted proxy (127.0.0.1) that says it came
    by HTTPS gets the page with HSTS; without TRUSTED_PROXIES the same header is ignored and
    the request is redirected to HTTPS."""
    port = _free_port()
    proc = _serve(tmp_path, port, TRUSTED_PROXIES=proxies)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/health")
        status, headers = _get(
            f"{base}/accounts/login/",
            {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.9"},
        )
        if hsts:
            assert status == 200
            assert headers["Strict-Transport-Security"] == (
                "max-age=31536000; includeSubDomains; preload"
            )
            assert "__Host-csrftoken=" in headers.get("Set-Cookie", "")
        else:
            assert status == 301
            assert headers["Location"] == f"https://127.0.0.1:{port}/accounts/login/"
            assert "Strict-Transport-Security" not in headers
        # Plain HTTP without the header is redirected either way; /health is exempt.
        assert _get(f"{base}/accounts/login/", {})[0] == 301
        assert _get(f"{base}/health", {})[0] == 200
    finally:
        proc.terminate()
        proc.wait(10)
