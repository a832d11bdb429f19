"""`ankunft worker`: the background worker (django-tasks' database worker) that builds the
reports people request. `make demo` starts one beside the server."""

from __future__ import annotations

import signal
from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks_db.management.commands import db_worker

_SIGNALS = [
    signal.SIGINT,
    signal.SIGTERM,
    *([signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else []),
]


class Command(db_worker.Command):
    help = gettext_noop(
        "Run the background worker that builds the requested reports. It runs until stopped "
        "(Ctrl+C finishes the current task first); --batch builds what is waiting and ends."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        texts = {
            "queue_name": _("the queues to work on, separated by commas; * for all"),
            "exclude_queues": _("queues to leave out (with --queue-name=*)"),
            "interval": _("seconds to wait before looking for new tasks again (default: 1)"),
            "batch": _("build everything that is waiting, then end"),
            "reload": _("restart when the code changes (for developers; default: off)"),
            "backend_name": _("the task backend to work for (default: default)"),
            "startup_delay": _("start at once (without the short random delay)"),
            "max_tasks": _("end after this many tasks"),
            "worker_id": _("the worker's name, unique among the workers (default: random)"),
        }
        for action in parser._actions:
            if action.dest in texts:
                action.help = texts[action.dest]
            if action.dest == "reload":
                # Off unless asked: the reloader's child would outlive a stopped parent.
                action.default = False

    def handle(self, *args: Any, **options: Any) -> None:
        # The worker installs its own signal handlers; give the caller's back when it ends
        # (`--batch` in a test or a script goes on running after it).
        previous = {s: signal.getsignal(s) for s in _SIGNALS}
        try:
            super().handle(*args, **options)
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
