"""The search index: one folded document per offer and language, and the vocabulary.

Written only by `directory.search.index_offer` (called from the services, never from
signals). On SQLite an FTS5 table indexes the documents; on PostgreSQL GIN indexes
(tsvector and pg_trgm) do. Both are created in migration 0002.
"""

from __future__ import annotations

from django.db import models

from ankunft.core.tenancy import TenantModel
from ankunft.directory.models.offers import Offer


class SearchDocument(TenantModel):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=400)
    keywords = models.TextField()
    body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "offer", "language"], name="search_document_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}/{self.language}"


class SearchTerm(TenantModel):
    """A word of the index, for correcting typos in queries."""

    term = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "term"], name="search_term_unique")
        ]

    def __str__(self) -> str:
        return self.term


class DirectoryVersion(TenantModel):
    """A counter per municipality, raised by every service that writes offers or providers.

    Cached public result pages carry it in their key. It lives in the database (not in the
    cache) because the cache is per process (local memory): every process reads the same
    number, so a write in one process invalidates the pages cached by all of them.
    """

    number = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="directory_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.number}"
