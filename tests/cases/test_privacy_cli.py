"""The command line: `ankunft apply-retention` and `ankunft subject-access`."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from ankunft.cases.models import Case, CaseSettings, Person
from ankunft.core.audit import SYSTEM, access_context
from ankunft.core.models import AuditAction, AuditEntry, Interface, Role
from tests import factories
from tests.cases import world_privacy as wp

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(town):
    team = factories.team(town)
    worker = factories.user(Role.CASE_WORKER, town, team=team)
    CaseSettings.objects.update_or_create(municipality=town, defaults={"retention_days": 30})
    return wp.close(wp.rich_case(town, team, worker), timezone.localdate() - dt.timedelta(days=60))


def _run(*args):
    out = io.StringIO()
    with (
        translation.override("de"),
        access_context(Interface.CLI, actor=SYSTEM, request_id="cli-test"),
    ):
        call_command(*args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_and_changes_nothing(town, other_town, due):
    output = _run("apply_retention", "--dry-run")
    assert f"{town.slug}: 1" in output
    assert due.number in output
    assert f"{other_town.slug}: 0" in output
    assert Person.objects.get(pk=due.person_id).anonymised_at is None
    assert not AuditEntry.objects.filter(request_id="cli-test").exists()


def test_apply_for_one_municipality_is_audited_by_the_system(town, due):
    output = _run("apply_retention", "--municipality", town.slug)
    assert "1 von 1 Fällen" in output
    assert Case.objects.get(pk=due.pk).anonymised_at is not None
    entries = AuditEntry.objects.filter(request_id="cli-test")
    assert {e.actor_name for e in entries} == {"system"}
    assert {e.interface for e in entries} == {Interface.CLI}
    assert entries.filter(action=AuditAction.DELETE).exists()
    assert "0 Fälle anonymisiert" in _run("apply_retention", "--municipality", town.slug)


def test_unknown_municipality_is_a_clear_error(town):
    with pytest.raises(CommandError, match="nowhere"):
        _run("apply_retention", "--municipality", "nowhere")


def test_subject_access_writes_json_and_pdf(town, due, tmp_path):
    target = tmp_path / "export.json"
    _run("subject_access", str(due.person_id), "--municipality", town.slug, "-o", str(target))
    data = json.loads(target.read_text())
    assert data["person"]["family_name"] == "Popescu"
    entry = AuditEntry.objects.get(request_id="cli-test")
    assert (entry.action, entry.actor_name) == (AuditAction.EXPORT, "system")
    pdf = tmp_path / "export.pdf"
    _run(
        "subject_access", str(due.person_id), "--municipality", town.slug,
        "--format", "pdf", "-o", str(pdf),
    )  # fmt: skip
    assert pdf.read_bytes().startswith(b"%PDF")


def test_subject_access_of_an_unknown_person_changes_nothing(town, other_town, due, tmp_path):
    target = tmp_path / "x.json"
    with pytest.raises(CommandError):
        _run(
            "subject_access",
            str(due.person_id),
            "--municipality",
            other_town.slug,
            "-o",
            str(target),
        )
    assert not target.exists()
