"""API of the directory module."""

from ninja import Router

router = Router(tags=["directory"])
