"""/api/v1/ — each domain module adds its own patterns here."""

from django.urls import include, path

from . import calendar, cases, reference

urlpatterns = [
    path("staff/", include("api.v1.desk")),
    path("stats/", include("api.v1.transparency")),
    path("open-data/", include("api.v1.opendata")),
    path("disclosures/", include("api.v1.disclosures")),
    path("dialogues/", include("api.v1.dialogues")),
    path("wards/", reference.WardList.as_view(), name="ward-list"),
    path("wards/<str:code>/", reference.WardDetail.as_view(), name="ward-detail"),
    path("categories/", reference.CategoryList.as_view(), name="category-list"),
    path("cases/", cases.CaseSubmit.as_view(), name="case-submit"),
    path("cases/track/<str:code>/", cases.CaseTrack.as_view(), name="case-track"),
    path("cases/track/<str:code>/<slug:action>/", cases.CaseResidentAction.as_view(), name="case-resident-action"),
    path("calendar/add-working-days", calendar.view, name="calendar-add-working-days"),
]
