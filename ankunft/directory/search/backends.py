"""The two engines behind `directory.search`: SQLite FTS5 and PostgreSQL FTS + pg_trgm.

Both find offers in three ways and add up the evidence per offer:
- words: each query word as a prefix of an indexed word (FTS5 with prefix indexes; a
  `simple` tsvector with `:*` queries), ranked by bm25 / ts_rank, title before keywords
  before body, a little more in the reader's language;
- pieces of words in titles and keywords (FTS5 trigram table; pg_trgm), so "kurs" finds
  "Deutschkurs" and "versicherung" finds "Krankenversicherung";
- fields of action whose search words (in any content language) the query names: a bonus,
  and, when every query word is such a search word ("doctor", "طبيب"), the field's offers.
Each query word (a group of OR-ed variants: stem, synonyms, typo corrections) is matched on
its own; per offer the weights of the matched words add up (a word found only through its
field counts half), and offers are ranked by that weighted share first, by relevance
(bm25 / ts_rank, pieces, field bonus) second. Offers below half the best share are left out;
the database returns only the top `limit`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.db import connection

from ankunft.directory.models import SearchDocument
from ankunft.directory.text import MIN_TERM, allowed_typos, edit_distance

READER_LANGUAGE_BOOST = 1.25
SLOTS = 16  # FTS rowid = offer id × SLOTS + language slot
TRIGRAM_WEIGHT = 0.5


FIELD_SHARE = 0.5  # a word found only through the offer's field counts half
MIN_SHARE = 0.5  # offers below half the best offer's matched weight are left out


@dataclass(frozen=True)
class Hit:
    offer_id: int
    score: float
    matched: int = 0  # bit g set: query word g matched this offer


@dataclass(frozen=True)
class Query:
    groups: list[list[str]]
    reader_language: str = "de"
    fields: list[list[str]] = field(default_factory=list)  # per word: the fields it names
    weights: list[float] = field(default_factory=list)  # per word; 1.0 when not given

    def weight(self, g: int) -> float:
        return self.weights[g] if g < len(self.weights) else 1.0


class Backend(Protocol):
    def add(self, docs: Sequence[SearchDocument]) -> None: ...
    def remove(self, offer_ids: Sequence[int]) -> None: ...
    def rebuild(self) -> None: ...
    def match(
        self,
        *,
        municipality_id: int,
        query: Query,
        offers_sql: tuple[str, Sequence[Any]],
        limit: int,
    ) -> list[Hit]: ...
    def term_exists(self, municipality_id: int, term: str) -> bool: ...
    def similar_terms(self, municipality_id: int, term: str) -> list[str]: ...


def closest(term: str, candidates: list[str], best: int = 3) -> list[str]:
    """The candidates within the allowed number of typos, nearest first."""
    limit = allowed_typos(term)
    scored = sorted((edit_distance(term, c, limit + 1), c) for c in set(candidates) if c != term)
    found = [(d, c) for d, c in scored if d <= limit]
    return [c for d, c in found if d == found[0][0]][:best] if found else []


def _field_part(query: Query, bonus: float) -> tuple[str, list[Any]]:
    """Offers of the fields the query words name; `g` tells which word named them."""
    parts, params = [], []
    for number, fields in enumerate(query.fields):
        if fields:
            marks = ", ".join(["%s"] * len(fields))
            parts.append(
                f"UNION ALL SELECT t.offer_id, {number}, 0.0, 0.0, %s, 0, 0 "  # noqa: S608
                f"FROM directory_offertag t WHERE t.kind = 'field' AND t.code IN ({marks})"
            )
            params += [bonus, *fields]
    return " ".join(parts), params


def _final(query: Query, limit: int, offers_where: str) -> str:
    """Rank the `hits` (offer_id, g, ws, ts, fs, wm, tm) by weighted share, then relevance."""
    weight = (
        "CASE g "
        + " ".join(f"WHEN {g} THEN {query.weight(g):.3f}" for g in range(len(query.groups)))
        + " ELSE 0 END"
    )
    total = sum(query.weight(g) for g in range(len(query.groups))) or 1.0
    # The offers' conditions (tenant, published, filters) are checked per hit through the
    # primary key, rather than listing every admissible offer first.
    return f"""
        , per AS (
            SELECT offer_id, g, MAX(ws) + {TRIGRAM_WEIGHT} * MAX(ts) + MAX(fs) AS s,
                   CASE WHEN MAX(wm) = 1 OR MAX(tm) = 1 THEN 1.0 ELSE {FIELD_SHARE} END
                     * ({weight}) AS cover
            FROM hits GROUP BY offer_id, g),
        agg AS (
            SELECT offer_id, SUM(cover) AS cover, SUM(s) AS rel, SUM(1 << g) AS mask
            FROM per GROUP BY offer_id),
        ranked AS (
            SELECT offer_id, cover, rel, mask, MAX(cover) OVER () AS best
            FROM agg JOIN directory_offer ON directory_offer.id = agg.offer_id
            WHERE {offers_where})
        SELECT offer_id, 10.0 * cover / {total:.3f} + 4.0 * rel / (rel + 10.0) AS score, mask
        FROM ranked WHERE cover > {MIN_SHARE} * best
        ORDER BY score DESC, offer_id LIMIT {int(limit)}
    """  # noqa: S608 - only numbers and the ORM's own conditions are formatted in


def language_slot(code: str) -> int:
    """The language's number in the FTS rowid (offer id × 16 + slot)."""
    codes = [c for c, _name in settings.LANGUAGES]
    return codes.index(code) + 1 if code in codes else 0


class SQLiteBackend:
    """Two FTS5 tables whose rowid encodes offer and language (offer id × 16 + language
    slot), so matches need no lookup of the wide document rows; the offer's own row is
    read for tenant, status and filters."""

    words = "directory_search_fts"
    pieces = "directory_search_tri"
    field_bonus = 2.0

    def add(self, docs: Sequence[SearchDocument]) -> None:
        rows = [
            (d.offer_id * SLOTS + language_slot(d.language), d.title, d.keywords, d.body)
            for d in docs
        ]
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {self.words}(rowid, title, keywords, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                rows,
            )
            cur.executemany(
                f"INSERT INTO {self.pieces}(rowid, title, keywords) VALUES (%s, %s, %s)",  # noqa: S608
                [r[:3] for r in rows],
            )

    def remove(self, offer_ids: Sequence[int]) -> None:
        ranges = [(i * SLOTS, i * SLOTS + SLOTS - 1) for i in offer_ids]
        if ranges:
            with connection.cursor() as cur:
                for table in (self.words, self.pieces):
                    cur.executemany(
                        f"DELETE FROM {table} WHERE rowid BETWEEN %s AND %s",  # noqa: S608
                        ranges,
                    )

    def rebuild(self) -> None:
        slot = (
            "CASE language "
            + " ".join(
                f"WHEN '{code}' THEN {language_slot(code)}" for code, _name in settings.LANGUAGES
            )
            + " ELSE 0 END"
        )
        with connection.cursor() as cur:
            for table in (self.words, self.pieces):
                cur.execute(f"DELETE FROM {table}")  # noqa: S608
            cur.execute(
                f"INSERT INTO {self.words}(rowid, title, keywords, body) "  # noqa: S608
                f"SELECT offer_id * {SLOTS} + {slot}, title, keywords, body "
                "FROM directory_searchdocument"
            )
            cur.execute(
                f"INSERT INTO {self.pieces}(rowid, title, keywords) "  # noqa: S608
                f"SELECT offer_id * {SLOTS} + {slot}, title, keywords FROM directory_searchdocument"
            )

    @staticmethod
    def _expression(group: list[str], *, prefix: bool) -> str:
        words = [w for w in group if prefix or len(w) >= MIN_TERM]
        star = "*" if prefix else ""
        return " OR ".join(f'"{w}"{star}' for w in words)

    def match(
        self,
        *,
        municipality_id: int,
        query: Query,
        offers_sql: tuple[str, Sequence[Any]],
        limit: int,
    ) -> list[Hit]:
        where, sub_params = offers_sql
        ctes: list[str] = []
        unions: list[str] = []
        params: list[Any] = []
        slot = language_slot(query.reader_language)
        for g, group in enumerate(query.groups):
            ctes.append(
                f"w{g} AS MATERIALIZED (SELECT rowid / {SLOTS} AS offer_id, "  # noqa: S608
                f"(rowid & {SLOTS - 1}) AS slot, -bm25({self.words}, 10.0, 4.0, 1.0) AS s "
                f"FROM {self.words} WHERE {self.words} MATCH %s)"
            )
            params.append(self._expression(group, prefix=True))
            unions.append(
                f"SELECT offer_id, {g} AS g, s * CASE WHEN slot = {slot} "  # noqa: S608
                f"THEN {READER_LANGUAGE_BOOST} ELSE 1.0 END AS ws, 0.0 AS ts, 0.0 AS fs, "
                f"1 AS wm, 0 AS tm FROM w{g}"
            )
            pieces = self._expression(group, prefix=False)
            if pieces:  # words too short for trigrams have no pieces query
                ctes.append(
                    f"t{g} AS MATERIALIZED (SELECT rowid / {SLOTS} AS offer_id, "  # noqa: S608
                    f"-bm25({self.pieces}, 10.0, 4.0) AS s "
                    f"FROM {self.pieces} WHERE {self.pieces} MATCH %s)"
                )
                params.append(pieces)
                unions.append(f"SELECT offer_id, {g}, 0.0, s, 0.0, 0, 1 FROM t{g}")  # noqa: S608
        field_sql, field_params = _field_part(query, self.field_bonus)
        # MATERIALIZED keeps bm25() inside the full-text queries, where SQLite allows it.
        sql = (
            "WITH " + ", ".join(ctes) + ", hits AS (" + " UNION ALL ".join(unions)
            + f" {field_sql})" + _final(query, limit, where)
        )  # fmt: skip
        with connection.cursor() as cur:
            cur.execute(sql, [*params, *field_params, *sub_params])
            return [Hit(int(r[0]), float(r[1]), int(r[2])) for r in cur.fetchall()]

    def term_exists(self, municipality_id: int, term: str) -> bool:
        for table, expression in ((self.words, f'"{term}"*'), (self.pieces, f'"{term}"')):
            sql = (
                f"WITH m AS MATERIALIZED (SELECT rowid / {SLOTS} AS id FROM {table} "  # noqa: S608
                f"WHERE {table} MATCH %s LIMIT 2000) "
                "SELECT 1 FROM m JOIN directory_offer o ON o.id = m.id "
                "WHERE o.municipality_id = %s LIMIT 1"
            )
            with connection.cursor() as cur:
                cur.execute(sql, [expression, municipality_id])
                if cur.fetchone() is not None:
                    return True
        return False

    def similar_terms(self, municipality_id: int, term: str) -> list[str]:
        from ankunft.directory.vocabulary import vocabulary_for  # noqa: PLC0415

        return closest(term, vocabulary_for(municipality_id).candidates(term))


_PIECES = "(d.title || ' ' || d.keywords)"


class PostgresBackend:
    """tsvector (`simple`, prefix queries, ts_rank) for words; pg_trgm for pieces of words
    (GIN index over title and keywords) and for typo correction (GiST over the vocabulary)."""

    field_bonus = 1.0

    def add(self, docs: Sequence[SearchDocument]) -> None:
        """The generated tsvector column and the GIN indexes follow the table by themselves."""

    def remove(self, offer_ids: Sequence[int]) -> None:
        """Nothing beyond the table itself."""

    def rebuild(self) -> None:
        """Nothing beyond the table itself."""

    def match(
        self,
        *,
        municipality_id: int,
        query: Query,
        offers_sql: tuple[str, Sequence[Any]],
        limit: int,
    ) -> list[Hit]:
        where, sub_params = offers_sql
        unions: list[str] = []
        params: list[Any] = []
        for g, group in enumerate(query.groups):
            tsquery = " | ".join(f"{w}:*" for w in group)
            unions.append(
                f"SELECT d.offer_id AS offer_id, {g} AS g, "  # noqa: S608
                "10 * ts_rank(d.tsv, to_tsquery('simple', %s)) "
                "* CASE WHEN d.language = %s THEN %s ELSE 1.0 END AS ws, "
                "0.0 AS ts, 0.0 AS fs, 1 AS wm, 0 AS tm FROM directory_searchdocument d "
                "WHERE d.municipality_id = %s AND d.tsv @@ to_tsquery('simple', %s)"
            )
            params += [tsquery, query.reader_language, READER_LANGUAGE_BOOST]
            params += [municipality_id, tsquery]
            pieces = [w for w in group if len(w) >= MIN_TERM]
            if pieces:
                likes = " OR ".join(f"{_PIECES} LIKE %s" for _ in pieces)
                unions.append(
                    f"SELECT d.offer_id, {g}, 0.0, 2 * word_similarity(%s, d.title), "  # noqa: S608
                    f"0.0, 0, 1 FROM directory_searchdocument d "
                    f"WHERE d.municipality_id = %s AND ({likes})"
                )
                params += [group[0], municipality_id, *[f"%{w}%" for w in pieces]]
        field_sql, field_params = _field_part(query, self.field_bonus)
        sql = (
            "WITH hits AS (" + " UNION ALL ".join(unions) + f" {field_sql})"
            + _final(query, limit, where)
        )  # fmt: skip
        with connection.cursor() as cur:
            cur.execute(sql, [*params, *field_params, *sub_params])
            return [Hit(int(r[0]), float(r[1]), int(r[2])) for r in cur.fetchall()]

    def term_exists(self, municipality_id: int, term: str) -> bool:
        sql = (
            "SELECT 1 FROM directory_searchdocument d WHERE d.municipality_id = %s AND "  # noqa: S608
            f"(d.tsv @@ to_tsquery('simple', %s) OR {_PIECES} LIKE %s) LIMIT 1"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [municipality_id, f"{term}:*", f"%{term}%"])
            return cur.fetchone() is not None

    def similar_terms(self, municipality_id: int, term: str) -> list[str]:
        # Nearest words by trigram distance (GiST index, no threshold), then by typos.
        sql = (
            "SELECT term FROM directory_searchterm WHERE municipality_id = %s "
            "ORDER BY term <-> %s LIMIT 40"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [municipality_id, term])
            return closest(term, [r[0] for r in cur.fetchall()])


def backend() -> Backend:
    """The engine of the default database."""
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
