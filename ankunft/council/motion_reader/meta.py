"""The head of a council paper: its kind, title, own number, date, committee and meeting.

The functions take the cleaned text (see ``motion_reader_text.clean_text``) and know
the layouts met in practice: the Duisburg letter style of the seed motion, the three
generations of Karlsruhe paper headers (labels above their values; a one-line
"Gremium Termin TOP" table; the "Gremien Termin TOP Ö / N Zuständigkeit" table) and the
Karlsruhe budget-motion form.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field

from ankunft.council.motion_reader.patterns import (
    BODY_WORDS,
    DATE,
    DS_NUMBER,
    KIND_BUDGET_FORM,
    KIND_INFORMATION,
    KIND_MINUTES,
    KIND_MOTION,
    KIND_PROPOSAL,
    KIND_QUESTION,
    KIND_RESPONSE,
    ONLY_DATE,
    TABLE_HEADER,
    parse_date,
)
from ankunft.council.motion_reader.text import squash
from ankunft.council.motion_reader.title import find_title

_FORM_REF = re.compile(r"\b(?:DHH|HH)/\d{4}/\d{3,5}\b")
_REF_VALUE = re.compile(r"(?:\d{4}/\d{4}(?:/\d{1,2})?|\d{1,5})\b")

_KINDS: tuple[tuple[str, str], ...] = (
    (KIND_MINUTES, r"^(?:NIEDERSCHRIFT|Niederschrift|Protokoll)\b"),
    (KIND_RESPONSE, r"^(?:STELLUNGNAHME|Stellungnahme)\b(?!\s?/\s?Beratungsunterlage)"),
    (KIND_BUDGET_FORM, r"^(?:DOPPELHAUSHALT|HAUSHALT)\s+\d{4}"),
    (KIND_PROPOSAL, r"^(?:Beschlussvorlage|BESCHLUSSVORLAGE)\b"),
    (KIND_INFORMATION, r"^(?:Informationsvorlage|INFORMATIONSVORLAGE)\b"),
    (KIND_QUESTION, r"^(?:Interfraktionelle\s+)?(?:Anfrage|ANFRAGE)\b"),
    (
        KIND_MOTION,
        r"^(?:Interfraktioneller\s+|Gemeinsamer\s+|GEMEINSAMER\s+)?(?:ANTRAG|Antrag"
        r"|ÄNDERUNGSANTRAG|Änderungsantrag|ERGÄNZUNGSANTRAG|Ergänzungsantrag"
        r"|Änderungs-/Ergänzungsantrag)\b",
    ),
)


@dataclass(frozen=True)
class Header:
    """What the head of a paper says about the paper itself."""

    kind: str | None
    title: str | None
    title_end: int  # offset in the cleaned text just after the title
    reference: str | None
    date: datetime.date | None
    committee: str | None
    meeting_date: datetime.date | None
    labels: dict[str, str] = field(default_factory=dict)


def paper_kind(text: str) -> str | None:
    """Tell the kind of paper from its first lines: motion, question, proposal, form …"""
    first = [line for line in text.split("\n")[:30] if line.strip()][:8]
    for line in first:
        for kind, pattern in _KINDS:
            if re.match(pattern, line):
                return kind
    if re.search(r"^Anfrage:?$", text, re.MULTILINE):
        return KIND_QUESTION
    if re.search(r"^(?:Beschlussvorlage|Informationsvorlage)\s*$", text, re.MULTILINE):
        return KIND_PROPOSAL if "Beschlussantrag" in text else KIND_INFORMATION
    if re.search(r"\bAntrag\b|\bbeantrag|Änderungs-Antrag", text[:1500]):
        return KIND_MOTION
    return None


_PAPER_MARKERS = re.compile(
    r"Antrag|Anfrage|Fraktion|Gemeinderat|Ausschuss|Stadtrat|Ortschaftsrat|Vorlage"
    r"|Drucksache|Bezirksvertretung|Sitzung|Verwaltung|Beschluss|Haushalt|Oberbürgermeister",
    re.IGNORECASE,
)


def looks_like_council_paper(text: str) -> bool:
    """True when ``text`` shows signs of a council paper at all."""
    # One stray word is not enough: ask for two markers, and stop counting there.
    markers = _PAPER_MARKERS.finditer(text)
    return sum(1 for _ in itertools.islice(markers, 2)) == 2  # noqa: PLR2004


# --- labelled header values -----------------------------------------------------------------

_LABEL_ONLY = re.compile(r"^(Gremium|Termin|Vorlage Nr\.|TOP|Verantwortlich|Dienststelle):\s*$")
_LABEL_INLINE = re.compile(
    r"^(Gremium|Termin|Vorlage Nr\.|TOP|Verantwortlich|Dienststelle):\s*(\S.*)$"
)


def header_labels(lines: list[str]) -> dict[str, str]:
    """Values of "Label:" fields in the head, also where labels stand above their values.

    Old Karlsruhe headers list "Gremium: / Termin: / Vorlage Nr.: / TOP:" and then the
    values; the values are matched to labels by their shape (date, number, body name).
    """
    values: dict[str, str] = {}
    pending: list[str] = []
    pool: list[str] = []
    for line in lines[:70]:
        inline = _LABEL_INLINE.match(line)
        if inline and inline.group(1) not in values:
            values[inline.group(1)] = _continued_value(lines, line, inline.group(2))
            continue
        only = _LABEL_ONLY.match(line)
        if only:
            pending.append(only.group(1))
            continue
        if pending and line and line.lower() not in {"öffentlich", "nicht öffentlich", "x"}:
            if TABLE_HEADER.match(line) or len(pool) >= len(pending) + 1:
                break
            pool.append(line)
    for value in pool:
        _assign(values, pending, value)
    return values


def _continued_value(lines: list[str], line: str, value: str) -> str:
    """An office name may run over lines: "Amt für / Hochbau und / Gebäudewirtschaft"."""
    index = lines.index(line)
    parts = [value.strip()]
    while re.search(r"\b(?:für|und|der|des)$|-$", parts[-1]) and index + 1 < len(lines):
        index += 1
        parts.append(lines[index].strip())
    return " ".join(parts)


def _assign(values: dict[str, str], pending: list[str], value: str) -> None:
    value = value.strip()
    if DATE.fullmatch(value):
        values.setdefault("Termin", value)
    elif _REF_VALUE.fullmatch(value):
        for label in ("Vorlage Nr.", "TOP"):
            if label in pending and label not in values:
                values[label] = value
                break
    elif value.startswith("Dez.") and "Verantwortlich" in pending:
        values.setdefault("Verantwortlich", value)
    elif re.search(BODY_WORDS, value) and "Gremium" in pending:
        values.setdefault("Gremium", value)
    elif "Dienststelle" in pending:
        values.setdefault("Dienststelle", value)


# --- committee and meeting ------------------------------------------------------------------


def normalize_body(name: str) -> str:
    """Turn "12. Plenarsitzung Gemeinderat" or "des Haupt- und Finanzausschusses" into a name."""
    name = squash(name)
    name = re.sub(r"^\d+\.\s*(?:Plenar)?[Ss]itzung\s+(?:des\s+)?", "", name)
    name = re.sub(r"^(?:der|des|dem|den)\s+", "", name)
    name = re.sub(r"(ausschuss)es\b", r"\1", name)
    name = re.sub(r"\b(Gemeinderat|Rat|Ortschaftsrat|Beirat|Stadtrat)e?s\b", r"\1", name)
    return name.strip(" ,.:")


_TABLE_NOISE = re.compile(r"^(?:[☐☒xX ]+|ö\s*nö|Ö\s*/\s*N|Ergebnis|ö|nö)$")


def _table_committee(lines: list[str]) -> tuple[str | None, datetime.date | None]:
    """First row of a "Gremien Termin TOP" table: the body and its meeting date."""
    for index, line in enumerate(lines):
        if not TABLE_HEADER.match(line):
            continue
        parts: list[str] = []
        for row in lines[index + 1 : index + 10]:
            if not row.strip() or _TABLE_NOISE.match(row.strip()):
                continue
            match = DATE.search(row)
            head = row[: match.start()] if match else row
            if head.rstrip().endswith(":") or re.match(r"Kurzfassung|\d", head):
                break
            parts.append(head)
            if match:
                name = normalize_body(" ".join(parts))
                return (name if re.search(BODY_WORDS, name) else None), parse_date(match[0])
            if len(parts) >= 3:  # noqa: PLR2004 - a body name spans at most three lines
                break
        return None, None
    return None, None


def _sentence_committee(text: str) -> tuple[str | None, datetime.date | None]:
    """ "zu der Sitzung des Haupt- und Finanzausschusses am 18. November 2021"."""
    match = re.search(
        rf"Sitzung\s+(?:de[sr]\s+)?(?P<body>[^\n]{{0,80}}?{BODY_WORDS}\w*(?:\s+[A-ZÄÖÜ][\w-]+)?)"
        rf"\s+(?:am|vom)\s+(?P<date>{DATE.pattern})",
        text[:2000],
    )
    if match:
        return normalize_body(match.group("body")), parse_date(match.group("date"))
    return None, None


def _addressed_committee(text: str) -> str | None:
    """ "Der Gemeinderat möge beschließen" names the body even without a header table."""
    match = re.search(
        rf"\bDer\s+(?P<body>{BODY_WORDS}[\w-]*(?:\s+[A-ZÄÖÜ][a-zäöüß]+)?)\s+"
        r"(?:möge|beschließt|beauftragt|spricht sich|stimmt)",
        text,
    )
    return normalize_body(match.group("body")) if match else None


# --- the whole head -------------------------------------------------------------------------


def read_header(text: str) -> Header:
    """Read kind, title, own reference, date, committee and meeting date."""
    lines = text.split("\n")
    kind = paper_kind(text)
    title, title_end = find_title(lines, kind)
    labels = header_labels(lines)

    committee, meeting = _table_committee(lines)
    if committee is None and labels.get("Gremium"):
        committee = normalize_body(labels["Gremium"])
        meeting = parse_date(labels.get("Termin", ""))
    if committee is None:
        committee, meeting = _sentence_committee(text)
    if committee is None:
        committee = _addressed_committee(text)

    return Header(
        kind=kind,
        title=title,
        title_end=sum(len(line) + 1 for line in lines[:title_end]),
        reference=_own_reference(lines, labels),
        date=_paper_date(lines),
        committee=committee,
        meeting_date=meeting,
        labels=labels,
    )


def _own_reference(lines: list[str], labels: dict[str, str]) -> str | None:
    form = _FORM_REF.search("\n".join(lines[:60]))
    if form:
        return form.group(0)
    value = labels.get("Vorlage Nr.")
    if value:
        number = _REF_VALUE.match(value.strip())
        if number:
            return number.group(0)
    for line in lines[:60]:
        match = re.match(
            r"^Vorlage\s?(?:-?Nr\.?)\s?:?\s*(\d{4}/\d{4}(?:/\d{1,2})?|\d{1,5})\b", line
        )
        if match:
            return match.group(1)
    ds = DS_NUMBER.search("\n".join(lines[:8]))
    return f"DS {ds.group(1)}" if ds else None


def _paper_date(lines: list[str]) -> datetime.date | None:
    head = lines[:45]
    for pattern in (
        rf"^Eingang:?\s*({DATE.pattern})",
        rf"^vom:?\s*({DATE.pattern})",
        rf"^eingegangen\s*(?:am)?:?\s*({DATE.pattern})",
    ):
        for line in head:
            match = re.match(pattern, line)
            if match:
                return parse_date(match.group(1))
    for line in head[:25]:
        if re.match(r"^(?:Gremi|Termin|Vorlage|TOP)", line):
            break  # below this, lone dates are meeting dates
        if ONLY_DATE.match(line):
            return parse_date(line)
    return None
