"""Database upkeep that would otherwise fall on a user's request."""

from __future__ import annotations

from celery import shared_task
from django.db import connection

# The GIN indexes of this database's own schema that keep a pending list (fastupdate, PostgreSQL's default): the
# trigram indexes of the case queue's search and of the published answers, and the disclosures' search.
_PENDING_GIN = """
    SELECT c.oid::regclass::text
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam
    WHERE am.amname = 'gin' AND c.relnamespace = current_schema()::regnamespace
      AND COALESCE((SELECT option_value FROM pg_options_to_table(c.reloptions) WHERE option_name = 'fastupdate'),
                   'on') IN ('on', 'true', '1')
    ORDER BY 1
"""


@shared_task(name="core.clean_search_indexes")
def clean_search_indexes() -> dict[str, int]:
    """Move the entries waiting in the GIN indexes' pending lists into the indexes (gin_clean_pending_list()).

    A new row's trigrams are first appended to its index's pending list, which is cheap; when the list passes
    gin_pending_list_limit (4 MB: about 2,600 submissions), the insert that passed it merges the whole list into the
    index before it returns: 120 ms for 1,660 cases on the benchmark's million, and more with the pages on disk,
    which one resident's submission then waited for. Done every few minutes here, no submission ever pays it
    (issue 7). Returns the pages moved, by index; nothing on other databases."""
    if connection.vendor != "postgresql":
        return {}
    moved = {}
    with connection.cursor() as cursor:
        cursor.execute(_PENDING_GIN)
        for (index,) in cursor.fetchall():
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            moved[index] = cursor.fetchone()[0]
    return moved
