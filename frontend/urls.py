from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import accounts, calendar, public, recommendations, resident, two_factor

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
    path("dang-nhap/xac-thuc/", two_factor.verify, name="two-factor-verify"),
    path("dang-nhap/quen-mat-khau/", accounts.PasswordResetView.as_view(), name="password-reset"),
    path("dang-nhap/quen-mat-khau/da-gui/", accounts.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("dang-nhap/dat-lai-mat-khau/xong/", accounts.PasswordResetCompleteView.as_view(),
         name="password-reset-complete"),
    path("dang-nhap/dat-lai-mat-khau/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(),
         name="password-reset-confirm"),
    path("tai-khoan/bao-mat/", two_factor.overview, name="account-security"),
    path("tai-khoan/bao-mat/thiet-lap/", two_factor.setup, name="two-factor-setup"),
    path("tai-khoan/bao-mat/ma-du-phong/", two_factor.backup_codes, name="two-factor-backup-codes"),
    path("tai-khoan/bao-mat/tat/", two_factor.disable, name="two-factor-disable"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
