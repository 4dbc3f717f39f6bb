from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import accounts, calendar, public, recommendations, resident

app_name = "frontend"

urlpatterns = [
    path("", public.home, name="home"),
    path("gui-don/", resident.choose_ward, name="case-choose-ward"),
    path("gui-don/da-nhan/", resident.submitted, name="case-submitted"),
    path("gui-don/<str:ward>/", resident.submit_case, name="case-new"),
    path("tra-cuu/", resident.lookup, name="case-lookup"),
    path("tra-cuu/<str:code>/<str:token>/", resident.status, name="case-status"),
    path("tra-cuu/<str:code>/<str:token>/tep/<int:attachment_id>/", resident.attachment, name="case-attachment"),
    path("tra-cuu/<str:code>/<str:token>/<slug:action>/", resident.resident_action, name="case-action"),
    path("don-cua-toi/", resident.my_cases, name="my-cases"),
    path("don-cua-toi/<str:code>/hanh-dong/<slug:action>/", resident.resident_action, name="my-case-action"),
    path("don-cua-toi/<str:code>/", resident.my_case, name="my-case"),
    path("don-cua-toi/<str:code>/tep/<int:attachment_id>/", resident.my_case_attachment, name="my-case-attachment"),
    path("lich/tinh-han/", calendar.calculator, name="calendar"),
    path("cu-dan/dang-nhap/", accounts.sign_in, name="resident-sign-in"),
    path("cu-dan/nhap-ma/", accounts.enter_code, name="resident-code"),
    path("can-bo/kien-nghi/", recommendations.recommendation_list, name="recommendations"),
    path("can-bo/kien-nghi/<int:pk>/tra-loi/", recommendations.recommendation_answer, name="recommendation-answer"),
    path("can-bo/", include("frontend.desk_urls")),
    path("", include("frontend.transparency_urls")),
    path("", include("frontend.opendata_urls")),
    path("", include("frontend.disclosures_urls")),
    path("", include("frontend.dialogues_urls")),
    path("dang-nhap/", accounts.StaffLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
