"""The motion reader (Antragsleser): seed motion, German numbers, layouts, errors, CLI."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ankunft.council.motion_reader import Allocation, MotionReadError, read_motion
from ankunft.council.motion_reader.accuracy import LABELS_DIR, default_text_dirs, measure_accuracy
from ankunft.council.motion_reader.amounts import find_years, parse_amount
from ankunft.council.motion_reader.forms import form_allocations
from ankunft.council.motion_reader.text import clean_text, raw_lines

SHARED = default_text_dirs()
SEED = SHARED[1] / "antrag-hfa-2021-11-18-personal-ki.txt"

SEED_EXPECTED = {
    "title": "Verstärkung des Personals im Kommunalen Integrationszentrum (KI)",
    "reference": None,
    "date": "2021-11-11",
    "originators": ["SPD", "CDU", "GRÜNE"],
    "committee": "Haupt- und Finanzausschuss",
    "meeting_date": "2021-11-18",
    "allocations": [
        {"year": 2022, "amount_eur": 100000, "recurring": True, "kind": "personnel"},
        {"year": 2023, "amount_eur": 100000, "recurring": True, "kind": "personnel"},
    ],
    "cover": "Kompensation durch geringere Kassenkreditzinsen",
    "related_references": ["DS 21-0220"],
}


def motion(request: str, reasoning: str = "Weil es nötig ist.") -> str:
    """A minimal letter-style motion around ``request``."""
    return (
        "01.02.2022\n\n"
        "Antrag der SPD-Fraktion zu der Sitzung des Rates der Stadt am 10. März 2022\n\n"
        "Bessere Beratung für Neuzugewanderte\n\n"
        f"{request}\n\n"
        f"Begründung:\n\n{reasoning}\n"
    )


# --- the seed motion ------------------------------------------------------------------------


def test_seed_motion_gives_the_expected_paper():
    """The Duisburg seed motion yields factions, committee, both years' money and the cover."""
    assert read_motion(SEED.read_text(encoding="utf-8")).to_json_dict() == SEED_EXPECTED


def test_seed_allocations_are_decimal_value_objects():
    """Allocations carry Decimal euros and the dates are real dates."""
    proposal = read_motion(SEED.read_text(encoding="utf-8"))
    assert proposal.allocations[0] == Allocation(2022, Decimal(100000), True, "personnel")
    assert proposal.date == datetime.date(2021, 11, 11)
    assert proposal.meeting_date == datetime.date(2021, 11, 18)


def test_to_json_dict_has_exactly_the_public_keys():
    """The JSON form has the nine documented keys and nothing else."""
    data = read_motion(
        motion("Es werden 1.500,50 EUR im Haushalt 2023 bereitgestellt.")
    ).to_json_dict()
    assert list(data) == list(SEED_EXPECTED)
    assert data["allocations"] == [
        {"year": 2023, "amount_eur": 1500.5, "recurring": False, "kind": "unspecified"}
    ]


# --- German numbers and years ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "euros"),
    [
        ("100.000 EUR", Decimal(100000)),
        ("10,0 Mio. €", Decimal(10000000)),
        ("22.145 Euro", Decimal(22145)),
        ("50 T€", Decimal(50000)),
        ("65 TEUR", Decimal(65000)),
        ("1,5 Millionen Euro", Decimal(1500000)),
        ("2.000.000,00 Euro", Decimal(2000000)),
        ("-4.200 €", Decimal(-4200)),
    ],
)
def test_parse_amount_reads_german_formats(text, euros):
    """Thousands dots, decimal commas, Mio./T€ scales and signs are understood."""
    assert parse_amount(text) == euros


def test_parse_amount_needs_a_currency():
    """A bare number such as a year or a head count is no amount."""
    assert parse_amount("22.145") is None
    assert parse_amount("im Jahr 2022") is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("für die Jahre 2022 bis 2024", [2022, 2023, 2024]),
        ("im Doppelhaushalt 2022/2023", [2022, 2023]),
        ("im Doppelhaushalt 2022/23", [2022, 2023]),
        ("für 2022 und 2023", [2022, 2023]),
        ("Vorlage 2024/1250", []),
    ],
)
def test_find_years(text, years):
    """Ranges, double budgets and lists of years; paper numbers are not years."""
    assert find_years(text) == years


def test_je_with_two_years_gives_one_recurring_allocation_per_year():
    """ "je 100.000 EUR für 2022 und 2023" is 100,000 in each year."""
    proposal = read_motion(
        motion("Für die Jahre 2022 und 2023 werden je 100.000 EUR für Personal bereitgestellt.")
    )
    assert proposal.allocations == [
        Allocation(2022, Decimal(100000), True, "personnel"),
        Allocation(2023, Decimal(100000), True, "personnel"),
    ]


def test_jaehrlich_marks_recurring_money():
    """ "jährlich ab 2024" is recurring from that year."""
    proposal = read_motion(
        motion("Ab 2024 werden jährlich 50 T€ als Zuschuss an den Träger bereitgestellt.")
    )
    assert proposal.allocations == [Allocation(2024, Decimal(50000), True, "transfer")]


def test_year_range_spreads_a_recurring_amount():
    """ "2022 bis 2024 jährlich 10,0 Mio. €" gives three years."""
    proposal = read_motion(
        motion("Für 2022 bis 2024 werden jährlich 10,0 Mio. € für Investitionen eingestellt.")
    )
    assert [a.year for a in proposal.allocations] == [2022, 2023, 2024]
    assert {a.amount_eur for a in proposal.allocations} == {Decimal(10000000)}
    assert {a.kind for a in proposal.allocations} == {"investment"}


def test_cuts_are_negative():
    """A cut ("gekürzt") is a negative allocation."""
    proposal = read_motion(motion("Der Zuschuss an den Verein wird 2026 um 20.000 Euro gekürzt."))
    assert proposal.allocations == [Allocation(2026, Decimal(-20000), False, "transfer")]


def test_figures_in_the_reasoning_are_not_allocations():
    """Money mentioned in the Begründung describes, it does not ask."""
    proposal = read_motion(
        motion(
            "Die Verwaltung prüft ein Beratungsangebot.",
            reasoning="Ein ähnliches Angebot in Köln erhielt 50.000 Euro zusätzliche Mittel.",
        )
    )
    assert proposal.allocations == []


def test_figures_that_describe_are_not_allocations():
    """ "Fördermittel von 55.000 Euro sind vorgesehen" states a fact, it asks for nothing."""
    proposal = read_motion(
        motion("Für jeden Pfad sind Fördermittel des Landes in Höhe von 55.000 Euro vorgesehen.")
    )
    assert proposal.allocations == []


def test_a_question_paper_asks_no_money():
    """An Anfrage never yields allocations, even when it names amounts."""
    text = (
        "Anfrage\n\nVorlage Nr.: 2025/0001\nEingang: 03.02.2025\n\nKosten der Beratung\n"
        "Anfrage: GRÜNE\n\nGremien Termin TOP Ö / N Zuständigkeit\n"
        "Gemeinderat 25.03.2025 4 Ö Kenntnisnahme\n\n"
        "1. Werden 2025 zusätzlich 100.000 Euro für die Beratung bereitgestellt?\n"
    )
    proposal = read_motion(text)
    assert proposal.allocations == []
    assert proposal.originators == ["GRÜNE"]
    assert proposal.committee == "Gemeinderat"
    assert proposal.meeting_date == datetime.date(2025, 3, 25)
    assert proposal.reference == "2025/0001"


# --- PDF artefacts and layouts --------------------------------------------------------------


def test_hyphenated_line_breaks_are_joined():
    """ "Integra-\\ntion" becomes one word; real hyphens and "Natur- und" stay."""
    assert clean_text("die Integra-\ntion von") == "die Integration von"
    assert clean_text("EU-\nArbeitnehmerfreizügigkeit") == "EU-Arbeitnehmerfreizügigkeit"
    assert clean_text("Natur- \nund Landschaftsschutz") == "Natur- und Landschaftsschutz"


def test_page_furniture_is_dropped():
    """Page numbers, rulers and the recycling-paper line do not reach the reader."""
    text = (
        "Erste Zeile\n\f– 2 –\nSeite 2\n_______\nGedruckt auf 100 Prozent Recyclingpapier\nZweite"
    )
    assert clean_text(text).split() == ["Erste", "Zeile", "Zweite"]


def test_hyphenated_title_over_two_lines():
    """A title broken with a hyphen over two lines is read as one title."""
    proposal = read_motion(
        "Antrag\n\nVorlage Nr.: 2025/0002\nEingang: 03.02.2025\n\n"
        "Sprachkurse für Neu-\nzugewanderte ausbauen\nAntrag: SPD, Die Linke\n\n"
        "Gremien Termin TOP Ö / N Zuständigkeit\nSozialausschuss 25.03.2025 4 Ö Beratung\n\n"
        "Die Verwaltung baut die Sprachkurse aus.\n"
    )
    assert proposal.title == "Sprachkurse für Neuzugewanderte ausbauen"
    assert proposal.originators == ["SPD", "LINKE"]
    assert proposal.committee == "Sozialausschuss"


def test_budget_form_reads_year_columns_with_empty_cells():
    """Empty form cells are five spaces, so "      28.000" sits in the second year."""
    form = (
        "Änderungen und neue Mittelanmeldungen \n"
        "Art 2026 2027 2028 2029 2030 \n"
        " Stellenschaffung/-reduzierung \n"
        " Erhöhung/Reduzierung Erträge, Aufwendungen, Ein- oder Auszahlungen \n"
        "Sachaufwendungen \n"
        "-4.200 -4.200                   \n"
        "Entgelte f. öffentl. Leistungen o. Einrichtungen \n"
        "      28.000                   \n"
        " Sperrvermerk \n"
    )
    assert form_allocations(raw_lines(form)) is not None
    found = [(a.year, a.amount_eur, a.kind) for a in form_allocations(raw_lines(form)) or []]
    assert found == [
        (2026, Decimal(-4200), "material"),
        (2027, Decimal(-4200), "material"),
        (2027, Decimal(28000), "revenue"),
    ]


def test_text_without_a_form_has_no_form_allocations():
    """``form_allocations`` tells "no form" (None) from "empty form" ([])."""
    assert form_allocations(raw_lines("Antrag\nDie Verwaltung prüft.")) is None


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\f\f"])
def test_empty_text_raises(text):
    """Blank input is refused with the code "empty"."""
    with pytest.raises(MotionReadError) as caught:
        read_motion(text)
    assert caught.value.code == "empty"


def test_non_motion_text_raises():
    """A recipe is not a council paper."""
    with pytest.raises(MotionReadError) as caught:
        read_motion(
            "Apfelkuchen\n\n500 g Mehl, 250 g Butter, 200 g Zucker und vier Äpfel verrühren, "
            "eine Stunde bei 180 Grad backen und warm servieren."
        )
    assert caught.value.code == "not_a_motion"


def test_minutes_are_not_a_motion():
    """Minutes (Niederschrift) name motions but are not one."""
    with pytest.raises(MotionReadError) as caught:
        read_motion(
            "NIEDERSCHRIFT\nGremium: Gemeinderat\nPunkt 3 der Tagesordnung: Antrag der SPD\n"
            "Beschluss: Kenntnisnahme von der Stellungnahme der Verwaltung"
        )
    assert caught.value.code == "not_a_motion"


# --- the labelled set -----------------------------------------------------------------------


def test_labelled_set_accuracy_stays_high():
    """The reader keeps ≥ 98 % of all fields and ≥ 95 % of each field on the labelled set."""
    result = measure_accuracy(LABELS_DIR, SHARED)
    assert result["missing_texts"] == []
    assert result["papers"] >= 80
    assert result["overall"] >= 0.98
    assert min(result["fields"].values()) >= 0.95, result["fields"]


# --- the command ----------------------------------------------------------------------------


def test_read_motion_command_prints_json():
    """`ankunft read-motion FILE --json` prints the proposal as JSON."""
    out = StringIO()
    call_command("read_motion", str(SEED), "--json", stdout=out)
    assert json.loads(out.getvalue()) == SEED_EXPECTED


def test_read_motion_command_prints_a_summary(tmp_path: Path):
    """Without --json the command prints a readable summary."""
    path = tmp_path / "antrag.txt"
    path.write_text(motion("Für 2023 werden 5.000 Euro Sachmittel bereitgestellt."), "utf-8")
    out = StringIO()
    call_command("read_motion", str(path), stdout=out)
    text = out.getvalue()
    assert "Bessere Beratung für Neuzugewanderte" in text
    assert "SPD" in text
    assert "2023" in text


def test_read_motion_command_missing_file(tmp_path: Path):
    """A missing file is a CommandError naming the file."""
    with pytest.raises(CommandError, match=r"fehlt\.txt"):
        call_command("read_motion", str(tmp_path / "fehlt.txt"))


def test_read_motion_command_empty_file(tmp_path: Path):
    """An empty file is refused."""
    path = tmp_path / "leer.txt"
    path.write_text("", "utf-8")
    with pytest.raises(CommandError, match=r"leer\.txt"):
        call_command("read_motion", str(path), "--json")


def test_read_motion_command_non_motion(tmp_path: Path):
    """A text that is no council paper is refused."""
    path = tmp_path / "kuchen.txt"
    path.write_text("Apfelkuchen backen: 500 g Mehl und vier Äpfel, eine Stunde.", "utf-8")
    with pytest.raises(CommandError, match=r"kuchen\.txt"):
        call_command("read_motion", str(path), "--json")


def test_read_motion_command_undecodable_bytes(tmp_path: Path):
    """Bytes that are not UTF-8 are refused with a clear message, not a traceback."""
    path = tmp_path / "latin1.txt"
    path.write_bytes("Antrag der SPD-Fraktion: Mittel für Integration".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("read_motion", str(path), "--json")
