"""`ankunft generate` and `ankunft bench scale` run on a tiny preset (no timing asserted:
the figures live in docs/benchmarks.md)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ankunft.cases.models import Case, CaseEvent, NameKey, Person
from ankunft.cases.services.persons import refresh_name_keys
from ankunft.core.models import AuditEntry, Municipality
from ankunft.directory.models import Offer
from ankunft.scale.generate import PRESETS, resolve

pytestmark = pytest.mark.django_db


def test_generate_tiny_writes_valid_data_and_bench_runs(tmp_path: Path) -> None:
    out, err = StringIO(), StringIO()
    call_command("generate", "--preset", "tiny", stdout=out, stderr=err)
    tiny = PRESETS["tiny"]
    towns = Municipality.objects.filter(slug__startswith="beispielstadt-")
    assert towns.count() == tiny.municipalities
    assert Person.objects.filter(municipality__in=towns).count() == tiny.persons
    assert Case.objects.filter(municipality__in=towns).count() == tiny.persons
    assert CaseEvent.objects.filter(municipality__in=towns).count() >= tiny.persons
    assert AuditEntry.objects.filter(municipality__in=towns).count() >= tiny.audit
    assert Offer.objects.filter(municipality__in=towns).count() == tiny.offers
    assert set(Case.objects.values_list("step", flat=True)) >= {"implementation", "closed"}
    # Encrypted fields read back; the name keys are the ones the app itself would store.
    person = Person.objects.exclude(health="").first() or Person.objects.first()
    assert person is not None
    assert "Beispiel" in (person.health or "Beispiel")
    stored = set(NameKey.objects.filter(person=person).values_list("key", flat=True))
    refresh_name_keys(person)
    assert set(NameKey.objects.filter(person=person).values_list("key", flat=True)) == stored
    # The generator sets the sequences: the ORM's next insert does not collide.
    Person.objects.create(
        municipality=person.municipality, team=person.team, given_names="A", family_name="B"
    )

    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n", encoding="utf-8")
    bench = StringIO()
    call_command(
        "bench", "scale", "--preset", "tiny", "--runs", "0", "--import-rows", "20",
        "--skip", "report", "--out", str(doc), stdout=bench,
    )  # fmt: skip
    figures = json.loads(bench.getvalue().strip().splitlines()[-1])
    assert {f["path"].split(":")[0] for f in figures} >= {
        "case page",
        "directory search",
        "budget execution page",
        "chain page",
    }
    text = doc.read_text(encoding="utf-8")
    assert "<!-- bench scale: tiny -->" in text
    assert "| case page |" in text


def test_resolve_takes_numbers_from_the_command_line() -> None:
    preset = resolve(None, persons=50, municipalities=2)
    assert (preset.persons, preset.municipalities, preset.events) == (50, 2, 500)
    assert resolve("state").persons == 2_000_000


@pytest.mark.parametrize(
    ("option", "value"), [("persons", "-5"), ("municipalities", "0"), ("events", "-1")]
)
def test_numbers_below_their_minimum_are_refused_before_anything_is_written(option, value) -> None:
    with pytest.raises(CommandError, match=f"--{option} muss mindestens"):
        call_command("generate", f"--{option}", value, "--quiet", stdout=StringIO())
    assert not Municipality.objects.filter(slug__startswith="beispielstadt-").exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--preset", "huge"], "huge"),
        (["--runs", "-1"], "--runs"),
        (["--import-rows", "-5"], "--import-rows"),
        (["--skip", "report,cases"], "--skip"),
        (["--out", "/nonexistent-folder/benchmarks.md"], "--out"),
    ],
)
def test_bench_scale_refuses_bad_options_before_measuring(args, flag, capsys) -> None:
    """Checked before the town is looked up: no generated data is needed to be refused,
    and nothing is measured or written."""
    with pytest.raises(SystemExit) as exit_info:
        call_command("bench", "scale", *args, stdout=StringIO())
    assert exit_info.value.code == 2
    assert flag in capsys.readouterr().err
    assert not Municipality.objects.filter(slug__startswith="beispielstadt-").exists()
