"""The `ankunft` command: the project's own management commands under friendly names.

`ankunft read-motion FILE` runs the management command `read_motion`; `ankunft migrate` is
Django's. `ankunft manage …` reaches every other Django management command.

One language per run, for help and output alike: `ankunft --language en <command> …`, else
the environment (`ANKUNFT_LANGUAGE`, then the POSIX `LANGUAGE`, `LC_ALL`, `LC_MESSAGES`,
`LANG`; the first that names a language of the user interface), else German.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import Any

from django.core.management import get_commands, load_command_class


def gettext_noop(message: str) -> str:
    """Marks a string for the catalog (makemessages knows the name); Django's own needs
    settings, which are not loaded yet when this module is imported."""
    return message


BUILTINS = ("migrate", "makemigrations", "shell", "check")
# Commands that change the schema or privileges run as the owner role
# (`MIGRATE_DATABASE_URL`, when set); everything else runs as the application's role.
OWNER_COMMANDS = ("migrate", "db-roles", "audit-partitions", "backup", "restore", "generate")

DEFAULT_LANGUAGE = "de"
LANGUAGE_VARIABLES = ("ANKUNFT_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# Django's own options of every command, accepted but left out of the help: their help
# texts are Django's (English only) and of no use to the people who run ankunft.
SUPPRESSED_OPTIONS = {
    "--version",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}
# Django's commands that `ankunft` offers by name, described in the catalog's languages.
BUILTIN_HELP = {
    "check": gettext_noop("Check the project for problems (settings, models, URLs)."),
    "makemigrations": gettext_noop("Write migrations for changed models (developers)."),
    "migrate": gettext_noop("Bring the database up to date (create or change its tables)."),
    "shell": gettext_noop("A Python shell with the project loaded (operators)."),
}
# argparse's own words, translated through the project's catalog (Python ships no German).
ARGPARSE_WORDS = (
    gettext_noop("usage: "),
    gettext_noop("positional arguments"),
    gettext_noop("options"),
    gettext_noop("show this help message and exit"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("%(prog)s: error: %(message)s\n"),
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("expected one argument"),
    gettext_noop("not allowed with argument %s"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
)


def _language_in(value: str, available: set[str]) -> str | None:
    """ "en_GB.UTF-8" → "en"; "de:en" → "de"; "C" or an unknown language → None."""
    for part in value.split(":"):
        code = part.split(".")[0].split("@")[0].replace("_", "-").lower()
        if code in available:
            return code
        if code.split("-")[0] in available:
            return code.split("-")[0]
    return None


def choose_language(
    argv: list[str], environ: Mapping[str, str], available: set[str]
) -> tuple[str, list[str]]:
    """The language of this run and the arguments without the `--language` option.

    Only a `--language` before the command counts (a command may have its own, such as
    `directory-import-hsds --language` for the language of the texts it reads)."""
    rest = list(argv)
    if rest and rest[0].startswith("--language"):
        option = rest.pop(0)
        value = option.partition("=")[2] if "=" in option else (rest.pop(0) if rest else "")
        language = _language_in(value, available)
        if language is None:
            choices = ", ".join(sorted(available))
            print(f"ankunft: --language {value!r}: {choices}", file=sys.stderr)
            sys.exit(2)
        return language, rest
    for variable in LANGUAGE_VARIABLES:
        language = _language_in(environ.get(variable, ""), available)
        if language is not None:
            return language, rest
    return DEFAULT_LANGUAGE, rest


def _project_commands() -> dict[str, str]:
    """Friendly name → (app, command) for ankunft's own commands and a few of Django's."""
    commands = get_commands()
    found = {
        name.replace("_", "-"): name for name, app in commands.items() if app.startswith("ankunft")
    }
    found.update({name: name for name in BUILTINS if name in commands})
    return found


def _help(commands: dict[str, str]) -> str:
    from django.utils.translation import gettext as _  # noqa: PLC0415

    lines = [_("usage: ankunft [--language LANGUAGE] <command> [options]"), "", _("commands:")]
    all_commands = get_commands()
    for friendly in sorted(commands):
        name = commands[friendly]
        cmd = load_command_class(all_commands[name], name)
        # First sentence only: `ankunft <command> --help` has the rest.
        text = _(BUILTIN_HELP.get(name, cmd.help)) if cmd.help else ""
        summary = " ".join(text.split()).split(". ")[0].rstrip(".")
        lines.append(f"  {friendly:<24} {summary}")
    lines += [
        f"  {'manage':<24} " + _("any other Django management command"),
        "",
        _("`ankunft <command> --help` explains a command."),
        _("--language de|en (or ANKUNFT_LANGUAGE, LANG): language of help and output."),
    ]
    return "\n".join(lines)


def _translate_parsers() -> None:
    """Help texts in the language of the run: a command's description and its options' help
    (marked in the commands with gettext_noop and gettext) and argparse's own words."""
    from django.core.management.base import BaseCommand, CommandParser  # noqa: PLC0415
    from django.utils.translation import gettext, ngettext  # noqa: PLC0415

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    BaseCommand.suppressed_base_arguments = SUPPRESSED_OPTIONS
    create_parser = BaseCommand.create_parser

    def translated_parser(
        self: BaseCommand, prog_name: str, subcommand: str, **kwargs: Any
    ) -> CommandParser:
        parser = create_parser(self, prog_name, subcommand.replace("_", "-"), **kwargs)
        description = BUILTIN_HELP.get(subcommand, parser.description)
        if description:
            parser.description = gettext(description)
        for action in parser._actions:
            if "--skip-checks" in action.option_strings:
                action.help = argparse.SUPPRESS
        return parser

    BaseCommand.create_parser = translated_parser  # type: ignore[method-assign]


HELP_WORDS = frozenset({"-h", "--help", "help"})
# Commands that read a text or file and print a result: no database, no personal data, no
# use of SECRET_KEY or the field keys. They run before a server is configured (a clerk reads
# a motion on a laptop), like help does. `demo-code` prints the code of the demo's published
# secret: `make demo` tells its users to run it in their own shell, where DEBUG is not set.
OFFLINE_COMMANDS = frozenset(
    {"read-motion", "match-names", "compile-translations", "check-pdf", "demo-code"}
)


def help_only(argv: list[str]) -> bool:
    """Whether this run needs no secrets: help (`ankunft`, `ankunft --help`, `ankunft CMD
    --help`, after an optional `--language X`) or an offline command (`OFFLINE_COMMANDS`)."""
    rest = list(argv)
    if rest and rest[0].startswith("--language"):
        rest = rest[1:] if "=" in rest[0] else rest[2:]
    return (
        not rest
        or rest[0] in HELP_WORDS
        or rest[0] in OFFLINE_COMMANDS
        or bool(HELP_WORDS & set(rest[1:]))
    )


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ankunft.settings")
    if argv and argv[0] in OWNER_COMMANDS:
        os.environ["ANKUNFT_DB_ROLE"] = "owner"
    if help_only(argv):
        os.environ["ANKUNFT_HELP_ONLY"] = "1"
    import django  # noqa: PLC0415
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        # A configuration problem (a missing or weak SECRET_KEY …) in one line, no traceback.
        print(f"ankunft: {exc}", file=sys.stderr)
        sys.exit(2)
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import execute_from_command_line  # noqa: PLC0415
    from django.core.management.base import CommandError, SystemCheckError  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    from ankunft.core.audit import SYSTEM, access_context, new_request_id  # noqa: PLC0415
    from ankunft.core.models import Interface  # noqa: PLC0415

    available = set(getattr(settings, "UI_LANGUAGES", (DEFAULT_LANGUAGE,)))
    language, argv = choose_language(argv, os.environ, available)
    translation.activate(language)
    _translate_parsers()

    commands = _project_commands()
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_help(commands))
        return
    name, rest = argv[0], argv[1:]
    if name == "manage":
        target = rest
    elif name in commands:
        target = [commands[name], *rest]
    else:
        message = translation.gettext("unknown command %(name)r") % {"name": name}
        print(f"ankunft: {message}\n\n{_help(commands)}", file=sys.stderr)
        sys.exit(2)
    # Errors are reported here, in the run's language, instead of as Django's English
    # "CommandError: …"; `--traceback` makes Django pass them on (and still shows the
    # traceback when the person asked for it).
    asked_for_traceback = "--traceback" in target
    if target and not asked_for_traceback:
        target = [target[0], "--traceback", *target[1:]]
    # An operator's command on the server: the system acts (commands that act for a user
    # say so themselves).
    with access_context(
        Interface.CLI,
        path=" ".join(["ankunft", name]),
        request_id=new_request_id(),
        actor=SYSTEM,
    ):
        try:
            execute_from_command_line(["ankunft", *target])
        except CommandError as exc:
            if asked_for_traceback:
                raise
            text = str(exc) if isinstance(exc, SystemCheckError) else _error(exc)
            print(f"ankunft {name}: {text}", file=sys.stderr)
            sys.exit(exc.returncode)


def _error(exc: Exception) -> str:
    from django.utils.translation import gettext as _  # noqa: PLC0415

    return _("error: %(message)s") % {"message": exc}


if __name__ == "__main__":
    main()
