"""Field encryption keys (ANKUNFT_FIELD_KEYS): parsing, the development key, and the refusal
of a production start without keys or with malformed ones (the rest: test_crypto.py)."""

from __future__ import annotations

import base64
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ankunft.core import crypto
from ankunft.core.crypto import KeyConfigError, parse_keys

REPO = Path(__file__).resolve().parents[2]
KEY_A = bytes(range(32))
KEY_B = bytes(range(100, 132))


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


def test_keys_parse_in_order_standard_and_urlsafe_with_or_without_padding():
    urlsafe = base64.urlsafe_b64encode(KEY_B).decode().rstrip("=")
    keys = parse_keys(f" b:{urlsafe} , a:{_b64(KEY_A)},")
    assert list(keys) == ["b", "a"]
    assert keys == {"b": KEY_B, "a": KEY_A}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (f"a:{_b64(KEY_A[:16])}", "key 'a' is 16 bytes long; AES-256 needs exactly 32 bytes"),
        ("a:not*base64!", "key 'a' is not valid base64"),
        (f"a:{_b64(KEY_A)},a:{_b64(KEY_B)}", "key id 'a' appears twice"),
        (_b64(KEY_A), "each entry is 'id:base64key'"),
        (f"a b:{_b64(KEY_A)}", "key id 'a b' is not allowed"),
        ("a:", "each entry is 'id:base64key'"),
    ],
)
def test_bad_keys_get_a_clear_message_without_the_key(value, message):
    with pytest.raises(KeyConfigError, match=message) as info:
        parse_keys(value)
    assert _b64(KEY_A) not in str(info.value)
    assert isinstance(info.value, ImproperlyConfigured)


def test_debug_without_keys_uses_a_development_key_from_secret_key():
    keys = crypto.field_keys_from_env(None, debug=True, secret_key="s" * 50)
    assert keys == {"dev": crypto.development_key("s" * 50)}
    assert crypto.development_key("t" * 50) != keys["dev"]
    # With keys set, the development key stays readable behind them (demo data survives).
    keys = crypto.field_keys_from_env(f"a:{_b64(KEY_A)}", debug=True, secret_key="s" * 50)
    assert list(keys) == ["a", "dev"]


def _settings_run(**env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "ANKUNFT_FIELD_KEYS", "DATABASE_URL"}
    }
    base.update(DEBUG="false", SECRET_KEY=string.ascii_letters + string.digits, **env)
    code = "from ankunft import settings as s; print(list(s.FIELD_ENCRYPTION_KEYS))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_start_without_keys_is_refused(tmp_path):
    result = _settings_run(ANKUNFT_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "Refusing to start: DEBUG is off but ANKUNFT_FIELD_KEYS is not set" in result.stderr
    # … but help works before the server is configured.
    result = _settings_run(ANKUNFT_VAR_DIR=str(tmp_path), ANKUNFT_HELP_ONLY="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    result = _settings_run(
        ANKUNFT_VAR_DIR=str(tmp_path), ANKUNFT_HELP_ONLY="1", ANKUNFT_FIELD_KEYS="a:short"
    )
    assert result.returncode == 0, result.stderr


def test_production_start_with_keys_has_no_development_key(tmp_path):
    keys = f"b:{_b64(KEY_B)},a:{_b64(KEY_A)}"
    result = _settings_run(ANKUNFT_VAR_DIR=str(tmp_path), ANKUNFT_FIELD_KEYS=keys)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['b', 'a']"


def test_production_start_with_a_bad_key_is_refused_in_one_line(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=string.ascii_letters + string.digits,
        ANKUNFT_VAR_DIR=str(tmp_path),
        ANKUNFT_FIELD_KEYS=f"a:{_b64(KEY_A)[:20]}",
    )
    result = subprocess.run(
        [sys.executable, "-m", "ankunft.cli", "migrate"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("ankunft: ANKUNFT_FIELD_KEYS: key 'a' is ")
    assert _b64(KEY_A)[:20] not in result.stderr
    assert "Traceback" not in result.stderr
