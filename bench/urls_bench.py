"""The benchmark server's URLs: the portal's, plus the two floors that every scenario is compared with.

- /_bench/constant/: a Django view that returns a constant (the cost of Django's request cycle and middleware);
- /_bench/insert/: a Django view that does one INSERT (the cost of a write round trip to PostgreSQL);
- /_bench/statement/: not a floor but the submission's share of the database: the statement that a JSON submission
  (POST /api/v1/cases/) writes its rows with, replayed with the same values by a view that does nothing else. Each
  server process files one real submission (its first request here) to learn the statement, then runs it again on
  each request: a new case each time (the ward's next number), on the audit chain like any other.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


class QueryCountMiddleware:
    """Adds `X-Queries: N`, the number of database queries the request ran (sessions and auth included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(count[0])
        return response


def constant(request):
    return HttpResponse(b"ok", content_type="text/plain")


@csrf_exempt
def insert(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor (at) VALUES (now())")
    return HttpResponse(b"ok", content_type="text/plain", status=201)


_STATEMENT: list[tuple[str, list]] = []  # (SQL, parameters) of this process's submission


@csrf_exempt
def statement(request):
    if not _STATEMENT:
        from api.v1.cases import CaseSubmit

        seen = []

        def keep(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            if sql.startswith("WITH "):  # the one statement, once it has written its rows
                seen.append((sql, list(params)))
            return result

        with connection.execute_wrapper(keep):
            response = CaseSubmit.as_view()(request)
        if response.status_code == 201 and len(seen) == 1:
            _STATEMENT.append(seen[0])
        return response  # a real submission's answer (without one statement, the next request tries again)
    sql, params = _STATEMENT[0]
    with connection.server_binding_cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchone()
    return HttpResponse(b"ok", content_type="text/plain", status=201)


urlpatterns = [
    path("_bench/constant/", constant),
    path("_bench/insert/", insert),
    path("_bench/statement/", statement),
    path("", include("portal.urls")),
]
