"""The `ankunft` command speaks one language per run, in its help and its output alike:
`--language` before the command, else ANKUNFT_LANGUAGE or the POSIX locale, else German."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ankunft.cli import choose_language

REPO = Path(__file__).resolve().parents[2]
ANKUNFT = [sys.executable, "-m", "ankunft.cli"]
UI = {"de", "en"}
LOCALE_VARIABLES = ("ANKUNFT_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


pytestmark = pytest.mark.engine_free


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k != "DJANGO_SETTINGS_MODULE" and k not in LOCALE_VARIABLES
    }
    return subprocess.run(
        [*ANKUNFT, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**base, "LANG": "C.UTF-8", **env},
        check=False,
    )


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["--language", "en", "chain"], {}, ("en", ["chain"])),
        (["--language=en", "chain"], {"LANG": "de_DE.UTF-8"}, ("en", ["chain"])),
        (["chain"], {"ANKUNFT_LANGUAGE": "en", "LANG": "de_DE.UTF-8"}, ("en", ["chain"])),
        (["chain"], {"LANGUAGE": "fr:en", "LANG": "de_DE.UTF-8"}, ("en", ["chain"])),
        (["chain"], {"LANG": "en_GB.UTF-8"}, ("en", ["chain"])),
        (["chain"], {"LANG": "C.UTF-8"}, ("de", ["chain"])),
        (["chain"], {}, ("de", ["chain"])),
        # A command's own --language (the language of imported texts) stays the command's.
        (
            ["directory-import-hsds", "f.json", "--language", "en"],
            {},
            ("de", ["directory-import-hsds", "f.json", "--language", "en"]),
        ),
    ],
)
def test_the_language_of_a_run(argv, environ, expected):
    assert choose_language(argv, environ, UI) == expected


def test_an_unknown_language_is_refused():
    result = _run("--language", "xx", "chain")
    assert result.returncode == 2
    assert result.stderr == "ankunft: --language 'xx': de, en\n"


def test_help_is_german_by_default_words_of_argparse_included():
    """Before: "usage:", "options:", "show this help message and exit" and English option
    help, while the command's output was German."""
    result = _run("what-does-this-buy", "--help")
    assert result.returncode == 0
    out = result.stdout
    flat = " ".join(out.split())  # argparse pads columns to the longest option
    assert out.startswith("Aufruf: ankunft what-does-this-buy ")
    assert "Was ein Jahresbetrag finanziert: VZÄ je Entgeltgruppe" in out
    assert "\nArgumente:\n" in out
    assert "\nOptionen:\n" in out
    assert "-h, --help diese Hilfe zeigen und beenden" in flat
    assert "--caseload CASELOAD Fälle je Vollzeitstelle" in flat
    for english in ("usage:", "options:", "show this help", "cases per", "Verbosity", "Skip"):
        assert english not in out


@pytest.mark.parametrize("how", [("--language", "en"), ("LANG", "en_US.UTF-8")])
def test_help_in_english_when_asked(how):
    option, value = how
    result = (
        _run(option, value, "what-does-this-buy", "--help")
        if option.startswith("--")
        else _run("what-does-this-buy", "--help", **{option: value})
    )
    out = result.stdout
    assert out.startswith("usage: ankunft what-does-this-buy ")
    assert "What an annual amount buys" in out
    assert "--caseload CASELOAD cases per full-time position" in " ".join(out.split())
    for german in ("Aufruf", "Optionen", "Fälle"):
        assert german not in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "ankunft what-does-this-buy: Fehler: abc ist kein Betrag.\n"),
        (("--language", "en"), "ankunft what-does-this-buy: error: abc is not an amount.\n"),
    ],
)
def test_errors_read_in_the_language_of_the_run(args, expected):
    """Not "CommandError: abc ist kein Betrag." (Django's English word in German output)."""
    result = _run(*args, "what-does-this-buy", "abc")
    assert result.returncode == 1
    assert result.stderr == expected


def test_the_command_list_is_in_one_language():
    german = _run("--help").stdout
    assert german.startswith("Aufruf: ankunft [--language SPRACHE] <Befehl> [Optionen]\n")
    assert "  migrate                  Die Datenbank auf den neuesten Stand bringen" in german
    assert "  what-does-this-buy       Was ein Jahresbetrag finanziert" in german
    english = _run("--language", "en", "--help").stdout
    assert "  what-does-this-buy       What an annual amount buys" in english
    assert "  migrate                  Bring the database up to date" in english


def test_every_command_has_its_help_in_german():
    """Each of ankunft's commands: its description and every option's help translated."""
    from django.core.management import get_commands, load_command_class  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    untranslated = []
    for name, app in get_commands().items():
        if not app.startswith("ankunft"):
            continue
        command = load_command_class(app, name)
        with translation.override("en"):
            english = [a.help for a in command.create_parser("ankunft", name)._actions]
            english_description = translation.gettext(command.help)
        with translation.override("de"):
            german = [a.help for a in command.create_parser("ankunft", name)._actions]
            german_description = translation.gettext(command.help)
        if german_description == english_description:
            untranslated.append((name, command.help))
        base = {"-h", "--version", "-v", "--settings", "--pythonpath", "--traceback"}
        base |= {"--no-color", "--force-color", "--skip-checks"}
        for action, en, de in zip(
            command.create_parser("ankunft", name)._actions, english, german, strict=True
        ):
            if en and de == en and not base & set(action.option_strings):
                untranslated.append((name, en))
    assert untranslated == []
