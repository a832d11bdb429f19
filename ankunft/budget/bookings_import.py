"""Import of bookings (Ist) from the finance system's export, all or nothing per file.

The file is read by the core's tabular import: CSV (`;`, `,` or tab; UTF-8 or
Windows-1252) or an Excel workbook, at most 20 MB and 100,000 rows — the same on page, API
and CLI. German formats: amounts "1.234,56" (also "-1.234,56", SAP's trailing minus
"1.234,56-", "1234.56"), dates "31.12.2022" (also "31.12.22", ISO "2022-12-31"). The
columns are found by their usual German and English names or mapped by the person.

A booking goes to the budget line chosen for the file, else to the one line with its
account in the booking's year. A booking without a line is refused unless the person
confirms that bookings without a line may be imported (`allow_unassigned`).

Any bad row — unreadable, a booking id seen before (in the file or already imported),
no budget line — stops the whole file: the dry run lists every bad row with its row
number, column, value and reason, and nothing is stored. An import is one
`BookingImport`: one audit entry, and it can be undone as a whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ankunft.budget.models import Booking, BookingImport, BookingUpload, BudgetLine
from ankunft.budget.services import require, tenant_of
from ankunft.core.audit import audit, current_context
from ankunft.core.models import AuditAction, Municipality, User
from ankunft.core.parsing import parse_amount, parse_date
from ankunft.core.tabular import (
    Column,
    Limits,
    Progress,
    Row,
    RowProblem,
    RowsRefusedError,
    Table,
    TableError,
    check_rows,
    guess_columns,
    map_columns,
    read_table,
    read_text_table,
)

COLUMNS = (
    Column(
        "date",
        gettext_lazy("Date"),
        ("Buchungsdatum", "Datum", "Belegdatum", "date", "booking date"),
    ),
    Column("amount", gettext_lazy("Amount"), ("Betrag", "Betrag EUR", "Wert", "amount")),
    Column(
        "booking_id",
        gettext_lazy("Booking id"),
        ("Belegnummer", "Buchungsnummer", "Beleg-Nr.", "Belegnr", "booking id", "id"),
    ),
    Column(
        "account",
        gettext_lazy("Account or cost centre"),
        ("Sachkonto", "Konto", "Kostenstelle", "account", "cost centre"),
        required=False,
    ),
    Column(
        "text",
        gettext_lazy("Booking text"),
        ("Buchungstext", "Text", "Verwendungszweck", "description"),
        required=False,
    ),
)
FIELDS = {c.key: c.label for c in COLUMNS}
REQUIRED = tuple(c.key for c in COLUMNS if c.required)
LIMITS = Limits(max_bytes=20 * 1024 * 1024, max_rows=100_000)
STALE_UPLOAD = dt.timedelta(days=1)
_MAX_AMOUNT = Decimal("1e12")
AUDIT_FIELDS = ["booking_id", "date", "amount", "account", "text", "budget_line"]


@dataclass(frozen=True)
class ParsedRow:
    line: int
    booking_id: str
    date: dt.date
    amount: Decimal
    account: str
    text: str
    budget_line_id: int | None


@dataclass
class Preview:
    """What an import would do: the rows, every refused row, and the unassigned count."""

    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # problems of the file as a whole
    unassigned: int = 0
    total: Decimal = Decimal(0)

    @property
    def errors(self) -> list[str]:
        return [*self.messages, *(str(p) for p in self.problems)]


def as_table(source: bytes | str | Table) -> Table:
    """The table of an export given as bytes (a file), text (CSV) or an already read table."""
    if isinstance(source, Table):
        return source
    if isinstance(source, str):
        return read_text_table(source, limits=LIMITS)
    return read_table(source, limits=LIMITS)


def _line_map(municipality_id: int) -> dict[tuple[str, int], int | None]:
    """(account, year) → the one line with that account; None when several share it."""
    result: dict[tuple[str, int], int | None] = {}
    for pk, account, year in (
        BudgetLine.objects.for_municipality(municipality_id)
        .exclude(account="")
        .values_list("pk", "account", "year")
    ):
        key = (account.strip(), year)
        result[key] = None if key in result else pk
    return result


class _RowReader:
    """Parses one row after the other, remembering booking ids seen in the file."""

    def __init__(
        self,
        lines: dict[tuple[str, int], int | None],
        budget_line: BudgetLine | None,
        allow_unassigned: bool,
    ) -> None:
        self.lines = lines
        self.budget_line = budget_line
        self.allow_unassigned = allow_unassigned
        self.seen: dict[str, int] = {}

    def _line_for(self, row: Row, account: str, date: dt.date | None) -> int | None:
        if self.budget_line is not None:
            return self.budget_line.pk
        if date is None:
            return None
        key = (account, date.year)
        line_id = self.lines.get(key)
        if line_id is None and not self.allow_unassigned:
            if not account:
                reason = _("no account, so no budget line: choose a budget line for the file")
            elif key in self.lines:
                reason = _(
                    "several budget lines of %(year)s have this account: choose one for the file"
                ) % {"year": date.year}
            else:
                reason = _("no budget line of %(year)s has this account") % {"year": date.year}
            row.refuse("account", reason, value=account)
        return line_id

    def __call__(self, row: Row) -> ParsedRow | None:
        date = amount = None
        raw_date, raw_amount, booking_id = row.get("date"), row.get("amount"), row.get("booking_id")
        try:
            date = parse_date(raw_date)
        except ValueError:
            row.refuse(
                "date",
                _("not a date (write 31.12.2022 or 2022-12-31)")
                if raw_date
                else _("the date is missing"),
            )
        try:
            amount = parse_amount(raw_amount)
            if abs(amount) >= _MAX_AMOUNT:
                row.refuse("amount", _("more than a trillion euros: surely a typo"))
        except ValueError:
            row.refuse(
                "amount",
                _("not an amount in euros (write 1.234,56)")
                if raw_amount
                else _("the amount is missing"),
            )
        if not booking_id:
            row.refuse("booking_id", _("the booking id is missing"))
        elif booking_id in self.seen:
            row.refuse(
                "booking_id",
                _("the same booking id as row %(row)s") % {"row": self.seen[booking_id]},
            )
        elif len(booking_id) > 64:  # noqa: PLR2004 - the field's length
            row.refuse("booking_id", _("longer than 64 characters"))
        else:
            self.seen[booking_id] = row.number
        account = row.get("account")[:40]
        line_id = self._line_for(row, account, date)
        if date is None or amount is None or row.problems:
            return None
        return ParsedRow(
            row.number, booking_id, date, amount, account, row.get("text")[:500], line_id
        )


def _column_problem(exc: TableError) -> Preview:
    return Preview(messages=list(exc.messages))


def preview(
    *,
    municipality_id: int,
    source: bytes | str | Table,
    mapping: Mapping[str, str] | None = None,
    budget_line: BudgetLine | None = None,
    allow_unassigned: bool = False,
    guess: bool = True,
    progress: Progress | None = None,
) -> Preview:
    """The dry run: read and check the whole file against the mapping, storing nothing.

    Raises `TableError` when the file or its columns cannot be used at all.
    """
    table = as_table(source)
    columns = map_columns(table.header, COLUMNS, mapping, guess=guess)
    reader = _RowReader(
        {} if budget_line else _line_map(municipality_id), budget_line, allow_unassigned
    )
    checked = check_rows(table, columns, reader, progress=progress)
    result = Preview(rows=checked.rows, problems=checked.problems)
    known: set[str] = set()
    ids = [r.booking_id for r in result.rows]
    for start in range(0, len(ids), 1000):
        known.update(
            Booking.objects.for_municipality(municipality_id)
            .filter(booking_id__in=ids[start : start + 1000])
            .values_list("booking_id", flat=True)
        )
    id_column = table.header[columns["booking_id"]]
    result.problems += [
        RowProblem(r.line, id_column, r.booking_id, _("imported before"))
        for r in result.rows
        if r.booking_id in known
    ]
    result.problems.sort()
    for row in result.rows:
        result.total += row.amount
        result.unassigned += row.budget_line_id is None
    return result


@transaction.atomic
def booking_import(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    source: bytes | str | Table,
    mapping: Mapping[str, str] | None = None,
    budget_line: BudgetLine | None = None,
    allow_unassigned: bool = False,
    filename: str = "",
    guess: bool = True,
    progress: Progress | None = None,
) -> BookingImport:
    """Import all rows of a file or none, as one `BookingImport`.

    Raises `TableError` for a file that is no table or lacks columns, and
    `RowsRefusedError` listing every bad row; then nothing is stored.
    """
    require(actor, "budget.edit")
    tenant = tenant_of(actor, municipality)
    if budget_line is not None and budget_line.municipality_id != tenant.pk:
        raise ValidationError({"budget_line": _("The record belongs to another municipality.")})
    result = preview(
        municipality_id=tenant.pk,
        source=source,
        mapping=mapping,
        budget_line=budget_line,
        allow_unassigned=allow_unassigned,
        guess=guess,
        progress=progress,
    )
    if result.problems:
        raise RowsRefusedError(result.problems)
    record = BookingImport.objects.create(
        municipality=tenant,
        filename=filename[:200],
        interface=current_context().interface,
        imported_by=actor,
        rows=len(result.rows),
        total=result.total,
        unassigned=result.unassigned,
    )
    bookings = [
        Booking(
            municipality=tenant,
            booking_id=r.booking_id,
            date=r.date,
            amount=r.amount,
            account=r.account,
            text=r.text,
            budget_line_id=r.budget_line_id,
            batch=record,
        )
        for r in result.rows
    ]
    try:
        with transaction.atomic():
            Booking.objects.bulk_create(bookings, batch_size=1000)
    except IntegrityError as exc:  # a parallel import of the same ids won the race
        raise ValidationError(_("Some booking ids were imported meanwhile: try again.")) from exc
    # One entry for the import, naming what every booking of it holds (issue: one per
    # booking wrote 670,000 entries for two large imports).
    audit(actor, AuditAction.CREATE, record, fields=AUDIT_FIELDS)
    return record


@transaction.atomic
def booking_import_undo(*, actor: User | None, record: BookingImport) -> int:
    """Remove every booking of an import; the import stays listed as undone. Returns how
    many bookings were removed."""
    require(actor, "budget.edit", record)
    locked = BookingImport.objects.select_for_update().get(pk=record.pk)
    if locked.undone_at is not None:
        raise ValidationError(_("This import has been undone already."))
    removed, _by_model = Booking.objects.filter(batch=locked).delete()
    locked.undone_at = timezone.now()
    locked.undone_by = actor
    locked.save(update_fields=["undone_at", "undone_by"])
    audit(actor, AuditAction.DELETE, locked, fields=AUDIT_FIELDS)
    record.undone_at, record.undone_by = locked.undone_at, locked.undone_by
    return int(removed)


def upload_table(upload: BookingUpload) -> Table:
    """The table kept with a staged upload."""
    try:
        return Table.from_json(upload.content)
    except (ValueError, KeyError, TypeError):
        return read_text_table(upload.content, limits=LIMITS)  # an upload of an older version


def header_guess(header: list[str]) -> dict[str, str]:
    """Field key → the column that looks like it (for the mapping form's initial values)."""
    return guess_columns(header, COLUMNS)


@transaction.atomic
def booking_upload_create(*, actor: User, filename: str, raw: bytes) -> BookingUpload:
    """Keep an uploaded export for the column-mapping step (step 1 of the wizard).

    The file may hold personal data (booking texts), so the actor's abandoned uploads older
    than a day are removed here.
    """
    require(actor, "budget.edit")
    tenant = tenant_of(actor, None)
    BookingUpload.objects.filter(
        uploaded_by=actor, uploaded_at__lt=timezone.now() - STALE_UPLOAD
    ).delete()
    try:
        table = read_table(raw, limits=LIMITS)
    except TableError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if len([h for h in table.header if h]) < len(REQUIRED):
        raise ValidationError(
            {"file": _("The file needs a header row with at least three columns.")}
        )
    return BookingUpload.objects.create(
        municipality=tenant,
        filename=filename[:200],
        content=table.to_json(),
        encoding=table.encoding,
        uploaded_by=actor,
    )


@transaction.atomic
def booking_upload_import(
    *,
    actor: User,
    upload: BookingUpload,
    mapping: Mapping[str, str],
    budget_line: BudgetLine | None,
    allow_unassigned: bool = False,
) -> BookingImport:
    """Import a staged upload (all or nothing); the upload is removed once imported."""
    require(actor, "budget.edit", upload)
    record = booking_import(
        actor=actor,
        source=upload_table(upload),
        mapping=mapping,
        budget_line=budget_line,
        allow_unassigned=allow_unassigned,
        filename=upload.filename,
        guess=False,
    )
    upload.delete()
    return record
