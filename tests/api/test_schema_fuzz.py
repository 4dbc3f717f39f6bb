"""Schemathesis against /api/v1/schema/ (issue 8 item 5): every operation of the API, fed inputs generated from its
own schema, through Django's WSGI app in-process, anonymously and with an officer's token. No 500, and every
response conforms to the schema (status code documented, body valid, content type declared).

Bounded: a few examples per operation (FUZZ_EXAMPLES, default 3, derandomised), so the whole module stays under a
minute on a CI core. (schemathesis' own pytest plugin does not run under pytest 9 yet: the operations are driven
here with `as_strategy()` and hypothesis, which is what the plugin does.)
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
# The conformance checks. Left out on purpose: "positive data acceptance" (a well-formed ward code that does not exist
# is rightly a 400 with a field message), "negative data rejection" and the stateful/auth probes.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's WSGI handler closes "old" database connections at the start and end of each request; inside the
    test's transaction that would close it (on PostgreSQL). Django's test client disconnects the same handler."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(ward, area, department, category):
    """Reference data the generated requests may hit (a ward, an area, a department, a category) and the token of an
    officer of the ward."""
    membership = MembershipFactory(user=UserFactory(username="fuzz_officer", is_staff=True), ward=ward,
                                   role="officer")
    membership.departments.add(department)
    return Token.objects.create(user=membership.user).key


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


def test_no_server_error_and_responses_conform_to_the_schema(officer_token):
    operations = _operations()
    assert len(operations) > 30
    failures: dict[str, str] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None, derandomize=True,
                  database=None)
        def run(case):
            case.call_and_validate(checks=CHECKS)
            case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {officer_token}"})

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # every operation's failure is collected, reported together
            failures[operation.label] = f"{type(exc).__name__}: {exc}"[:3000]
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
