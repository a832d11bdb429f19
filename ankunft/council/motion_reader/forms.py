"""Money in the structured parts of council papers.

* The Karlsruhe budget-motion form ("Änderungen und neue Mittelanmeldungen") has one
  column per year; an empty cell is a run of five spaces, so the original spacing of
  the lines matters (see ``motion_reader_text.raw_lines``).
* Administration papers carry a "Finanzielle Auswirkungen" box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ankunft.council.motion_reader.amounts import (
    KIND_INVESTMENT,
    KIND_REVENUE,
    KIND_UNSPECIFIED,
    NUMBER,
    YEAR,
    RawAllocation,
    kind_of,
    parse_amount,
    parse_number,
)

# --- the budget-motion form -------------------------------------------------------------

_FORM_START = re.compile(r"Änderungen und neue Mittelanmeldungen")
_FORM_END = re.compile(r"Sperrvermerk|Verpflichtungsermächtigung|Sonstige Änderungen")
_FORM_HEADER = re.compile(rf"^\s*Art\s+((?:(?:{YEAR})\s*)+)")
_FORM_SKIP = re.compile(r"Bitte aus Liste|Stellenschaffung|Erhöhung/Reduzierung", re.I)
_CELL_NUMBER = re.compile(r"^[-–]?\d[\d.]*(?:,\d+)?(?:€|EUR)?$")
_EMPTY_CELL = " " * 5


def _cells(line: str) -> list[str | None]:
    """Split a form row into cells; an empty cell (five spaces) becomes None."""
    cells: list[str | None] = []
    pos = 0
    line = line.rstrip("\n")
    while pos < len(line):
        if line.startswith(_EMPTY_CELL, pos):
            cells.append(None)
            pos += len(_EMPTY_CELL)
            if pos < len(line) and line[pos] == " ":
                pos += 1
            continue
        if line[pos] == " ":
            pos += 1
            continue
        end = line.find(" ", pos)
        end = len(line) if end == -1 else end
        cells.append(line[pos:end])
        pos = end + 1
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _regular_cells(line: str) -> bool:
    """True when ``line`` follows the form's cell grammar (one space apart, 5 per empty cell)."""
    stripped = line.rstrip()
    lead = len(stripped) - len(stripped.lstrip(" "))
    gaps = [len(gap) for gap in re.findall(r"(?<=\S) +(?=\S)", stripped)]
    return lead % 6 == 0 and all((gap - 1) % 6 == 0 for gap in gaps)


def _row_values(lines: list[str]) -> list[Decimal | None]:
    """Values of one form row spread over ``lines``, None for empty cells."""
    values: list[Decimal | None] = []
    for line in lines:
        cells = _cells(line) if _regular_cells(line) else line.split()
        for cell in cells:
            if cell is None:
                values.append(None)
                continue
            token = cell.replace("€", "").replace("EUR", "")
            values.append(parse_number(token) if _CELL_NUMBER.match(cell) else None)
    return values


_TITLE_CUT = re.compile(
    r"Rückstellung|Streichung|Kürzung|Reduzierung|Reduktion|Keine Mittel|Einsparung|Verzicht auf",
    re.IGNORECASE,
)
_FORM_PURPOSE = re.compile(r"Konzeption, Ziele, Maßnahmen, Kennzahlen\s*\n(?P<text>(?:.*\n){1,6})")


def form_allocations(lines: list[str], title: str = "") -> list[RawAllocation] | None:
    """Read the year columns of a budget-motion form, or None when ``lines`` hold no form.

    ``lines`` must keep their original spacing (see ``raw_lines``). A row without a
    label takes its kind from the form's purpose text; positive amounts under a title
    that asks for a cut ("Rückstellung …", "Streichung …") become negative.
    """
    found = _form_cells(lines)
    if found is None:
        return None
    purpose = _FORM_PURPOSE.search("\n".join(lines))
    context = title + " " + (purpose.group("text") if purpose else "")
    cut = bool(_TITLE_CUT.search(title))
    result: list[RawAllocation] = []
    for item in found:
        kind = item.kind if item.label else kind_of(context)
        amount = item.amount_eur
        if cut and amount > 0 and kind != KIND_REVENUE and all(i.amount_eur > 0 for i in found):
            amount = -amount
        result.append(RawAllocation(item.year, amount, False, kind))
    return result


@dataclass(frozen=True)
class _Cell:
    year: int
    amount_eur: Decimal
    kind: str
    label: str


def _form_cells(lines: list[str]) -> list[_Cell] | None:
    """The filled money cells of the form with their year and row label."""
    start = next((i for i, line in enumerate(lines) if _FORM_START.search(line)), None)
    if start is None:
        return None
    years: list[int] = []
    result: list[_Cell] = []
    label = ""
    row: list[str] = []
    in_money_block = False

    def flush() -> None:
        values = _row_values(row)
        for index, value in enumerate(values):
            if value is None or value == 0 or index >= len(years):
                continue
            result.append(_Cell(years[index], value, kind_of(label), label))
        row.clear()

    for line in lines[start + 1 :]:
        if _FORM_END.search(line):
            break
        header = _FORM_HEADER.match(line)
        if header and not years:
            years = _form_years(header.group(1))
            continue
        stripped = line.strip()
        if "Erhöhung/Reduzierung" in line:
            in_money_block = True
            continue
        if not in_money_block or not stripped:
            continue
        label_part, numbers_part = _split_label(line)
        if label_part is not None:
            flush()
            label = "" if _FORM_SKIP.search(label_part) else label_part
        if numbers_part.strip():
            row.append(numbers_part)
    flush()
    return result


def _form_years(header: str) -> list[int]:
    years = [int(y) for y in re.findall(YEAR, header)]
    # A typo in a header ("2026 2027 2028 2029 2023") is read as the next year in line.
    fixed: list[int] = []
    for year in years:
        fixed.append(fixed[-1] + 1 if fixed and year != fixed[-1] + 1 else year)
    return fixed


def _split_label(line: str) -> tuple[str | None, str]:
    """Split a form line into its row label (if any) and the part with the cells."""
    match = re.match(r"^(\s*[A-Za-zÄÖÜäöüß][^\d]*?)(\s+[-–]?\d.*)?$", line.rstrip())
    if match is None:
        return None, line
    label = match.group(1).strip()
    rest = match.group(2) or ""
    return label, rest[1:] if rest.startswith(" ") else rest


# --- the "Finanzielle Auswirkungen" box ----------------------------------------------------

_BOX_YES = re.compile(r"Finanzielle Auswirkungen\s*\n?\s*Ja\s*☒")
_BOX_ANNUAL = re.compile(r"Jährliche/r Budgetbedarf/Folgekosten:[ \t]*([^\n]*)")
_BOX_TOTAL = re.compile(r"Gesamtkosten:[ \t]*([^\n]*)")


_OLD_BOX = re.compile(
    r"Finanzielle\s+Auswirkungen(?P<box>.*?)(?:Haushaltsmittel sind|Finanzierung\b|IQ-relevant)",
    re.DOTALL,
)
_BOX_LINE = re.compile(
    rf"(?:(?P<year>{YEAR})\s*:\s*)?(?P<money>(?:{NUMBER})\s?(?:Mio\.?)?\s?(?:€|Euro|EUR))"
)


def box_allocations(text: str) -> list[RawAllocation] | None:
    """Read the "Finanzielle Auswirkungen" box; None when the paper has no such box.

    The yearly need is a recurring allocation; without it the total cost is a one-off.
    Older boxes lost their check marks in the PDF text; there the labelled amounts
    ("Mehrerträge: 2021: 35.000 Euro") are read as they stand.
    """
    if "Finanzielle Auswirkungen" not in text:
        return None
    if "☒" not in text and "☐" not in text:
        return _old_box(text)
    if not _BOX_YES.search(text):
        return []
    kind = KIND_INVESTMENT if re.search(r"☒\s*Investition", text) else KIND_UNSPECIFIED
    for pattern, recurring in ((_BOX_ANNUAL, True), (_BOX_TOTAL, False)):
        match = pattern.search(text)
        if match is None:
            continue
        amount = parse_amount(match.group(1)) or _bare_number(match.group(1))
        if amount:
            return [RawAllocation(None, amount, recurring, kind)]
    return []


def _bare_number(text: str) -> Decimal | None:
    match = re.search(NUMBER, text)
    return parse_number(match.group(0)) if match else None


def _old_box(text: str) -> list[RawAllocation]:
    match = _OLD_BOX.search(text)
    if match is None:
        return []
    box = match.group("box")
    result: list[RawAllocation] = []
    for line in _BOX_LINE.finditer(box):
        amount = parse_amount(line.group("money"))
        if not amount:
            continue
        before = box[max(0, line.start() - 40) : line.start()]
        kind = KIND_REVENUE if re.search(r"Mehrertr|Einzahlung|Ertr", before) else KIND_UNSPECIFIED
        year = int(line.group("year")) if line.group("year") else None
        result.append(RawAllocation(year, amount, False, kind))
    return result
