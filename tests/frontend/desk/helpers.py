"""Cases for desk tests, filed through the one intake service."""

import datetime as dt

from portal.cases.models import Case
from portal.cases.services import Submission, submit_case
from portal.core.timeutil import local_today

DESCRIPTION = "Nội dung đơn thư của cư dân, mô tả sự việc tại địa bàn."


def file(ward, category, *, title="Đèn đường hỏng trước nhà số 5", kind="feedback", department=None, area=None,
         description=DESCRIPTION, **extra) -> Case:
    values = {"contact_name": "Lê Văn Bình", "contact_address": "5 Hoa Sứ", "contact_email": "binh@example.vn",
              "contact_phone": "0901234567", "notify_by": "email"}
    if kind == "complaint":
        values["decision_date"] = local_today() - dt.timedelta(days=10)
    values.update(extra)
    case = submit_case(submission=Submission(ward=ward, kind=kind, category=category, title=title,
                                             description=description, area=area, **values)).case
    if department is not None:
        Case.objects.filter(pk=case.pk).update(department=department)
        case.refresh_from_db()
    return case
