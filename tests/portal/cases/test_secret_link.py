"""The status page's secret link (services.secret_link_path) is the path reverse() gives, whatever the values, the
script prefix or the language."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from portal.cases.models import Case
from portal.cases.services import new_access_token, secret_link_path
from portal.core.paths import _parts


@pytest.mark.parametrize("code", ["PN17-2026-000123", "BW001-2026-1000000", "a_b", "PN 17", "PN/17", "ĐƯỜNG", "x~c~"])
@pytest.mark.parametrize("token", ["", "abc_DEF-123", "a/b", "a b", "~t~", "é", "%2F"])
def test_the_path_is_reverses(code, token):
    case = Case(tracking_code=code)
    try:
        expected = reverse("frontend:case-status", kwargs={"code": code, "token": token})
    except Exception as error:  # noqa: BLE001 - the same refusal then
        with pytest.raises(type(error)):
            secret_link_path(case, token)
        return
    assert secret_link_path(case, token) == expected


def test_real_tokens_and_codes_take_the_kept_path_and_match_reverse():
    _parts.cache_clear()
    for _ in range(50):
        token = new_access_token()
        case = Case(tracking_code="PN17-2026-000123")
        assert secret_link_path(case, token) == reverse("frontend:case-status", kwargs={
            "code": case.tracking_code, "token": token})
    assert _parts.cache_info().hits >= 49


@pytest.mark.parametrize("prefix", ["/", "/openward/", "/a b/"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_script_prefix_and_the_language_are_reverses(prefix, language):
    case = Case(tracking_code="PN17-2026-000123")
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            assert secret_link_path(case, "tok_EN-1") == reverse("frontend:case-status", kwargs={
                "code": case.tracking_code, "token": "tok_EN-1"})
    finally:
        clear_script_prefix()


def test_another_url_configuration_gets_its_own_path(settings):
    """The kept path is per URL configuration, the settings' own included: with the portal mounted elsewhere (a test's
    ROOT_URLCONF, or a deployment's), the link is that configuration's, not one kept from the default."""
    case, token = Case(tracking_code="PN17-2026-000123"), new_access_token()
    assert secret_link_path(case, token).startswith("/tra-cuu/")  # kept for the default configuration
    settings.ROOT_URLCONF = "tests.portal.cases.urls_mounted"
    expected = reverse("frontend:case-status", kwargs={"code": case.tracking_code, "token": token})
    assert expected.startswith("/mirror/tra-cuu/")
    assert secret_link_path(case, token) == expected
