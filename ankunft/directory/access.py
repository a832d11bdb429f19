"""Who may do what in the directory: permissions, object rules and the provider scope."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from ankunft.core import permissions
from ankunft.core.models import Role

VIEW = "directory.view"
EDIT = "directory.edit"
MANAGE = "directory.manage"
TRANSLATE = "directory.translate"

_MISSING = object()


def provider_id_of(user: Any) -> int | None:
    """The provider a provider account acts for (cached on the user object)."""
    cached = getattr(user, "_directory_provider_id", _MISSING)
    if cached is not _MISSING:
        return cast("int | None", cached)
    from ankunft.directory.models import ProviderMembership  # noqa: PLC0415

    provider_id = (
        ProviderMembership.objects.filter(user_id=user.pk)
        .values_list("provider_id", flat=True)
        .first()
    )
    user._directory_provider_id = provider_id
    return provider_id


def tenant_id(user: Any) -> int:
    """The user's municipality; tenant permissions imply one, so none is refused."""
    if getattr(user, "municipality_id", None) is None:
        raise PermissionDenied
    return int(user.municipality_id)


def is_provider(user: Any) -> bool:
    return getattr(user, "role", None) == Role.PROVIDER


def _offer_rule(user: Any, name: str, obj: Any) -> bool:
    # A provider account sees and edits only its own organisation's offers.
    if is_provider(user):
        return obj.provider_id is not None and obj.provider_id == provider_id_of(user)
    return True


def _provider_rule(user: Any, name: str, obj: Any) -> bool:
    if is_provider(user):
        return bool(obj.pk == provider_id_of(user))
    return True


def _change_rule(user: Any, name: str, obj: Any) -> bool:
    if is_provider(user):
        return bool(obj.offer.provider_id == provider_id_of(user))
    return True


def register() -> None:
    from ankunft.directory.models import Offer, OfferChange, Provider  # noqa: PLC0415

    permissions.register(
        VIEW,
        {Role.CASE_WORKER, Role.TEAM_LEAD, Role.HEAD_OF_KI, Role.PROVIDER},
        _("See the directory's offers, also drafts (providers: their own)"),
    )
    permissions.register(
        EDIT,
        {Role.TEAM_LEAD, Role.HEAD_OF_KI, Role.PROVIDER},
        _("Create and edit offers (providers: their own; changes may need review)"),
    )
    permissions.register(
        MANAGE,
        {Role.TEAM_LEAD, Role.HEAD_OF_KI},
        _("Manage all offers and providers, review changes, directory settings"),
    )
    permissions.register(
        TRANSLATE,
        {Role.CASE_WORKER, Role.TEAM_LEAD, Role.HEAD_OF_KI},
        _("Translate offers; see the translation queue"),
    )
    permissions.register_object_rule(Offer, _offer_rule)
    permissions.register_object_rule(Provider, _provider_rule)
    permissions.register_object_rule(OfferChange, _change_rule)
