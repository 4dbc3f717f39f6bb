"""The Django admin speaks Vietnamese, the portal's default language: its header, every section (app) and every list
(model) on its index. A browser walkthrough found "Trang quản trị cho Django", "AXES", "CASES", "OTP_TOTP", "WARDS",
"Access attempts", "Static devices" and "TOTP devices"."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CAPTION = re.compile(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', re.S)
MODEL = re.compile(r'<th scope="row" id="[^"]+">\s*(?:<a [^>]*>)?([^<]+)<', re.S)


def names_on_the_index(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/admin/").content.decode()
    return html, [s.strip() for s in CAPTION.findall(html)], [s.strip() for s in MODEL.findall(html)]


def test_the_admin_index_names_every_section_and_list_in_vietnamese(admin_client):
    html, sections, models = names_on_the_index(admin_client, "vi")
    _html, sections_en, models_en = names_on_the_index(admin_client, "en")
    assert len(sections) == len(sections_en) >= 12 and len(models) == len(models_en) >= 18
    untranslated = sorted({*(set(sections) & set(sections_en)), *(set(models) & set(models_en))})
    assert not untranslated, f"in English on the Vietnamese admin: {untranslated}"

    for name in ("Phường và cán bộ", "Đơn", "Thông báo", "Phân công xử lý đơn", "Thời hạn và ngày làm việc",
                 "Khóa đăng nhập", "Xác thực hai bước: ứng dụng xác thực", "Xác thực hai bước: mã dự phòng"):
        assert name in sections
    for name in ("Ứng dụng xác thực", "Bộ mã dự phòng", "Lượt đăng nhập sai", "Mẫu văn bản trả lời"):
        assert name in models
    assert "OpenWard – Quản trị" in html
    assert "Django" not in re.sub(r"<(script|link|style)[^>]*>", "", html.split("<body", 1)[1])


def test_the_admin_header_in_english(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = admin_client.get("/admin/").content.decode()
    assert "OpenWard – administration" in html and "Django administration" not in html


def test_the_login_lockout_lists_speak_vietnamese(admin_client):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(username="chutich", ip_address="203.0.113.7", user_agent="Firefox",
                                 http_accept="*/*", path_info="/dang-nhap/", get_data="", post_data="",
                                 failures_since_start=2)
    html = admin_client.get("/admin/axes/accessattempt/").content.decode()
    for text in ("Lượt đăng nhập sai", "Địa chỉ IP", "Tên đăng nhập", "Số lần đăng nhập sai"):
        assert text in html
    for english in ("IP Address", "Failed Logins", "Attempt Time", "access attempt"):
        assert english not in html
