#!/usr/bin/env python
"""Django's manage.py; the `ankunft` command is the friendlier front door."""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ankunft.settings")
    if sys.argv[1:2] == ["migrate"]:
        os.environ["ANKUNFT_DB_ROLE"] = "owner"
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from ankunft.core.audit import SYSTEM, access_context
    from ankunft.core.models import Interface

    with access_context(Interface.CLI, path="manage.py", actor=SYSTEM):
        execute_from_command_line(sys.argv)
