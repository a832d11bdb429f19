"""API of the case module's appointments (mounted by `ankunft.cases.api`)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

from ninja import Router

router = Router(tags=["cases"])
