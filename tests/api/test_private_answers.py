"""API answers carrying someone's data are never stored by a browser or a proxy (Cache-Control: private,
no-store); public reads keep their caching."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

NO_STORE = "private, no-store"


def submission():
    return {"ward": "PN17", "kind": "feedback", "category": "ha-tang", "title": "Ổ gà trên đường Lê Lợi",
            "description": "Ổ gà lớn trước số 45 Lê Lợi, xe máy dễ té ngã khi trời mưa."}


def test_the_receipt_and_the_tracking_answer_are_not_stored(ward, category):
    api = APIClient()
    receipt = api.post("/api/v1/cases/", submission(), format="json")
    assert receipt.status_code == 201 and receipt["Cache-Control"] == NO_STORE
    body = receipt.json()
    track = api.get(f"/api/v1/cases/track/{body['tracking_code']}/", {"token": body["access_token"]})
    assert track.status_code == 200 and track["Cache-Control"] == NO_STORE
    refused = api.post("/api/v1/cases/", {**submission(), "title": ""}, format="json")
    assert refused.status_code == 400 and refused["Cache-Control"] == NO_STORE


def test_the_staff_api_is_not_stored_with_a_session_or_a_token(officer):
    session = APIClient()
    session.force_login(officer)
    queue = session.get("/api/v1/staff/cases/")
    assert queue.status_code == 200 and queue["Cache-Control"] == NO_STORE

    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")
    queue = token.get("/api/v1/staff/cases/")
    assert queue.status_code == 200 and queue["Cache-Control"] == NO_STORE


def test_a_refused_staff_request_is_not_stored_either():
    response = APIClient().get("/api/v1/staff/cases/", HTTP_AUTHORIZATION="Token wrong")
    assert response.status_code in (401, 403) and response["Cache-Control"] == NO_STORE


def test_public_reads_keep_their_caching(ward):
    response = APIClient().get("/api/v1/wards/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
