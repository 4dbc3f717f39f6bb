"""PostgreSQL: a trigram index on the folded search text, so the queue's "contains" search stays fast on a million
cases (LIKE '%word%' uses a GIN trigram index). SQLite needs nothing: the same query scans."""

from django.db import migrations

from portal.core.dbops import postgres_sql

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS case_search_trgm_idx ON cases_case USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS case_search_trgm_idx"]


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_answertemplate_caseanswer_caseclockevent_rating_and_more")]

    operations = [postgres_sql(CREATE, DROP)]
