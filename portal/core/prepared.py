"""Server-side prepared statements for the few hot queries where PostgreSQL's planning costs more than running them
(the resident's status page: planning its lookup took 0.44 ms, running it 0.25 ms).

Django binds parameters on the client, so nothing is prepared by default; turning on server-side binding for the
whole site would let generic plans replace the custom ones that the partial indexes need. Here a named statement is
prepared once per database connection, on first use, and executed by name after that. Other databases run the SQL
as it is. A pooler that hands one server session to several clients per transaction (PgBouncer's transaction mode)
would break this; OpenWard connects to PostgreSQL directly (docker-compose.yml).
"""

from __future__ import annotations

import re
import weakref

from django.db import connection

# The statements prepared on each open PostgreSQL connection (psycopg's connection object, forgotten with it).
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def execute(cursor, name: str, sql: str, params: list) -> None:
    """Run `sql` (with %s placeholders, no literal %) with `params` on Django's `cursor`, as the prepared statement
    `name` on PostgreSQL."""
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    if not _NAME.match(name):
        raise ValueError(f"not a statement name: {name!r}")
    raw = connection.connection
    names = _prepared.get(raw)
    if names is None:
        names = _prepared[raw] = set()
    if name not in names:
        pieces = sql.split("%s")
        if len(pieces) - 1 != len(params):
            raise ValueError("the SQL's placeholders and the parameters differ in number")
        numbered = "".join(piece + (f"${i}" if i < len(pieces) else "") for i, piece in enumerate(pieces, 1))
        cursor.execute(f"PREPARE {name} AS {numbered}")
        names.add(name)
    cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}", params)
