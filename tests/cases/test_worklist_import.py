"""The import of existing case lists: every bad row named, all or nothing, duplicates
flagged, CSV and XLSX, limits; the command line with its progress bar; the upload page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from ankunft.cases.models import Case, CaseEvent, LegalDomainPeriod, NameKey, Person
from ankunft.cases.services import worklist_import as imp
from ankunft.core.models import AuditAction, AuditEntry, Role
from ankunft.core.tabular import RowsRefusedError, TableError
from tests import factories
from tests.cases import factories as cf

pytestmark = pytest.mark.django_db

HEADER = (
    "Vorname;Nachname;Geburtsdatum;Geschlecht;Staatsangehörigkeit;Sprachen;Telefon;Adresse;"
    "Stadtteil;Zuzug;Aufenthaltsstatus;gültig bis;Rechtskreis;Fall eröffnet;Fallmanager;Phase"
)
GOOD = [
    "Ana;Popescu;14.03.1987;w;RO;ro, de;0203 1;Weseler Str. 1;Marxloh;01.02.2024;"
    "EU freedom of movement;;SGB II;01.03.2024;{cw};Umsetzung",
    "Ivan;Petrov;1990-05-02;m;Bulgarien;Bulgarisch;;;;;;;;;{cw};",
    "Layla;Haddad;03.1995;weiblich;SY;ar;;;Marxloh;;Aufenthaltserlaubnis;30.06.2027;AsylbLG;;;",
    "Omar;Haddad;~1960;m;SY;ar;;;;;;;;;{cw};Plan",
]


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in the source language (the German catalog is tested by
    tests/core/test_i18n.py)."""
    with translation.override("en"):
        yield


def _csv(rows: list[str], header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


@pytest.fixture
def setup(town: Any, make_user: Any) -> dict[str, Any]:
    team = factories.team(town, "Team Marxloh")
    factories.district(town, "Marxloh")
    cw = make_user(Role.CASE_WORKER, team=team, username="aylin")
    lead = make_user(Role.TEAM_LEAD, team=team)
    return {"team": team, "cw": cw, "lead": lead}


def _rows(cw: Any) -> list[str]:
    return [r.format(cw=cw.username) for r in GOOD]


def test_imports_persons_with_open_cases(town, setup):
    result = imp.case_import(
        actor=setup["lead"], source=_csv(_rows(setup["cw"])), team=setup["team"]
    )
    assert (result.persons, result.cases, result.dry_run) == (4, 4, False)
    ana = Person.objects.get(given_names="Ana")
    assert ana.birth == (1987, 3, 14)
    assert not ana.birth_estimated
    assert ana.nationalities == ["RO"]
    assert ana.languages == ["ro", "de"]
    assert ana.gender == "female"
    assert ana.district.name == "Marxloh"
    assert ana.residence_status == "eu_freedom"
    case = Case.objects.get(person=ana)
    assert case.step == "implementation"
    assert case.worker == setup["cw"]
    assert str(case.opened_on) == "2024-03-01"
    assert case.number == "2024-00001"
    assert Person.objects.get(given_names="Layla").birth == (1995, 3, None)
    omar = Person.objects.get(given_names="Omar")
    assert omar.birth == (1960, None, None)
    assert omar.birth_estimated
    assert Person.objects.get(given_names="Ivan").nationalities == ["BG"]
    assert LegalDomainPeriod.objects.filter(person__in=[ana]).get().domain == "sgb2"
    assert CaseEvent.objects.filter(kind="opened").count() == 4
    assert NameKey.objects.filter(person=ana).exists()
    created = AuditEntry.objects.filter(action="create", object_type__startswith="cases.")
    assert created.filter(object_type="cases.person").count() == 4
    assert created.filter(object_type="cases.case").count() == 4


def test_dry_run_reports_every_bad_row_and_changes_nothing(town, setup):
    bad = [
        *_rows(setup["cw"]),
        "Eva;Novak;30.02.1990;;;;;;;;;;;;;",
        "Mia;Kral;;;;;;;Atlantis;;;;;;;",
        "Tom;Horn;;;;;;;;;;;;01.01.2100;nobody;",
        "Sara;Yilmaz;;;;;;;;;No residence title;;;;;",
        ";;1990;;;;;;;;;;;;;",
    ]
    with pytest.raises(RowsRefusedError) as refused:
        imp.case_import(actor=setup["lead"], source=_csv(bad), team=setup["team"], dry_run=True)
    text = "\n".join(refused.value.messages)
    assert "Row 6" in text
    assert "30.02.1990" in text
    assert "does not exist" in text
    assert "Row 7" in text
    assert "Atlantis" in text
    assert "no district of this name" in text
    assert "Row 8" in text
    assert "future" in text
    assert "nobody" in text
    assert "Row 9" in text
    assert "does not record this status" in text
    assert "Row 10" in text
    assert "family name is missing" in text
    assert not any(f"Row {n}," in text for n in (2, 3, 4, 5))
    assert Person.objects.count() == 0
    assert Case.objects.count() == 0


def test_all_or_nothing(town, setup):
    rows = [*_rows(setup["cw"]), "Eva;Novak;30.02.1990;;;;;;;;;;;;;"]
    with pytest.raises(RowsRefusedError):
        imp.case_import(actor=setup["lead"], source=_csv(rows), team=setup["team"])
    assert Person.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_dry_run_of_a_good_file_stores_nothing(town, setup):
    result = imp.case_import(
        actor=setup["lead"], source=_csv(_rows(setup["cw"])), team=setup["team"], dry_run=True
    )
    assert result.persons == 4
    assert result.dry_run
    assert Person.objects.count() == 0


def test_unknown_column_in_the_mapping(town, setup):
    with pytest.raises(TableError) as refused:
        imp.case_import(
            actor=setup["lead"],
            source=_csv(_rows(setup["cw"])),
            team=setup["team"],
            mapping={"family_name": "Zuname"},
        )
    assert "The file has no column “Zuname”." in refused.value.messages
    with pytest.raises(TableError, match="Unknown field"):
        imp.case_import(
            actor=setup["lead"], source=_csv(_rows(setup["cw"])), mapping={"shoe_size": "X"}
        )


def test_mapping_names_the_columns_of_an_unusual_file(town, setup):
    raw = _csv(["Zeynep;Kaya"], header="Rufname;Zuname")
    result = imp.case_import(
        actor=setup["lead"],
        source=raw,
        team=setup["team"],
        mapping=imp.parse_mapping("given_names=Rufname\nfamily_name=Zuname"),
    )
    assert result.persons == 1
    assert Person.objects.get().family_name == "Kaya"


def test_a_large_file_and_a_file_that_is_no_table_are_refused(town, setup):
    with pytest.raises(TableError, match="larger than 30 MB"):
        imp.case_import(actor=setup["lead"], source=b"a;b\n" + b"x" * (50 * 1024 * 1024))
    with pytest.raises(TableError, match="PDF"):
        imp.case_import(actor=setup["lead"], source=b"%PDF-1.7 binary")
    with pytest.raises(TableError, match="not a text file"):
        imp.case_import(actor=setup["lead"], source=bytes(range(256)) * 10)


def test_xlsx_is_read_like_csv(town, setup):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Vorname", "Nachname", "Geburtsdatum", "Fallmanager"])
    sheet.append(["Ana", "Popescu", "14.03.1987", setup["cw"].username])
    sheet.append(["Ivan", "Petrov", "1990", setup["cw"].username])
    buffer = io.BytesIO()
    book.save(buffer)
    result = imp.case_import(actor=setup["lead"], source=buffer.getvalue())
    assert result.persons == 2
    assert set(Case.objects.values_list("team__name", flat=True)) == {"Team Marxloh"}


def test_duplicates_are_flagged_and_can_be_left_out(town, setup):
    cf.person(town, setup["team"], "Ana", "Popescu")
    raw = _csv(_rows(setup["cw"]))
    result = imp.case_import(actor=setup["lead"], source=raw, team=setup["team"], dry_run=True)
    assert result.warnings == [
        f"Row 2: likely the same person as an existing record (no. {Person.objects.get().pk})."
    ]
    skipped = imp.case_import(
        actor=setup["lead"], source=raw, team=setup["team"], skip_duplicates=True
    )
    assert (skipped.persons, skipped.skipped) == (3, 1)
    assert Person.objects.filter(given_names="Ana").count() == 1


def test_case_workers_may_not_import(town, setup):
    from django.core.exceptions import PermissionDenied  # noqa: PLC0415

    with pytest.raises(PermissionDenied):
        imp.case_import(actor=setup["cw"], source=_csv(_rows(setup["cw"])))


def test_the_import_stays_in_the_importers_municipality(town, other_town, setup):
    """The bulk path (COPY) writes only after the permission layer: another municipality,
    given directly or through its team, is refused and nothing is stored."""
    from django.core.exceptions import ValidationError  # noqa: PLC0415

    raw = _csv(_rows(setup["cw"]))
    foreign_team = factories.team(other_town, "Team Anderswo")
    with pytest.raises(ValidationError):
        imp.case_import(actor=setup["lead"], municipality=other_town, source=raw)
    with pytest.raises(ValidationError):
        imp.case_import(actor=setup["lead"], source=raw, team=foreign_team)
    assert not Person.objects.exists()
    assert not Case.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.CREATE).exists()


def test_a_team_lead_imports_into_their_own_team_only(client, town, setup, make_user):
    """Another team of the same municipality, chosen or reached through a row's case worker,
    is refused for a team lead (nothing stored); the head of KI may choose any team."""
    from django.core.exceptions import ValidationError  # noqa: PLC0415

    other = factories.team(town, "Team Hamborn")
    stranger = make_user(Role.CASE_WORKER, team=other, username="jonas")
    raw = _csv(_rows(setup["cw"]))
    with pytest.raises(ValidationError) as refused:
        imp.case_import(actor=setup["lead"], source=raw, team=other)
    assert "own team" in " ".join(refused.value.messages)
    with pytest.raises(RowsRefusedError) as rows:
        imp.case_import(actor=setup["lead"], source=_csv(_rows(stranger)))
    assert "jonas" in "\n".join(rows.value.messages)
    assert not Person.objects.exists()
    client.force_login(setup["lead"])
    page = client.get(reverse("cases:import")).content.decode()
    assert "Team Marxloh" in page
    assert "Team Hamborn" not in page
    posted = client.post(
        reverse("cases:import"), {"file": SimpleUploadedFile("l.csv", raw), "team": other.pk}
    )
    assert posted.status_code == 400
    assert not Person.objects.exists()
    teamless = make_user(Role.TEAM_LEAD, username="ohne-team")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        imp.case_import(actor=teamless, source=raw)  # (the pages above switched to German)
    assert "no team" in " ".join(refused.value.messages)
    head = make_user(Role.HEAD_OF_KI)
    result = imp.case_import(actor=head, source=_csv(_rows(stranger)), team=other)
    assert result.persons == 4
    assert set(Case.objects.values_list("team_id", flat=True)) == {other.pk}


def test_command_imports_with_progress_and_refuses_bad_files(town, setup, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(_csv(_rows(setup["cw"])))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_cases", str(path), "--municipality", town.slug, "--team", "Team Marxloh",
        "--dry-run", stdout=out, stderr=err,
    )  # fmt: skip
    assert "4" in out.getvalue()
    assert Person.objects.count() == 0
    assert "[##############################] 4/4" in err.getvalue()
    call_command(
        "import_cases", str(path), "--municipality", town.slug, "--map",
        "family_name=Nachname", "--team", "Team Marxloh", stdout=out, stderr=err,
    )  # fmt: skip
    assert Person.objects.count() == 4
    assert "Importing" in err.getvalue() or "Importieren" in err.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(["Eva;Novak;30.02.1990;;;;;;;;;;;;;"]))
    with pytest.raises(CommandError, match=r"30\.02\.1990"):
        call_command("import_cases", str(bad), "--municipality", town.slug, "--no-progress")
    with pytest.raises(CommandError, match=r"(?i)keine spalte|no column"):
        call_command(
            "import_cases", str(path), "--municipality", town.slug, "--map", "given_names=X"
        )
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (50 * 1024 * 1024))
    with pytest.raises(CommandError, match="30 MB"):
        call_command("import_cases", str(big), "--municipality", town.slug)


def test_page_checks_then_imports(client, town, setup):
    client.force_login(setup["lead"])
    url = reverse("cases:import")
    assert client.get(url).status_code == 200
    raw = _csv(_rows(setup["cw"]))
    checked = client.post(
        url,
        {"file": SimpleUploadedFile("liste.csv", raw), "dry_run": "on", "team": setup["team"].pk},
    )
    assert checked.status_code == 200
    assert 'id="import-summary"' in checked.content.decode()
    assert Person.objects.count() == 0
    done = client.post(
        url, {"file": SimpleUploadedFile("liste.csv", raw), "team": setup["team"].pk}
    )
    assert done.status_code == 200
    assert Person.objects.count() == 4
    bad = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 ...")})
    assert bad.status_code == 400
    assert "PDF" in bad.content.decode()
