"""Every staff endpoint is in the OpenAPI schema with its request and response bodies, and generating the schema
warns about none of them."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

STAFF = "/api/v1/staff/cases/"
POSTS = {
    "{code}/transitions/": "DeskTransitionRequest",
    "{code}/assign/": "DeskAssignRequest",
    "{code}/notes/": "DeskTextRequest",
    "{code}/replies/": "DeskTextRequest",
    "{code}/answers/": "DeskTextRequest",
    "{code}/answers/{answer_id}/approve/": "DeskDecisionRequest",
    "{code}/answers/{answer_id}/return/": "DeskDecisionRequest",
    "{code}/extend/": "DeskReasonRequest",
    "{code}/complex/": "DeskReasonRequest",
    "bulk-assign/": "DeskBulkAssignRequest",
}


@pytest.fixture(scope="module")
def spec(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_queue_is_documented_with_its_filters_and_cursor(spec):
    operation = spec["paths"][STAFF]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"ward", "department", "state", "kind", "category", "area", "assignee", "deadline", "answer",
                     "q", "sort", "cursor", "page_size"}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = spec["components"]["schemas"][body.rsplit("/", 1)[1]]
    assert set(page["properties"]) == {"next", "previous", "results"}
    assert {"tokenAuth": []} in operation["security"] and {"cookieAuth": []} in operation["security"]


@pytest.mark.parametrize(("suffix", "component"), POSTS.items())
def test_actions_are_documented_with_their_bodies(spec, suffix, component):
    operation = spec["paths"][STAFF + suffix]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(f"/{component}")
    assert {"200", "201"} & set(operation["responses"]) and "400" in operation["responses"]


def test_reads_are_documented(spec):
    detail = spec["paths"][STAFF + "{code}/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert detail["schema"]["$ref"].endswith("/DeskCaseDetail")
    assert "application/octet-stream" in spec["paths"][STAFF + "{code}/attachments/{attachment_id}/"]["get"][
        "responses"]["200"]["content"]
    assert "post" in spec["paths"][STAFF + "{code}/identity/"]
    assert "post" in spec["paths"][STAFF + "{code}/claim/"]


def test_schema_generation_warns_about_no_staff_view(tmp_path, capsys):
    call_command("spectacular", "--validate", "--file", str(tmp_path / "schema.yml"))
    output = capsys.readouterr()
    problems = [line for line in (output.out + output.err).splitlines()
                if "desk" in line.lower() or "staff" in line.lower()]
    assert problems == []
