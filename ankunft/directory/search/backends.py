"""The two engines behind `directory.search`: SQLite FTS5 and PostgreSQL FTS + pg_trgm.

Both find offers in three ways and add up the evidence per offer:
- words: each query word as a prefix of an indexed word (FTS5 with prefix indexes; a
  `simple` tsvector with `:*` queries), ranked by bm25 / ts_rank, title before keywords
  before body, a little more in the reader's language;
- pieces of words in titles and keywords (FTS5 trigram table; pg_trgm), so "kurs" finds
  "Deutschkurs" and "versicherung" finds "Krankenversicherung";
- fields of action whose search words (in any content language) the query names: a bonus,
  and, when every query word is such a search word ("doctor", "طبيب"), the field's offers.
Words are AND-ed (or OR-ed in the fallback); each word may carry variants (stem, typo
corrections) that are OR-ed.
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


@dataclass(frozen=True)
class Hit:
    offer_id: int
    score: float


@dataclass(frozen=True)
class Query:
    groups: list[list[str]]
    require_all: bool = True
    reader_language: str = "de"
    fields: list[list[str]] = field(default_factory=list)  # per word: the fields it names
    fields_only: bool = False


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
                f"UNION ALL SELECT t.offer_id, 0.0, 0.0, %s, 0, 0, 1, {number} "  # noqa: S608
                f"FROM directory_offertag t WHERE t.kind = 'field' AND t.code IN ({marks})"
            )
            params += [bonus, *fields]
    return " ".join(parts), params


def _final(query: Query, limit: int, offers_where: str) -> str:
    having = "MAX(wm) = 1 OR MAX(tm) = 1"
    if query.fields_only:
        # Every query word names a field the offer has ("almanca kursu", "doctor").
        having += f" OR COUNT(DISTINCT CASE WHEN fm = 1 THEN g END) = {len(query.groups)}"
    # The offers' conditions (tenant, published, filters) are checked per hit through the
    # primary key, rather than listing every admissible offer first.
    return f"""
        SELECT offer_id, MAX(ws) + {TRIGRAM_WEIGHT} * MAX(ts) + MAX(fs) AS score
        FROM hits JOIN directory_offer ON directory_offer.id = hits.offer_id
        WHERE {offers_where}
        GROUP BY offer_id HAVING {having}
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
    def _expression(groups: list[list[str]], require_all: bool, *, prefix: bool) -> str:
        star = "*" if prefix else ""
        parts = []
        for group in groups:
            words = [w for w in group if prefix or len(w) >= MIN_TERM]
            if words:
                parts.append("(" + " OR ".join(f'"{w}"{star}' for w in words) + ")")
        return (" AND " if require_all else " OR ").join(parts)

    def match(
        self,
        *,
        municipality_id: int,
        query: Query,
        offers_sql: tuple[str, Sequence[Any]],
        limit: int,
    ) -> list[Hit]:
        where, sub_params = offers_sql
        words = self._expression(query.groups, query.require_all, prefix=True)
        pieces = self._expression(query.groups, query.require_all, prefix=False)
        # Words too short for trigrams leave the pieces query empty: it then finds nothing.
        pieces_from = (
            f"{self.pieces} WHERE {self.pieces} MATCH %s" if pieces else "(SELECT 1) WHERE 0"
        )
        field_sql, field_params = _field_part(query, self.field_bonus)
        # MATERIALIZED keeps bm25() inside the full-text queries, where SQLite allows it.
        sql = f"""
            WITH w AS MATERIALIZED (
                SELECT rowid / {SLOTS} AS offer_id, (rowid & {SLOTS - 1}) AS slot,
                       -bm25({self.words}, 10.0, 4.0, 1.0) AS s
                FROM {self.words} WHERE {self.words} MATCH %s),
            t AS MATERIALIZED (
                SELECT {f"rowid / {SLOTS}" if pieces else "0"} AS offer_id,
                       {f"-bm25({self.pieces}, 10.0, 4.0)" if pieces else "0.0"} AS s
                FROM {pieces_from}),
            hits AS (
                SELECT offer_id, s * CASE WHEN slot = %s THEN %s ELSE 1.0 END AS ws,
                       0.0 AS ts, 0.0 AS fs, 1 AS wm, 0 AS tm, 0 AS fm, -1 AS g
                FROM w
                UNION ALL
                SELECT offer_id, 0.0, s, 0.0, 0, 1, 0, -1 FROM t
                {field_sql})
            {_final(query, limit, where)}
        """  # noqa: S608 - identifiers are constants; values are parameters
        params = [
            words, *([pieces] if pieces else []), language_slot(query.reader_language),
            READER_LANGUAGE_BOOST, *field_params, *sub_params,
        ]  # fmt: skip
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [Hit(int(r[0]), float(r[1])) for r in cur.fetchall()]

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
        joiner = " & " if query.require_all else " | "
        tsquery = joiner.join("(" + " | ".join(f"{w}:*" for w in g) + ")" for g in query.groups)
        piece_groups = [[w for w in g if len(w) >= MIN_TERM] for g in query.groups]
        piece_groups = [g for g in piece_groups if g]
        conditions = [
            "(" + " OR ".join(f"{_PIECES} LIKE %s" for _ in g) + ")" for g in piece_groups
        ] or ["FALSE"]
        piece_params = [f"%{w}%" for g in piece_groups for w in g]
        field_sql, field_params = _field_part(query, self.field_bonus)
        sql = f"""
            WITH hits AS (
                SELECT d.offer_id AS offer_id,
                       10 * ts_rank(d.tsv, to_tsquery('simple', %s))
                          * CASE WHEN d.language = %s THEN %s ELSE 1.0 END AS ws,
                       0.0 AS ts, 0.0 AS fs, 1 AS wm, 0 AS tm, 0 AS fm, -1 AS g
                FROM directory_searchdocument d
                WHERE d.municipality_id = %s AND d.tsv @@ to_tsquery('simple', %s)
                UNION ALL
                SELECT d.offer_id, 0.0, 2 * word_similarity(%s, d.title), 0.0, 0, 1, 0, -1
                FROM directory_searchdocument d
                WHERE d.municipality_id = %s
                  AND ({(" AND " if query.require_all else " OR ").join(conditions)})
                {field_sql})
            {_final(query, limit, where)}
        """  # noqa: S608 - identifiers are constants; values are parameters
        params = [
            tsquery, query.reader_language, READER_LANGUAGE_BOOST, municipality_id, tsquery,
            " ".join(g[0] for g in query.groups), municipality_id, *piece_params,
            *field_params, *sub_params,
        ]  # fmt: skip
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [Hit(int(r[0]), float(r[1])) for r in cur.fetchall()]

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
