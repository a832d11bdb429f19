"""Data classes of the budget models (see `ankunft.core.classification`).

Money, positions and the cost table are not personal. Staff members are: their names and
personnel numbers, and which person holds which position (`Assignment.staff_member`).
Booking texts come as free text from the finance system and may name a payee, so they
count as personal too.
"""

from __future__ import annotations

from ankunft.core.classification import DataClass

N = DataClass.NOT_PERSONAL
P = DataClass.PERSONAL

FIELDS = {
    "BudgetLine": {
        "municipality": N,
        "year": N,
        "amount": N,
        "purpose": N,
        "product_code": N,
        "plan_line": N,
        "account": N,
        "cost_basis": N,
        "decision": N,
        "allocation": N,
        "cover_text": N,
        "cover_plan_line": N,
        "cover_product_code": N,
        "cover_amount": N,
    },
    "CostRate": {
        "municipality": N,
        "year": N,
        "pay_grade": N,
        "personnel_cost_eur": N,
        "full_cost_eur": N,
        "hourly_rate_eur": N,
        "source": N,
        "status": N,
    },
    "BudgetSettings": {"municipality": N, "caseload_per_fte": N},
    "Position": {
        "municipality": N,
        "title": N,
        "pay_grade": N,
        "fte": N,
        "start": N,
        "end": N,
        "status": N,
        "notes": N,
        "version": N,
    },
    "PositionFunding": {
        "municipality": N,
        "position": N,
        "kind": N,
        "budget_line": N,
        "programme": N,
        "year": N,
        "share_percent": N,
        "amount_per_fte_year": N,
        "fixed_amount_per_year": N,
    },
    "StaffMember": {"municipality": N, "name": P, "personnel_number": P},
    "Assignment": {
        "municipality": N,
        "position": N,
        "staff_member": P,
        "start": N,
        "end": N,
        "fte": N,
    },
    "BudgetLineChange": {
        "municipality": N,
        "line": N,
        "decision": N,
        "action": N,
        "old_amount": N,
        "new_amount": N,
        "changed_by": P,
        "changed_at": N,
    },
    "PositionChange": {
        "municipality": N,
        "position": N,
        "date": N,
        "from_status": N,
        "to_status": N,
        "note": N,
        "changed_by": P,
        "changed_at": N,
    },
    "Booking": {
        "municipality": N,
        "booking_id": N,
        "date": N,
        "amount": N,
        "account": N,
        "text": P,
        "budget_line": N,
        "imported_at": N,
        "batch": N,
    },
    "BookingImport": {
        "municipality": N,
        "filename": N,
        "interface": N,
        "imported_by": P,
        "imported_at": N,
        "rows": N,
        "total": N,
        "unassigned": N,
        "undone_at": N,
        "undone_by": P,
    },
    "BookingUpload": {
        "municipality": N,
        "filename": N,
        "content": P,
        "encoding": N,
        "uploaded_by": P,
        "uploaded_at": N,
    },
}
