from __future__ import annotations

from ankunft.core.classification import DataClass

_DOSSIER = {
    "municipality": DataClass.NOT_PERSONAL,
    "reference": DataClass.NOT_PERSONAL,
    "full_name": DataClass.PERSONAL,
    "religion": DataClass.SPECIAL,
}
FIELDS = {
    "Dossier": _DOSSIER,
    "SealedDossier": _DOSSIER,
    "HealthNote": {
        "municipality": DataClass.NOT_PERSONAL,
        "label": DataClass.NOT_PERSONAL,
        "diagnosis": DataClass.SPECIAL,
        "remarks": DataClass.SPECIAL,
    },
}
