"""`ankunft import-oparl`: the Karlsruhe folder, a local OParl endpoint, bad input."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from ankunft.council.models import (
    AgendaItem,
    Consultation,
    Decision,
    File,
    Location,
    Meeting,
    OParlSource,
    Organization,
    Paper,
)
from ankunft.council.oparl.papers import outcome_for_result
from tests.council.oparl_server import SAMPLE

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import_oparl", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_folder_imports_all_papers_and_their_meetings(town):
    """The 300 Karlsruhe papers arrive with their files' texts, consultations, the 216
    meetings they were consulted in, and decisions derived from the agenda results."""
    out, _err = run(str(SAMPLE), "--municipality", town.slug)
    papers = Paper.objects.for_municipality(town.pk)
    assert papers.count() == 300
    assert Meeting.objects.for_municipality(town.pk).count() == 216
    files = File.objects.for_municipality(town.pk)
    assert files.filter(paper__isnull=False).count() == 827
    assert files.filter(meeting__isnull=False).count() == 866
    assert files.filter(agenda_item__isnull=False).count() == 236
    assert files.count() == 827 + 866 + 236
    assert Consultation.objects.for_municipality(town.pk).count() == 332
    items = AgendaItem.objects.for_municipality(town.pk)
    assert items.count() == 6804
    # the agenda items that treat a consultation of the sample's papers link to it
    assert items.filter(consultation__isnull=False).count() == 325
    assert Location.objects.for_municipality(town.pk).count() == 193
    assert set(papers.values_list("source", flat=True)) == {Paper.Source.OPARL}
    paper = papers.get(reference="2015/0467")
    assert paper.name.startswith("Änderungsantrag Linke: Ateliers")
    assert "Hinterm Hauptbahnhof" in paper.text.replace("„", "").replace("“", "")
    assert paper.files.count() == 2
    assert set(paper.files.values_list("paper_role", flat=True)) == {"auxiliary"}
    assert "10035 created, 0 updated" in out
    # A consultation whose agenda item says "einstimmig zugestimmt" becomes an adopted
    # decision of the council on the meeting's day (one import for both: it is slow).
    decision = Decision.objects.for_municipality(town.pk).get(
        consultation__oparl_id=f"{SAMPLE_ID}/consultations/20735"
    )
    assert decision.paper.reference == "2021/0154"
    assert decision.outcome == Decision.Outcome.ADOPTED
    assert decision.resolution_text == "einstimmig zugestimmt"
    assert decision.date.isoformat() == "2021-03-23"
    assert decision.organization.name == "Gemeinderat"
    assert decision.organization.kind == Organization.Kind.COUNCIL
    item = decision.consultation.agenda_items.get()
    assert (item.result, item.meeting.start.date().isoformat()) == (
        "einstimmig zugestimmt",
        "2021-03-23",
    )


SAMPLE_ID = "https://web1.karlsruhe.de/oparl/bodies/0001"


def test_second_folder_run_changes_nothing(town):
    """Upsert by OParl id: a second run creates and updates nothing, and no `modified`."""
    run(str(SAMPLE), "--municipality", town.slug)
    before = {
        "papers": sorted(Paper.objects.values_list("oparl_id", "modified", "name")),
        "meetings": sorted(Meeting.objects.values_list("oparl_id", "modified")),
        "counts": [
            m.objects.count()
            for m in (Paper, Meeting, File, Consultation, Decision, Organization, AgendaItem)
        ],
        "links": sorted(AgendaItem.objects.values_list("oparl_id", "consultation__oparl_id")),
    }
    out, _err = run(str(SAMPLE), "--municipality", town.slug)
    after = {
        "papers": sorted(Paper.objects.values_list("oparl_id", "modified", "name")),
        "meetings": sorted(Meeting.objects.values_list("oparl_id", "modified")),
        "counts": [
            m.objects.count()
            for m in (Paper, Meeting, File, Consultation, Decision, Organization, AgendaItem)
        ],
        "links": sorted(AgendaItem.objects.values_list("oparl_id", "consultation__oparl_id")),
    }
    assert after == before
    assert "0 created, 0 updated" in out


@pytest.mark.parametrize(
    ("result", "outcome"),
    [
        ("einstimmig zugestimmt", "adopted"),
        ("mehrheitlich beschlossen", "adopted"),
        ("Beschlossen mit geändertem Beschlusstext", "adopted"),
        ("Zustimmung", "adopted"),
        ("mehrheitlich abgelehnt", "rejected"),
        ("bei Stimmengleichheit abgelehnt", "rejected"),
        ("verwiesen in Fachausschuss", "referred"),
        ("Weiterbehandlung im Planungsausschuss", "referred"),
        ("teilweise zugestimmt", "pending"),
        ("vertagt", "pending"),
        ("Kenntnisnahme", "pending"),
        ("erledigt", "pending"),
        ("Antrag zurückgezogen", "pending"),
    ],
)
def test_outcome_for_real_results(result, outcome):
    """Real Karlsruhe result texts map to an outcome only when they are clear."""
    assert outcome_for_result(result) == outcome


def _folder_with(tmp_path, names: list[str]):
    for sub in ("papers", "meetings", "file-contents"):
        (tmp_path / sub).mkdir()
    for name in names:
        shutil.copy(SAMPLE / "papers" / name, tmp_path / "papers" / name)
    return tmp_path


def test_wrong_type_skips_the_object_and_lists_the_error(town, tmp_path):
    """A paper whose `name` is a number is skipped with an error naming its id and the
    field; the others are imported and the command fails at the end."""
    folder = _folder_with(tmp_path, ["101.json", "117.json", "138.json"])
    bad = json.loads((folder / "papers" / "117.json").read_text())
    bad["name"] = 4711
    (folder / "papers" / "117.json").write_text(json.dumps(bad))
    with pytest.raises(CommandError, match="1 objects could not be imported"):
        run(str(folder), "--municipality", town.slug)
    assert Paper.objects.count() == 2
    assert not Paper.objects.filter(oparl_id=bad["id"]).exists()
    assert not OParlSource.objects.exists()  # no sync time after a run with errors


def test_wrong_type_error_message(town, tmp_path):
    """The error line names the object's id and the field."""
    folder = _folder_with(tmp_path, ["40833.json"])
    bad = json.loads((folder / "papers" / "40833.json").read_text())
    bad["consultation"][0]["authoritative"] = "ja"
    (folder / "papers" / "40833.json").write_text(json.dumps(bad))
    err = io.StringIO()
    with pytest.raises(CommandError), translation.override("en"):
        call_command(
            "import_oparl", str(folder), "--municipality", town.slug, "--no-progress", stderr=err
        )
    consultation_id = bad["consultation"][0]["id"]
    assert f"{consultation_id}: field “authoritative” should be a boolean" in err.getvalue()


def test_malformed_json_names_the_file(town, tmp_path):
    """Broken JSON is reported with the file's name; the other files are imported."""
    folder = _folder_with(tmp_path, ["101.json"])
    (folder / "papers" / "999.json").write_text('{"id": "x", ')
    err = io.StringIO()
    with pytest.raises(CommandError), translation.override("en"):
        call_command(
            "import_oparl", str(folder), "--municipality", town.slug, "--no-progress", stderr=err
        )
    assert "papers/999.json: malformed JSON" in err.getvalue()
    assert Paper.objects.count() == 1


def test_unknown_source_is_a_clear_error(town):
    with pytest.raises(CommandError, match="no such folder"):
        run("/nonexistent/oparl", "--municipality", town.slug)


def test_unknown_municipality_is_a_clear_error(town):
    with pytest.raises(CommandError, match="No municipality with the short name nowhere"):
        run(str(SAMPLE), "--municipality", "nowhere")
