"""Server-side prepared statements for the few hot queries where PostgreSQL's planning costs more than running them
(the resident's status page: planning its lookup took 0.44 ms, running it 0.25 ms).

Django binds parameters on the client, so nothing is prepared by default; turning on server-side binding for the
whole site would let generic plans replace the custom ones that the partial indexes need. Here the caller's
statement alone goes through a cursor that sends its values apart from the SQL and has psycopg prepare it on the
connection (DatabaseWrapper.server_binding_cursor(), as the submission's one statement): planned once per
connection, run by name after that. psycopg keeps the list of what it prepared, and prepares again after it forgets
them all (which it does after any ROLLBACK, savepoints' included); a statement prepared by hand next to its own would
be lost then. Other databases run the SQL as it is. DB_PREPARED_STATEMENTS=0 turns preparing off, for a pooler that
hands one server session to several clients per transaction (PgBouncer's transaction mode); OpenWard connects to
PostgreSQL directly (docker-compose.yml).
"""

from __future__ import annotations

from django.db import connection


def cursor():
    """A cursor (use it in a `with`) whose statements are prepared on PostgreSQL; `%s` placeholders as usual, and no
    literal `%` in the SQL."""
    if connection.vendor == "postgresql":
        return connection.server_binding_cursor()
    return connection.cursor()
