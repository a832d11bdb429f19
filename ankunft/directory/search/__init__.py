"""One search interface over the directory, on SQLite (FTS5) and PostgreSQL (FTS + pg_trgm).

Each offer is indexed as one folded document per language it has a text in. A query is
folded the same way; its words must all occur (as word beginnings, or as pieces of title
words, so "kurs" finds "Deutschkurs"). A word that occurs nowhere is replaced by the indexed
words one or two typos away; when all words together find nothing, any word may. Query
words that are search words of a field of action in any content language ("doctor", "طبيب",
"școală") favour that field's offers. Hits are grouped per offer; a match in the reader's
language counts a little more. Because every language's document is searched, a German word
finds an offer whose German text has it, also for a reader of Arabic.

The index is written by the services (`index_offers`), never by signals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation

from ankunft.core.models import District
from ankunft.directory import vocabulary
from ankunft.directory.models import Offer, OfferTranslation, SearchDocument, SearchTerm, TagKind
from ankunft.directory.models.choices import tag_label
from ankunft.directory.search.backends import Hit, Query, backend, closest
from ankunft.directory.synonyms import SYNONYMS
from ankunft.directory.text import fold, query_terms
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


@cache
def _field_words() -> dict[str, frozenset[str]]:
    return {code: frozenset(fold(text).split()) for code, text in SYNONYMS.items()}


def fields_named(term: str) -> set[str]:
    """Fields of action whose search words begin with `term` (or `term` with them)."""
    found = set()
    for code, words in _field_words().items():
        if any(
            w.startswith(term) or (len(w) >= STEM_FROM - 2 and term.startswith(w)) for w in words
        ):
            found.add(code)
    return found


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
        SearchTerm.objects.bulk_create(
            [SearchTerm(municipality_id=municipality_id, term=w) for w in sorted(words)],
            batch_size=1000,
            ignore_conflicts=True,
        )
        vocabulary.forget(municipality_id)
    return len(created)


@transaction.atomic
def remove_offers(offer_ids: list[int]) -> None:
    backend().remove(offer_ids)
    SearchDocument.objects.filter(offer_id__in=offer_ids).delete()


def rebuild_engine_index() -> None:
    """Rebuild the engine's own index from the documents (after bulk loads)."""
    backend().rebuild()


STEM_FROM = 7


def _with_stem(term: str) -> list[str]:
    """The word and, for longer words, the word without its last letter: a crude stem that
    lets "locuinta" find "locuințe" and "anmelden" find "Anmeldung"'s neighbours."""
    return [term, term[:-1]] if len(term) >= STEM_FROM else [term]


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
    terms = query_terms(query)
    if not terms:
        return Outcome(hits=[], terms=[])
    engine = backend()
    offers_sql = offer_conditions(offers)

    def run(groups: list[list[str]], require_all: bool) -> list[Hit]:
        named = [sorted(set().union(*(fields_named(w) for w in group))) for group in groups]
        return engine.match(
            municipality_id=municipality_id,
            query=Query(
                groups=groups,
                require_all=require_all,
                reader_language=reader_language,
                fields=named,
                fields_only=all(named) and require_all,
            ),
            offers_sql=offers_sql,
            limit=limit,
        )

    groups = [_with_stem(t) for t in terms]
    hits = run(groups, require_all=True)
    outcome = Outcome(hits=hits, terms=terms)
    if hits:
        return outcome
    corrected: list[list[str]] = []
    for term in terms:
        if engine.term_exists(municipality_id, term):
            corrected.append(_with_stem(term))
            continue
        similar = engine.similar_terms(municipality_id, term) or closest(
            term, sorted(set().union(*_field_words().values()))
        )
        if similar:
            outcome.corrections[term] = similar
            corrected.append(similar)
    if corrected and outcome.corrections:
        outcome.hits = run(corrected, require_all=True)
    if not outcome.hits and len(corrected) > 1:
        outcome.hits = run(corrected, require_all=False)
        outcome.all_words = False
    return outcome
