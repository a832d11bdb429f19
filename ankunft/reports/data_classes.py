"""Data classes of the reports models (see `ankunft.core.classification`).

A report holds aggregates only: every figure about people was suppressed below the
threshold before it was stored (`reports.disclosure`). Who requested and published it are
staff accounts, as everywhere in the audit trail.
"""

from __future__ import annotations

from ankunft.core.classification import DataClass

N = DataClass.NOT_PERSONAL
P = DataClass.PERSONAL

FIELDS = {
    "Report": {
        "municipality": N,
        "decision": N,
        "year": N,
        "threshold": N,
        "language": N,
        "title": N,
        "status": N,
        "progress": N,
        "stage": N,
        "error": N,
        "task_id": N,
        "as_of": N,
        "data_version": N,
        "content": N,
        "pdf": N,
        "created_by": P,
        "created_at": N,
        "finished_at": N,
        "public_id": N,
        "publish_when_done": N,
        "published_at": N,
        "published_by": P,
    },
}
