"""The staff desk under /can-bo/ (names in the "frontend" namespace, prefixed "desk-")."""

from django.urls import path

from .views import audit_log, desk, leads

urlpatterns = [
    path("", desk.queue, name="desk-queue"),
    path("nhat-ky/", audit_log.audit_log, name="desk-audit"),
    path("nhat-ky/tai-khoan/", audit_log.audit_accounts, name="desk-audit-accounts"),
    path("don/<str:code>/", desk.case_page, name="desk-case"),
    path("don/<str:code>/nhan-xu-ly/", desk.claim, name="desk-claim"),
    path("don/<str:code>/phan-cong/", desk.assign, name="desk-assign"),
    path("don/<str:code>/ghi-chu/", desk.note, name="desk-note"),
    path("don/<str:code>/nhan-tin/", desk.reply, name="desk-reply"),
    path("don/<str:code>/chuyen-trang-thai/<slug:action>/", desk.change_state, name="desk-transition"),
    path("don/<str:code>/du-thao/", desk.propose, name="desk-propose"),
    path("don/<str:code>/du-thao/<int:answer_id>/duyet/", desk.approve, name="desk-approve"),
    path("don/<str:code>/du-thao/<int:answer_id>/tra-lai/", desk.return_answer, name="desk-return"),
    path("don/<str:code>/gia-han/", desk.extend, name="desk-extend"),
    path("don/<str:code>/phuc-tap/", desk.mark_complex, name="desk-complex"),
    path("don/<str:code>/danh-tinh/", desk.reveal, name="desk-reveal"),
    path("don/<str:code>/tep/<int:attachment_id>/", desk.attachment, name="desk-attachment"),
    path("don/<str:code>/tep/<int:attachment_id>/ban-da-che/", desk.redacted_copy, name="desk-redacted-copy"),
    path("don/<str:code>/tep/<int:attachment_id>/ban-da-che/tai-len/", desk.redact, name="desk-redact"),
    # anonymous denunciations: inspection leads, for the ward's leaders only
    path("tin-nac-danh/", leads.lead_list, name="desk-leads"),
    path("tin-nac-danh/<str:code>/", leads.lead_page, name="desk-lead"),
    path("tin-nac-danh/<str:code>/ket-qua/", leads.lead_outcome, name="desk-lead-outcome"),
    path("tin-nac-danh/<str:code>/tep/<int:attachment_id>/", leads.lead_attachment, name="desk-lead-attachment"),
]
