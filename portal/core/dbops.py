"""Migration operations shared by the apps."""

from __future__ import annotations

from django.contrib.postgres.operations import AddIndexConcurrently
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


def drop_single_column_indexes(app_label: str, fields: list[tuple[str, str]], state_operations: list,
                               unique: list[tuple[str, str, str]] = ()) -> migrations.SeparateDatabaseAndState:
    """Take the single-column index off each (model, field) in `fields`, and turn each unique=True field of `unique`
    (model, field, constraint name) into a UniqueConstraint of that name, as `state_operations` (the AlterField and
    AddConstraint operations makemigrations wrote) say, without what Django would do on the database for them: drop
    and re-add each foreign key (which checks every row again: minutes at a million cases, tables locked) and
    rebuild the unique index. Here the indexes are dropped, and on PostgreSQL the unique constraint is renamed and its
    varchar_pattern_ops twin (the "_like" index of a unique CharField, for LIKE 'prefix%', which nothing queries)
    dropped. SQLite keeps its inline UNIQUE, the same rule; Django rebuilds SQLite tables from the state whenever it
    alters one. Reversible."""

    def indexes_on(schema_editor, table: str, column: str) -> tuple[list[str], str | None]:
        """The names of the plain indexes on exactly this one column (the "_like" one included), and the name of
        the unique constraint on it."""
        with schema_editor.connection.cursor() as cursor:
            found = schema_editor.connection.introspection.get_constraints(cursor, table)
        plain = [name for name, info in found.items() if info["columns"] == [column] and info["index"]
                 and not info["unique"] and not info["primary_key"]]
        unique_name = next((name for name, info in found.items() if info["columns"] == [column] and info["unique"]
                            and not info["primary_key"]), None)
        return plain, unique_name

    def forwards(apps, schema_editor):
        quote = schema_editor.quote_name
        for model_name, field_name in fields:
            model = apps.get_model(app_label, model_name)
            column = model._meta.get_field(field_name).column
            for name in indexes_on(schema_editor, model._meta.db_table, column)[0]:
                schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
        if schema_editor.connection.vendor != "postgresql":
            return
        for model_name, field_name, constraint in unique:
            model = apps.get_model(app_label, model_name)
            table, column = model._meta.db_table, model._meta.get_field(field_name).column
            plain, current = indexes_on(schema_editor, table, column)
            for name in plain:
                schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
            if current and current != constraint:
                schema_editor.execute(f"ALTER TABLE {quote(table)} RENAME CONSTRAINT {quote(current)} "
                                      f"TO {quote(constraint)}")

    def backwards(apps, schema_editor):
        quote = schema_editor.quote_name
        # `apps` is the state before these operations: the fields as they were (db_index, unique=True).
        for model_name, field_name in fields:
            model = apps.get_model(app_label, model_name)
            field = model._meta.get_field(field_name)
            if not indexes_on(schema_editor, model._meta.db_table, field.column)[0]:
                schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))
        if schema_editor.connection.vendor != "postgresql":
            return
        for model_name, field_name, constraint in unique:
            model = apps.get_model(app_label, model_name)
            field = model._meta.get_field(field_name)
            table = model._meta.db_table
            plain, current = indexes_on(schema_editor, table, field.column)
            if current == constraint:  # back to the name PostgreSQL gives an inline UNIQUE (Django's unique=True)
                schema_editor.execute(f"ALTER TABLE {quote(table)} RENAME CONSTRAINT {quote(constraint)} "
                                      f"TO {quote(f'{table}_{field.column}_key')}")
            if not plain:
                like = schema_editor._create_like_index_sql(model, field)
                if like is not None:
                    schema_editor.execute(like)

    return migrations.SeparateDatabaseAndState(database_operations=[migrations.RunPython(forwards, backwards)],
                                               state_operations=state_operations)


class AddIndexWithoutBlockingWrites(AddIndexConcurrently):
    """AddIndex, built on PostgreSQL with CREATE INDEX CONCURRENTLY: a plain CREATE INDEX blocks every write to the
    table while it scans it (on the audit log, every audited action — a resident's submission among them — for the
    seconds a build of millions of rows takes). Its migration must say `atomic = False`. Other databases: AddIndex."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return migrations.AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)
        return super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return migrations.AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
        return super().database_backwards(app_label, schema_editor, from_state, to_state)
