"""Cached fragments of public pages (portal.core.pagecache): the dashboard and the disclosure register are built once
and then served from the cache with a few queries, show a change at once, never carry one visitor's data to another,
and are not cached for input that could fill the cache (free text, dates, unknown parameters) or for staff."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.core import pagecache
from portal.disclosures import services
from portal.transparency import rollups
from tests.conftest import log_in
from tests.disclosure_data import posted

pytestmark = pytest.mark.django_db

REGISTER = "/cong-khai/"


def queries_of(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.fixture
def budget(ward, officer, leader):
    return posted(ward, officer, leader, title="Công khai dự toán ngân sách phường năm 2027")


def test_the_register_is_built_once_then_served_from_the_cache(client, budget):
    built, first = queries_of(client, REGISTER)
    cached, second = queries_of(client, REGISTER)
    assert budget.title in first and budget.title in second
    assert cached < built and cached <= 1  # the session-less visitor: no query for the list, the count or the wards


def test_a_published_disclosure_shows_at_once(client, budget, ward, officer, leader):
    queries_of(client, REGISTER)
    fresh = posted(ward, officer, leader, number=13, title="Thủ tục đăng ký hộ kinh doanh")
    _n, text = queries_of(client, REGISTER)
    assert fresh.title in text
    services.withdraw_disclosure(disclosure=fresh, actor=leader, reason="Đăng nhầm nội dung")
    _n, text = queries_of(client, REGISTER, {"state": "withdrawn"})
    assert "Đăng nhầm nội dung" in text


def test_the_posting_job_bumps_the_register(client, ward, officer, leader):
    from portal.core.timeutil import local_today

    tomorrow = local_today() + dt.timedelta(days=1)
    later = posted(ward, officer, leader, title="Kế hoạch sử dụng đất năm 2027", start=tomorrow)
    _n, text = queries_of(client, REGISTER)
    assert later.title not in text  # scheduled, not yet public
    services.advance_states(today=tomorrow)  # rows change by UPDATE, without signals
    later.refresh_from_db()
    assert later.state == "posted"
    _n, text = queries_of(client, REGISTER)
    assert later.title in text


@pytest.mark.parametrize("params", [
    {"q": "ngan sach"}, {"posted_from": "2026-01-01"}, {"utm_source": "bao"}, {"page": "21"}, {"page": "x"},
    {"ward": "A" * 60},
])
def test_free_text_dates_unknown_parameters_and_deep_pages_are_never_cached(client, budget, params):
    first, _t = queries_of(client, REGISTER, params)
    again, _t = queries_of(client, REGISTER, params)
    assert again == first


def test_staff_pages_are_not_cached_and_keep_their_staff_link(client, budget, officer):
    queries_of(client, REGISTER)  # a visitor's page is in the cache now
    log_in(client, officer)
    _n, text = queries_of(client, REGISTER)
    assert f'href="{reverse("frontend:disclosures-staff")}"' in text
    staff_a, _t = queries_of(client, REGISTER)
    staff_b, _t = queries_of(client, REGISTER)
    assert staff_a == staff_b > 2


def test_one_visitors_csrf_token_never_reaches_another(client, budget):
    first = client.get(REGISTER)  # the language form carries this visitor's CSRF token
    token = first.cookies["csrftoken"].value
    other = Client()
    second = other.get(REGISTER)
    assert token not in second.content.decode()
    assert second.cookies["csrftoken"].value != token


def test_vietnamese_and_english_are_cached_apart(client, budget):
    vi = client.get(REGISTER).content.decode()
    client.cookies["django_language"] = "en"
    en = client.get(REGISTER).content.decode()
    assert 'lang="vi"' in vi and 'lang="en"' in en
    assert "Search and filter" in en and "Search and filter" not in vi


def test_redis_down_means_built_every_time(client, budget, monkeypatch):
    monkeypatch.setattr(pagecache.cache, "get", lambda *a, **k: None)
    monkeypatch.setattr(pagecache.cache, "set", lambda *a, **k: None)
    first, text = queries_of(client, REGISTER)
    again, _t = queries_of(client, REGISTER)
    assert budget.title in text and again == first


# --- the dashboard -----------------------------------------------------------------------------------------------

def test_the_dashboard_is_cached_and_a_rollup_refresh_shows_new_figures(client, ward, category):
    from portal.cases.models import Case, hash_token
    from portal.core.timeutil import local_today, now

    def add(n, start):
        Case.objects.bulk_create([Case(
            ward=ward, kind="feedback", category=category, tracking_code=f"{ward.code}-2026-{i:06d}",
            access_token_hash=hash_token(str(i)), title="Đèn đường", description="Mô tả", state="in_progress",
            received_on=local_today(), received_at=now(), due_date=local_today() + dt.timedelta(days=10))
            for i in range(start, start + n)])

    add(3, 1)
    rollups.refresh()
    url = f"/minh-bach/{ward.code}/"
    built, _t = queries_of(client, url)
    cached, _t = queries_of(client, url)
    assert cached < built
    city_built, _t = queries_of(client, "/minh-bach/")
    city_cached, _t = queries_of(client, "/minh-bach/")
    assert city_cached < city_built
    add(4, 100)
    rollups.refresh()  # the hourly job: the next visitor sees the new figures
    response = client.get(url)
    assert response.context["stats"].total.received == 7


def test_the_home_pages_ward_list_is_cached_and_a_new_ward_shows_at_once(client, ward):
    from tests.factories import WardFactory

    built, text = queries_of(client, "/")
    cached, _t = queries_of(client, "/")
    assert ward.name in text and cached < built
    WardFactory(code="PMOI", name="Phường Mới Thành Lập")
    _n, text = queries_of(client, "/")
    assert "Phường Mới Thành Lập" in text


def test_the_dialogue_calendar_is_cached_and_a_new_or_renamed_session_shows_at_once(client, ward, leader):
    from tests.dialogue_fixtures import make_session

    calendar = reverse("frontend:dialogues-calendar")
    first = make_session(ward, leader=leader, title="Tiếp công dân định kỳ tháng 11")
    built, text = queries_of(client, calendar)
    cached, again = queries_of(client, calendar)
    assert first.title in text and first.title in again and cached < built
    second = make_session(ward, leader=leader, title="Hội nghị nhân dân khu phố 3")
    first.title = "Tiếp công dân định kỳ tháng 11 (dời lịch)"
    first.save()
    _n, text = queries_of(client, calendar)
    assert second.title in text and "(dời lịch)" in text
    _n, filtered = queries_of(client, calendar, {"ward": ward.code, "kind": "nonsense"})  # the kind is ignored
    assert second.title in filtered


def test_the_commitments_page_is_cached_and_progress_shows_at_once(client, ward, leader, department):
    from portal.dialogues import services as dialogue_services
    from tests.dialogue_fixtures import make_session

    page = reverse("frontend:dialogues-commitments")
    session = make_session(ward, leader=leader, state="held")
    commitment = dialogue_services.add_commitment(
        session=session, actor=leader, title="Lắp đèn hẻm 12", department=department,
        due_date=dt.date(2027, 1, 31))
    built, text = queries_of(client, page)
    cached, _again = queries_of(client, page)
    assert "Lắp đèn hẻm 12" in text and cached < built
    dialogue_services.update_commitment(commitment=commitment, actor=leader, status="done",
                                        note="Đã lắp 4 bóng đèn LED")
    _n, text = queries_of(client, page)
    assert "Đã lắp 4 bóng đèn LED" in text


def test_a_scopes_version_is_kept_a_month_and_its_loss_shows_no_stale_page(client, budget, ward, officer, leader,
                                                                              monkeypatch):
    from django.core.cache import cache

    timeouts = []
    real_set = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, timeout=None, **kw: (
        timeouts.append(timeout) if key.startswith("pagecache:v:") else None) or real_set(key, value, timeout, **kw))
    cache.delete("pagecache:v:" + pagecache.DISCLOSURES)
    pagecache.bump(pagecache.DISCLOSURES)  # a scope's first version
    assert timeouts == [pagecache.VERSION_TTL] and 0 < pagecache.VERSION_TTL <= 31 * 24 * 3600
    queries_of(client, REGISTER)  # cached under the version
    cache.delete("pagecache:v:" + pagecache.DISCLOSURES)  # the month is over
    posted(ward=ward, officer=officer, leader=leader, title="Kế hoạch sau khi phiên bản hết hạn")
    assert "Kế hoạch sau khi phiên bản hết hạn" in queries_of(client, REGISTER)[1]
