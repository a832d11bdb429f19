from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "ankunft.directory"
    label = "directory"

    def ready(self) -> None:
        # Register this module's permissions and navigation entries here.
        pass
