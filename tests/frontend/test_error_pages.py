"""The pages Django shows for an address that leads nowhere, a refusal, a bad request and a server error (DEBUG off,
as in production and in tests). Without templates of the portal they were Django's bare English pages ("Not Found",
"403 Forbidden", "Server Error (500)") with no way back, on a portal whose every page is Vietnamese."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

pytestmark = pytest.mark.django_db


def _server_error(request):
    raise RuntimeError("boom")


def _denied(request):
    raise PermissionDenied


def _suspicious(request):
    raise SuspiciousOperation("bad")


urlpatterns = [path("_test/500/", _server_error), path("_test/403/", _denied), path("_test/400/", _suspicious),
               *portal_urlpatterns]
handler404 = "frontend.views.errors.not_found"


@pytest.fixture
def errors_urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.mark.parametrize("address", ["/khong-co-trang-nay/", "/gui-don/KHONGCO/",
                                     "/tra-cuu/PN17-2026-000001/bi-mat/tep/99/"])
def test_an_address_that_leads_nowhere_is_a_vietnamese_page_with_a_way_on(client, ward, address):
    response = client.get(address)
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="vi">' in page and "Không tìm thấy trang" in page
    assert 'href="/tra-cuu/"' in page and 'class="site-header"' in page
    assert "Not Found" not in page


def test_the_page_not_found_speaks_english_to_an_english_reader(client, db):
    client.cookies["django_language"] = "en"
    page = client.get("/khong-co-trang-nay/").content.decode()
    assert '<html lang="en">' in page and "Page not found" in page


def test_api_addresses_still_answer_json(client, db):
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(("address", "status", "words"), [
    ("/_test/500/", 500, "Đã xảy ra lỗi"),
    ("/_test/403/", 403, "Không có quyền truy cập"),
    ("/_test/400/", 400, "Yêu cầu không hợp lệ"),
])
def test_refusals_and_errors_are_vietnamese_pages(errors_urls, db, address, status, words):
    client = Client(raise_request_exception=False)
    response = client.get(address)
    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="vi">' in page and words in page and 'href="/"' in page
    assert "Forbidden" not in page and "Server Error" not in page and "Bad Request" not in page


def test_a_form_refused_by_the_csrf_check_says_what_to_do_in_vietnamese(db):
    """A resident whose form came from a page too old or whose browser refuses cookies (some in-app browsers) got
    Django's 'Forbidden (403) CSRF verification failed' in English."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/gui-don/PN17/", {"title": "Đèn hỏng"})
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="vi">' in page and "Chưa gửi được biểu mẫu" in page and "sao chép nội dung đã nhập" in page
    assert "CSRF verification failed" not in page
