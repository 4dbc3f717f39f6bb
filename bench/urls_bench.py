"""The benchmark server's URLs: the portal's, plus the two floors that every scenario is compared with.

- /_bench/constant/: a Django view that returns a constant (the cost of Django's request cycle and middleware);
- /_bench/insert/: a Django view that does one INSERT (the cost of a write round trip to PostgreSQL).
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


urlpatterns = [
    path("_bench/constant/", constant),
    path("_bench/insert/", insert),
    path("", include("portal.urls")),
]
