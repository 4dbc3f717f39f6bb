"""Seed the statutory deadline policies of SPEC §3, the article beside each value.

A version applies to cases received on or after its effective_from. Versions taken from a law start on the day the
law came into force; the two feedback rows have no single law date and start on a baseline (1 January 2000),
before any case the portal can hold. Later changes are new rows with their own date (e.g. complaint acceptance,
10 working days until 30 June 2026, 7 from 1 July 2026).
"""

import datetime as dt

from django.db import migrations

COMPLAINTS = dt.date(2012, 7, 1)  # Luật Khiếu nại 02/2011/QH13 in force
DENUNCIATIONS = dt.date(2019, 1, 1)  # Luật Tố cáo 25/2018/QH14 in force
RECEPTION = dt.date(2014, 7, 1)  # Luật Tiếp công dân 42/2013/QH13 in force
GRASSROOTS = dt.date(2023, 7, 1)  # Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15 in force
BASELINE = dt.date(2000, 1, 1)

W, C = "working_days", "calendar_days"

POLICIES = [
    # kind, step, period, unit, remote_area_period, max_extensions, extension_period, effective_from, source
    ("complaint", "accept", 10, W, None, 0, None, COMPLAINTS,
     "Luật Khiếu nại số 02/2011/QH13, Điều 27; Thông tư số 07/2013/TT-TTCP: thụ lý hoặc không thụ lý giải quyết "
     "khiếu nại trong thời hạn 10 ngày làm việc kể từ ngày nhận được khiếu nại."),
    ("complaint", "accept", 7, W, None, 0, None, dt.date(2026, 7, 1),
     "Nghị định số 155/2026/NĐ-CP (từ ngày 01/07/2026): thụ lý hoặc không thụ lý giải quyết khiếu nại trong thời "
     "hạn 07 ngày làm việc kể từ ngày nhận được khiếu nại."),
    ("complaint", "resolve", 30, C, 45, 0, None, COMPLAINTS,
     "Luật Khiếu nại số 02/2011/QH13, Điều 28: thời hạn giải quyết khiếu nại lần đầu không quá 30 ngày kể từ ngày "
     "thụ lý; ở vùng sâu, vùng xa đi lại khó khăn không quá 45 ngày."),
    ("complaint", "resolve_complex", 45, C, 60, 0, None, COMPLAINTS,
     "Luật Khiếu nại số 02/2011/QH13, Điều 28: vụ việc phức tạp không quá 45 ngày kể từ ngày thụ lý; ở vùng sâu, "
     "vùng xa đi lại khó khăn không quá 60 ngày."),
    ("complaint", "send_decision", 3, W, None, 0, None, COMPLAINTS,
     "Luật Khiếu nại số 02/2011/QH13, Điều 32: gửi quyết định giải quyết khiếu nại trong thời hạn 03 ngày làm việc "
     "kể từ ngày có quyết định."),
    ("complaint", "reception_notice", 10, W, None, 0, None, RECEPTION,
     "Luật Tiếp công dân số 42/2013/QH13, Điều 28: trả lời người đến khiếu nại tại nơi tiếp công dân về việc thụ "
     "lý, không thụ lý hoặc chuyển đơn trong thời hạn 10 ngày làm việc."),
    ("denunciation", "accept", 7, W, None, 1, 3, DENUNCIATIONS,
     "Luật Tố cáo số 25/2018/QH14, Điều 24 khoản 1: xử lý ban đầu, thụ lý hoặc không thụ lý tố cáo trong thời hạn "
     "07 ngày làm việc; trường hợp phải kiểm tra, xác minh tại nhiều địa điểm không quá 10 ngày làm việc."),
    ("denunciation", "forward", 5, W, None, 0, None, DENUNCIATIONS,
     "Luật Tố cáo số 25/2018/QH14, Điều 24 khoản 2: tố cáo không thuộc thẩm quyền thì chuyển đến cơ quan có thẩm "
     "quyền trong thời hạn 05 ngày làm việc kể từ ngày nhận được tố cáo."),
    ("denunciation", "resolve", 30, C, None, 2, 30, DENUNCIATIONS,
     "Luật Tố cáo số 25/2018/QH14, Điều 30: thời hạn giải quyết tố cáo không quá 30 ngày kể từ ngày thụ lý; vụ "
     "việc phức tạp gia hạn một lần, đặc biệt phức tạp gia hạn hai lần, mỗi lần không quá 30 ngày."),
    ("denunciation", "reception_notice", 10, W, None, 0, None, RECEPTION,
     "Luật Tiếp công dân số 42/2013/QH13, Điều 28: trả lời người đến tố cáo tại nơi tiếp công dân về việc thụ "
     "lý, không thụ lý hoặc chuyển đơn trong thời hạn 10 ngày làm việc."),
    ("feedback", "forward", 5, W, None, 0, None, BASELINE,
     "Nghị định số 20/2008/NĐ-CP, Điều 9: phản ánh, kiến nghị không thuộc thẩm quyền thì chuyển đến cơ quan có "
     "thẩm quyền trong thời hạn 05 ngày làm việc."),
    ("feedback", "answer", 10, W, None, 0, None, BASELINE,
     "Quy định của phường (mặc định 10 ngày làm việc, như Cổng 1022 của Thành phố Hồ Chí Minh); mỗi phường có "
     "thể đặt thời hạn riêng."),
    ("feedback", "reception_notice", 10, W, None, 0, None, RECEPTION,
     "Luật Tiếp công dân số 42/2013/QH13, Điều 28: trả lời người đến phản ánh, kiến nghị tại nơi tiếp công dân về "
     "việc thụ lý, không thụ lý hoặc chuyển đơn trong thời hạn 10 ngày làm việc."),
    ("recommendation", "answer", 15, C, None, 0, None, GRASSROOTS,
     "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Điều 40: trả lời kiến nghị của Ban Thanh tra nhân dân trong "
     "thời hạn 15 ngày kể từ ngày nhận được kiến nghị."),
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
    dependencies = [("deadlines", "0002_seed_calendar_overrides")]

    operations = [migrations.RunPython(seed, unseed)]
