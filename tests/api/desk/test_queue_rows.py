"""The queue list's hand-written rows (DeskQueueRowSerializer) are exactly what the documented serializer
(DeskCaseQueueItemSerializer) gives, in both languages and whatever the case lacks."""

import datetime as dt

import pytest
from django.utils import translation
from rest_framework.test import APIRequestFactory

from api.v1.desk_serializers import DeskCaseQueueItemSerializer, DeskQueueRowSerializer
from portal.cases import selectors, services
from portal.cases.selectors import QueueFilters
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def queue_cases(make_case, ward, area, department, leader):
    category = CategoryFactory(code="moi-truong", name="Môi trường", name_en="Environment")
    leader.first_name, leader.last_name = "Lan", "Nguyễn"
    leader.save()
    make_case(title="Đèn đường hỏng", area=area, department=department, assignee=leader,
              due_date=TODAY - dt.timedelta(days=1))
    make_case(kind="complaint", title="Khiếu nại", state="accepted", category=category, due_date=TODAY)
    make_case(title="Chờ bổ sung", state="needs_info", due_date=None, clock_state="paused")
    make_case(title="Đã đóng", state="closed", due_date=None, clock_state="stopped")
    drafted = make_case(title='Tên có "ngoặc" & <thẻ>', due_date=TODAY + dt.timedelta(days=40))
    services.propose_answer(case=drafted, actor=leader, text="Dự thảo văn bản trả lời của phường.")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rows_equal_the_documented_serializer(queue_cases, leader, language):
    request = APIRequestFactory().get("/api/v1/staff/cases/")
    cases = selectors.queue_page(
        selectors.queue(leader, QueueFilters(states=("received", "accepted", "needs_info", "closed"))), viewer=leader,
        today=TODAY)
    assert len(cases) == 5
    with translation.override(language):
        fast = DeskQueueRowSerializer(cases, many=True, context={"request": request}).data
        documented = DeskCaseQueueItemSerializer(cases, many=True, context={"request": request}).data
    assert [dict(row) for row in fast] == [dict(row) for row in documented]
    assert [list(row) for row in fast] == [list(row) for row in documented]  # the same order of keys
    assert {row["deadline_status"] for row in fast} >= {"overdue", "paused", ""}
    assert any(row["area"] is None and row["assignee"] is None for row in fast)
    assert [row["awaiting_approval"] for row in fast].count(True) == 1
    assert fast[0]["url"] == f"http://testserver/api/v1/staff/cases/{cases[0].tracking_code}/"


def test_a_renamed_department_or_area_shows_on_the_next_page(queue_cases, leader, department, area):
    def first_row():
        rows = selectors.queue_page(selectors.queue(leader, QueueFilters()), viewer=leader, today=TODAY)
        return next(case for case in rows if case.department_id == department.pk)

    assert first_row().department.name == department.name  # the memo now holds the names
    department.name, area.name = "Phòng Quản lý đô thị (mới)", "Khu phố 1A"
    department.save()
    area.save()
    row = first_row()
    assert row.department.name == "Phòng Quản lý đô thị (mới)" and row.area.name == "Khu phố 1A"


def test_a_ward_or_area_added_behind_the_memos_back_is_read_not_dropped(queue_cases, leader, ward, area):
    from portal.cases.models import Case
    from portal.wards.models import Area

    selectors.queue_page(selectors.queue(leader, QueueFilters()), viewer=leader, today=TODAY)  # memo holds areas
    Area.objects.bulk_create([Area(ward=ward, code="KP9", name="Khu phố 9 (mới)")])  # no signal, no new version
    added = Area.objects.get(code="KP9")
    Case.objects.filter(pk__in=Case.objects.filter(area=area).values("pk")).update(area=added)
    rows = selectors.queue_page(selectors.queue(leader, QueueFilters()), viewer=leader, today=TODAY)
    moved = [case for case in rows if case.area_id == added.pk]
    assert moved and all(case.area.name == "Khu phố 9 (mới)" and case.ward_id == ward.pk for case in moved)
