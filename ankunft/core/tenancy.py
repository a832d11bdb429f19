"""Tenancy: every tenant-scoped record belongs to exactly one municipality (Kommune).

All reads of tenant data go through `TenantQuerySet.for_user` (or `for_municipality`), so
the scope lives in one place and is never rebuilt by hand in a view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

if TYPE_CHECKING:
    from ankunft.core.models import User

_M = TypeVar("_M", bound=models.Model)


class TenantQuerySet(models.QuerySet[_M]):
    """A queryset that knows how to narrow itself to one tenant."""

    def for_municipality(self, municipality_id: int | None) -> TenantQuerySet[_M]:
        """Records of one municipality; `None` yields nothing rather than everything."""
        if municipality_id is None:
            return self.none()
        return self.filter(municipality_id=municipality_id)

    def for_user(self, user: User | Any) -> TenantQuerySet[_M]:
        """Records of the user's municipality; anonymous and tenant-less users get none.

        Operators are global for administration but see no tenant records through this
        path: they administer accounts, not the KI's data.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.for_municipality(user.municipality_id)


class TenantManager(models.Manager[_M]):
    def get_queryset(self) -> TenantQuerySet[_M]:
        return TenantQuerySet(self.model, using=self._db)

    def for_municipality(self, municipality_id: int | None) -> TenantQuerySet[_M]:
        return self.get_queryset().for_municipality(municipality_id)

    def for_user(self, user: User | Any) -> TenantQuerySet[_M]:
        return self.get_queryset().for_user(user)


class TenantModel(models.Model):
    """Abstract base of every tenant-scoped model: carries the municipality key.

    The key is the first column of the tables' indexes, so they can later be distributed
    by municipality (Citus-style) without changing the schema.
    """

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+", db_index=True
    )

    objects = TenantManager()

    class Meta:
        abstract = True
