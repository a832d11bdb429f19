"""One search interface over the directory, on SQLite (FTS5) and PostgreSQL (FTS + pg_trgm).

Each offer is indexed as one folded document per language it has a text in. A query is
folded the same way, stop words of every content language dropped, German compounds split
against the index vocabulary ("kinderarzt" → "kinder" + "arzt"), and each word widened by
its stem and its synonyms across languages (`understand.py`). Each word is matched on its
own (as word beginnings, or as pieces of title words, so "kurs" finds "Deutschkurs");
offers are ranked by the weighted share of query words they match — words naming a field
of action ("job", "arzt", "school") weigh double, a word found only through the offer's
field counts half — then by relevance. A word that matches nowhere is replaced by the
indexed words one or two typos away. A match in the reader's language counts a little
more. Because every language's document is searched, a German word
finds an offer whose German text has it, also for a reader of Arabic.

The index is written by the services (`index_offers`), never by signals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import translation

from ankunft.core.models import District
from ankunft.directory import vocabulary
from ankunft.directory.models import (
    DirectoryVersion,
    Offer,
    OfferTranslation,
    SearchDocument,
    SearchTerm,
    TagKind,
)
from ankunft.directory.models.choices import tag_label
from ankunft.directory.search import understand
from ankunft.directory.search.backends import Hit, Query, backend, closest
from ankunft.directory.search.understand import STEM_FROM, fields_named
from ankunft.directory.text import MIN_TERM, fold, query_terms
from ankunft.directory.text import vocabulary as words_of

MAX_HITS = 200


@cache
def _label(language: str, kind: str, code: str) -> str:
    with translation.override(language):
        return tag_label(kind, code)


def _documents(offer: Offer) -> list[SearchDocument]:
    """The folded documents of one offer (needs translations, tags, provider, district)."""
    return documents_of(
        offer,
        texts=list(offer.translations.all()),
        tags=[(t.kind, t.code) for t in offer.tags.all()],
        provider_name=offer.provider.name,
        district=offer.district,
    )


def documents_of(
    offer: Offer,
    *,
    texts: list[OfferTranslation],
    tags: list[tuple[str, str]],
    provider_name: str,
    district: District | None,
) -> list[SearchDocument]:
    """One folded document per text: title; labels of the tags in the text's language,
    provider and place as keywords; summary, description and notes as body."""
    tags = [(kind, code) for kind, code in tags if kind != TagKind.LANGUAGE]
    places = [provider_name, offer.city]
    if district is not None:
        places.append(district.name)
        if district.parent is not None:
            places.append(district.parent.name)
    return [
        SearchDocument(
            municipality_id=offer.municipality_id,
            offer_id=offer.pk,
            language=text.language,
            title=fold(text.title)[:400],
            keywords=fold(" ".join([_label(text.language, k, c) for k, c in tags] + places)),
            body=fold(" ".join([text.summary, text.description, text.hours_note])),
        )
        for text in texts
    ]


__all__ = [
    "STEM_FROM",
    "Outcome",
    "bump_version",
    "fields_named",
    "index_offers",
    "remove_offers",
    "search",
    "version_of",
]


def _prefetched(offers: Iterable[Offer]) -> list[Offer]:
    ids = [o.pk for o in offers]
    return list(
        Offer.objects.filter(pk__in=ids)
        .select_related("provider", "district__parent")
        .prefetch_related("translations", "tags")
    )


@transaction.atomic
def index_offers(offers: Iterable[Offer]) -> int:
    """(Re)write the search documents of these offers; returns the number of documents."""
    offers = _prefetched(offers)
    if not offers:
        return 0
    engine = backend()
    old = SearchDocument.objects.filter(offer__in=offers)
    engine.remove([o.pk for o in offers])
    old.delete()
    return write_documents([doc for offer in offers for doc in _documents(offer)])


def write_documents(docs: list[SearchDocument]) -> int:
    """Store new documents, feed the engine's index and the vocabulary."""
    engine = backend()
    created = SearchDocument.objects.bulk_create(docs, batch_size=500)
    engine.add(created)
    terms: dict[int, set[str]] = {}
    for d in created:
        terms.setdefault(d.municipality_id, set()).update(
            words_of(f"{d.title} {d.keywords} {d.body}")
        )
    for municipality_id, words in terms.items():
        bump_version(municipality_id)
        SearchTerm.objects.bulk_create(
            [SearchTerm(municipality_id=municipality_id, term=w) for w in sorted(words)],
            batch_size=1000,
            ignore_conflicts=True,
        )
        vocabulary.forget(municipality_id)
    return len(created)


@transaction.atomic
def remove_offers(offer_ids: list[int]) -> None:
    for municipality_id in set(
        Offer.objects.filter(pk__in=offer_ids).values_list("municipality_id", flat=True)
    ):
        bump_version(municipality_id)
    backend().remove(offer_ids)
    SearchDocument.objects.filter(offer_id__in=offer_ids).delete()


def bump_version(municipality_id: int) -> None:
    """Invalidate the municipality's cached result pages (in every process): called by the
    services on each write to offers or providers, inside their transaction."""
    DirectoryVersion.objects.bulk_create(
        [DirectoryVersion(municipality_id=municipality_id)], ignore_conflicts=True
    )
    DirectoryVersion.objects.filter(municipality_id=municipality_id).update(number=F("number") + 1)


def version_of(municipality_id: int) -> int:
    """The municipality's directory version (0 before the first write)."""
    number = (
        DirectoryVersion.objects.filter(municipality_id=municipality_id)
        .values_list("number", flat=True)
        .first()
    )
    return int(number or 0)


def rebuild_engine_index() -> None:
    """Rebuild the engine's own index from the documents (after bulk loads)."""
    backend().rebuild()


def offer_conditions(offers: QuerySet[Offer]) -> tuple[str, tuple[Any, ...]]:
    """The WHERE clause of an offer queryset, to apply to `directory_offer` in raw SQL.

    Offers are filtered without joins (tags, hours and exceptions are EXISTS subqueries
    on "directory_offer"."id"), so the clause stands on its own; anything else falls back
    to an IN subquery.
    """
    query = offers.query
    used = [alias for alias, count in query.alias_refcount.items() if count]
    if used == [Offer._meta.db_table] and not query.where.contains_aggregate:
        compiler = query.get_compiler(using=offers.db)
        sql, params = compiler.compile(query.where)
        if sql:
            return sql, tuple(params)
    sql, params = offers.order_by().values("id").query.sql_with_params()
    return f"directory_offer.id IN ({sql})", tuple(params)


@dataclass
class Outcome:
    """What a search found, and how: the words used and the typo corrections made."""

    hits: list[Hit]
    terms: list[str]
    corrections: dict[str, list[str]] = field(default_factory=dict)
    all_words: bool = True

    @property
    def scores(self) -> dict[int, float]:
        return {h.offer_id: h.score for h in self.hits}


def search(
    *,
    municipality_id: int,
    query: str,
    reader_language: str,
    offers: QuerySet[Offer],
    limit: int = MAX_HITS,
) -> Outcome:
    """Offers of `offers` that match `query`, best first (at most `limit`)."""
    terms = query_terms(query, short=understand.short_words())
    if not terms:
        return Outcome(hits=[], terms=[])
    engine = backend()
    offers_sql = offer_conditions(offers)
    # Only a word that could be a compound needs the index vocabulary (one query).
    known = (
        vocabulary.vocabulary_for(municipality_id).known()
        if any(understand.may_be_compound(t) for t in terms)
        else None
    )
    words = understand.analyse(terms, known)
    if not words:
        return Outcome(hits=[], terms=terms)

    def run(groups: list[list[str]]) -> list[Hit]:
        return engine.match(
            municipality_id=municipality_id,
            query=Query(
                groups=groups,
                reader_language=reader_language,
                fields=[w.fields for w in words],
                weights=[w.weight for w in words],
            ),
            offers_sql=offers_sql,
            limit=limit,
        )

    outcome = Outcome(hits=run([w.variants for w in words]), terms=[w.term for w in words])
    # Words that matched none of the hits: if they occur nowhere, try their near spellings.
    matched = 0
    for hit in outcome.hits:
        matched |= hit.matched
    corrected = list(words)
    for g, word in enumerate(words):
        if (
            matched & (1 << g)
            or len(word.term) < MIN_TERM
            or engine.term_exists(municipality_id, word.term)
        ):
            continue
        similar = engine.similar_terms(municipality_id, word.term) or closest(
            word.term, sorted(set().union(*understand.field_words().values()))
        )
        if similar:
            outcome.corrections[word.term] = similar
            corrected[g] = understand.word(word.term, similar)
    if outcome.corrections:
        words = corrected
        outcome.hits = run([w.variants for w in words])
    full = (1 << len(words)) - 1
    outcome.all_words = bool(outcome.hits) and outcome.hits[0].matched == full
    return outcome
