"""Seed the city-wide calendar overrides the `holidays` package (0.109) does not know.

Checked against holidays 0.109 before seeding (tests/portal/deadlines/test_seed_data.py keeps checking):
- it already knows the 2025 swap (Fri 2 May 2025 off, Sat 26 Apr 2025 worked): not seeded;
- it already knows Vietnamese Culture Day, 24 November, from 2026: not seeded;
- it already knows the 2026 National Day swap (Mon 31 Aug 2026 off, Sat 22 Aug 2026 worked): not seeded;
- it lacks the 2026 New Year swap (Fri 2 Jan 2026 off, Sat 10 Jan 2026 worked): seeded here.
"""

import datetime as dt

from django.db import migrations

NEW_YEAR_2026 = (
    "Văn bản số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ: cán bộ, công chức, viên chức nghỉ Tết "
    "Dương lịch 2026 từ thứ Năm 01/01/2026 đến hết Chủ nhật 04/01/2026; hoán đổi ngày làm việc thứ Sáu 02/01/2026 "
    "sang thứ Bảy 10/01/2026."
)

OVERRIDES = [
    # (date, is_working_day, name, source)
    (dt.date(2026, 1, 2), False, "Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)", NEW_YEAR_2026),
    (dt.date(2026, 1, 10), True, "Làm bù cho thứ Sáu 02/01/2026 (Tết Dương lịch)", NEW_YEAR_2026),
]


def seed(apps, schema_editor):
    CalendarOverride = apps.get_model("deadlines", "CalendarOverride")
    for day, is_working_day, name, source in OVERRIDES:
        CalendarOverride.objects.get_or_create(
            ward=None, date=day, defaults={"is_working_day": is_working_day, "name": name, "source": source}
        )


def unseed(apps, schema_editor):
    CalendarOverride = apps.get_model("deadlines", "CalendarOverride")
    for day, is_working_day, name, _source in OVERRIDES:
        CalendarOverride.objects.filter(ward=None, date=day, is_working_day=is_working_day, name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
