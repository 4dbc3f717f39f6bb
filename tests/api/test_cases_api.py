"""POST /api/v1/cases/ and GET /api/v1/cases/track/{code}/: the same service as the web form."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from portal.audit.models import AuditEvent
from portal.cases.models import Attachment, Case
from tests.factories import AreaFactory, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def payload(**overrides):
    data = {"ward": "PN17", "kind": "feedback", "category": "ha-tang", "title": "Ổ gà trên đường Lê Lợi",
            "description": "Ổ gà lớn trước số 45 Lê Lợi, xe máy dễ té ngã khi trời mưa.", "area": "KP1"}
    data.update(overrides)
    return data


def test_resident_files_feedback_as_json_and_follows_it(api, ward, area, category):
    response = api.post("/api/v1/cases/", payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tracking_code"].startswith("PN17-")
    assert body["state"] == "received" and body["due_date"]
    case = Case.objects.get(tracking_code=body["tracking_code"])
    assert case.channel == "api" and case.area == area

    track = api.get(f"/api/v1/cases/track/{body['tracking_code']}/", {"token": body["access_token"]})
    assert track.status_code == 200
    status = track.json()
    assert status["state"] == "received" and status["title"] == "Ổ gà trên đường Lê Lợi"
    assert status["timeline"][0]["kind"] == "submission"
    assert "contact_name" not in status and "contact_phone" not in status


def test_multipart_with_photo(api, ward, area, category, make_upload):
    data = payload()
    data["files"] = [make_upload("a.png", image_bytes("PNG"), "image/png"),
                     make_upload("b.jpg", image_bytes("JPEG"), "image/jpeg")]
    response = api.post("/api/v1/cases/", data, format="multipart")
    assert response.status_code == 201, response.content
    assert Attachment.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": "petition"}, "kind"),
        ({"ward": "NOPE"}, "ward"),
        ({"category": "nope"}, "category"),
        ({"area": "KP99"}, "area"),
        ({"kind": "complaint"}, "contact_name"),
        ({"kind": "denunciation", "is_anonymous": True}, "denounced_person"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"contact_phone": "abc"}, "contact_phone"),
        ({"latitude": "95.0", "longitude": "106.7"}, "latitude"),
        ({"signatory_count": 0}, "signatory_count"),
        ({"decision_date": "2026-13-45"}, "decision_date"),
    ],
)
def test_bad_input_gets_400_with_field_messages_and_creates_nothing(api, ward, area, category, overrides, field):
    response = api.post("/api/v1/cases/", payload(**overrides), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert all(isinstance(m, str) and m for m in response.json()[field])
    assert Case.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_fake_image_and_too_many_files_are_400(api, ward, area, category, make_upload):
    data = payload(files=[make_upload("x.jpg", b"MZ\x90\x00 not an image", "image/jpeg")])
    response = api.post("/api/v1/cases/", data, format="multipart")
    assert response.status_code == 400 and "files" in response.json()
    data = payload(files=[make_upload(f"{i}.png", image_bytes("PNG"), "image/png") for i in range(6)])
    response = api.post("/api/v1/cases/", data, format="multipart")
    assert response.status_code == 400 and "files" in response.json()
    assert Case.objects.count() == 0


def test_area_of_another_ward_is_refused(api, ward, other_ward, category):
    AreaFactory(ward=other_ward, code="KPX")
    response = api.post("/api/v1/cases/", payload(area="KPX"), format="json")
    assert response.status_code == 400 and "area" in response.json()


def test_wrong_code_and_wrong_secret_look_the_same(api, ward, area, category):
    body = api.post("/api/v1/cases/", payload(), format="json").json()
    wrong_secret = api.get(f"/api/v1/cases/track/{body['tracking_code']}/", {"token": "x" * 32})
    wrong_code = api.get("/api/v1/cases/track/PN17-2026-999999/", {"token": body["access_token"]})
    assert wrong_secret.status_code == wrong_code.status_code == 404
    assert wrong_secret.json() == wrong_code.json()


def test_another_case_secret_does_not_open_a_case(api, ward, area, category):
    first = api.post("/api/v1/cases/", payload(), format="json").json()
    second = api.post("/api/v1/cases/", payload(), format="json").json()
    response = api.get(f"/api/v1/cases/track/{first['tracking_code']}/", {"token": second["access_token"]})
    assert response.status_code == 404


def test_submitting_is_rate_limited(api, ward, area, category, settings):
    settings.RATE_SUBMIT = "2/m"
    codes = [api.post("/api/v1/cases/", payload(), format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Case.objects.count() == 2


def test_looking_up_is_rate_limited(api, ward, area, category, settings):
    settings.RATE_LOOKUP = "3/m"
    codes = [api.get("/api/v1/cases/track/PN17-2026-000001/", {"token": "guess"}).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_reference_data_is_public(api, ward, area, category):
    wards = api.get("/api/v1/wards/").json()
    assert wards[0]["code"] == "PN17" and wards[0]["areas"] == [{"code": "KP1", "name": "Khu phố 1"}]
    categories = api.get("/api/v1/categories/", {"kind": "complaint"}).json()
    assert [c["code"] for c in categories] == ["ha-tang"]


def test_unknown_reference_data_is_a_4xx_in_the_readers_language(api, ward, area, category):
    """An unknown kind gave an empty list (as if no category took such cases); an unknown ward Django's English."""
    response = api.get("/api/v1/categories/", {"kind": "khieu-nai"})
    assert response.status_code == 400 and list(response.json()) == ["kind"]
    assert "khiếu nại" in response.json()["kind"][0]
    response = api.get("/api/v1/wards/NOPE/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không có phường nào đang hoạt động có mã này."}
    response = api.get("/api/v1/wards/NOPE/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "No active ward has this code."}


def test_openapi_schema_and_docs_describe_case_submission(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    spec = schema.json()
    assert "/api/v1/cases/" in spec["paths"] and "post" in spec["paths"]["/api/v1/cases/"]
    assert api.get("/api/v1/docs/").status_code == 200


def test_resident_writes_rates_and_withdraws_through_the_api(api, ward, area, category, leader):
    from portal.cases.workflow import transition

    body = api.post("/api/v1/cases/", payload(), format="json").json()
    code, token = body["tracking_code"], body["access_token"]
    url = f"/api/v1/cases/track/{code}/"
    assert api.post(url + "message/", {"text": "Bổ sung"}, format="json").status_code == 404  # no token
    response = api.post(url + "message/", {"text": "Bổ sung ảnh"}, format="json", HTTP_X_ACCESS_TOKEN=token)
    assert response.status_code == 200 and response.json()["timeline"][-1]["kind"] == "resident"
    assert api.post(url + "message/", {"token": token, "text": ""}, format="json").status_code == 400
    assert api.post(url + "rate/", {"token": token, "score": 5}, format="json").status_code == 400  # no answer
    case = Case.objects.get(tracking_code=code)
    transition(case=case, action="answer", actor=leader, text="Đã xử lý")
    assert api.post(url + "rate/", {"token": token, "score": 7}, format="json").status_code == 400
    rated = api.post(url + "rate/", {"token": token, "score": 1, "comment": "Chưa xử lý"}, format="json")
    assert rated.status_code == 200 and rated.json()["state"] == "reopened"
    withdrawn = api.post(url + "withdraw/", {"token": token, "text": "Tôi rút đơn"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert api.post(url + "dance/", {"token": token}, format="json").status_code == 404


def test_the_tracking_answer_asks_for_a_rating_only_while_the_answer_is_not_rated(api, ward, area, category, leader):
    """As the status page: "Phường đã trả lời … vui lòng … đánh giá" only until the resident has rated the answer."""
    from portal.cases.presentation import ANSWERED_NOT_TO_RATE, STATE_EXPLANATIONS
    from portal.cases.services import rate_answer
    from portal.cases.workflow import transition

    body = api.post("/api/v1/cases/", payload(), format="json").json()
    url = f"/api/v1/cases/track/{body['tracking_code']}/?token={body['access_token']}"
    case = Case.objects.get(tracking_code=body["tracking_code"])
    transition(case=case, action="answer", actor=leader, text="Đã sửa đèn.")
    assert api.get(url).json()["state_explanation"] == str(STATE_EXPLANATIONS["answered"])
    assert "đánh giá" in api.get(url).json()["state_explanation"]
    rate_answer(case=Case.objects.get(pk=case.pk), score=5, comment="")
    explained = api.get(url).json()["state_explanation"]
    assert explained == str(ANSWERED_NOT_TO_RATE) and "đánh giá" not in explained

def test_escalation_through_the_api_is_possible_within_the_art_33_window_only(api, ward, area, category, leader):
    """30 calendar days from the decision (answered on Monday 23/11/2026): until 23/12/2026, refused the day after
    with the service's reason, a 400 like the API's other refusals, changing nothing."""
    import datetime as dt

    import time_machine

    from portal.cases.workflow import transition

    complaint = payload(kind="complaint", contact_name="Trần An", contact_address="1 Lê Lợi",
                        decision_date="2026-11-01")
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        body = api.post("/api/v1/cases/", complaint, format="json").json()
        case = Case.objects.get(tracking_code=body["tracking_code"])
        transition(case=transition(case=case, action="accept", actor=leader), action="answer", actor=leader,
                   text="Quyết định giải quyết lần đầu")
    url = f"/api/v1/cases/track/{body['tracking_code']}/escalate/"
    with time_machine.travel(dt.datetime(2026, 12, 23, 17, 1, tzinfo=dt.UTC), tick=False):  # 00:01 on 24/12
        events = AuditEvent.objects.count()
        refused = api.post(url, {"token": body["access_token"], "text": "Khiếu nại lần hai"}, format="json",
                           HTTP_ACCEPT_LANGUAGE="vi")
        assert refused.status_code == 400
        assert refused.json()["code"] == "escalation_window_passed"
        assert "Điều 33" in refused.json()["non_field_errors"][0]
        assert Case.objects.get(pk=case.pk).state == "answered" and AuditEvent.objects.count() == events
    with time_machine.travel(dt.datetime(2026, 12, 23, 16, 59, tzinfo=dt.UTC), tick=False):  # 23:59 on 23/12
        done = api.post(url, {"token": body["access_token"], "text": "Khiếu nại lần hai"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "escalated"
    assert AuditEvent.objects.filter(action="case.escalate", object_id=str(case.pk)).count() == 1


def test_an_overdue_complaint_is_escalated_through_the_api_once_its_due_date_has_passed(api, ward, area, category,
                                                                                      leader):
    """Accepted on Monday 23/11/2026, due 23/12/2026: refused on the due date (the ward still has time), done the
    day after."""
    import datetime as dt

    import time_machine

    from portal.cases.workflow import transition

    complaint = payload(kind="complaint", contact_name="Trần An", contact_address="1 Lê Lợi",
                        decision_date="2026-11-01")
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        body = api.post("/api/v1/cases/", complaint, format="json").json()
        case = transition(case=Case.objects.get(tracking_code=body["tracking_code"]), action="accept", actor=leader)
    assert case.due_date == dt.date(2026, 12, 23)
    url = f"/api/v1/cases/track/{body['tracking_code']}/escalate/"
    with time_machine.travel(dt.datetime(2026, 12, 23, 16, 59, tzinfo=dt.UTC), tick=False):  # 23:59 on 23/12
        events = AuditEvent.objects.count()
        refused = api.post(url, {"token": body["access_token"], "text": "Quá hạn"}, format="json",
                           HTTP_ACCEPT_LANGUAGE="vi")
        assert refused.status_code == 400
        assert refused.json()["code"] == "escalation_not_overdue"
        assert "23/12/2026" in refused.json()["non_field_errors"][0]
        assert Case.objects.get(pk=case.pk).state == "accepted" and AuditEvent.objects.count() == events
    with time_machine.travel(dt.datetime(2026, 12, 23, 17, 1, tzinfo=dt.UTC), tick=False):  # 00:01 on 24/12
        done = api.post(url, {"token": body["access_token"], "text": "Quá hạn"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "escalated" and done.json()["due_date"] is None
    assert AuditEvent.objects.filter(action="case.escalate", object_id=str(case.pk)).count() == 1


def test_submission_runs_a_constant_number_of_queries_without_reading_reference_tables(
        api, ward, area, category, department, django_assert_num_queries):
    from portal.routing.models import RoutingRule

    RoutingRule.objects.create(ward=ward, department=department, category=category)
    bodies = (payload(), payload(is_anonymous=True, area="", title="Cây đổ chắn ngang đường"))
    for body in bodies:  # the first case of each ward, kind, category and area derives the reference data
        assert api.post("/api/v1/cases/", body, format="json").status_code == 201
    # the reference token, the tracking number, the case, its clock and timeline, the audit chain (3); plus the
    # savepoint around the case in this test's transaction (2). On PostgreSQL all the rows are one statement, which
    # checks the reference token itself (reference.assumed_view()).
    queries = 3 if connection.vendor == "postgresql" else 10
    for body in bodies:
        with django_assert_num_queries(queries) as ctx:
            response = api.post("/api/v1/cases/", body, format="json")
        assert response.status_code == 201
        sql = " ".join(q["sql"] for q in ctx.captured_queries)
        for table in ("wards_", "routing_", "deadlines_", "auth_user"):
            assert f'FROM "{table}' not in sql and f'JOIN "{table}' not in sql
    assert Case.objects.filter(department=department).count() == 4


def test_the_receipt_is_what_the_documented_serializer_gives(api, ward, area, category):
    from api.v1.cases import CaseReceiptSerializer

    body = api.post("/api/v1/cases/", payload(), format="json").json()
    case = Case.objects.get(tracking_code=body["tracking_code"])
    assert body == CaseReceiptSerializer({
        "tracking_code": case.tracking_code, "access_token": body["access_token"], "status_url": body["status_url"],
        "state": case.state, "due_date": case.due_date, "late_filing": case.is_late_filing,
        "inspection_lead": False, "notice": ""}).data
    assert case.check_token(body["access_token"]) and body["status_url"].endswith(f"/{body['access_token']}/")


@pytest.mark.parametrize("value", ["NOWHERE", "", "PN17\x00", "x" * 500, 17, ["PN17"], {"code": "PN17"}, None])
def test_ward_and_category_codes_get_the_answers_of_a_slug_field(ward, category, value):
    from api.v1.cases import CaseSubmitSerializer
    from portal.cases import reference

    answers = []
    for context in ({"ref": reference.view()}, {}):  # through the memo, and the plain SlugRelatedField
        serializer = CaseSubmitSerializer(data=payload(area="", ward=value, category=value), context=context)
        assert not serializer.is_valid()
        answers.append({key: serializer.errors[key] for key in ("ward", "category")})
    assert answers[0] == answers[1]


def test_the_photos_of_a_submission_go_to_the_broker_as_one_job(api, ward, area, category, make_upload,
                                                               django_capture_on_commit_callbacks, monkeypatch):
    from portal.cases import tasks

    jobs = []
    monkeypatch.setattr(tasks.make_attachment_thumbnails, "delay", lambda ids: jobs.append(ids))
    data = payload()
    data["files"] = [make_upload(f"{i}.png", image_bytes("PNG"), "image/png") for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post("/api/v1/cases/", data, format="multipart").status_code == 201
    assert jobs == [list(Attachment.objects.order_by("id").values_list("id", flat=True))]
    assert tasks.make_attachment_thumbnails(jobs[0]) == 3
    assert all(a.thumbnail for a in Attachment.objects.all())
    assert tasks.make_attachment_thumbnails(jobs[0]) == 0  # a retry makes nothing twice


def test_a_code_with_a_nul_character_is_a_400_not_a_500(api, ward, area, category):
    for field in ("ward", "category"):
        response = api.post("/api/v1/cases/", payload(**{field: "PN17\x00"}), format="json")
        assert response.status_code == 400 and set(response.json()) == {field}


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_a_client_accepting_json_gets_drfs_json_answer(api, ward, area, category, accept):
    """CaseSubmit answers these without DRF's negotiation, with what it would choose: the JSON renderer."""
    from rest_framework.negotiation import DefaultContentNegotiation
    from rest_framework.request import Request

    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = api.post("/api/v1/cases/", payload(), format="json", **headers)
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    assert response.content.startswith(b'{"tracking_code":')  # DRF's compact JSON
    assert response.accepted_media_type == "application/json"
    drf_choice = DefaultContentNegotiation().select_renderer(Request(response.wsgi_request), response.renderer_context[
        "view"].get_renderers())
    assert (type(drf_choice[0]), drf_choice[1]) == (type(response.accepted_renderer), response.accepted_media_type)


@pytest.mark.parametrize(("accept", "query", "content_type"), [
    ("text/html", "", "text/html; charset=utf-8"),  # a browser: DRF's browsable API, as before
    ("application/json; indent=4", "", "application/json"),
    ("*/*", "?format=api", "text/html; charset=utf-8"),
    ("image/png", "", "application/json"),  # 406, answered in JSON
])
def test_any_other_accept_is_negotiated_by_drf(api, ward, area, category, accept, query, content_type):
    response = api.post(f"/api/v1/cases/{query}", payload(), format="json", HTTP_ACCEPT=accept)
    assert response.status_code == (406 if accept == "image/png" else 201)
    assert response["Content-Type"] == content_type
    if "indent" in accept:
        assert response.content.startswith(b'{\n    "tracking_code"')
