"""Writes of case management. Every write is permission-checked and audited.

`actor=None` is the system (demo data, imports run by an operator on the server): it then
needs the `municipality`, and the audit entry names the context's actor (`SYSTEM`).
"""

from __future__ import annotations

from ankunft.measures.services import require, same_tenant, tenant_of

__all__ = ["require", "same_tenant", "tenant_of"]
