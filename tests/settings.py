"""Test settings: the real settings plus a test-only app with a special-category model."""

from __future__ import annotations

from ankunft.settings import *  # noqa: F403
from ankunft.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
