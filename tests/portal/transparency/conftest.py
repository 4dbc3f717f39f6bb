"""A known fixture for the statistics: cases made directly in the database with hand-chosen dates (intake and the
workflow are tested elsewhere), in March 2026, a month without public holidays."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.cases.models import Case, Message, Rating, hash_token

HN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.datetime(2026, 4, 15, 10, 0, tzinfo=HN)  # "now" for the fixture: a Wednesday
_numbers = itertools.count(1)


def local(y, m, d, hour=10):
    return dt.datetime(y, m, d, hour, 0, tzinfo=HN)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


@pytest.fixture
def make_case(ward, category):
    def make(*, received_on, state="in_progress", answered_at=None, due_date=None, answer_due_date=None,
             ward_=None, **extra):
        number = next(_numbers)
        target = ward_ or ward
        values = {
            "ward": target, "kind": "feedback", "category": category,
            "tracking_code": f"{target.code}-2026-{number:06d}", "access_token_hash": hash_token(f"t{number}"),
            "title": f"Đèn đường hỏng số {number}", "description": "Đèn đường trước nhà không sáng.",
            "contact_name": "Nguyễn Thị Riêng Tư", "contact_phone": "0909123456",
            "contact_email": "riengtu@example.vn", "state": state,
            "due_date": due_date, "answered_at": answered_at, "answer_due_date": answer_due_date,
            "received_at": dt.datetime.combine(received_on, dt.time(9), tzinfo=HN), "received_on": received_on,
        }
        values.update(extra)
        return Case.objects.create(**values)

    return make


def rate(case, score):
    message = Message.objects.create(case=case, kind="answer", body="Trả lời", is_public=True,
                                     created_at=case.answered_at)
    return Rating.objects.create(case=case, answer_message=message, score=score)


@pytest.fixture
def known(make_case, area, category, other_ward, frozen):
    """PN17, by hand (working days counted Mon–Fri, no holiday in Feb 2–5 or March 2 – April 1, 2026):

    March 2026 — received 6 (A B C D E G), answered 3 (A B C), on time 2 (A C), overdue now 1 (D),
                 working days to answer A 2, B 5, C 7 → median 5; ratings A 4, C 5 → 4.5.
    April 2026 — answered 1 (G: answered 01:00 on April 1 local, which is still March 31 in UTC), on time, 22 days.
    February 2026 — received 1 (F), answered 1, on time, 3 days.
    """
    d = dt.date
    cases = {
        "A": make_case(received_on=d(2026, 3, 2), state="answered", answered_at=local(2026, 3, 4),
                       answer_due_date=d(2026, 3, 10), area=area),
        "B": make_case(received_on=d(2026, 3, 2), state="answered", answered_at=local(2026, 3, 9),
                       answer_due_date=d(2026, 3, 5), area=area),
        "C": make_case(received_on=d(2026, 3, 3), state="closed", answered_at=local(2026, 3, 12, 23),
                       answer_due_date=d(2026, 3, 12), kind="complaint"),
        "D": make_case(received_on=d(2026, 3, 5), due_date=d(2026, 3, 10)),
        "E": make_case(received_on=d(2026, 3, 6), due_date=d(2026, 4, 30), state="received"),
        "G": make_case(received_on=d(2026, 3, 2), state="answered", answered_at=local(2026, 4, 1, 1),
                       answer_due_date=d(2026, 4, 1)),
        "F": make_case(received_on=d(2026, 2, 2), state="answered", answered_at=local(2026, 2, 5),
                       answer_due_date=d(2026, 2, 10)),
        # another ward: answered late in March, 1 working day
        "X": make_case(received_on=d(2026, 3, 2), state="answered", answered_at=local(2026, 3, 3),
                       answer_due_date=d(2026, 3, 2), ward_=other_ward),
    }
    rate(cases["A"], 4)
    rate(cases["C"], 5)
    return cases
