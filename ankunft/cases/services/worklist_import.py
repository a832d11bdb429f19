"""Import of existing case lists (Excel or CSV): persons, their open cases, all or nothing.

The file is read by the core's tabular import (CSV or XLSX, at most 30 MB and 100,000 rows
on page and command line alike). The columns are found by their usual German or English
names or mapped by the person (`field=Column`). Every bad row is named with its number and
reason and nothing is stored; rows that likely describe a person who is already recorded
are warnings (imported and flagged, or left out with `skip_duplicates`).

Storing is in bulk: persons, their blocking keys, cases (numbers given in one go), the
"opened" events and legal-domain periods, each with `bulk_create`; the audit entries of the
created persons and cases in one INSERT per batch.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.matching import THRESHOLD, person_score
from ankunft.cases.models import Case, CaseEvent, LegalDomainPeriod, NameKey, Person
from ankunft.cases.services import require, tenant_of
from ankunft.cases.services.persons import case_settings
from ankunft.cases.services.worklist_columns import COLUMNS, LIMITS, ParsedRow, RowReader
from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction, Municipality, Role, Team, User
from ankunft.core.tabular import (
    Progress,
    RowProblem,
    RowsRefusedError,
    Table,
    check_rows,
    map_columns,
    read_table,
)

__all__ = ["COLUMNS", "LIMITS", "ImportResult", "Preview", "case_import", "preview"]
BATCH = 2000
KEY_CHUNK = 5000  # keys per query of the duplicate search (the databases' parameter limits)
MAX_CANDIDATES = 50
PERSON_AUDIT = ["birth", "family_name", "given_names", "team"]
CASE_AUDIT = ["number", "person", "step", "team", "worker"]


@dataclass
class Preview:
    """The dry run: the rows that would be imported, every problem, the duplicate warnings."""

    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    duplicates: dict[int, int] = field(default_factory=dict)  # row number → existing person
    read: int = 0

    @property
    def warnings(self) -> list[str]:
        return [
            _("Row %(row)s: likely the same person as an existing record (no. %(id)s).")
            % {"row": row, "id": pk}
            for row, pk in sorted(self.duplicates.items())
        ]


@dataclass(frozen=True)
class ImportResult:
    persons: int
    cases: int
    skipped: int
    flagged: int
    dry_run: bool
    warnings: list[str]


def _workers(municipality_id: int) -> dict[str, User]:
    return {
        u.username.casefold(): u
        for u in User.objects.filter(
            municipality_id=municipality_id,
            role__in=[Role.CASE_WORKER, Role.TEAM_LEAD],
            is_active=True,
        )
    }


def _duplicates(municipality_id: int, rows: list[ParsedRow]) -> dict[int, int]:
    """Row number → the existing person it likely is. One query per chunk of the file's
    keys, one per chunk of candidates: never one per row."""
    keys_of = {r.line: r.keys for r in rows}
    every = sorted({k for keys in keys_of.values() for k in keys})
    by_key: dict[str, list[int]] = defaultdict(list)
    for start in range(0, len(every), KEY_CHUNK):
        for key, person_id in NameKey.objects.filter(
            municipality_id=municipality_id, key__in=every[start : start + KEY_CHUNK]
        ).values_list("key", "person_id"):
            by_key[key].append(person_id)
    if not by_key:
        return {}
    wanted: dict[int, list[int]] = {}
    for r in rows:
        shared = Counter(pk for k in r.keys for pk in by_key.get(k, ()))
        need = min(2, len(r.keys))
        best = [pk for pk, n in shared.most_common(MAX_CANDIDATES) if n >= need]
        if best:
            wanted[r.line] = best
    ids = sorted({pk for pks in wanted.values() for pk in pks})
    people: dict[int, tuple[str, str, tuple[int | None, int | None, int | None]]] = {}
    for start in range(0, len(ids), KEY_CHUNK):
        for pk, given, family, y, m, d in Person.objects.filter(
            pk__in=ids[start : start + KEY_CHUNK], anonymised_at__isnull=True
        ).values_list("pk", "given_names", "family_name", "birth_year", "birth_month", "birth_day"):
            people[pk] = (given, family, (y, m, d))
    found: dict[int, int] = {}
    by_line = {r.line: r for r in rows}
    for line, pks in wanted.items():
        r = by_line[line]
        for pk in pks:
            if pk not in people:
                continue
            given, family, birth = people[pk]
            score = person_score(
                r.given_names, r.family_name, given, family, (r.year, r.month, r.day), birth
            )
            if score >= THRESHOLD:
                found[line] = pk
                break
    return found


def preview(
    *,
    municipality: Municipality,
    source: bytes | Table,
    mapping: Mapping[str, str] | None = None,
    team: Team | None = None,
    progress: Progress | None = None,
) -> Preview:
    """Read and check the whole file (storing nothing). Raises `TableError` when the file
    is no table or a column of the mapping does not exist."""
    table = source if isinstance(source, Table) else read_table(source, limits=LIMITS)
    columns = map_columns(table.header, COLUMNS, mapping)
    allowed = case_settings(municipality).residence_statuses
    reader = RowReader(municipality, team, _workers(municipality.pk), allowed)
    checked = check_rows(table, columns, reader, progress=progress)
    result = Preview(rows=checked.rows, problems=checked.problems, read=checked.read)
    result.duplicates = _duplicates(municipality.pk, result.rows)
    return result


def _numbers(municipality_id: int, years: Counter[int]) -> dict[int, int]:
    """The first free case number of each year (one query per year of the file)."""
    first: dict[int, int] = {}
    for year in years:
        last = (
            Case.objects.filter(municipality_id=municipality_id, number__startswith=f"{year}-")
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        first[year] = int(last.split("-")[1]) + 1 if last else 1
    return first


def _store(
    actor: User | None,
    m: Municipality,
    rows: list[ParsedRow],
    progress: Callable[[int, int], None] | None,
) -> list[Case]:
    person_actor = actor if getattr(actor, "is_authenticated", False) else None
    next_no = _numbers(m.pk, Counter(r.opened_on.year for r in rows))
    created: list[Case] = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        persons = [r.person(m) for r in batch]
        Person.objects.bulk_create(persons)
        keys = [
            NameKey(municipality_id=m.pk, person_id=p.pk, key=k)
            for p, r in zip(persons, batch, strict=True)
            for k in sorted(r.keys)
        ]
        NameKey.objects.bulk_create(keys, batch_size=BATCH)
        cases = []
        for p, r in zip(persons, batch, strict=True):
            number = f"{r.opened_on.year}-{next_no[r.opened_on.year]:05d}"
            next_no[r.opened_on.year] += 1
            cases.append(r.case(m, p, number))
        Case.objects.bulk_create(cases)
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    municipality_id=m.pk,
                    case_id=c.pk,
                    kind=CaseEvent.Kind.OPENED,
                    to_value=c.step,
                    note=_("imported"),
                    actor=person_actor,
                )
                for c in cases
            ]
        )
        LegalDomainPeriod.objects.bulk_create(
            [
                LegalDomainPeriod(
                    municipality_id=m.pk,
                    person_id=p.pk,
                    domain=r.legal_domain,
                    start=r.opened_on,
                    recorded_by=person_actor,
                )
                for p, r in zip(persons, batch, strict=True)
                if r.legal_domain
            ]
        )
        audit_many(actor, AuditAction.CREATE, persons, fields=PERSON_AUDIT)
        audit_many(actor, AuditAction.CREATE, cases, fields=CASE_AUDIT)
        created += cases
        if progress is not None:
            progress(start + len(batch), len(rows))
    return created


def case_import(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    source: bytes | Table,
    mapping: Mapping[str, str] | None = None,
    team: Team | None = None,
    dry_run: bool = False,
    skip_duplicates: bool = False,
    progress: Progress | None = None,
    store_progress: Progress | None = None,
) -> ImportResult:
    """Import a case list, all rows or none.

    Raises `TableError` (not a table, too large, unknown column) or `RowsRefusedError`
    naming every bad row; then nothing is stored. `dry_run` checks and stores nothing.
    """
    require(actor, access.IMPORT)
    m = tenant_of(actor, municipality)
    if team is not None and team.municipality_id != m.pk:
        raise ValidationError({"team": _("The record belongs to another municipality.")})
    result = preview(municipality=m, source=source, mapping=mapping, team=team, progress=progress)
    if result.problems:
        raise RowsRefusedError(result.problems)
    rows = result.rows
    if skip_duplicates:
        rows = [r for r in rows if r.line not in result.duplicates]
    skipped = len(result.rows) - len(rows)
    if not dry_run:
        try:
            with transaction.atomic():
                _store(actor, m, rows, store_progress)
        except IntegrityError as exc:  # a case number taken meanwhile by an intake
            raise ValidationError(
                _("Case numbers were given meanwhile by another intake: please try again.")
            ) from exc
    return ImportResult(
        persons=len(rows),
        cases=len(rows),
        skipped=skipped,
        flagged=len(result.duplicates) - skipped,
        dry_run=dry_run,
        warnings=result.warnings,
    )


def parse_mapping(pairs: list[str] | str) -> dict[str, str]:
    """ "given_names=Vorname" pairs (or one text, comma or line separated) → a mapping.
    Unknown fields are refused by `map_columns` with the list of fields."""
    items = pairs if isinstance(pairs, list) else pairs.replace("\n", ",").split(",")
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in items)):
        key, sep, column = part.partition("=")
        if not sep or not key.strip():
            raise ValidationError(
                _("%(part)s is not field=column (fields: %(fields)s).")
                % {"part": part, "fields": ", ".join(c.key for c in COLUMNS)}
            )
        mapping[key.strip()] = column.strip()
    return mapping


def summary(result: ImportResult) -> dict[str, Any]:
    return {
        "persons": result.persons,
        "cases": result.cases,
        "skipped": result.skipped,
        "flagged": result.flagged,
        "dry_run": result.dry_run,
        "warnings": result.warnings,
    }
