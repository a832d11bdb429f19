"""A test-only model with all three data classes, to exercise field-level access."""

from __future__ import annotations

from django.db import models

from ankunft.core.fields import EncryptedTextField
from ankunft.core.tenancy import TenantModel


class Dossier(TenantModel):
    reference = models.CharField(max_length=20)
    full_name = models.CharField(max_length=100)
    religion = models.CharField(max_length=50, blank=True)

    class Meta:
        app_label = "testapp"

    def __str__(self) -> str:
        return self.reference


class SealedDossier(Dossier):
    """A proxy (subclass) of Dossier: a scope of Dossier must apply to it too."""

    class Meta:
        app_label = "testapp"
        proxy = True


class HealthNote(TenantModel):
    """Special-category text stored encrypted (tests/core/test_crypto.py): two encrypted
    columns, to show that a value copied from one to the other does not decrypt."""

    label = models.CharField(max_length=40, blank=True)
    diagnosis = EncryptedTextField(blank=True)
    remarks = EncryptedTextField(blank=True, null=True)

    class Meta:
        app_label = "testapp"

    def __str__(self) -> str:
        return self.label
