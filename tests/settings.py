"""Test settings: the real settings plus a test-only app with a special-category model."""

from __future__ import annotations

import base64
import hashlib
import os

# The suite runs like the demo: debug settings (pytest-django still runs each test with
# DEBUG off). Subprocesses started by tests inherit this; a test that checks the production
# refusal sets DEBUG=false itself.
os.environ.setdefault("DEBUG", "true")
# Field encryption key of the suite (test data only): subprocesses that start the app with
# DEBUG off need one (without it the start is refused, see tests/core/test_crypto.py).
os.environ.setdefault(
    "ANKUNFT_FIELD_KEYS",
    "suite:" + base64.b64encode(hashlib.sha256(b"ankunft test suite").digest()).decode(),
)

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

# Case attachments of the suite go to a folder of the run, not to the installation's
# var/private (the backup drill sets its own folder through ANKUNFT_VAR_DIR).
import tempfile  # noqa: E402

from ankunft.settings import STORAGES  # noqa: E402

STORAGES = {
    **STORAGES,
    "private": {
        **STORAGES["private"],
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="ankunft-private-"), "base_url": None},
    },
}

# The suite wraps each test in a transaction. A connection health check inside it (the task
# worker closes old connections between tasks) takes a transaction that a test's expected
# database error left aborted for a dead connection and closes it under the test. The
# production setting (on, ankunft/settings.py) is proven by tests/drills/test_outage.py on
# a real gunicorn with the real settings.
from ankunft.settings import DATABASES  # noqa: E402

DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
