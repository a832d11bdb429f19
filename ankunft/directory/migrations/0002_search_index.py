"""Search index of the directory, per database engine.

SQLite: two FTS5 tables whose rowid is the SearchDocument's id: one of words (with prefix
indexes) over title, keywords and body, and one of trigrams over title and keywords (so
"kurs" finds "Deutschkurs" in a title).
PostgreSQL: pg_trgm, a GIN trigram index over title and keywords, a generated weighted
tsvector with a GIN index, and a GiST trigram index over the vocabulary for typo correction.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS directory_search_fts USING fts5("
    "title, keywords, body, tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS directory_search_tri USING fts5("
    "title, keywords, tokenize='trigram')",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS directory_search_tri",
    "DROP TABLE IF EXISTS directory_search_fts",
]

POSTGRES_FORWARD = [
    "CREATE INDEX directory_searchdoc_trgm ON directory_searchdocument USING gin "
    "((title || ' ' || keywords) gin_trgm_ops)",
    "ALTER TABLE directory_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title), 'A') || "
    "setweight(to_tsvector('simple', keywords), 'B') || "
    "setweight(to_tsvector('simple', body), 'D')) STORED",
    "CREATE INDEX directory_searchdoc_tsv ON directory_searchdocument USING gin (tsv)",
    "CREATE INDEX directory_searchterm_trgm ON directory_searchterm USING gist "
    "(term gist_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS directory_searchterm_trgm",
    "DROP INDEX IF EXISTS directory_searchdoc_tsv",
    "ALTER TABLE directory_searchdocument DROP COLUMN IF EXISTS tsv",
    "DROP INDEX IF EXISTS directory_searchdoc_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class KeepTrigramExtension(TrigramExtension):
    """pg_trgm on PostgreSQL only; kept when migrating back, other modules may use it."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        KeepTrigramExtension(),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
