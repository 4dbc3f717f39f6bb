"""PostgreSQL: a trigram index on the folded search text of disclosures (the register's search). SQLite scans."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute("CREATE INDEX IF NOT EXISTS disclosure_search_trgm_idx ON disclosures_disclosure "
                              "USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS disclosure_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0002_seed_categories")]

    operations = [migrations.RunPython(forwards, backwards)]
