"""Several rows written by one PostgreSQL statement (a WITH of INSERTs and UPDATEs), for the few writes where the
round trips cost more than the work (issue 7: a resident's submission made ten round trips for five small rows).

The rows are model instances built in Python as for `save()`: each value goes through the field's `pre_save()` and
`get_db_prep_save()`, as Django's INSERT compiler does, so a new column with a default needs no change here. Values
the statement only learns as it runs (the new row's id, a number from a counter row) are written into the Python
values as *marks*, unguessable ASCII words, and the statement puts the real values in their place: a column set to
a mark takes the mark's SQL expression, and a text holding marks is rebuilt with `replace()`. An autocommitted
statement is one transaction: all its rows are written or none.
"""

from __future__ import annotations

import functools
import json
import secrets

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import NOT_PROVIDED

# A random part, drawn once per process, makes marks that no resident can type on purpose.
_SALT = secrets.token_hex(8)


_NO_MARKS: dict[str, tuple[str, str]] = {}


@functools.cache
def _columns(model) -> tuple[tuple, ...]:
    """A model's concrete fields as (field, its quoted column, whether it is a JSONField), worked out once."""
    return tuple((field, connection.ops.quote_name(field.column), field.get_internal_type() == "JSONField")
                 for field in model._meta.concrete_fields)


def salted(text: str) -> bool:
    """Whether `text` holds this process's random part (then a resident typed what no one should know: the caller
    writes its rows another way)."""
    return _SALT in text


def mark(name: str) -> str:
    """The mark standing for the value `name` (ASCII letters and digits only: JSON, URLs and reverse() keep it)."""
    if not name.isalnum():
        raise ValueError(f"not a mark name: {name!r}")
    return f"zz{_SALT}{name}zz"


class Statement:
    """Build `WITH a AS (...), b AS (...) SELECT ...` and its parameters.

    `marks` maps each mark to the SQL expression of its value; that expression may use the names of the parts in
    `sources` (e.g. `c.id` with sources "c"), which a part's value reads as a scalar subquery."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list = []

    def add(self, name: str, sql: str, params: list | tuple = ()) -> None:
        self.parts.append(f"{name} AS ({sql})")
        self.params.extend(params)

    def fill(self, value, marks: dict[str, tuple[str, str]]) -> tuple[str, list, str]:
        """SQL for one value as (expression, parameters, the FROM list it needs or ""): a placeholder, or, where the
        value is or holds a mark, the expression that fills it in. `marks` maps a mark to (expression, FROM list)."""
        if not isinstance(value, str):
            return "%s", [value], ""
        if value in marks:
            return marks[value][0], [], marks[value][1]
        present = [m for m in marks if m in value]
        if not present:
            return "%s", [value], ""
        sql, params, sources = "%s::text", [value], []
        for m in present:
            expression, source = marks[m]
            sql = f"replace({sql}, %s, {expression})"
            params.append(m)
            sources.extend(part.strip() for part in source.split(","))
        return sql, params, ", ".join(dict.fromkeys(sources))

    def value(self, value, marks: dict[str, tuple[str, str]]) -> tuple[str, list]:
        """fill() as a scalar subquery where it reads other parts."""
        sql, params, sources = self.fill(value, marks)
        return (f"(SELECT {sql} FROM {sources})" if sources else sql), params  # noqa: S608 - names, placeholders

    def insert(self, name: str, instance, marks: dict[str, tuple[str, str]], *, returning: str = "",
               columns: dict[str, tuple[str, list]] | None = None, marked: tuple[str, ...] = ()) -> None:
        """An INSERT of `instance` (its primary key left to the database), as the part `name`. `columns` gives the
        SQL and parameters of some columns by attname (a foreign key to a row of the same statement, say); only the
        fields named in `marked` have their marks filled in (never a field a resident typed). No signal is sent,
        unlike save(); fields with a database default, generated fields and expression values are refused."""
        opts = instance._meta
        given = columns or {}
        db = connections[DEFAULT_DB_ALIAS]  # the connection itself: each use of the proxy looks it up again
        names, values, params = [], [], []
        for field, column, is_json in _columns(type(instance)):
            if field.primary_key and field.attname not in given:
                continue
            names.append(column)
            if field.attname in given:
                values.append(given[field.attname][0])
                params.extend(given[field.attname][1])
                continue
            if getattr(field, "generated", False) or field.db_default is not NOT_PROVIDED:
                raise ValueError(f"{field} is written by the database: not supported here")
            value = field.pre_save(instance, add=True)
            if hasattr(value, "resolve_expression"):
                raise ValueError(f"{field} holds an expression: not supported here")
            fills = marks if field.attname in marked else _NO_MARKS
            if is_json and value is not None:
                # As JSONField stores it, as text the marks can be filled in, then read as JSON by the database.
                sql, value_params = self.value(json.dumps(value, cls=field.encoder), fills)
                sql = f"{sql}::jsonb"
            else:
                sql, value_params = self.value(field.get_db_prep_save(value, connection=db), fills)
            values.append(sql)
            params.extend(value_params)
        sql = (f"INSERT INTO {db.ops.quote_name(opts.db_table)} ({', '.join(names)}) "  # noqa: S608
               f"VALUES ({', '.join(values)})")
        self.add(name, f"{sql} RETURNING {returning}" if returning else sql, params)

    def run(self, select: str) -> tuple | None:
        """Run the statement (PostgreSQL, values bound by the server: see server_binding_cursor()); returns the first
        row of the final `select`."""
        with connection.server_binding_cursor() as cursor:
            cursor.execute(f"WITH {', '.join(self.parts)} {select}", self.params)
            return cursor.fetchone()
