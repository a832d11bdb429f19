"""Model fields of the core.

`EncryptedTextField` keeps special-category data (GDPR Art. 9) encrypted at rest: see
`ankunft.core.crypto`.
"""

from __future__ import annotations

from django.db import models


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored encrypted (AES-GCM); placeholder until the crypto layer lands."""
