"""Import of bookings (Ist) from the finance system's CSV export, all or nothing per file.

German formats: amounts "1.234,56" (also "-1.234,56", SAP's trailing minus "1.234,56-",
"1234.56"), dates "31.12.2022" (also "31.12.22", ISO "2022-12-31"), `;` separated (`,` and
tab are recognised), UTF-8 or Windows-1252. The user maps the file's columns to date,
amount, booking id, account and text. A booking goes to the budget line chosen for the
file, else to the one line with its account in the booking's year; otherwise it stays
unassigned (shown in the preview).

Any bad row — unreadable, a booking id seen before (in the file or already imported) —
stops the whole file: the preview lists every bad row with its line number and reason,
and nothing is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ankunft.budget.costs import parse_decimal
from ankunft.budget.models import Booking, BookingUpload, BudgetLine
from ankunft.budget.services import require, tenant_of
from ankunft.core.audit import audit_many
from ankunft.core.models import AuditAction, Municipality, User

FIELDS = {
    "date": gettext_lazy("Date"),
    "amount": gettext_lazy("Amount"),
    "booking_id": gettext_lazy("Booking id"),
    "account": gettext_lazy("Account or cost centre"),
    "text": gettext_lazy("Booking text"),
}
REQUIRED = ("date", "amount", "booking_id")
MAX_BYTES = 20 * 1024 * 1024
STALE_UPLOAD = dt.timedelta(days=1)


class BookingImportError(ValidationError):
    """A file with bad rows; `errors` lists each ("Line 14: …")."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors)
        self.errors = errors


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding of an export: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def read_table(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and rows (with their line numbers) of a CSV text; the separator is guessed."""
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if first else ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    return header, rows


def parse_amount(text: str) -> Decimal:
    """ "1.234,56" → 1234.56; "1.234,56-" and "-1.234,56" → −1234.56. ValueError otherwise."""
    return parse_decimal(text)


def parse_date(text: str) -> dt.date:
    """ "31.12.2022", "31.12.22" or "2022-12-31". ValueError for anything else."""
    value = text.strip()
    for fmt in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError(text)


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
    """What an import would do: the rows, every bad row, and the unassigned count."""

    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unassigned: int = 0
    total: Decimal = Decimal(0)


def check_mapping(header: list[str], mapping: Mapping[str, str]) -> None:
    """The mapping names a column of the file for each required field (else 400)."""
    problems = [
        _("Choose the column for %(field)s.") % {"field": FIELDS[key]}
        for key in REQUIRED
        if not mapping.get(key)
    ]
    for key, column in mapping.items():
        if key not in FIELDS:
            problems.append(_("Unknown field %(field)s.") % {"field": key})
        elif column and column not in header:
            problems.append(_("The file has no column %(column)s.") % {"column": column})
    if problems:
        raise ValidationError(problems)


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


def preview(
    *,
    municipality_id: int,
    text: str,
    mapping: Mapping[str, str],
    budget_line: BudgetLine | None = None,
) -> Preview:
    """Parse and check a whole file against the mapping, storing nothing."""
    header, rows = read_table(text)
    check_mapping(header, mapping)
    index = {key: header.index(col) for key, col in mapping.items() if col}
    lines = {} if budget_line else _line_map(municipality_id)
    result = Preview()
    seen: dict[str, int] = {}
    bad: list[tuple[int, str]] = []

    def cell(row: list[str], key: str) -> str:
        i = index.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""

    for number, row in rows:
        problems = []
        booking_id = cell(row, "booking_id")
        try:
            date = parse_date(cell(row, "date"))
        except ValueError:
            problems.append(_("date %(value)s is not a date") % {"value": cell(row, "date") or "–"})
        try:
            amount = parse_amount(cell(row, "amount"))
        except ValueError:
            problems.append(
                _("amount %(value)s is not a number") % {"value": cell(row, "amount") or "–"}
            )
        if not booking_id:
            problems.append(_("the booking id is missing"))
        elif booking_id in seen:
            problems.append(
                _("booking id %(id)s already in line %(line)d")
                % {"id": booking_id, "line": seen[booking_id]}
            )
        elif len(booking_id) > 64:  # noqa: PLR2004
            problems.append(_("the booking id is longer than 64 characters"))
        seen.setdefault(booking_id, number)
        if problems:
            bad.append((number, "; ".join(problems)))
            continue
        account = cell(row, "account")[:40]
        line_id = budget_line.pk if budget_line else lines.get((account, date.year))
        result.rows.append(
            ParsedRow(number, booking_id, date, amount, account, cell(row, "text")[:500], line_id)
        )
        result.total += amount
        result.unassigned += line_id is None
    ids = [r.booking_id for r in result.rows]
    known: set[str] = set()
    for start in range(0, len(ids), 1000):
        known.update(
            Booking.objects.for_municipality(municipality_id)
            .filter(booking_id__in=ids[start : start + 1000])
            .values_list("booking_id", flat=True)
        )
    bad += [
        (r.line, _("booking id %(id)s was imported before") % {"id": r.booking_id})
        for r in result.rows
        if r.booking_id in known
    ]
    result.errors = [
        _("Line %(n)d: %(reason)s") % {"n": n, "reason": reason} for n, reason in sorted(bad)
    ]
    if not rows:
        result.errors.append(_("The file holds no bookings."))
    return result


@transaction.atomic
def booking_import(
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    text: str,
    mapping: Mapping[str, str],
    budget_line: BudgetLine | None = None,
) -> list[Booking]:
    """Import all rows of a file or none: any bad row raises `BookingImportError`."""
    require(actor, "budget.edit")
    tenant = tenant_of(actor, municipality)
    if budget_line is not None and budget_line.municipality_id != tenant.pk:
        raise ValidationError({"budget_line": _("The record belongs to another municipality.")})
    result = preview(municipality_id=tenant.pk, text=text, mapping=mapping, budget_line=budget_line)
    if result.errors:
        raise BookingImportError(result.errors)
    bookings = [
        Booking(
            municipality=tenant,
            booking_id=r.booking_id,
            date=r.date,
            amount=r.amount,
            account=r.account,
            text=r.text,
            budget_line_id=r.budget_line_id,
        )
        for r in result.rows
    ]
    try:
        with transaction.atomic():
            created = Booking.objects.bulk_create(bookings, batch_size=1000)
    except IntegrityError as exc:  # a parallel import of the same ids won the race
        raise BookingImportError(
            [_("Some booking ids were imported meanwhile: try again.")]
        ) from exc
    audit_many(actor, AuditAction.CREATE, created, fields=["text"])
    return created


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
    if not raw.strip():
        raise ValidationError({"file": _("The file is empty.")})
    if len(raw) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    text, encoding = decode(raw)
    header, _rows = read_table(text)
    if len([h for h in header if h]) < len(REQUIRED):
        raise ValidationError(
            {"file": _("The file needs a header row with at least three columns.")}
        )
    return BookingUpload.objects.create(
        municipality=tenant,
        filename=filename[:200],
        content=text,
        encoding=encoding,
        uploaded_by=actor,
    )


@transaction.atomic
def booking_upload_import(
    *,
    actor: User,
    upload: BookingUpload,
    mapping: Mapping[str, str],
    budget_line: BudgetLine | None,
) -> list[Booking]:
    """Import a staged upload (all or nothing); the upload is removed once imported."""
    require(actor, "budget.edit", upload)
    created = booking_import(
        actor=actor, text=upload.content, mapping=mapping, budget_line=budget_line
    )
    upload.delete()
    return created
