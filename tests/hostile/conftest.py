"""Hypothesis profiles of the hostile-input tests.

`make test` runs the small, deterministic profile ``hostile`` (a few dozen examples per
property, the whole package in well under a minute on SQLite). A manual long run::

    HYPOTHESIS_PROFILE=long DEBUG=true .venv/bin/pytest -q tests/hostile

multiplies every property's examples by ``LONG_FACTOR`` and draws fresh random data.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG_FACTOR = 40
_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,  # one town and one user per test, on purpose
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
}
settings.register_profile("hostile", derandomize=True, print_blob=True, **_COMMON)
settings.register_profile("long", derandomize=False, print_blob=True, **_COMMON)
PROFILE = "long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "hostile"


def examples(n: int) -> settings:
    """The settings of one property: `n` examples in `make test`, `n * LONG_FACTOR` in the
    long run. Only these tests are affected (no profile is loaded for the whole suite)."""
    count = n * LONG_FACTOR if PROFILE == "long" else n
    return settings(settings.get_profile(PROFILE), max_examples=count)
