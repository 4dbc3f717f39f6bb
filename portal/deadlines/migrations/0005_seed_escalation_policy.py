"""Seed the complainant's window to complain to the next level (Law on Complaints Art. 33), as 0003 seeds the others.

Not a period the ward must keep but one the resident must: 30 days (45 in remote areas with difficult travel) from
receiving the first-level decision. portal.cases.escalation counts it from the day the answer was sent.
"""

import datetime as dt

from django.db import migrations

COMPLAINTS = dt.date(2012, 7, 1)  # Luật Khiếu nại 02/2011/QH13 in force

C = "calendar_days"

POLICIES = [
    # kind, step, period, unit, remote_area_period, max_extensions, extension_period, effective_from, source
    ("complaint", "escalate", 30, C, 45, 0, None, COMPLAINTS,
     "Luật Khiếu nại số 02/2011/QH13, Điều 33: hết thời hạn giải quyết mà khiếu nại lần đầu không được giải quyết "
     "hoặc kể từ ngày nhận được quyết định giải quyết khiếu nại lần đầu mà người khiếu nại không đồng ý thì có "
     "quyền khiếu nại lần hai trong thời hạn 30 ngày; ở vùng sâu, vùng xa đi lại khó khăn thì thời hạn có thể kéo "
     "dài hơn nhưng không quá 45 ngày."),
]


def seed(apps, schema_editor):
    DeadlinePolicy = apps.get_model("deadlines", "DeadlinePolicy")
    for kind, step, period, unit, remote, max_ext, ext_period, effective_from, source in POLICIES:
        DeadlinePolicy.objects.get_or_create(
            ward=None, kind=kind, step=step, effective_from=effective_from,
            defaults={"period": period, "unit": unit, "remote_area_period": remote, "max_extensions": max_ext,
                      "extension_period": ext_period, "source": source},
        )


def unseed(apps, schema_editor):
    DeadlinePolicy = apps.get_model("deadlines", "DeadlinePolicy")
    for kind, step, _period, _unit, _remote, _max_ext, _ext, effective_from, _source in POLICIES:
        DeadlinePolicy.objects.filter(ward=None, kind=kind, step=step, effective_from=effective_from).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0004_escalate_step")]

    operations = [migrations.RunPython(seed, unseed)]
