"""A denouncer's identity (SPEC §7, Law on Denunciations Arts. 9, 47, 56) walked through a case's whole life.

Two denunciations with distinctive contacts are filed through the real API. One is accepted, assigned, answered,
approved and rated; the other is forwarded to the competent body. Afterwards every surface a person other than the
assigned officer or a leader can reach is searched for each piece of the identity (name, address, phone — with and
without separators —, e-mail): the supervisor's page and API, another department's officer, open data, Open311,
published answers, the dashboard, disclosures and dialogues, every e-mail, SMS and outbox row not addressed to the
denouncer, and the audit log. The assigned officer and the leader see it only after an audited "show identity".
"""

import datetime as dt
import json

import pytest
import time_machine
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from portal.audit.models import AuditEvent
from portal.audit.services import verify_chain
from portal.cases.models import Case
from portal.notifications.models import Notification
from tests.conftest import log_in
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội

NAME = "Quách Thị Huyền Trang"
ADDRESS = "77/9 Hẻm Cây Gòn, Tổ 13"
PHONE = "0938 471 265"
EMAIL = "nguoito.caygon@example.vn"
SECOND = {"name": "Lục Văn Khôi Nguyên", "address": "12 Ngõ Sầu Riêng, Tổ 4", "phone": "0977.315.864",
          "email": "khoinguyen.saurieng@example.vn"}

# What to look for: each piece, and the ways a page might spell it (phone without separators, e-mail or name escaped).
IDENTITIES = [
    {"name": NAME, "address": ADDRESS, "phone": PHONE, "email": EMAIL},
    SECOND,
]


def _needles(identity: dict) -> dict[str, list[str]]:
    digits = "".join(c for c in identity["phone"] if c.isdigit())
    return {
        "name": [identity["name"], identity["name"].lower(), json.dumps(identity["name"])[1:-1]],
        "address": [identity["address"], identity["address"].replace("/", "&#x2F;"),
                    json.dumps(identity["address"])[1:-1]],
        "phone": [identity["phone"], digits, digits[1:], "+84" + digits[1:]],
        "email": [identity["email"], identity["email"].replace("@", "&#64;"), identity["email"].split("@")[0]],
    }


def leaks(text: str) -> list[str]:
    """Which pieces of either denouncer's identity appear in `text`."""
    found = []
    for identity in IDENTITIES:
        for piece, spellings in _needles(identity).items():
            if any(s and s in text for s in spellings):
                found.append(f"{identity['name']}:{piece}")
    return found


def assert_clean(where: str, text, *, typed: str = "") -> None:
    """`typed`: a search term the page may echo back to the one who typed it (removed before looking)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if typed:
        from urllib.parse import quote, quote_plus

        from django.utils.html import escape

        for echo in (escape(typed), typed, quote(typed), quote_plus(typed), escape(quote_plus(typed))):
            text = text.replace(echo, "")
    assert leaks(text) == [], f"denouncer's identity in {where}"


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def other_department_officer(ward):
    department = DepartmentFactory(ward=ward, code="vanhoa", name="Phòng Văn hóa - Xã hội")
    membership = MembershipFactory(user=UserFactory(username="canbo_vanhoa", is_staff=True,
                                                    email="vanhoa@phuong.example.vn"), ward=ward, role="officer")
    membership.departments.add(department)
    return membership.user


@pytest.fixture
def staff(officer, leader, supervisor, other_department_officer, outsider_officer):
    for user, address in ((officer, "canbo@phuong.example.vn"), (leader, "chutich@phuong.example.vn"),
                          (supervisor, "thanhtra@mttq.example.vn"), (outsider_officer, "canbo@bt01.example.vn")):
        user.email = address
        user.save(update_fields=["email"])
    return {"officer": officer, "leader": leader, "supervisor": supervisor, "other": other_department_officer,
            "outsider": outsider_officer}


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def file_denunciation(ward, category, identity: dict, *, title: str, notify_by: str) -> tuple[str, str]:
    response = APIClient().post("/api/v1/cases/", {
        "ward": ward.code, "kind": "denunciation", "category": category.code, "title": title,
        "description": "Cán bộ địa chính nhận tiền để bỏ qua việc xây dựng trái phép trên đường Lê Văn Sỹ.",
        "address": "Đường Lê Văn Sỹ", "contact_name": identity["name"], "contact_address": identity["address"],
        "contact_phone": identity["phone"], "contact_email": identity["email"], "notify_by": notify_by,
        "publish_consent": True,
    }, format="json")
    assert response.status_code == 201, response.content
    return response.json()["tracking_code"], response.json()["access_token"]


def staff_post(user, code, suffix, data=None):
    response = api_as(user).post(f"/api/v1/staff/cases/{code}/{suffix}", data or {}, format="json")
    assert response.status_code in (200, 201), (suffix, response.content)
    return response.json()


@pytest.fixture
def walked(ward, category, department, staff, sms_outbox):
    """Both denunciations through their lives; returns what the tests need."""
    code, token = file_denunciation(ward, category, IDENTITIES[0], title="Tố cáo cán bộ địa chính nhận tiền",
                                    notify_by="email")
    leader, officer = staff["leader"], staff["officer"]
    staff_post(leader, code, "assign/", {"assignee": officer.pk, "department": department.pk})
    staff_post(leader, code, "transitions/", {"action": "accept"})
    staff_post(officer, code, "transitions/", {"action": "start_work"})
    staff_post(officer, code, "notes/", {"text": "Đã xác minh tại hiện trường, có biên bản."})
    answer = staff_post(officer, code, "answers/",
                        {"text": "Kết luận: nội dung tố cáo đúng một phần; đã xử lý kỷ luật."})
    staff_post(leader, code, f"answers/{answer['id']}/approve/", {"note": "Đồng ý."})
    rated = APIClient().post(f"/api/v1/cases/track/{code}/rate/", {"token": token, "score": 4,
                                                                     "comment": "Cảm ơn phường."}, format="json")
    assert rated.status_code == 200, rated.content

    second, _ = file_denunciation(ward, category, SECOND, title="Tố cáo cán bộ thu phí chợ sai quy định",
                                  notify_by="sms")
    staff_post(leader, second, "transitions/", {"action": "transfer", "text": "Không thuộc thẩm quyền của phường.",
                                             "to_body": "Thanh tra quận Phú Nhuận"})

    assert Case.objects.get(tracking_code=code).state == "answered"
    assert Case.objects.get(tracking_code=second).state == "transferred"
    return {"code": code, "token": token, "second": second, "staff": staff}


# --- who may see it: only after an audited reveal -----------------------------------------------------------------

def test_the_assigned_officer_and_the_leader_see_the_identity_only_after_an_audited_reveal(walked):
    code, staff = walked["code"], walked["staff"]
    case = Case.objects.get(tracking_code=code)
    for user in (staff["officer"], staff["leader"]):
        page = log_in(Client(), user).get(f"/can-bo/don/{code}/")
        assert page.status_code == 200
        assert_clean(f"{user.username}'s case page before the reveal", page.content)
        assert b'data-testid="reveal-identity"' in page.content
        detail = api_as(user).get(f"/api/v1/staff/cases/{code}/")
        assert detail.status_code == 200
        assert_clean(f"{user.username}'s case API before the reveal", detail.content)

    views_before = AuditEvent.objects.filter(action="case.identity_viewed", object_id=str(case.pk)).count()
    revealed = log_in(Client(), staff["officer"]).post(f"/can-bo/don/{code}/danh-tinh/", follow=True)
    assert revealed.status_code == 200 and revealed.redirect_chain == [(f"/can-bo/don/{code}/#identity", 302)]
    text = revealed.content.decode()
    assert NAME in text and ADDRESS in text and PHONE in text and EMAIL in text
    by_api = api_as(staff["leader"]).post(f"/api/v1/staff/cases/{code}/identity/")
    assert by_api.status_code == 200
    assert by_api.json() == {"name": NAME, "phone": PHONE, "email": EMAIL, "address": ADDRESS}

    views = AuditEvent.objects.filter(action="case.identity_viewed", object_id=str(case.pk)).order_by("id")
    assert views.count() == views_before + 2
    assert [v.actor_id for v in views[views_before:]] == [staff["officer"].pk, staff["leader"].pk]
    assert verify_chain().ok


def test_nobody_else_may_reveal_it(walked):
    code, staff = walked["code"], walked["staff"]
    case = Case.objects.get(tracking_code=code)
    for key in ("supervisor", "other", "outsider"):
        user = staff[key]
        assert api_as(user).post(f"/api/v1/staff/cases/{code}/identity/").status_code in (403, 404), key
        response = log_in(Client(), user).post(f"/can-bo/don/{code}/danh-tinh/")
        assert response.status_code in (403, 404), key
        assert_clean(f"{key}'s refused reveal", response.content)
    # the second case was never assigned: not even the officers of the department see it (only leaders)
    second = walked["second"]
    assert api_as(staff["officer"]).post(f"/api/v1/staff/cases/{second}/identity/").status_code in (403, 404)
    assert not AuditEvent.objects.filter(action="case.identity_viewed", object_id=str(case.pk)).exists()


# --- where it must never appear ------------------------------------------------------------------------------------

def test_the_supervisor_reads_both_cases_with_the_identity_masked(walked):
    supervisor = walked["staff"]["supervisor"]
    client = log_in(Client(), supervisor)
    for code in (walked["code"], walked["second"]):
        page = client.get(f"/can-bo/don/{code}/")
        assert page.status_code == 200
        assert b'data-testid="identity-masked"' in page.content
        assert_clean(f"supervisor's page of {code}", page.content)
        detail = api_as(supervisor).get(f"/api/v1/staff/cases/{code}/")
        assert detail.status_code == 200
        assert_clean(f"supervisor's API of {code}", detail.content)
    queue = client.get("/can-bo/")
    assert queue.status_code == 200
    assert_clean("supervisor's queue", queue.content)
    assert_clean("supervisor's API queue", api_as(supervisor).get("/api/v1/staff/cases/").content)


def test_a_search_by_the_denouncers_name_address_or_phone_finds_nothing(walked):
    """Neither another department's officer nor any other staff can find a denunciation by who filed it."""
    staff = walked["staff"]
    terms = [NAME, "Huyền Trang", "Hẻm Cây Gòn", PHONE.replace(" ", ""), EMAIL, SECOND["name"], "Sầu Riêng"]
    for key in ("other", "outsider", "supervisor", "officer", "leader"):
        client, api = log_in(Client(), staff[key]), api_as(staff[key])
        for term in terms:
            page = client.get("/can-bo/", {"q": term})
            assert page.status_code == 200
            assert walked["code"].encode() not in page.content and walked["second"].encode() not in page.content
            assert_clean(f"{key}'s queue search for {term!r}", page.content, typed=term)
            listed = api.get("/api/v1/staff/cases/", {"q": term})
            assert listed.status_code == 200
            assert walked["code"] not in listed.content.decode(), (key, term)
            assert walked["second"] not in listed.content.decode(), (key, term)
    # the other department's officer does not see the assigned case at all
    assert log_in(Client(), staff["other"]).get(f"/can-bo/don/{walked['code']}/").status_code in (403, 404)
    assert api_as(staff["other"]).get(f"/api/v1/staff/cases/{walked['code']}/").status_code in (403, 404)
    assert_clean("another department's queue", log_in(Client(), staff["other"]).get("/can-bo/").content)


def test_no_public_page_feed_or_export_carries_it(walked, ward, client):
    code = walked["code"]
    from portal.transparency.tasks import refresh_rollups

    refresh_rollups()
    urls = [
        "/api/v1/open-data/cases.csv", "/api/v1/open-data/cases.json", "/api/v1/open-data/schema.json",
        "/open311/v2/requests.json", "/open311/v2/requests.xml",
        f"/open311/v2/requests/{code}.json", f"/open311/v2/requests/{code}.xml",
        f"/open311/v2/requests.json?service_request_id={code},{walked['second']}&status=open,closed",
        "/tra-loi-cong-khai/", f"/tra-loi-cong-khai/{code}/",
        "/minh-bach/", f"/minh-bach/{ward.code}/", "/api/v1/stats/wards/", f"/api/v1/stats/wards/{ward.code}/",
        "/api/v1/stats/wards.csv", f"/api/v1/stats/wards/{ward.code}.csv", "/du-lieu-mo/",
        "/api/v1/disclosures/", "/api/v1/dialogues/", "/cong-khai/", "/doi-thoai/",
        f"/api/v1/cases/track/{code}/", "/", f"/cong-khai/phuong/{ward.code}/rss/",
    ]
    seen = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code == 200:
            seen += 1
        assert_clean(url, body)
    assert seen >= 15
    for term in (NAME, "Huyền Trang", EMAIL, "Hẻm Cây Gòn", "địa chính"):
        found = client.get("/tra-loi-cong-khai/", {"q": term})
        assert found.status_code == 200 and code.encode() not in found.content
        assert_clean(f"published answers searched for {term!r}", found.content, typed=term)


def test_the_resident_status_page_shows_the_case_but_not_the_contact_back(walked):
    """The secret link is the resident's own; it shows the case and timeline, never the contact (a link forwarded
    or shoulder-surfed must not expose the denouncer)."""
    page = Client().get(f"/tra-cuu/{walked['code']}/{walked['token']}/")
    assert page.status_code == 200 and walked["code"].encode() in page.content
    assert_clean("the resident's status page", page.content)


def test_messages_reach_only_the_denouncer(walked, sms_outbox):
    """Every e-mail, SMS and outbox row addressed to someone else (the officer, leaders, the supervisor) is clean;
    those to the denouncer go to their own address only."""
    from portal.notifications.tasks import flush_outbox

    flush_outbox()
    own = {EMAIL, PHONE, SECOND["email"], SECOND["phone"]}
    to_denouncer = 0
    for row in Notification.objects.all():
        if row.recipient in own:
            to_denouncer += 1
            continue
        assert_clean(f"outbox row {row.key} to {row.recipient}", f"{row.recipient}\n{row.subject}\n{row.body}")
    assert to_denouncer >= 3
    for message in mail.outbox:
        if set(message.to) <= own:
            continue
        assert_clean(f"e-mail to {message.to}", f"{message.to} {message.cc} {message.bcc} {message.subject}\n"
                                                f"{message.body}")
    for sms in sms_outbox:
        if sms["to"] in own:
            continue
        assert_clean(f"an SMS to {sms['to']}", f"{sms['to']}\n{sms['body']}")
    assert mail.outbox, "the walk sent e-mails"


def test_the_audit_log_never_records_the_identity(walked):
    for event in AuditEvent.objects.all():
        assert_clean(f"audit event {event.action}", json.dumps(event.data, ensure_ascii=False, default=str))
    reveals = AuditEvent.objects.filter(action="case.identity_viewed")
    assert all(event.data == {} for event in reveals)
    assert verify_chain().ok


def test_the_outbox_in_the_admin_shows_neither_recipient_nor_content(walked, admin_client):
    """Admins keep reference data and have no access to cases (SPEC §1): the notification outbox in the Django admin
    used to list every recipient (the denouncer's e-mail and phone) beside its case, and its bodies (sign-in codes)."""
    changelist = admin_client.get("/admin/notifications/notification/")
    assert changelist.status_code == 200
    assert_clean("the admin's outbox list", changelist.content)
    assert b"n\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2@example.vn" in changelist.content  # masked, still useful
    for row in Notification.objects.all():
        page = admin_client.get(f"/admin/notifications/notification/{row.pk}/change/")
        assert page.status_code == 200
        assert_clean(f"the admin's page of outbox row {row.key}", page.content)
        assert walked["code"].encode() not in page.content and walked["second"].encode() not in page.content


def _outbox_row(**values):
    return Notification.objects.create(key=f"test:{Notification.objects.count()}", subject="case", **{
        "body": "…", **values})


@pytest.mark.parametrize("lookup", [
    "recipient__startswith=09", "recipient__regex=.", "recipient=%2B84912345678", "body__contains=code",
    "body__regex=%5B0-9%5D%7B6%7D", "subject__icontains=case", "key__startswith=case", "case=1",
    "case__kind=denunciation", "last_error__contains=%40",
])
def test_the_outbox_in_the_admin_answers_no_question_on_its_hidden_columns(admin_client, lookup):
    """The number of rows a filter finds would tell a hidden column one character at a time (a denouncer's phone
    through ?case=…&recipient__startswith=…, a live sign-in code through ?body__regex=…): only the list's filters."""
    _outbox_row(channel="sms", recipient="+84912345678", body="Mã đăng nhập: 123456")
    assert admin_client.get(f"/admin/notifications/notification/?{lookup}").status_code == 400


def test_the_outbox_in_the_admin_still_filters_by_channel_and_state(admin_client):
    _outbox_row(channel="sms", recipient="+84938471265")
    _outbox_row(channel="email", recipient="an@example.vn")
    for query, count in (("channel__exact=sms", 1), ("state__exact=pending", 2),
                         ("channel__exact=email&state=sent", 0)):
        response = admin_client.get(f"/admin/notifications/notification/?{query}")
        assert response.status_code == 200 and response.context["cl"].result_count == count, query
