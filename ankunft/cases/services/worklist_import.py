"""Import of existing case lists (Excel or CSV): persons, their open cases, all or nothing.

The file is read by the core's tabular import (CSV or XLSX, at most 30 MB and 100,000 rows
on page and command line alike). The columns are found by their usual German or English
names or mapped by the person (`field=Column`). Every bad row is named with its number and
reason and nothing is stored; rows that likely describe a person who is already recorded
are warnings (imported and flagged, or left out with `skip_duplicates`).

Storing is in bulk (`bulk_rows`): ids from the tables' sequences, then persons, their
blocking keys, cases (numbers given in one go), the "opened" events, legal-domain periods
and one audit entry per created person and case, each with one COPY per batch of 2,000 on
PostgreSQL (one executemany on SQLite), without a model instance per row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from ankunft.cases import access
from ankunft.cases.matching import THRESHOLD, person_score
from ankunft.cases.models import Case, CaseEvent, LegalDomainPeriod, NameKey, Person
from ankunft.cases.services import bulk_rows, require, tenant_of
from ankunft.cases.services.persons import case_settings
from ankunft.cases.services.worklist_columns import COLUMNS, LIMITS, ParsedRow, RowReader
from ankunft.core.audit import audit_rows
from ankunft.core.models import AuditAction, AuditEntry, Municipality, Role, Team, User
from ankunft.core.tabular import (
    Progress,
    RowProblem,
    RowsRefusedError,
    Table,
    check_rows,
    map_columns,
    read_table,
)

__all__ = ["COLUMNS", "LIMITS", "ImportResult", "Preview", "case_import", "import_teams", "preview"]
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


def _workers(municipality_id: int, team_id: int | None = None) -> dict[str, User]:
    """The accounts rows may name, by user name; `team_id`: only that team's."""
    users = User.objects.filter(
        municipality_id=municipality_id, role__in=[Role.CASE_WORKER, Role.TEAM_LEAD], is_active=True
    )
    if team_id is not None:
        users = users.filter(team_id=team_id)
    return {u.username.casefold(): u for u in users}


def import_teams(actor: User) -> QuerySet[Team]:
    """The teams `actor` may import into (the page's choice): a team lead's own, else all of
    the municipality's."""
    teams = Team.objects.filter(municipality_id=actor.municipality_id or 0).order_by("name")
    return teams.filter(pk=actor.team_id or 0) if actor.role == Role.TEAM_LEAD else teams


def import_team(actor: User | None, team: Team | None) -> Team | None:
    """The team a file goes to. A team lead imports into their own team only (the rows'
    case workers are then looked up in it too); other roles choose any team or none."""
    if actor is None or actor.role != Role.TEAM_LEAD:
        return team
    own = actor.team
    if own is None:
        raise ValidationError({"team": _("You belong to no team: ask the head of KI to add you.")})
    if team is not None and team.pk != own.pk:
        raise ValidationError({"team": _("A team lead imports into their own team only.")})
    return own


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
    team_only: bool = False,
) -> Preview:
    """Read and check the whole file (storing nothing). Raises `TableError` when the file
    is no table or a column of the mapping does not exist."""
    table = source if isinstance(source, Table) else read_table(source, limits=LIMITS)
    columns = map_columns(table.header, COLUMNS, mapping)
    allowed = case_settings(municipality).residence_statuses
    workers = _workers(municipality.pk, team.pk if team_only and team is not None else None)
    reader = RowReader(municipality, team, workers, allowed)
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
) -> int:
    """Write persons, keys, cases, "opened" events, legal-domain periods and one audit entry
    per person and per case: ids from the sequences first, then one COPY per table and batch
    (executemany on SQLite). The caller's transaction makes it all or nothing."""
    person_actor = actor.pk if actor is not None and actor.is_authenticated else None
    next_no = _numbers(m.pk, Counter(r.opened_on.year for r in rows))
    note = _("imported")
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        person_ids = bulk_rows.next_ids(Person, len(batch))
        case_ids = bulk_rows.next_ids(Case, len(batch))
        persons, cases, events, keys, domains = [], [], [], [], []
        for pid, cid, r in zip(person_ids, case_ids, batch, strict=True):
            persons.append(_person_row(pid, r))
            keys += [{"person_id": pid, "key": k} for k in sorted(r.keys)]
            number = f"{r.opened_on.year}-{next_no[r.opened_on.year]:05d}"
            next_no[r.opened_on.year] += 1
            cases.append(_case_row(cid, pid, r, number))
            events.append({"case_id": cid, "to_value": r.step})
            if r.legal_domain:
                domains.append({"person_id": pid, "domain": r.legal_domain, "start": r.opened_on})
        town = {"municipality_id": m.pk}
        bulk_rows.insert_rows(Person, persons, town)
        _with_ids(NameKey, keys, town)
        bulk_rows.insert_rows(Case, cases, town)
        opened = {"kind": str(CaseEvent.Kind.OPENED), "note": note, "actor_id": person_actor}
        _with_ids(CaseEvent, events, town | opened)
        _with_ids(LegalDomainPeriod, domains, town | {"recorded_by_id": person_actor})
        for object_type, ids, fields in (
            ("cases.person", person_ids, PERSON_AUDIT),
            ("cases.case", case_ids, CASE_AUDIT),
        ):
            common, entries = audit_rows(
                actor, AuditAction.CREATE, object_type, ((pk, m.pk) for pk in ids), fields=fields
            )
            _with_ids(AuditEntry, entries, common)
        if progress is not None:
            progress(start + len(batch), len(rows))
    return len(rows)


def _with_ids(
    model: type[Any], rows: list[dict[str, Any]], common: dict[str, Any] | None = None
) -> None:
    for row, pk in zip(rows, bulk_rows.next_ids(model, len(rows)), strict=True):
        row["id"] = pk
    bulk_rows.insert_rows(model, rows, common)


def _person_row(pk: int, r: ParsedRow) -> dict[str, Any]:
    row = {
        "id": pk, "team_id": r.team.pk, "given_names": r.given_names,
        "family_name": r.family_name, "birth_year": r.year, "birth_month": r.month,
        "birth_day": r.day,
    }  # fmt: skip
    for name, value in r.values.items():
        if isinstance(value, Model):
            row[f"{name}_id"] = value.pk
        else:
            row[name] = value
    return row


def _case_row(pk: int, person: int, r: ParsedRow, number: str) -> dict[str, Any]:
    return {
        "id": pk, "number": number, "person_id": person,
        "team_id": r.team.pk, "worker_id": r.worker.pk if r.worker else None,
        "step": str(r.step), "opened_on": r.opened_on, "last_contact_on": r.opened_on,
    }  # fmt: skip


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
    team = import_team(actor, team)
    lead = actor is not None and actor.role == Role.TEAM_LEAD
    result = preview(
        municipality=m, source=source, mapping=mapping, team=team, progress=progress,
        team_only=lead,
    )  # fmt: skip
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
