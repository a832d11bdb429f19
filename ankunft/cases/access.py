"""Who may do what with case data: the module's permissions and scopes."""

from __future__ import annotations


def register_all() -> None:
    """Declare the module's permissions and scopes (from `CasesConfig.ready`)."""
