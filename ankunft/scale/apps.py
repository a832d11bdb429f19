from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleConfig(AppConfig):
    """Synthetic data at scale (`ankunft generate`) and its benchmark (`ankunft bench scale`).
    No models, no pages: it writes the other modules' tables."""

    name = "ankunft.scale"
    label = "scale"
    verbose_name = _("Synthetic data at scale")
