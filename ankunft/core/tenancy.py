"""Tenancy: every tenant-scoped record belongs to exactly one municipality (Kommune).

All reads of tenant data go through `TenantQuerySet.for_user` (or `for_municipality`), so
the scope lives in one place and is never rebuilt by hand in a view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models.fields.related_descriptors import (
    ManyToManyDescriptor,
    create_forward_many_to_many_manager,
)
from django.utils.functional import cached_property

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


class TenantLinkModel(TenantModel):
    """Abstract base of the explicit through model of a many-to-many between tenant records.

    The link row carries the municipality key too, so a link table can be distributed by
    municipality like the records it joins. `add()`/`set()`/`create()` on the relation fill
    the key from the record they are called on (see `install_tenant_link_managers`).
    """

    class Meta:
        abstract = True


def _tenant_link_manager(base: type[Any]) -> type[Any]:
    class TenantLinkManager(base):  # type: ignore[misc]
        def _refuse_foreign(self, objs: Any) -> None:
            municipality_id = self.instance.municipality_id
            ids = [obj for obj in objs if not isinstance(obj, models.Model)]
            foreign = [
                obj
                for obj in objs
                if isinstance(obj, models.Model)
                and getattr(obj, "municipality_id", None) != municipality_id
            ]
            if ids:  # plain ids: look them up, they may belong to another municipality
                foreign += list(
                    self.model._default_manager.filter(pk__in=ids).exclude(
                        municipality_id=municipality_id
                    )
                )
            if foreign:
                raise ValueError(
                    f"Cannot link {foreign[0]!r} of another municipality to {self.instance!r}."
                )

        def add(self, *objs: Any, through_defaults: dict[str, Any] | None = None) -> None:
            self._refuse_foreign(objs)
            super().add(*objs, through_defaults=through_defaults)

        def set(self, objs: Any, **kwargs: Any) -> None:
            # Checked before Django's set() opens its transaction (savepoint=False there).
            objs = tuple(objs)
            self._refuse_foreign(objs)
            super().set(objs, **kwargs)

        def _add_items(
            self,
            source_field_name: str,
            target_field_name: str,
            *objs: Any,
            through_defaults: dict[str, Any] | None = None,
        ) -> None:
            defaults = {
                "municipality_id": self.instance.municipality_id,
                **(through_defaults or {}),
            }
            super()._add_items(
                source_field_name, target_field_name, *objs, through_defaults=defaults
            )

    return TenantLinkManager


class _TenantLinkDescriptor(ManyToManyDescriptor[Any]):
    @cached_property
    def related_manager_cls(self) -> type[Any]:
        related_model = self.rel.related_model if self.reverse else self.rel.model
        base = create_forward_many_to_many_manager(
            related_model._default_manager.__class__, self.rel, reverse=self.reverse
        )
        return _tenant_link_manager(base)


def install_tenant_link_managers() -> None:
    """Let both sides of every tenant many-to-many fill the link's municipality key.

    Called once from the core app's `ready()`, when every model is loaded.
    """
    from django.apps import apps  # noqa: PLC0415

    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not isinstance(through, type) or not issubclass(through, TenantLinkModel):
                continue
            setattr(model, field.name, _TenantLinkDescriptor(field.remote_field, reverse=False))
            accessor = field.remote_field.accessor_name
            if accessor and not field.remote_field.hidden:
                related = field.related_model
                setattr(related, accessor, _TenantLinkDescriptor(field.remote_field, reverse=True))
