"""Migration operations shared by the apps."""

from __future__ import annotations

from django.db import migrations


def postgres_sql(create: list[str], drop: list[str]) -> migrations.RunPython:
    """Run SQL on PostgreSQL only (indexes SQLite cannot declare: trigram GIN, NULLS LAST, expressions); reversible.
    SQLite needs nothing: the same queries work there without the index."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in create:
                schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in drop:
                schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards)
