"""Language choice: Vietnamese unless the visitor picked another language (cookie set by /i18n/setlang/).

Browsers in Vietnam often send English in Accept-Language; a ward portal speaks Vietnamese first, so web pages do
not follow that header. API clients may ask for English with Accept-Language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

_SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in _SUPPORTED:
            language = settings.LANGUAGE_CODE
            if request.path.startswith("/api/") and "HTTP_ACCEPT_LANGUAGE" in request.META:
                language = translation.get_language_from_request(request) or language
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
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

        from django.http import HttpResponse, JsonResponse
        from django.utils.translation import gettext as _

        logging.getLogger(__name__).warning("database unavailable: %s", exception)
        text = _("The service is briefly unavailable. Please try again in a few seconds.")
        if request.path.startswith(("/api/", "/open311/")):
            response = JsonResponse({"detail": text, "code": "unavailable"}, status=503)
        else:
            response = HttpResponse(f"<!doctype html><title>503</title><p>{text}</p>", status=503,
                                    content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
