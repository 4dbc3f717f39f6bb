"""Public and staff pages of dialogues (names in the "frontend" namespace, prefixed "dialogues-")."""

from django.urls import path

from .views import dialogues as v

urlpatterns = [
    path("doi-thoai/", v.calendar, name="dialogues-calendar"),
    path("doi-thoai/lich.ics", v.ical_feed, name="dialogues-ical"),
    path("doi-thoai/cam-ket/", v.commitments, name="dialogues-commitments"),
    path("doi-thoai/tuan-thu/", v.compliance, name="dialogues-compliance"),
    path("doi-thoai/de-nghi/", v.requests_page, name="dialogues-requests"),
    path("doi-thoai/de-nghi/<int:pk>/", v.request_page, name="dialogues-request"),
    path("doi-thoai/cau-hoi/<int:pk>/binh-chon/", v.vote, name="dialogues-vote"),
    path("doi-thoai/<int:pk>/", v.session_page, name="dialogues-session"),
    path("doi-thoai/<int:pk>/dang-ky/", v.register, name="dialogues-register"),
    path("doi-thoai/<int:pk>/dat-cau-hoi/", v.ask, name="dialogues-ask"),
    path("doi-thoai/<int:pk>/bien-ban-ky/", v.minutes_scan, name="dialogues-minutes-scan"),
    path("can-bo/doi-thoai/", v.staff_list, name="dialogues-staff"),
    path("can-bo/doi-thoai/<int:pk>/", v.staff_session, name="dialogues-staff-session"),
    path("can-bo/doi-thoai/<int:pk>/<slug:action>/", v.staff_action, name="dialogues-staff-action"),
    path("can-bo/doi-thoai/cau-hoi/<int:pk>/<slug:action>/", v.staff_question, name="dialogues-staff-question"),
    path("can-bo/doi-thoai/cam-ket/<int:pk>/", v.staff_commitment, name="dialogues-staff-commitment"),
]
