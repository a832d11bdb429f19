"""API of the case module: the same selectors and services as the pages (one router per
area, all under /api/cases/)."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

from ninja import Router

from ankunft.cases.api import appointments, persons, privacy, referrals, workflow, worklist

router = Router()
for _area in (worklist, persons, workflow, referrals, appointments, privacy):
    router.add_router("", _area.router)
