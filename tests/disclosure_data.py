"""Helpers that build disclosures through the real services (shared by the disclosure tests, the matrix and e2e)."""

import datetime as dt
import io

from pypdf import PdfWriter

from portal.core.timeutil import local_today
from portal.disclosures import services
from portal.disclosures.models import DisclosureCategory


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def category(number: int) -> DisclosureCategory:
    return DisclosureCategory.objects.get(number=number)


def disclosure_input(*, number=2, title="Dự toán ngân sách phường năm 2027", body="Tổng thu **12 tỷ đồng**.",
                     decision_date=None, start=None, end=None, forms=None, loudspeaker_days=None, files=(),
                     notice_photo=None, today=None):
    today = today or local_today()
    cat = category(number)
    start = start or today
    if end is None and not cat.is_permanent:
        end = start + dt.timedelta(days=(cat.board_min_days or 30) - 1)
    if forms is None:
        forms = ["portal", "office_board"] + (["loudspeaker"] if cat.loudspeaker_min_days else [])
    if cat.loudspeaker_min_days and loudspeaker_days is None:
        loudspeaker_days = cat.loudspeaker_min_days
    return services.DisclosureInput(
        category=cat, title=title, body=body, decision_date=decision_date or start, posting_start=start,
        posting_end=end, forms=forms, loudspeaker_days=loudspeaker_days, files=list(files), notice_photo=notice_photo,
        decision_reference="15/QĐ-UBND")


def draft(ward, officer, **kwargs):
    return services.create_disclosure(ward=ward, actor=officer, data=disclosure_input(**kwargs))


def posted(ward, officer, leader, **kwargs):
    disclosure = draft(ward, officer, **kwargs)
    return services.publish_disclosure(disclosure=disclosure, actor=leader, today=kwargs.get("today"))
