"""CACHE_DIR: one cache for all processes on the host (the server's workers), else each
process its own."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.engine_free

_SCRIPT = """
import sys, django
django.setup()
from django.conf import settings
from django.core.cache import cache
if sys.argv[1] == "set":
    cache.set("shared", "from another process", 60)
print(settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1], cache.get("shared"))
"""


def _run(step: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "CACHE_DIR"}
    environ.update(DJANGO_SETTINGS_MODULE="ankunft.settings", DEBUG="true", **env)
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, step], env=environ, capture_output=True, text=True,
        check=True, timeout=120,
    )  # fmt: skip
    return done.stdout.strip()


def test_cache_dir_shares_the_cache_between_processes(tmp_path):
    shared = str(tmp_path / "cache")
    assert _run("set", CACHE_DIR=shared) == "FileBasedCache from another process"
    assert _run("get", CACHE_DIR=shared) == "FileBasedCache from another process"


def test_without_cache_dir_each_process_has_its_own():
    assert _run("set") == "LocMemCache from another process"
    assert _run("get") == "LocMemCache None"
