"""The `ankunft` command: the project's own management commands under friendly names.

`ankunft read-motion FILE` runs the management command `read_motion`; `ankunft migrate` is
Django's. `ankunft manage …` reaches every other Django command.
"""

from __future__ import annotations

import os
import sys

from django.core.management import get_commands, load_command_class

BUILTINS = ("migrate", "makemigrations", "shell", "check")
# Commands that change the schema or privileges run as the owner role
# (`MIGRATE_DATABASE_URL`, when set); everything else runs as the application's role.
OWNER_COMMANDS = ("migrate", "db-roles", "audit-partitions")


def _project_commands() -> dict[str, str]:
    """Friendly name → (app, command) for ankunft's own commands and a few of Django's."""
    commands = get_commands()
    found = {
        name.replace("_", "-"): name for name, app in commands.items() if app.startswith("ankunft")
    }
    found.update({name: name for name in BUILTINS if name in commands})
    return found


def _help(commands: dict[str, str]) -> str:
    lines = ["usage: ankunft <command> [options]", "", "commands:"]
    all_commands = get_commands()
    for friendly in sorted(commands):
        name = commands[friendly]
        cmd = load_command_class(all_commands[name], name)
        # First sentence only: `ankunft <command> --help` has the rest.
        summary = " ".join((cmd.help or "").split()).split(". ")[0].rstrip(".")
        lines.append(f"  {friendly:<24} {summary}")
    lines += [
        "  manage                   any other Django management command",
        "",
        "`ankunft <command> --help` explains a command.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ankunft.settings")
    if argv and argv[0] in OWNER_COMMANDS:
        os.environ["ANKUNFT_DB_ROLE"] = "owner"
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    from ankunft.core.audit import SYSTEM, access_context, new_request_id  # noqa: PLC0415
    from ankunft.core.models import Interface  # noqa: PLC0415

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
        print(f"ankunft: unknown command {name!r}\n\n{_help(commands)}", file=sys.stderr)
        sys.exit(2)
    # An operator's command on the server: the system acts (commands that act for a user
    # say so themselves).
    with access_context(
        Interface.CLI,
        path=" ".join(["ankunft", name]),
        request_id=new_request_id(),
        actor=SYSTEM,
    ):
        execute_from_command_line(["ankunft", *target])


if __name__ == "__main__":
    main()
