"""Who may do what in the directory: permissions and the scopes of offers, providers and
changes (one rule each, used for lists and for single records alike)."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Q
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


def _own_provider_q(user: Any, field: str) -> Q:
    provider_id = provider_id_of(user)
    return Q(**{field: provider_id}) if provider_id is not None else Q(pk__in=[])


def offer_scope(user: Any, name: str) -> Q:
    """A provider account sees and edits only its own organisation's offers."""
    return _own_provider_q(user, "provider_id") if is_provider(user) else Q()


def provider_scope(user: Any, name: str) -> Q:
    return _own_provider_q(user, "pk") if is_provider(user) else Q()


def change_scope(user: Any, name: str) -> Q:
    """Proposed changes: a provider sees those of its own offers; deciding on changes (and
    seeing them all) is for those who manage the directory."""
    if is_provider(user):
        return _own_provider_q(user, "offer__provider_id")
    return Q() if permissions.has_perm(user, MANAGE) else Q(pk__in=[])


def provider_change_scope(user: Any, name: str) -> Q:
    """Proposed changes of providers' details: the same rule as for offers' changes."""
    if is_provider(user):
        return _own_provider_q(user, "provider_id")
    return Q() if permissions.has_perm(user, MANAGE) else Q(pk__in=[])


def register() -> None:
    from ankunft.directory.models import (  # noqa: PLC0415
        Offer,
        OfferChange,
        Provider,
        ProviderChange,
    )

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
    permissions.register_scope(Offer, offer_scope)
    permissions.register_scope(Provider, provider_scope)
    permissions.register_scope(OfferChange, change_scope)
    permissions.register_scope(ProviderChange, provider_change_scope)
