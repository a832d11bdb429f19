"""API of the council module."""

from ninja import Router

router = Router(tags=["council"])
