"""Health endpoints, settings refusal, the `ankunft` command and the demo data."""

from __future__ import annotations

import json
import os
import re
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ankunft import __version__
from ankunft.core.models import District, Municipality, Role, User

REPO = Path(__file__).resolve().parents[2]
ANKUNFT = [sys.executable, "-m", "ankunft.cli"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(extra)
    return env


@pytest.mark.django_db
def test_health_tells_anonymous_callers_only_the_status(client):
    """No version, no database details for anyone who is not a logged-in operator."""
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok"}


@pytest.mark.django_db
def test_health_details_only_for_operators(client, make_user):
    client.force_login(make_user(Role.DPO))
    assert client.get("/health").json() == {"status": "ok"}
    client.force_login(make_user(Role.OPERATOR, m=None))
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["version"] == __version__
    assert client.get("/ready").json()["database"]["ok"] is True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - loopback only
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_ready_fails_when_database_unreachable(tmp_path):
    """A real server against a PostgreSQL port where nothing listens: /ready 503, /health 200."""
    port = _free_port()
    dead = f"postgres://nobody@127.0.0.1:{_free_port()}/nothing"
    proc = subprocess.Popen(
        [*ANKUNFT, "serve", "--port", str(port)],
        cwd=REPO,
        env=_env(DATABASE_URL=dead, ANKUNFT_VAR_DIR=str(tmp_path)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):  # up to a minute: a loaded CI machine starts slowly
            try:
                status, body = _get(f"http://127.0.0.1:{port}/health")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("server did not start")
        assert status == 200
        assert json.loads(body) == {"status": "degraded"}
        assert _get(f"http://127.0.0.1:{port}/ready")[0] == 503
    finally:
        proc.terminate()
        proc.wait(10)


def test_production_serve_delivers_static_files(tmp_path):
    """With DEBUG off (and a strong key) `ankunft serve` still serves the static files
    (WhiteNoise, from the installed apps: no collectstatic) and hides debug pages."""
    port = _free_port()
    env = _env(
        DEBUG="false",
        SECRET_KEY=string.ascii_letters + string.digits,
        ANKUNFT_VAR_DIR=str(tmp_path),
        HTTPS="false",  # plain HTTP on loopback (else every answer redirects to https)
    )
    proc = subprocess.Popen(
        [*ANKUNFT, "serve", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):  # up to a minute: a loaded CI machine starts slowly
            try:
                status, css = _get(f"http://127.0.0.1:{port}/static/core/app.css")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("server did not start")
        assert status == 200
        assert css == (REPO / "ankunft/core/static/core/app.css").read_text()
        status, body = _get(f"http://127.0.0.1:{port}/no-such-page")
        assert status == 404
        assert "Traceback" not in body
        assert "URLconf" not in body  # Django's debug 404 page would list the patterns
    finally:
        proc.terminate()
        proc.wait(10)


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from ankunft import settings; print('DEBUG', settings.DEBUG)"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_refuses_debug_off_with_demo_secret(tmp_path):
    result = _import_settings(_env(DEBUG="false", ANKUNFT_VAR_DIR=str(tmp_path)))
    assert result.returncode != 0
    assert "Refusing to start: DEBUG is off but SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_set(tmp_path):
    """Without DEBUG in the environment a start with the demo key is a production start."""
    env = {k: v for k, v in _env(ANKUNFT_VAR_DIR=str(tmp_path)).items() if k != "DEBUG"}
    env.pop("SECRET_KEY", None)
    assert "Refusing to start" in _import_settings(env).stderr
    env["SECRET_KEY"] = string.ascii_letters[:45] + "01234"  # 50 characters: strong enough
    result = _import_settings(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG False"


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (string.ascii_letters[:49], "49 characters, 49 distinct"),
        ("abcd" * 20, "80 characters, 4 distinct"),
    ],
)
def test_refuses_debug_off_with_a_weak_secret(tmp_path, key, reason):
    """Under 50 characters or fewer than 5 distinct ones: refused (Django's W009 measure)."""
    result = _import_settings(_env(DEBUG="false", SECRET_KEY=key, ANKUNFT_VAR_DIR=str(tmp_path)))
    assert result.returncode != 0
    assert f"SECRET_KEY is weak ({reason};" in result.stderr


@pytest.mark.django_db
def test_demo_data_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        call_command("demo_data", stdout=StringIO())
    assert not Municipality.objects.exists()
    assert not User.objects.exists()


@pytest.mark.engine_free
def test_cli_help_lists_commands():
    result = subprocess.run(
        [*ANKUNFT, "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    )
    for name in ("serve", "migrate", "demo-data", "createuser"):
        assert f"  {name} " in result.stdout


def _unconfigured_env() -> dict[str, str]:
    """A fresh server: DEBUG and SECRET_KEY not set (the suite itself runs with DEBUG on)."""
    return {k: v for k, v in _env().items() if k not in {"DEBUG", "SECRET_KEY"}}


@pytest.mark.engine_free
@pytest.mark.parametrize(
    "args", [[], ["--help"], ["--language", "en", "--help"], ["what-does-this-buy", "--help"]]
)
def test_cli_help_works_before_the_server_is_configured(args):
    """Before: without DEBUG and SECRET_KEY every `ankunft --help` died with a traceback."""
    result = subprocess.run(
        [*ANKUNFT, *args],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        env=_unconfigured_env(),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "what-does-this-buy" in result.stdout


@pytest.mark.engine_free
def test_cli_refuses_a_real_command_without_a_key_in_one_line():
    """A command that would run with the public demo key is refused, without a traceback."""
    result = subprocess.run(
        [*ANKUNFT, "migrate"],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        env=_unconfigured_env(),
    )
    assert result.returncode == 2
    assert result.stderr.startswith("ankunft: Refusing to start: DEBUG is off but SECRET_KEY")
    assert "Traceback" not in result.stderr


@pytest.mark.engine_free
def test_cli_rejects_unknown_command():
    result = subprocess.run(
        [*ANKUNFT, "--language", "en", "frobnicate"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    assert result.returncode == 2
    assert "unknown command" in result.stderr


@pytest.mark.django_db
def test_demo_data_builds_tenants_and_roles_and_is_rerunnable():
    out = StringIO()
    call_command("demo_data", stdout=out, not_production=True)
    call_command("demo_data", "--i-know-this-is-not-production", stdout=StringIO())
    duisburg = Municipality.objects.get(slug="duisburg")
    assert Municipality.objects.filter(slug="musterstadt").exists()
    hamborn = District.objects.get(municipality=duisburg, name="Hamborn")
    assert set(hamborn.children.values_list("name", flat=True)) == {
        "Marxloh",
        "Obermarxloh",
        "Neumühl",
        "Alt-Hamborn",
        "Röttgersbach",
    }
    assert District.objects.filter(municipality=duisburg, kind="borough").count() == 7
    roles = set(User.objects.filter(municipality=duisburg).values_list("role", flat=True))
    assert roles == {
        "case_worker",
        "team_lead",
        "head_of_ki",
        "finance",
        "dpo",
        "provider",
        "interpreter",
    }
    assert User.objects.get(username="operator").municipality is None
    assert "ankunft-demo-2026" in out.getvalue()
    assert User.objects.get(username="head").check_password("ankunft-demo-2026")


@pytest.mark.django_db
def test_createuser_rejects_unknown_municipality():
    with pytest.raises(CommandError, match="nirgendwo"):
        call_command("createuser", "x", role="dpo", municipality="nirgendwo", password="p" * 14)


@pytest.mark.engine_free
def test_offline_commands_run_before_the_server_is_configured(tmp_path):
    """Reading a motion, scoring name pairs or printing the demo code uses no database and no
    secret: it works on a fresh machine without DEBUG or SECRET_KEY; a command that serves
    data is still refused."""
    env = {k: v for k, v in _env(ANKUNFT_VAR_DIR=str(tmp_path)).items() if k != "DEBUG"}
    for name in ("SECRET_KEY", "ANKUNFT_FIELD_KEYS"):
        env.pop(name, None)
    seed = REPO.parent / "shared/seed/antrag-hfa-2021-11-18-personal-ki.txt"
    cli = [sys.executable, "-m", "ankunft.cli"]
    motion = subprocess.run(
        [*cli, "read-motion", str(seed), "--json"], capture_output=True, text=True, env=env,
        check=False,
    )  # fmt: skip
    assert motion.returncode == 0, motion.stderr
    assert json.loads(motion.stdout)["title"].startswith("Verstärkung des Personals")
    pairs = subprocess.run(
        [*cli, "match-names", "--pairs", "-"], input="Ivan Petrov\tИван Петров\n",
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert pairs.stdout.strip().endswith("\t1"), pairs.stderr
    code = subprocess.run([*cli, "demo-code"], capture_output=True, text=True, env=env, check=False)
    assert code.returncode == 0, code.stderr
    assert re.fullmatch(r"\d{6}", code.stdout.strip())
    served = subprocess.run([*cli, "migrate"], capture_output=True, text=True, env=env, check=False)
    assert served.returncode != 0
    assert "Refusing to start" in served.stderr
