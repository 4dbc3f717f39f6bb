"""Open data and published answers under /du-lieu-mo/ and /tra-loi-cong-khai/ (prefixed "opendata-", "answers-")."""

from django.urls import path

from .views import opendata

urlpatterns = [
    path("du-lieu-mo/", opendata.index, name="opendata-index"),
    path("tra-loi-cong-khai/", opendata.answer_list, name="answers-list"),
    path("tra-loi-cong-khai/<str:code>/", opendata.answer_detail, name="answers-detail"),
]
