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
