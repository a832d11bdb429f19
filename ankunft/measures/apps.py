from __future__ import annotations

from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "ankunft.measures"
    label = "measures"

    def ready(self) -> None:
        # Register this module's permissions and navigation entries here.
        pass
