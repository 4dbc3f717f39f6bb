"""Language choice: Vietnamese unless the visitor picked another language (cookie set by /i18n/setlang/).

Browsers in Vietnam often send English in Accept-Language; a ward portal speaks Vietnamese first, so web pages do
not follow that header. API clients (/api/ and Open311's /open311/) may ask for English with Accept-Language; Open311
clients may also send the `locale` parameter (api/open311/views.py), which a view applies with `use_language()`.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import gettext as _

_SUPPORTED = {code for code, _name in settings.LANGUAGES}
# Where Accept-Language is followed: the machine interfaces, never the pages.
API_PREFIXES = ("/api/", "/open311/")


def supported_language(code) -> str | None:
    """The portal's language for a language code or locale ("en", "en-US", "en_US", "vi_VN"), or None."""
    if not isinstance(code, str) or not code or len(code) > 32:
        return None
    try:
        return translation.get_supported_language_variant(code.strip().replace("_", "-").lower())
    except LookupError:
        return None


def use_language(request, language: str) -> None:
    """A view's own choice of language (a request parameter), for the rest of the request and the response's
    Content-Language."""
    translation.activate(language)
    request.LANGUAGE_CODE = language


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in _SUPPORTED:
            language = settings.LANGUAGE_CODE
            if request.path.startswith(API_PREFIXES) and "HTTP_ACCEPT_LANGUAGE" in request.META:
                language = translation.get_language_from_request(request) or language
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", getattr(request, "LANGUAGE_CODE", language))
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response


class DatabaseUnavailableMiddleware:
    """While the database is unreachable (a PostgreSQL restart or failover), answer 503 with Retry-After instead of a
    500: the client knows to try again, and nothing is half-done (the request's transaction never committed). Django
    closes the broken connection when the request ends and the next request opens a fresh one (CONN_HEALTH_CHECKS),
    so the app recovers without a restart."""

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError

        if not isinstance(exception, OperationalError):
            return None
        import logging

        logging.getLogger(__name__).warning("database unavailable: %s", exception)
        text = _("The service is briefly unavailable. Please try again in a few seconds.")
        response = short_error(request, 503, text, code="unavailable")
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


class NulCharacterMiddleware:
    """A NUL character ("\\x00", %00 in an address) in the path or in a query parameter's name or value is refused
    with 400 before any view runs. No address of the portal has a use for it, and PostgreSQL cannot hold it in text:
    wherever a path segment or a parameter reached a query (a tracking code, a ward code, a search), the database
    refused it with a DataError, a 500. Request bodies are checked where they are read (form and serializer
    CharFields refuse NUL, as do the API's code fields in api/v1/fields.py; Open311's POST checks its own fields)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or any("\x00" in value for value in values)
                                         for key, values in request.GET.lists()):
            text = _("The address contains a NUL character (code 0), which is not allowed. Remove it and try again.")
            return short_error(request, 400, text, code="null_characters_not_allowed")
        return self.get_response(request)


def short_error(request, status: int, text: str, *, code: str):
    """An answer given before or around the views: Open311's error list for Open311 (in XML for a .xml address, as
    its views answer), JSON `detail` and `code` for the API, a short page otherwise."""
    if request.path.startswith("/open311/"):
        from api.open311.renderers import error_list  # the Open311 views' own format

        body, content_type = error_list(status, text, xml=request.path.endswith(".xml"))
        return HttpResponse(body, status=status, content_type=content_type)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": text, "code": code}, status=status)
    return HttpResponse(f"<!doctype html><title>{status}</title><p>{escape(text)}</p>", status=status,
                        content_type="text/html; charset=utf-8")


class PrivateApiAnswersMiddleware:
    """API answers that carry someone's data are never stored by a browser or a proxy: `Cache-Control: private,
    no-store` on every /api/ answer that sets no Cache-Control of its own, unless it is a read by a client that is
    nobody (no session user, no Authorization header) of an address other than a resident's tracking page. Covered:
    the staff API (the queue, case pages, a resident's contact: the desk's pages already said no-store, its API did
    not, so a shared computer's cache or a proxy kept them), token clients, the submission's receipt (its secret
    link) and the resident's tracking answers (opened with the secret). Public reads (wards, statistics, open data)
    keep their caching as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.path.startswith("/api/") and "Cache-Control" not in response
                and (request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META
                     or "/cases/track/" in request.path or _signed_in(request))):
            response["Cache-Control"] = "private, no-store"
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
