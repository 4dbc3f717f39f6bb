"""The API answers in Vietnamese by default, Django REST framework's own messages included: a field's error ("x" is not
a valid choice, a valid number is required…), an exception's detail (authentication credentials were not provided…),
authentication, pagination and validators. DRF's Vietnamese catalogue has about twenty strings; the rest are in the
project's (locale/vi), which takes precedence. An API client that sends Accept-Language: en gets English.

"Translated" means the Vietnamese text differs from the English one; no DRF message reads the same in both."""

import inspect
from gettext import GNUTranslations
from pathlib import Path

import pytest
import rest_framework
from django.utils.functional import Promise
from django.utils.translation import gettext, override
from rest_framework import exceptions, fields, pagination, relations, serializers, validators
from rest_framework.test import APIClient

# Strings of the browsable API (its templates, filter forms) and of the admin's Token model: not sent to clients.
NOT_CLIENT_MESSAGES = {"Extra Actions", "Filters", "No items to select.", "None", "content", "main content", "navbar",
                       "request form", "request info", "response info", "ascending", "descending", "Ordering",
                       "Search", "More than {count} items...", "Username", "Password", "Auth Token", "Token", "Tokens",
                       "Key", "User", "Created"}
# Messages that read the same in Vietnamese and English (none so far).
SAME_IN_BOTH = set()


def _untranslated(messages):
    """`messages`: {where: message (lazy or msgid)}; the ones whose Vietnamese text is the English one."""
    missing = []
    for where, message in sorted(messages.items()):
        with override("en"):
            english = str(message)
        with override("vi"):
            vietnamese = str(message)
        if vietnamese == english and english not in SAME_IN_BOTH:
            missing.append(f"{where}: {english!r}")
    return missing


def _classes(module, base):
    return [c for _, c in inspect.getmembers(module, inspect.isclass) if issubclass(c, base)]


def test_every_default_error_message_of_drf_fields_is_in_vietnamese():
    field_classes = {c for module in (fields, relations, serializers) for c in _classes(module, fields.Field)}
    names = {c.__name__ for c in field_classes}
    assert {"CharField", "IntegerField", "BigIntegerField", "FloatField", "DecimalField", "BooleanField", "ChoiceField",
            "MultipleChoiceField", "DateField", "DateTimeField", "TimeField", "DurationField", "EmailField",
            "RegexField", "SlugField", "URLField", "UUIDField", "IPAddressField", "FilePathField", "FileField",
            "ImageField", "ListField", "DictField", "JSONField", "PrimaryKeyRelatedField", "SlugRelatedField",
            "HyperlinkedRelatedField", "ManyRelatedField", "Serializer", "ListSerializer"} <= names
    messages = {}
    for cls in field_classes:
        for klass in cls.__mro__:
            for key, message in vars(klass).get("default_error_messages", {}).items():
                messages[f"{klass.__name__}.{key}"] = message
    messages["ProhibitSurrogateCharactersValidator"] = fields.ProhibitSurrogateCharactersValidator.message
    for cls in _classes(validators, object):
        if isinstance(vars(cls).get("message"), Promise):
            messages[cls.__name__] = cls.message
    messages["PageNumberPagination"] = pagination.PageNumberPagination.invalid_page_message
    messages["CursorPagination"] = pagination.CursorPagination.invalid_cursor_message
    assert len(messages) > 70 and "UniqueTogetherValidator" in messages
    missing = _untranslated(messages)
    assert not missing, f"{len(missing)} DRF messages without a Vietnamese translation:\n" + "\n".join(missing)


def test_every_default_detail_of_drf_exceptions_is_in_vietnamese():
    classes = _classes(exceptions, exceptions.APIException)
    expected = {"ParseError", "AuthenticationFailed", "NotAuthenticated", "PermissionDenied", "NotFound",
                "MethodNotAllowed", "NotAcceptable", "UnsupportedMediaType", "Throttled", "ValidationError"}
    assert expected <= {c.__name__ for c in classes}
    messages = {c.__name__: c.default_detail for c in classes}
    messages["Throttled.extra_detail_singular"] = exceptions.Throttled.extra_detail_singular
    messages["Throttled.extra_detail_plural"] = exceptions.Throttled.extra_detail_plural
    missing = _untranslated(messages)
    assert not missing, f"{len(missing)} DRF exception details without a Vietnamese translation:\n" + "\n".join(missing)
    with override("vi"):
        assert str(exceptions.Throttled(wait=2.5).detail) == "Quá nhiều yêu cầu. Có thể thử lại sau 3 giây."


def test_every_message_of_drfs_english_catalogue_is_in_vietnamese():
    """Catches the messages written inline (TokenAuthentication's, BasicAuthentication's, versioning's, authtoken's)."""
    path = Path(rest_framework.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as mo:
        msgids = {m for m in GNUTranslations(mo)._catalog if isinstance(m, str) and m}
    assert {"Invalid token.", "Invalid page.", "Authentication credentials were not provided."} <= msgids
    with override("vi"):
        missing = sorted(m for m in msgids - NOT_CLIENT_MESSAGES if gettext(m) == m and m not in SAME_IN_BOTH)
    assert not missing, f"{len(missing)} DRF messages without a Vietnamese translation:\n" + "\n".join(missing)


BAD_CASE = {"kind": "x", "latitude": "abc", "is_anonymous": "maybe", "signatory_count": "many"}
ANSWERS = {
    "vi": {"kind": ["“x” không phải là lựa chọn hợp lệ."], "latitude": ["Vui lòng nhập số hợp lệ."],
           "is_anonymous": ["Giá trị phải là đúng/sai (true/false) hợp lệ."],
           "signatory_count": ["Vui lòng nhập số nguyên hợp lệ."]},
    "en": {"kind": ['"x" is not a valid choice.'], "latitude": ["A valid number is required."],
           "is_anonymous": ["Must be a valid boolean."], "signatory_count": ["A valid integer is required."]},
}


@pytest.mark.django_db
@pytest.mark.parametrize(("header", "language"), [(None, "vi"), ("en", "en"), ("vi,en;q=0.8", "vi")])
def test_a_bad_case_on_the_api_is_refused_in_the_clients_language(ward, area, category, header, language):
    data = {"ward": "PN17", "category": "ha-tang", "title": "Ổ gà trên đường Lê Lợi",
            "description": "Ổ gà lớn trước số 45 Lê Lợi, xe máy dễ té ngã khi trời mưa.", "area": "KP1", **BAD_CASE}
    extra = {"HTTP_ACCEPT_LANGUAGE": header} if header else {}
    response = APIClient().post("/api/v1/cases/", data, format="json", **extra)
    assert response.status_code == 400, response.content
    assert response["Content-Language"] == language
    assert response.json() == ANSWERS[language]


@pytest.mark.django_db
def test_the_staff_api_signed_out_answers_in_vietnamese():
    response = APIClient().get("/api/v1/staff/cases/")
    assert response.status_code == 401, response.content  # TokenAuthentication's WWW-Authenticate makes it a 401
    assert response.json() == {"detail": "Chưa cung cấp thông tin xác thực (chưa đăng nhập)."}
    response = APIClient().get("/api/v1/staff/cases/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.django_db
def test_a_wrong_token_is_refused_in_vietnamese():
    response = APIClient().get("/api/v1/staff/cases/", HTTP_AUTHORIZATION="Token no-such-token")
    assert response.status_code == 401
    assert response.json() == {"detail": "Token không hợp lệ."}


@pytest.mark.django_db
def test_the_api_token_admin_speaks_vietnamese(admin_client):
    """Django REST framework's authtoken app names itself in English only ("Auth Token", "Tokens")."""
    index = admin_client.get("/admin/").content.decode()
    assert "Mã xác thực API" in index and "Auth Token" not in index and "Tokens" not in index
    tokens = admin_client.get("/admin/authtoken/tokenproxy/").content.decode()
    assert "Tên đăng nhập" in tokens and "Tokens" not in tokens
