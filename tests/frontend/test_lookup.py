"""Looking a case up on the web (issue 2 item 9): a wrong code and a wrong secret cannot be told apart, and looking
up is rate limited per client address on the lookup form and on the status page alike."""

import re

import pytest
from django.urls import reverse

from portal.cases.services import Submission, submit_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(ward, category):
    return submit_case(submission=Submission(ward=ward, kind="feedback", category=category, title="Đèn đường hỏng",
                                             description="Đèn đường trước nhà số 12 hỏng đã hai tuần."))


def _normalised(response, code, token):
    text = response.content.decode().replace(code, "CODE").replace(token, "TOKEN")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_a_wrong_code_and_a_wrong_secret_get_the_same_page(client, filed):
    code, token = filed.case.tracking_code, filed.access_token
    other = code[:-6] + "999999"
    for url, wrong_code, wrong_secret in [
        (reverse("frontend:case-lookup"), {"code": other, "token": token}, {"code": code, "token": "x" * 43}),
    ]:
        a, b = client.get(url, wrong_code), client.get(url, wrong_secret)
        assert a.status_code == b.status_code == 404
        assert _normalised(a, other, token) == _normalised(b, code, "x" * 43)
    a = client.get(reverse("frontend:case-status", kwargs={"code": other, "token": token}))
    b = client.get(reverse("frontend:case-status", kwargs={"code": code, "token": "x" * 43}))
    assert a.status_code == b.status_code == 404
    assert _normalised(a, other, token) == _normalised(b, code, "x" * 43)
    assert "Không tìm thấy đơn khớp với mã theo dõi và mã bí mật này" in a.content.decode()


def test_the_lookup_form_is_rate_limited(client, filed, settings):
    settings.RATE_LOOKUP = "3/m"
    url = reverse("frontend:case-lookup")
    codes = [client.get(url, {"code": filed.case.tracking_code, "token": f"doan-{i}"}).status_code for i in range(4)]
    assert codes == [404, 404, 404, 429]
    # the right secret is refused too once the limit is reached: guessing costs the same as knowing
    assert client.get(url, {"code": filed.case.tracking_code, "token": filed.access_token}).status_code == 429


def test_the_status_page_is_rate_limited_with_a_vietnamese_page(client, filed, settings):
    settings.RATE_LOOKUP = "2/m"
    code = filed.case.tracking_code
    urls = [reverse("frontend:case-status", kwargs={"code": code, "token": f"doan-{i}"}) for i in range(3)]
    responses = [client.get(u) for u in urls]
    assert [r.status_code for r in responses] == [404, 404, 429]
    assert '<html lang="vi">' in responses[-1].content.decode()
