from django.shortcuts import render
from django.utils.translation import gettext as _


def ratelimited(request, exception=None):
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": _("Too many requests. Please wait a moment and try again.")}, status=429)
    return render(request, "frontend/ratelimited.html", status=429)
