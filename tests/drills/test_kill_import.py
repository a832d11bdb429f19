"""Short form of `ankunft drill kill-import`: each import (OParl from the Karlsruhe sample,
bookings from CSV, HSDS from JSON) runs as `ankunft …` in a subprocess, is killed with
SIGKILL once its transaction has written for a moment, leaves no row in any table, and
completes when run again (the drill itself: core/drills/kill_import.py)."""

from __future__ import annotations

import pytest

from ankunft.core.drills import kill_import
from ankunft.core.models import Role
from tests import factories


@pytest.fixture
def drill_town(served_db):
    town = factories.municipality(name="Drillstadt", slug="drill")
    factories.user(Role.HEAD_OF_KI, town, username="drill-head")
    served_db.publish()
    return town


@pytest.mark.parametrize("name", ["OParl", "bookings", "HSDS"])
def test_an_import_killed_midway_leaves_nothing_and_runs_again(
    served_db, app_env, drill_town, tmp_path, name
):
    if not kill_import.OPARL_SAMPLE.is_dir():
        pytest.fail(f"the OParl sample is missing: {kill_import.OPARL_SAMPLE}")
    jobs = kill_import.jobs(tmp_path, papers=kill_import.OPARL_SAMPLE, bookings=5_000, services=300)
    job = next(j for j in jobs if j.name == name)
    lines: list[str] = []
    assert kill_import.kill_midway(app_env, served_db.url, job, lines.append), lines
    assert "zurückgebliebene Zeilen: 0" in lines[0]  # the suite runs in German
