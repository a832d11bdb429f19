"""API of the measures module."""

from ninja import Router

router = Router(tags=["measures"])
