"""Odd input the schema fuzzer found, answered without a 500 or an undocumented shape: no REMOTE_ADDR (werkzeug's
client and gunicorn on a Unix socket send none), a URL no route matches under /api/, an error on a .csv route."""

import pytest
from django.test import RequestFactory

from portal.core.net import client_ip


@pytest.mark.parametrize(("meta", "expected"), [
    ({"REMOTE_ADDR": "203.113.1.7"}, "203.113.1.7"), ({"REMOTE_ADDR": "2001:db8::1"}, "2001:db8::1"),
    ({"REMOTE_ADDR": ""}, "0.0.0.0"), ({"REMOTE_ADDR": "not-an-ip"}, "0.0.0.0"), ({}, "0.0.0.0"),
])
def test_client_ip(meta, expected):
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_a_submission_without_remote_addr_is_a_400_not_a_500(client):
    response = client.post("/api/v1/cases/", {"ward": "XX"}, content_type="application/json", REMOTE_ADDR="")
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_unknown_api_url_is_a_json_404_and_a_page_stays_html(client):
    response = client.get("/api/v1/dialogues/sessions/-5/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get("/khong-co-trang-nay/").status_code == 404
    assert "text/html" in client.get("/khong-co-trang-nay/")["Content-Type"]


@pytest.mark.django_db
def test_a_statistics_error_on_the_csv_route_is_json(client):
    response = client.get("/api/v1/stats/wards/KHONGCO.csv")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json") and "detail" in response.json()


@pytest.mark.django_db
def test_a_database_outage_is_a_503_with_retry_after_not_a_500(client, monkeypatch):
    from django.db import OperationalError

    from portal.cases import selectors

    def down(**kwargs):
        raise OperationalError("connection failed: the database system is shutting down")

    monkeypatch.setattr(selectors, "case_for_resident", down)
    response = client.get("/api/v1/cases/track/PN17-2026-000001/", HTTP_X_ACCESS_TOKEN="x")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["code"] == "unavailable"
    assert "thử lại" in response.json()["detail"]


@pytest.mark.django_db
def test_a_database_outage_on_a_page_is_a_503_page():
    from django.db import OperationalError

    from portal.core.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/minh-bach/"), OperationalError("down"))
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("not ours")) is None
