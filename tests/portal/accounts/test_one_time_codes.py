"""Residents sign in with a one-time code; codes expire, tries are limited, sending is throttled."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from portal.accounts import services
from portal.accounts.models import ResidentProfile
from portal.cases.models import Case
from portal.core.errors import DomainError

pytestmark = pytest.mark.django_db


def _code_from(text):
    return re.search(r"\b(\d{6})\b", text).group(1)


def test_phone_numbers_and_emails_are_normalised():
    assert services.normalise_contact("sms", "0903 123.456") == "+84903123456"
    assert services.normalise_contact("sms", "84903123456") == "+84903123456"
    assert services.normalise_contact("email", " An@Example.VN ") == "an@example.vn"
    with pytest.raises(Exception):
        services.normalise_contact("sms", "12ab")


def test_code_by_email_signs_in_and_creates_one_account(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_code(channel="email", contact="an@example.vn")
    code = _code_from(mail.outbox[0].body)
    user = services.verify_code(channel="email", contact="AN@example.vn", code=code)
    assert ResidentProfile.objects.get(user=user).contact == "an@example.vn"
    with pytest.raises(DomainError):
        services.verify_code(channel="email", contact="an@example.vn", code=code)  # used once
    with django_capture_on_commit_callbacks(execute=True):
        services.request_code(channel="email", contact="an@example.vn")
    again = services.verify_code(channel="email", contact="an@example.vn", code=_code_from(mail.outbox[1].body))
    assert again == user


def test_code_by_sms(sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_code(channel="sms", contact="0903123456")
    assert sms_outbox[0]["to"] == "+84903123456"
    user = services.verify_code(channel="sms", contact="0903 123 456", code=_code_from(sms_outbox[0]["body"]))
    assert user.resident.channel == "sms"


def test_wrong_codes_are_limited_to_five_tries(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_code(channel="email", contact="an@example.vn")
    good = _code_from(mail.outbox[0].body)
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(DomainError):
            services.verify_code(channel="email", contact="an@example.vn", code=wrong)
    with pytest.raises(DomainError):
        services.verify_code(channel="email", contact="an@example.vn", code=good)


def test_codes_expire_after_ten_minutes(django_capture_on_commit_callbacks):
    start = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.request_code(channel="email", contact="an@example.vn")
    with time_machine.travel(start + dt.timedelta(minutes=11), tick=False), pytest.raises(DomainError):
        services.verify_code(channel="email", contact="an@example.vn", code=_code_from(mail.outbox[0].body))


def test_sending_is_throttled_per_contact():
    for _ in range(3):
        services.request_code(channel="email", contact="an@example.vn")
    with pytest.raises(DomainError):
        services.request_code(channel="email", contact="an@example.vn")


def test_web_sign_in_then_filing_is_owned_and_identity_verified(client, ward, area, category,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("frontend:resident-sign-in"), {"channel": "email", "contact": "an@example.vn"})
    assert response.status_code == 302
    wrong = client.post(reverse("frontend:resident-code"), {"code": "12345"})
    assert wrong.status_code == 400
    response = client.post(reverse("frontend:resident-code"), {"code": _code_from(mail.outbox[0].body)})
    assert response.status_code == 302 and response["Location"] == reverse("frontend:my-cases")

    form = client.get(reverse("frontend:case-new", kwargs={"ward": "PN17"})).content.decode()
    assert 'value="an@example.vn"' in form
    client.post(reverse("frontend:case-new", kwargs={"ward": "PN17"}), {
        "kind": "complaint", "category": category.pk, "title": "Khiếu nại quyết định",
        "description": "Khiếu nại quyết định xử phạt hành chính.", "notify_by": "email",
        "contact_email": "an@example.vn", "contact_name": "Nguyễn An", "contact_address": "1 Lê Lợi",
        "decision_date": "2026-11-01", "signatory_count": 1})
    case = Case.objects.get()
    assert case.owner.resident.contact == "an@example.vn" and case.identity_verified
    assert case.tracking_code in client.get(reverse("frontend:my-cases")).content.decode()


def test_code_page_without_a_pending_sign_in_goes_back(client, db):
    assert client.get(reverse("frontend:resident-code")).status_code == 302


def test_unsafe_next_is_ignored(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("frontend:resident-sign-in"),
                    {"channel": "email", "contact": "an@example.vn", "next": "https://evil.example/"})
    response = client.post(reverse("frontend:resident-code"), {"code": _code_from(mail.outbox[0].body)})
    assert response["Location"] == reverse("frontend:my-cases")


def test_send_a_new_code_comes_back_with_the_address_filled_in(client, db, django_capture_on_commit_callbacks):
    """'Gửi mã mới' on the code page led to an empty sign-in form (and e-mail chosen), as if nothing had been sent:
    the resident typed the phone number again and chose SMS again. The last code's address is filled in."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("frontend:resident-sign-in"), {"channel": "sms", "contact": "0903 123 456"})
    code_page = client.get(reverse("frontend:resident-code")).content.decode()
    new_code = re.search(r'<a href="([^"]+)">Gửi mã mới</a>', code_page).group(1)
    page = client.get(new_code).content.decode()
    assert re.search(r'<input type="radio" name="channel" value="sms"[^>]* checked>', page)
    assert re.search(r'name="contact" value="\+84903123456"', page)
    fresh = client.__class__().get(reverse("frontend:resident-sign-in")).content.decode()
    assert 'name="contact" value=' not in fresh
