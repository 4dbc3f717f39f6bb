"""Public and staff pages of disclosures (names in the "frontend" namespace, prefixed "disclosures-")."""

from django.urls import path

from .disclosure_feeds import WardDisclosuresAtom, WardDisclosuresFeed
from .views import disclosures as v

urlpatterns = [
    path("cong-khai/", v.register, name="disclosures-register"),
    path("cong-khai/<int:pk>/", v.detail, name="disclosures-detail"),
    path("cong-khai/<int:pk>/phien-ban/<int:number>/", v.version, name="disclosures-version"),
    path("cong-khai/<int:pk>/tep/<int:attachment_id>/", v.attachment, name="disclosures-attachment"),
    path("cong-khai/<int:pk>/hoi/", v.ask, name="disclosures-ask"),
    path("cong-khai/<int:pk>/gop-y/", v.comment, name="disclosures-comment"),
    path("cong-khai/phuong/<str:ward_code>/danh-muc/<int:year>/quy-<int:quarter>/", v.quarterly,
         name="disclosures-quarterly"),
    path("cong-khai/phuong/<str:ward_code>/danh-muc/<int:year>/quy-<int:quarter>/ban-in/", v.quarterly_print,
         name="disclosures-quarterly-print"),
    path("cong-khai/phuong/<str:ward_code>/rss/", WardDisclosuresFeed(), name="disclosures-ward-rss"),
    path("cong-khai/phuong/<str:ward_code>/atom/", WardDisclosuresAtom(), name="disclosures-ward-atom"),
    path("cong-khai/phuong/<str:ward_code>/linh-vuc/<int:number>/rss/", WardDisclosuresFeed(),
         name="disclosures-category-rss"),
    path("cong-khai/phuong/<str:ward_code>/linh-vuc/<int:number>/atom/", WardDisclosuresAtom(),
         name="disclosures-category-atom"),
    path("can-bo/cong-khai/", v.staff_overview, name="disclosures-staff"),
    path("can-bo/cong-khai/moi/", v.staff_new, name="disclosures-staff-new"),
    path("can-bo/cong-khai/<int:pk>/sua/", v.staff_edit, name="disclosures-staff-edit"),
    path("can-bo/cong-khai/<int:pk>/hanh-dong/<slug:action>/", v.staff_action, name="disclosures-staff-action"),
    path("can-bo/cong-khai/<int:pk>/cau-hoi/<int:question_id>/tra-loi/", v.staff_answer,
         name="disclosures-staff-answer"),
    path("can-bo/cong-khai/<int:pk>/an/<slug:kind>/<int:post_id>/", v.staff_hide, name="disclosures-staff-hide"),
]
