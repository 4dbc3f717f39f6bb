"""The portal's URLs mounted under /mirror/: a URL configuration other than the default (test_secret_link.py)."""

from django.urls import include, path

urlpatterns = [path("mirror/", include("portal.urls"))]
