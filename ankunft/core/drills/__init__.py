"""Fault drills and the soak of issue 12: each starts what it needs (a gunicorn, a private
PostgreSQL cluster, an import in a subprocess, a tiny filesystem), breaks it on purpose,
checks what the app did, cleans up and stops by itself, printing its figures.

Commands: `ankunft drill pg-restart | kill-import | disk-full`, `ankunft soak`.
The figures of the last runs are in docs/reliability.md ("## Drills", "## Soak").

The drills start the app as separate processes (`ankunft …`), so that a SIGKILL or a
database restart hits a real process, never the one that checks the outcome.
"""
