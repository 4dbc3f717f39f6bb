"""The resident's status page is kept per process for anonymous visitors (frontend.page_memo): one query when the
case has not changed, the visitor's own CSRF token in every form, and a new page as soon as anything on it changes."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from portal.cases import selectors, services
from portal.cases.services import Submission, submit_case
from portal.cases.workflow import transition
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def filed(ward, area, category, make_upload):
    return submit_case(submission=Submission(
        ward=ward, kind="feedback", category=category, area=area, title="Ngập nước đầu hẻm",
        description="Ngập sau mỗi cơn mưa.", address="Hẻm 45",
        files=[make_upload("anh.png", image_bytes("PNG"), "image/png")]))


def page(client, filed):
    response = client.get(filed.secret_path)
    assert response.status_code == 200
    return response


def without_csrf(response) -> str:
    return CSRF.sub("CSRF", response.content.decode())


def test_an_unchanged_case_costs_one_query_and_a_changed_one_at_most_four(client, filed, leader,
                                                                         django_assert_num_queries,
                                                                         django_assert_max_num_queries):
    selectors.status_summary(code="PN17-0000-000000", token="x")  # PostgreSQL: its statement prepared once
    with django_assert_max_num_queries(3):  # the case, its timeline, its attachments (no rating yet)
        page(client, filed)
    with django_assert_num_queries(1):
        page(client, filed)
    transition(case=filed.case, action="answer", actor=leader, text="Đã khơi thông cống.")
    services.rate_answer(case=filed.case, score=4)
    with django_assert_max_num_queries(4):
        page(client, filed)
    with django_assert_num_queries(1):
        page(client, filed)


def test_a_kept_page_is_the_page_a_fresh_render_gives(client, filed):
    first = page(client, filed)
    again = page(client, filed)
    assert without_csrf(first) == without_csrf(again)
    assert sorted(first.headers) == sorted(again.headers)
    assert first.headers.get("Vary") == again.headers.get("Vary")
    signed_in = Client()
    signed_in.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"  # never served from the memo
    assert without_csrf(page(signed_in, filed)) == without_csrf(first)


def test_every_visitor_gets_their_own_csrf_token_and_can_post_with_it(filed):
    tokens = []
    for text in ("Tôi bổ sung ảnh chụp sáng nay.", "Nước vẫn chưa rút."):
        visitor = Client(enforce_csrf_checks=True)
        html = page(visitor, filed).content.decode()
        found = set(CSRF.findall(html))
        assert len(found) == 1
        tokens.append(found.pop())
        assert "csrftoken" in visitor.cookies
        url = reverse("frontend:case-action", kwargs={"code": filed.case.tracking_code, "token": filed.access_token,
                                                      "action": "message"})
        response = visitor.post(url, {"text": text, "csrfmiddlewaretoken": tokens[-1]})
        assert response.status_code == 302
    assert tokens[0] != tokens[1]
    assert filed.case.messages.filter(kind="resident").count() == 2


def test_the_page_follows_every_change_of_the_case(client, filed, leader, ward, category, area):
    def html():
        return page(client, filed).content.decode()

    assert "Ngập nước đầu hẻm" in html() and "?thumb=1" not in html()
    services.reply(case=filed.case, actor=leader, text="Phường đã cử người kiểm tra.")
    assert "Phường đã cử người kiểm tra." in html()
    attachment = filed.case.attachments.get()
    services.make_thumbnail(attachment_id=attachment.pk)
    assert "?thumb=1" in html()
    transition(case=filed.case, action="answer", actor=leader, text="Đã khơi thông cống.")
    assert "Đã khơi thông cống." in html() and 'id="rate"' in html()
    services.rate_answer(case=filed.case, score=5)
    assert 'id="rate"' not in html() and "5/5" in html()
    for obj, name in ((ward, "Phường Phú Nhuận mới"), (category, "Hạ tầng đô thị"), (area, "Khu phố Một")):
        obj.name = name
        obj.save()
        assert name in html()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in html()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert '<html lang="vi">' in html()


def test_a_signed_in_resident_sees_their_account_and_the_thank_you_message(client, ward, category, resident):
    submitted = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Rác",
                                                  description="Rác chưa thu gom ba ngày."), actor=resident)
    anonymous = Client()
    page(anonymous, submitted)
    client.force_login(resident)
    url = reverse("frontend:case-action", kwargs={"code": submitted.case.tracking_code,
                                                  "token": submitted.access_token, "action": "message"})
    response = client.post(url, {"text": "Vẫn chưa ai đến."}, follow=True)
    html = response.content.decode()
    assert reverse("frontend:my-cases") in html  # the signed-in menu, not the anonymous page kept above
    assert "Phường đã nhận được thông tin." in html


def test_an_anonymous_visitor_sees_the_thank_you_message_once(filed):
    visitor = Client()
    page(visitor, filed)
    url = reverse("frontend:case-action", kwargs={"code": filed.case.tracking_code, "token": filed.access_token,
                                                  "action": "message"})
    response = visitor.post(url, {"text": "Vẫn chưa ai đến."}, follow=True)
    assert "Phường đã nhận được thông tin." in response.content.decode()
    assert "Phường đã nhận được thông tin." not in page(visitor, filed).content.decode()


class TestALinkOpenedByManyAtOnce:
    """A page the database confirmed less than STATUS_PAGE_RECHECK_MS ago in this process is served without asking
    again; after that, or for a visitor signed in or with a message waiting, the database is asked."""

    @pytest.fixture(autouse=True)
    def window(self, settings, monkeypatch):
        import frontend.page_memo as memo

        settings.STATUS_PAGE_RECHECK_MS = 1000
        self.now = 1000.0
        monkeypatch.setattr(memo.time, "monotonic", lambda: self.now)

    def test_within_the_window_no_query_and_after_it_the_change(self, client, filed, leader,
                                                               django_assert_num_queries):
        first = page(client, filed)
        self.now += 0.5
        with django_assert_num_queries(0):
            again = page(client, filed)
        assert without_csrf(again) == without_csrf(first)
        assert CSRF.search(again.content.decode())  # the visitor's own token, as always
        transition(case=filed.case, action="answer", actor=leader, text="Đã khơi thông cống.")
        self.now += 0.4
        assert "Đã khơi thông cống." not in page(client, filed).content.decode()  # up to a second old
        self.now += 0.2
        with django_assert_num_queries(3):  # the second is over: the case, its timeline and attachments, read again
            assert "Đã khơi thông cống." in page(client, filed).content.decode()

    def test_the_residents_own_action_shows_at_once(self, filed):
        visitor = Client()
        page(visitor, filed)
        url = reverse("frontend:case-action", kwargs={"code": filed.case.tracking_code, "token": filed.access_token,
                                                      "action": "message"})
        response = visitor.post(url, {"text": "Nước vẫn chưa rút sau ba ngày."}, follow=True)
        assert response.status_code == 200
        assert "Nước vẫn chưa rút sau ba ngày." in response.content.decode()

    def test_reloads_just_after_the_residents_action_show_it_in_every_process(self, filed):
        visitor = Client()
        page(visitor, filed)  # confirmed at 1000.0 (this process; others like it may hold the same)
        url = reverse("frontend:case-action", kwargs={"code": filed.case.tracking_code, "token": filed.access_token,
                                                      "action": "message"})
        self.now += 0.2
        response = visitor.post(url, {"text": "Nước vẫn chưa rút sau ba ngày."})
        fresh = response.cookies["openward_fresh"]
        assert int(fresh["max-age"]) == 2 and fresh["httponly"]
        page(visitor, filed)  # the redirect, with its flash message
        del visitor.cookies["messages"]  # shown: the browser drops it
        self.now += 0.2
        assert "Nước vẫn chưa rút sau ba ngày." in page(visitor, filed).content.decode()
        other = Client()  # someone else within the second may get the page confirmed before the message ...
        assert other.get(filed.secret_path).status_code == 200
        self.now += 1.0  # ... but not once the resident's cookie has expired: every earlier confirmation has too
        assert "Nước vẫn chưa rút sau ba ngày." in page(Client(), filed).content.decode()

    def test_an_earlier_confirmation_never_replaces_a_later_one(self):
        from frontend.page_memo import PageMemo

        memo = PageMemo()
        memo.keep("new", "<p>new</p>")
        memo.keep("old", "<p>old</p>")
        memo.checked("link", "new", at=self.now)
        memo.checked("link", "old", at=self.now - 0.5)  # a slower request that asked the database first
        assert memo.recent("link", 1.0) == "<p>new</p>"
        self.now += 1.0
        assert memo.recent("link", 1.0) is None  # the window counts from before the database was asked

    def test_signed_in_visitors_and_other_links_always_ask(self, filed):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def queries(visitor, path):
            with CaptureQueriesContext(connection) as ctx:
                status = visitor.get(path).status_code
            return status, len(ctx)

        page(Client(), filed)
        signed_in = Client()
        signed_in.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
        assert queries(signed_in, filed.secret_path)[1] >= 1
        wrong = filed.secret_path.replace(filed.access_token, "x" * len(filed.access_token))
        assert queries(Client(), wrong) == (404, 1)
        other_language = Client()
        other_language.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert queries(other_language, filed.secret_path)[1] >= 1  # its own page, looked up
        with_query = queries(Client(), filed.secret_path + "?a=1")
        assert with_query[0] == 200 and with_query[1] >= 1

    def test_zero_turns_the_window_off(self, settings, client, filed, django_assert_num_queries):
        settings.STATUS_PAGE_RECHECK_MS = 0
        page(client, filed)
        with django_assert_num_queries(1):
            page(client, filed)
