"""Test settings: the real settings plus a test-only app with a special-category model."""

from __future__ import annotations

import os

# The suite runs like the demo: debug settings (pytest-django still runs each test with
# DEBUG off). Subprocesses started by tests inherit this; a test that checks the production
# refusal sets DEBUG=false itself.
os.environ.setdefault("DEBUG", "true")

from ankunft.settings import *  # noqa: F403
from ankunft.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
