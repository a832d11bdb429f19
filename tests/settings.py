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

# The test client and live server speak plain HTTP: pin the transport settings that
# ankunft.settings derives from DEBUG (production values are tested in a subprocess,
# tests/core/test_security_transport.py).
HTTPS = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_NAME = "django_language"
