"""The timeline entries the portal writes itself read in the reader's language (portal.cases.timeline_text), rows
written before included; what a person wrote stays as written; assignments name the person, not the login."""

import re

import pytest
from django.utils import translation

from portal.cases import services
from portal.cases import timeline_text as texts
from portal.cases.models import Case, Message, MessageKind
from portal.cases.services import Submission, submit_case
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory


def _sample_values(text) -> dict:
    with translation.override("en"):
        names = set(re.findall(r"%\(([a-z_]+)\)s", text.format()))
    values = {name: f"Giá trị {name} – 12/03/2026" for name in names}
    for name, choices in text.choices.items():
        values[name] = choices.values[0]
    return values


def _rendered(text, values, language) -> str:
    with translation.override(language):
        return text.render(values)


def _kind_and_state(text) -> tuple[str, str]:
    return sorted(text.kinds)[0], sorted(text.to_states)[0] if text.to_states else ""


def test_the_messages_of_the_cases_and_of_the_complaint_dialogues_are_registered():
    assert len(texts._REGISTRY) >= 14 + 8  # the cases' own, and 4 dialogue notices with and without a reason


@pytest.mark.parametrize("text", texts._REGISTRY, ids=lambda t: "+".join(p[:30] for p in t.parts))
def test_every_message_written_in_one_language_reads_in_the_other(text):
    values = _sample_values(text)
    vietnamese, english = _rendered(text, values, "vi"), _rendered(text, values, "en")
    assert vietnamese != english
    kind, state = _kind_and_state(text)
    with translation.override("en"):
        assert texts.localize(kind, vietnamese, state) == english
        assert texts.localize(kind, english, state) == english
    with translation.override("vi"):
        assert texts.localize(kind, english, state) == vietnamese
        assert texts.localize(kind, vietnamese, state) == vietnamese


@pytest.mark.parametrize(("kind", "stored", "english"), [
    # as the services wrote them before: the assignee's login, the sweep's Vietnamese
    ("system", "Đã giao cho canbo xử lý.", "Assigned to canbo."),
    ("system", "canbo đã nhận xử lý đơn.", "canbo took the case."),
    ("system", "Quá hạn xử lý (hạn ngày 05/01/2026): đã báo cáo lãnh đạo phường (Nguyễn Văn Lãnh, Trần Thị Đạo).",
     "Overdue since 05/01/2026: escalated to the ward's leaders (Nguyễn Văn Lãnh, Trần Thị Đạo)."),
    ("note", "Văn bản trả lời bị trả lại để chỉnh sửa: Bổ sung căn cứ pháp lý.",
     "Answer returned for changes: Bổ sung căn cứ pháp lý."),
])
def test_rows_written_before_read_in_english(kind, stored, english):
    with translation.override("en"):
        assert texts.localize(kind, stored) == english


@pytest.mark.parametrize(("kind", "body", "state"), [
    ("note", "Đã giao cho canbo xử lý.", ""),  # a person's note that copies a message of another kind
    ("reply", "Văn bản trả lời bị trả lại để chỉnh sửa: xin lỗi ông/bà.", ""),
    ("answer", "Đã giao cho canbo xử lý.", "answered"),
    ("resident", "Quá hạn xử lý (hạn ngày 05/01/2026): đã báo cáo lãnh đạo phường (ai đó).", ""),
    ("state_change", "Không thuộc thẩm quyền giải quyết của phường\n\nĐã nhận đơn.", "accepted"),
    ("system", "Một thông báo khác của phường.", ""),
    ("system", "", ""),
])
def test_what_a_person_wrote_is_shown_as_written(kind, body, state):
    with translation.override("en"):
        assert texts.localize(kind, body, state) == body


# --- what the services write ----------------------------------------------------------------------------------------

@pytest.fixture
def case(ward, category, department):
    filed = submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Đèn đường hỏng",
                                              description="Đèn đường trước nhà số 5 không sáng.")).case
    Case.objects.filter(pk=filed.pk).update(department=department)
    filed.refresh_from_db()
    return filed


def _last_system_entry(case) -> str:
    return Message.objects.filter(case=case, kind=MessageKind.SYSTEM).latest("id").body


def test_an_assignment_names_the_officer_and_the_department_it_moves_the_case_to(case, ward, leader, department):
    officer = MembershipFactory(user=UserFactory(username="nvan", first_name="An", last_name="Nguyễn Văn",
                                                 is_staff=True), ward=ward, role="officer").user
    other = DepartmentFactory(ward=ward, code="vhxh", name="Phòng Văn hóa - Xã hội")
    with translation.override("vi"):
        services.assign(case=case, actor=leader, assignee=officer)
        assert _last_system_entry(case) == "Đã giao cho An Nguyễn Văn xử lý."
        services.assign(case=case, actor=leader, assignee=officer, department=other)
        assert _last_system_entry(case) == "Đã giao cho An Nguyễn Văn xử lý, chuyển sang Phòng Văn hóa - Xã hội."
        entries = Message.objects.filter(case=case, kind="system").count()
        services.assign(case=case, actor=leader, assignee=officer, department=other)  # as it stands: no entry
        assert Message.objects.filter(case=case, kind="system").count() == entries
        services.assign(case=case, actor=leader, assignee=None, department=department)
        assert _last_system_entry(case) == (
            "Đã chuyển sang Phòng Kinh tế - Hạ tầng - Đô thị; đơn hiện chưa được giao cho cán bộ nào.")
        services.assign(case=case, actor=leader, assignee=officer, department=department)  # the same department
        assert _last_system_entry(case) == "Đã giao cho An Nguyễn Văn xử lý."
        services.assign(case=case, actor=leader, assignee=None)
        assert _last_system_entry(case) == "Đơn hiện chưa được giao cho cán bộ nào."
    with translation.override("en"):
        shown = [texts.localize(m.kind, m.body) for m in Message.objects.filter(case=case, kind="system")]
    assert shown == ["Assigned to An Nguyễn Văn.", "Assigned to An Nguyễn Văn and moved to Phòng Văn hóa - Xã hội.",
                     "Moved to Phòng Kinh tế - Hạ tầng - Đô thị; no officer is assigned to it now.",
                     "Assigned to An Nguyễn Văn.", "No officer is assigned to the case now."]


def test_an_officer_without_a_full_name_is_named_by_the_login(case, officer, leader):
    with translation.override("vi"):
        services.assign(case=case, actor=leader, assignee=officer)
    assert _last_system_entry(case) == "Đã giao cho canbo xử lý."


def test_taking_a_case_names_the_officer(case, ward, department):
    membership = MembershipFactory(user=UserFactory(username="tbinh", first_name="Bình", last_name="Trần Thị",
                                                    is_staff=True), ward=ward, role="officer")
    membership.departments.add(department)
    officer = membership.user
    with translation.override("vi"):
        services.claim(case=case, actor=officer)
    assert _last_system_entry(case) == "Bình Trần Thị đã nhận xử lý đơn."
