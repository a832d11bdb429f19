"""One `--municipality` behaviour for every management command (ankunft.core.commands)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from ankunft.core.commands import read_import_file, resolve_municipality
from ankunft.core.tabular import Limits

pytestmark = pytest.mark.django_db

# Every command that works in one municipality, with the arguments it needs besides.
COMMANDS = [
    ("chain", []),
    ("import_indicator_values", ["/nonexistent.csv"]),
    ("import_bookings", ["/nonexistent.csv"]),
    ("execution", ["DS 1"]),
    ("load_cost_rates", []),
    ("what_does_this_buy", ["1000", "--year", "2024"]),
    ("import_oparl", ["/nonexistent"]),
    ("record_decision", ["DS 1", "--outcome", "adopted"]),
    ("directory_export", []),
    ("directory_review_due", []),
    ("directory_import_hsds", ["/nonexistent.json", "--user", "x"]),
    ("createuser", ["someone", "--role", "case_worker", "--password", "x"]),
]


def test_the_only_municipality_is_taken_when_none_is_named(town):
    assert resolve_municipality(None) == town


def test_no_municipality_yet_is_a_clear_error():
    with translation.override("en"), pytest.raises(CommandError) as caught:
        resolve_municipality(None)
    assert str(caught.value) == (
        "There is no municipality yet: run `ankunft demo-data` or create one."
    )


@pytest.mark.parametrize(("command", "args"), COMMANDS)
def test_with_several_municipalities_every_command_asks_which(town, other_town, command, args):
    """Never silently the first: with two municipalities the option is required."""
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command(command, *args)
    assert str(caught.value) == (
        "There are several municipalities: name one with --municipality (one of: anderswo, dutest)."
    )


@pytest.mark.parametrize(("command", "args"), COMMANDS)
def test_an_unknown_municipality_is_named_in_the_error(town, command, args):
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command(command, *args, "--municipality", "nowhere")
    assert str(caught.value) == "No municipality with the short name nowhere (known: dutest)."


def test_the_error_is_translated(town, other_town):
    with translation.override("de"), pytest.raises(CommandError) as caught:
        call_command("chain")
    assert str(caught.value) == (
        "Es gibt mehrere Kommunen: Nennen Sie eine mit --municipality (eine von: anderswo, dutest)."
    )


def test_reindex_without_a_name_means_every_municipality(town, other_town):
    """The one command that may run for all: an unknown name is still an error."""
    call_command("directory_reindex")
    with translation.override("en"), pytest.raises(CommandError, match="known: anderswo, dutest"):
        call_command("directory_reindex", "--municipality", "nowhere")


def test_an_import_file_over_the_limit_is_refused_unread_and_named(tmp_path, monkeypatch):
    """`read_import_file`: the one size check of the import commands (cases, bookings,
    indicator values), by `Limits.check_size`, before the file is read."""
    limits = Limits(max_bytes=1024 * 1024, max_rows=10)
    path = tmp_path / "gross.csv"
    path.write_bytes(b"a;b\n" * (300 * 1024))

    def unread(self: Path) -> bytes:
        raise AssertionError("the oversize file was read")

    monkeypatch.setattr(Path, "read_bytes", unread)
    with translation.override("en"), pytest.raises(CommandError) as caught:
        read_import_file(path, limits)
    assert str(caught.value) == f"{path}: The file is larger than 1 MB."
    with translation.override("de"), pytest.raises(CommandError) as caught:
        read_import_file(path, limits)
    assert str(caught.value) == f"{path}: Die Datei ist größer als 1 MB."


def test_an_import_file_that_cannot_be_read_is_a_clear_error(tmp_path):
    limits = Limits(max_bytes=1024, max_rows=10)
    small = tmp_path / "klein.csv"
    small.write_bytes(b"a;b\n1;2\n")
    assert read_import_file(small, limits) == b"a;b\n1;2\n"
    missing = tmp_path / "fehlt.csv"
    with translation.override("en"), pytest.raises(CommandError, match=r"Cannot read .*fehlt"):
        read_import_file(missing, limits)
