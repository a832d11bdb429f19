"""How well the motion reader does on the labelled papers, and how fast it reads.

The labelled set lives in ``motion_labels/``: one ``<file id>.json`` per paper holding
the expected ``MotionProposal.to_json_dict()``. Labels were written by reading each
paper, following these conventions:

* ``title``: the subject line as printed, without "Thema:"/"Betreff:" prefixes;
* ``reference``: the paper's own number only if the text states it ("Vorlage Nr.",
  "DHH/2025/6202", "DS 21-0220");
* ``committee``/``meeting_date``: the first body (and its date) the paper is put to;
* ``allocations``: money the paper asks for: the year columns of a budget form, the
  operative part of a prose motion or decision, or the "Finanzielle Auswirkungen" box
  of a Beschlussvorlage; never figures in the reasoning, never for questions or
  information papers; cuts negative; revenue rows as written, kind ``revenue``.

Each field is compared after normalisation (spacing, quotes and dashes; set order
for lists; articles and quotes for the free-text ``cover``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Protocol, TypedDict

import django

from ankunft.council.motion_reader import MotionReadError, read_motion

FIELDS = (
    "title",
    "reference",
    "date",
    "originators",
    "committee",
    "meeting_date",
    "allocations",
    "cover",
    "related_references",
)
LABELS_DIR = Path(__file__).resolve().parents[1] / "motion_labels"

_QUOTES = str.maketrans(dict.fromkeys("„“”«»‚‘’'`", '"'))
_DASHES = str.maketrans(dict.fromkeys("–—‐‑", "-"))
_ARTICLES = re.compile(r"\b(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines)\b")


class AccuracyResult(TypedDict):
    """What ``measure_accuracy`` returns."""

    papers: int
    fields: dict[str, float]
    overall: float
    mismatches: list[dict[str, object]]
    missing_texts: list[str]


class SpeedResult(TypedDict):
    """What ``measure_speed`` returns."""

    texts: int
    rejected: int
    seconds: float
    papers_per_second: float


def _shared_dir() -> Path:
    return Path(
        os.environ.get("ANKUNFT_SHARED_DIR", Path(__file__).resolve().parents[4] / "shared")
    )


def default_text_dirs() -> list[Path]:
    """The Karlsruhe sample texts and the seed motion, where the shared data lives."""
    shared = _shared_dir()
    return [shared / "data" / "karlsruhe-oparl-sample" / "file-contents", shared / "seed"]


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).translate(_QUOTES).translate(_DASHES)
    return " ".join(text.split()).strip(" .:;") or None


def _cover(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    text = _ARTICLES.sub(" ", text.casefold().replace('"', "")).replace(" sowie ", " und ")
    return " ".join(re.sub(r"[^\w/ -]", " ", text).split()) or None


def _allocations(value: object) -> list[tuple[int, Decimal, bool, str]]:
    items = value if isinstance(value, list) else []
    return sorted(
        (
            int(item.get("year") or 0),
            Decimal(str(item.get("amount_eur"))),
            bool(item.get("recurring")),
            str(item.get("kind")),
        )
        for item in items
        if isinstance(item, dict)
    )


def normalize(field: str, value: object) -> object:
    """The comparable form of one field's value."""
    if field in {"originators", "related_references"}:
        return sorted(_text(item) or "" for item in (value if isinstance(value, list) else []))
    if field == "allocations":
        return _allocations(value)
    if field == "cover":
        return _cover(value)
    return _text(value)


def _find_text(name: str, text_dirs: Sequence[Path]) -> Path | None:
    return next((d / f"{name}.txt" for d in text_dirs if (d / f"{name}.txt").is_file()), None)


def _as_dirs(texts_dir: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(texts_dir, str | Path):
        return [Path(texts_dir)]
    return [Path(item) for item in texts_dir]


def measure_accuracy(
    labels_dir: str | Path, texts_dir: str | Path | Iterable[str | Path]
) -> AccuracyResult:
    """Compare the reader's output with every label in ``labels_dir``.

    ``texts_dir`` is a folder (or several) holding ``<id>.txt`` for each ``<id>.json``.
    Returns ``{"papers": n, "fields": {field: share}, "overall": share,
    "mismatches": [{"paper", "field", "expected", "got"}], "missing_texts": [...]}``;
    a paper the reader rejects counts as wrong in every field.
    """
    text_dirs = _as_dirs(texts_dir)
    right = dict.fromkeys(FIELDS, 0)
    mismatches: list[dict[str, object]] = []
    missing: list[str] = []
    papers = 0
    for label_path in sorted(Path(labels_dir).glob("*.json")):
        text_path = _find_text(label_path.stem, text_dirs)
        if text_path is None:
            missing.append(label_path.stem)
            continue
        expected = json.loads(label_path.read_text(encoding="utf-8"))
        papers += 1
        try:
            got: dict[str, object] = read_motion(
                text_path.read_text(encoding="utf-8")
            ).to_json_dict()
        except MotionReadError as error:
            got = {"error": error.code}
        for field in FIELDS:
            if field in got and normalize(field, got[field]) == normalize(field, expected[field]):
                right[field] += 1
            else:
                mismatches.append(
                    {
                        "paper": label_path.stem,
                        "field": field,
                        "expected": expected[field],
                        "got": got.get(field, got.get("error")),
                    }
                )
    total = papers * len(FIELDS)
    return {
        "papers": papers,
        "fields": {field: (right[field] / papers if papers else 0.0) for field in FIELDS},
        "overall": (sum(right.values()) / total if total else 0.0),
        "mismatches": mismatches,
        "missing_texts": missing,
    }


def measure_speed(texts_dir: str | Path | Iterable[str | Path]) -> SpeedResult:
    """Read every ``*.txt`` in ``texts_dir``; report count, rejected texts, seconds, papers/s."""
    paths = sorted(p for d in _as_dirs(texts_dir) for p in d.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    rejected = 0
    start = time.perf_counter()
    for text in texts:
        try:
            read_motion(text)
        except MotionReadError:
            rejected += 1
    seconds = time.perf_counter() - start
    return {
        "texts": len(texts),
        "rejected": rejected,
        "seconds": seconds,
        "papers_per_second": (len(texts) / seconds if seconds else 0.0),
    }


def format_table(result: AccuracyResult) -> str:
    """The accuracy result as a Markdown table."""
    fields = result["fields"]
    lines = [
        f"Labelled papers: {result['papers']}",
        "",
        "| field | accuracy |",
        "|---|---:|",
    ]
    lines += [f"| {field} | {share:.1%} |" for field, share in fields.items()]
    lines.append(f"| **overall** | **{result['overall']:.1%}** |")
    return "\n".join(lines)


class Out(Protocol):
    """Where the report goes: a text stream or a management command's stdout."""

    def write(self, msg: str, /) -> object: ...


def report(argv: Sequence[str], out: Out) -> None:
    """Write the accuracy table (and with ``--speed`` the reading speed) to ``out``.

    Shaped for ``ankunft bench``: ``BENCHMARKS = {"reader": (help, report)}``.
    """
    parser = argparse.ArgumentParser(prog="reader", description="Accuracy of the motion reader.")
    parser.add_argument("--labels", type=Path, default=LABELS_DIR)
    parser.add_argument("--texts", type=Path, action="append", default=None)
    parser.add_argument("--speed", action="store_true", help="also time reading all texts")
    parser.add_argument("--mismatches", action="store_true", help="list every wrong field")
    args = parser.parse_args(list(argv))
    text_dirs: list[Path] = args.texts or default_text_dirs()
    result = measure_accuracy(args.labels, text_dirs)
    out.write(format_table(result) + "\n")
    if args.mismatches:
        for item in result["mismatches"]:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    if args.speed:
        speed = measure_speed(text_dirs[0])
        out.write(
            f"\nRead {speed['texts']} texts ({speed['rejected']} rejected as empty or not a "
            f"motion) in {speed['seconds']:.2f} s: {speed['papers_per_second']:.0f} papers/s\n"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m ankunft.council.motion_reader.accuracy [--speed]``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ankunft.settings")
    django.setup()  # error messages are translated strings
    report(sys.argv[1:] if argv is None else argv, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
