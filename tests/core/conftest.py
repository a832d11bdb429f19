"""Fixtures shared by the tests of the foundation."""

from __future__ import annotations

import pytest


@pytest.fixture
def fast_hasher(settings):
    """The hasher is not what these tests check; a fast one keeps their many logins quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
