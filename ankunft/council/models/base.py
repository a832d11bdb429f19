"""What every council model with an OParl id shares: the id field, its uniqueness per
municipality, and the timestamps the source gives (`created`, `modified`) — as field
helpers and as the abstract models `OParlStamped` and `OParlRecord` (which adds `deleted`)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ankunft.core.tenancy import TenantModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    _OptionalDateTime = models.DateTimeField[datetime.datetime | None, datetime.datetime | None]

OPARL_ID_LENGTH = 500


def oparl_id_field() -> models.CharField[str, str]:
    return models.CharField(_("OParl id"), max_length=OPARL_ID_LENGTH, blank=True)


def oparl_ref_field(verbose_name: StrOrPromise) -> models.CharField[str, str]:
    """The OParl id of a referenced object that is not (yet) in the database."""
    return models.CharField(verbose_name, max_length=OPARL_ID_LENGTH, blank=True)


def unique_oparl_id(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["municipality", "oparl_id"], condition=~Q(oparl_id=""), name=name
    )


def created_field() -> _OptionalDateTime:
    return models.DateTimeField(_("created (OParl)"), null=True, blank=True)


def modified_field() -> _OptionalDateTime:
    return models.DateTimeField(_("modified (OParl)"), null=True, blank=True)


class OParlStamped(TenantModel):
    """A record of a municipality that may come from OParl: its id there, its timestamps."""

    oparl_id = oparl_id_field()
    modified = modified_field()
    created = created_field()

    class Meta:
        abstract = True


class OParlRecord(OParlStamped):
    """An OParl record the source can mark `deleted: true` (kept here, flagged)."""

    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        abstract = True
