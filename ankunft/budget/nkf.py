"""NKF (Neues Kommunales Finanzmanagement, NRW): product codes and the lines of the
Teilergebnisplan.

Product codes have six digits: product area (Produktbereich, 2 digits: 01 Innere
Verwaltung … 05 Soziale Leistungen … 16 Allgemeine Finanzwirtschaft), product group (4)
and product (6), e.g. 05 → 0501 → 050101.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

product_code_validator = RegexValidator(
    r"^\d{6}$", _("An NKF product code has six digits (area, group, product: 050101).")
)


class PlanLine(models.TextChoices):
    """Lines of the NKF Teilergebnisplan (NRW); the sums (10, 17, 18, 21) are left out."""

    TAXES = "01", _("01 Taxes and similar levies")
    GRANTS = "02", _("02 Grants and general levies")
    TRANSFER_INCOME = "03", _("03 Other transfer income")
    PUBLIC_FEES = "04", _("04 Public-law service fees")
    PRIVATE_FEES = "05", _("05 Private-law service fees")
    REIMBURSEMENTS = "06", _("06 Reimbursements and cost allocations")
    OTHER_INCOME = "07", _("07 Other ordinary income")
    PERSONNEL = "11", _("11 Personnel expenses")
    PENSIONS = "12", _("12 Pension expenses")
    MATERIAL = "13", _("13 Goods and services")
    DEPRECIATION = "14", _("14 Depreciation")
    TRANSFER = "15", _("15 Transfer expenses")
    OTHER_EXPENSES = "16", _("16 Other ordinary expenses")
    FINANCIAL_INCOME = "19", _("19 Financial income")
    INTEREST = "20", _("20 Interest and other financial expenses")
