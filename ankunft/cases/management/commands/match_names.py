"""`ankunft match-names --pairs FILE.tsv`: score name pairs with the duplicate matcher."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ankunft.cases.matching import THRESHOLD, name_score

BAD_INPUT = 2


def parse_pairs(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The pairs of `name_a<TAB>name_b` lines and one error per bad line. Blank lines and
    `#` comments are skipped; further columns are ignored (so a labelled file can be read)."""
    pairs, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        a, sep, rest = line.partition("\t")
        b = rest.split("\t", 1)[0]
        if not sep or not a.strip() or not b.strip():
            errors.append(
                _("Line %(number)s: expected two names separated by one tab.") % {"number": number}
            )
            continue
        pairs.append((a.strip(), b.strip()))
    return pairs, errors


class Command(BaseCommand):
    help = gettext_noop(
        "Score pairs of person names (any script, any order) for being the same person: "
        "prints score and match (1 or 0 at the shipped threshold) per pair."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--pairs",
            required=True,
            metavar="FILE",
            help=_(
                "UTF-8 file with one name_a<TAB>name_b pair per line (further columns are "
                "ignored); - reads standard input"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["pairs"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": source, "error": exc.strerror},
                returncode=BAD_INPUT,
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("%(file)s is not UTF-8 text.") % {"file": source}, returncode=BAD_INPUT
            ) from exc
        pairs, errors = parse_pairs(text)
        if errors:  # nothing is printed for a file with bad lines
            raise CommandError("\n".join(errors), returncode=BAD_INPUT)
        for a, b in pairs:
            score = name_score(a, b)
            self.stdout.write(f"{score:.3f}\t{int(score >= THRESHOLD)}")
