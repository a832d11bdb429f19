from __future__ import annotations

from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "ankunft.council"
    label = "council"

    def ready(self) -> None:
        # Register this module's permissions and navigation entries here.
        pass
