from __future__ import annotations

from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "ankunft.budget"
    label = "budget"

    def ready(self) -> None:
        # Register this module's permissions and navigation entries here.
        pass
