"""API of the budget module."""

from ninja import Router

router = Router(tags=["budget"])
