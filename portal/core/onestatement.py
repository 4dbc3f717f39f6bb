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

import datetime
import functools
import json
import secrets
from collections.abc import Callable
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import NOT_PROVIDED

# A random part, drawn once per process, makes marks that no resident can type on purpose.
_SALT = secrets.token_hex(8)


_NO_MARKS: dict[str, tuple[str, str]] = {}


# Fields whose get_db_prep_save() gives back, for PostgreSQL, a value of these exact types as it is (Django 5.2: the
# text fields' to_python() keeps a str, BooleanField a bool, the date fields' and PostgreSQL's
# adapt_date(time)field_value() a date or an aware datetime) or, for the integer fields, as psycopg's type of the
# column (adapt_integerfield_value(): Int2, Int4, Int8). For these the statement does that itself, skipping Django's
# conversions, which were most of building a submission's 73 values (issue 7); any other value, a str subclass
# (SafeString), a lazy text or a naive datetime say, takes get_db_prep_save() as before.
_AS_IS: dict[type, tuple[type, ...]] = {
    models.CharField: (str,), models.TextField: (str,), models.EmailField: (str,), models.SlugField: (str,),
    models.BooleanField: (bool,), models.DateField: (datetime.date,), models.DateTimeField: (datetime.datetime,),
}
_INTEGERS = (models.IntegerField, models.SmallIntegerField, models.BigIntegerField, models.PositiveIntegerField,
             models.PositiveSmallIntegerField, models.PositiveBigIntegerField, models.AutoField, models.BigAutoField,
             models.SmallAutoField)


class _Column(NamedTuple):
    """How Statement.insert() writes one field of a model: its quoted column, and how its value is got and converted."""

    field: models.Field
    column: str
    attname: str
    key: bool  # the primary key (left to the database unless given)
    by_database: bool  # a generated field or one with a database default (refused)
    is_json: bool
    plain_read: bool  # pre_save() is reading the attribute (no auto_now, no auto_now_add)
    none_as_is: bool  # get_db_prep_save(None) is None (Django's own fields)
    as_is: tuple[type, ...]  # value types written without get_db_prep_save() (see _AS_IS); () for none
    wrap: Callable | None  # what such a value is wrapped in (an integer's psycopg type), or None


def _shortcut(field) -> tuple[tuple[type, ...], Callable | None]:
    """(as_is, wrap) of _Column for `field`: the value types it may skip Django's conversions for, and how."""
    if connection.vendor != "postgresql":  # another database adapts values its own way
        return (), None
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if type(target) in _INTEGERS:
        # A key's value is its target's: the id of a row, an int, adapted as the target column's.
        wrap = getattr(connection.ops, "integerfield_type_map", {}).get(target.get_internal_type())
        return ((int,), wrap) if wrap is not None else ((), None)
    if target is not field:
        return (), None
    return _AS_IS.get(type(field), ()), None


def _plain_read(field) -> bool:
    if isinstance(field, models.DateField):  # DateTimeField too
        return not field.auto_now and not field.auto_now_add
    return type(field).pre_save is models.Field.pre_save


@functools.cache
def _columns(model) -> tuple[_Column, ...]:
    """A model's concrete fields as Statement.insert() writes them, worked out once per model."""
    return tuple(_Column(field, connection.ops.quote_name(field.column), field.attname, field.primary_key,
                         getattr(field, "generated", False) or field.db_default is not NOT_PROVIDED,
                         field.get_internal_type() == "JSONField", _plain_read(field),
                         connection.vendor == "postgresql" and type(field).__module__.startswith("django.db.models."),
                         *_shortcut(field))
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
        for col in _columns(type(instance)):
            attname = col.attname
            if attname in given:
                names.append(col.column)
                sql, given_params = given[attname]
                values.append(sql)
                params.extend(given_params)
                continue
            if col.key:
                continue
            if col.by_database:
                raise ValueError(f"{col.field} is written by the database: not supported here")
            names.append(col.column)
            value = getattr(instance, attname) if col.plain_read else col.field.pre_save(instance, add=True)
            kind = type(value)
            if kind in col.as_is and attname not in marked and (kind is not datetime.datetime
                                                                 or value.tzinfo is not None):
                # As it is (see _AS_IS), and no marks to fill in: a placeholder. (A naive datetime takes Django's
                # conversion, which makes it aware and warns.)
                values.append("%s")
                params.append(value if col.wrap is None else col.wrap(value))
                continue
            if value is None and col.none_as_is:
                values.append("%s")
                params.append(None)
                continue
            field = col.field
            if hasattr(value, "resolve_expression"):
                raise ValueError(f"{field} holds an expression: not supported here")
            fills = marks if attname in marked else _NO_MARKS
            if col.is_json:
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
