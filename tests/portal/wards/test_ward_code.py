"""A ward's code starts every tracking code (links, upper-cased lookups, open data): only capital letters and digits."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.wards.models import Ward

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["PN17", "BW001", "Q1", "ABCDEFGH12345678"])
def test_capital_letters_and_digits_are_accepted(code):
    Ward(code=code, name="Phường thử", city="TP.HCM").full_clean()


@pytest.mark.parametrize("code", ["P/17", "pn17", 'P"17', "P 17", "PĐ17", "P-17", "P", "PN17\n", ""])
def test_a_code_a_link_or_a_lookup_would_change_is_refused_with_a_clear_message(code):
    with translation.override("vi"):
        with pytest.raises(ValidationError) as refused:
            Ward(code=code, name="Phường thử", city="TP.HCM").full_clean()
        messages = refused.value.message_dict
    assert "code" in messages
    if code:
        assert messages["code"] == ["Dùng từ 2 đến 16 chữ in hoa và chữ số, ví dụ PN17."]


def test_the_admin_form_keeps_what_was_typed_and_says_why(admin_client):
    response = admin_client.post("/admin/wards/ward/add/", {
        "code": "pn/17", "name": "Phường Phú Nhuận", "city": "TP.HCM", "is_active": "on",
        "areas-TOTAL_FORMS": "0", "areas-INITIAL_FORMS": "0", "departments-TOTAL_FORMS": "0",
        "departments-INITIAL_FORMS": "0"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="pn/17"' in html and "chữ in hoa và chữ số" in html
    assert not Ward.objects.filter(code="pn/17").exists()
