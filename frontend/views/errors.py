from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults


def _is_api(request) -> bool:
    return request.path.startswith(("/api/", "/open311/"))


def ratelimited(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Too many requests. Please wait a moment and try again.")}, status=429)
    return render(request, "frontend/ratelimited.html", status=429)


def not_found(request, exception=None):
    """A URL that matches no route: JSON under /api/ and /open311/ (clients parse it), the HTML page elsewhere."""
    if _is_api(request):
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)
