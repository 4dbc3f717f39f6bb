"""Serializers of the staff desk API (api/v1/desk.py): query parameters, request bodies and responses."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.v1.fields import LegalCitationField, TimelineTextField
from portal.cases import clock, leads, permissions, workflow
from portal.cases.models import (
    AnswerState,
    CaseState,
    ClockEventKind,
    LeadOutcome,
    MessageKind,
    RejectionReason,
    redacted_copy_of,
)
from portal.cases.selectors import QUEUE_SORTS, QueueFilters
from portal.deadlines.selectors import NoPolicy
from portal.wards.models import Area, CaseKind, Category, Department, Ward

User = get_user_model()

DEADLINE_STATUSES = [
    ("on_track", _("On track")),
    ("due_soon", _("Due soon")),
    ("overdue", _("Overdue")),
    ("paused", _("Clock paused")),
]
SORT_LABELS = {"due": _("Due date, soonest first"), "-received": _("Newest first"), "received": _("Oldest first")}
SORTS = [(key, SORT_LABELS.get(key, key)) for key in QUEUE_SORTS]


def _absolute(request, name: str, **kwargs) -> str:
    path = reverse(f"api:{name}", kwargs=kwargs)
    return request.build_absolute_uri(path) if request is not None else path


# --- the queue's query parameters -------------------------------------------------------------------------------

class DeskQueueQuerySerializer(serializers.Serializer):
    ward = serializers.CharField(required=False, max_length=16, help_text=_("Ward code, e.g. PN17"))
    department = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                          help_text=_("Department id"),
                                          error_messages={"min_value": _("No department has this id."),
                                                          "max_value": _("No department has this id.")})
    state = serializers.ListField(
        child=serializers.ChoiceField(choices=CaseState.choices), required=False,
        help_text=_("Repeat the parameter or give a comma-separated list. Without it: the open states."))
    kind = serializers.ChoiceField(choices=CaseKind.choices, required=False)
    category = serializers.CharField(required=False, max_length=64, help_text=_("Category code"))
    area = serializers.CharField(required=False, max_length=32,
                                 help_text=_("Residential area code (give the ward too if you work in several)"))
    assignee = serializers.RegexField(r"^(me|none|[0-9]{1,12})$", required=False,
                                      help_text=_("“me”, “none” (unassigned) or a user id"))
    deadline = serializers.ChoiceField(choices=DEADLINE_STATUSES, required=False)
    answer = serializers.ChoiceField(choices=[("pending", _("Awaiting approval"))], required=False,
                                     help_text=_("“pending”: the cases whose draft answer waits for a leader's "
                                                 "approval"))
    q = serializers.CharField(required=False, allow_blank=True, max_length=200,
                              help_text=_("Words to find in title, description and address, or a tracking code. "
                                          "A word typed without accents matches any accents (“den” finds “đèn” "
                                          "and “đến”), a word typed with accents only that word (“đèn”)"))
    sort = serializers.ChoiceField(choices=SORTS, required=False, default="due")

    def to_internal_value(self, data):
        if hasattr(data, "getlist"):  # a QueryDict: "state" may repeat, and each value may be a comma list
            states = [part.strip() for raw in data.getlist("state") for part in raw.split(",") if part.strip()]
            data = {key: data.get(key) for key in data if key != "state"}
            if states:
                data["state"] = states
        return super().to_internal_value(data)

    def validate(self, attrs):
        user = self.context["request"].user
        ward_id = None
        if attrs.get("ward"):
            ward_id = Ward.objects.filter(code__iexact=attrs["ward"]).values_list("pk", flat=True).first()
            if ward_id is None:
                raise serializers.ValidationError({"ward": [_("No ward has this code.")]})
        attrs["ward_id"] = ward_id
        attrs["category_id"] = None
        if attrs.get("category"):
            attrs["category_id"] = Category.objects.filter(code=attrs["category"]).values_list("pk", flat=True).first()
            if attrs["category_id"] is None:
                raise serializers.ValidationError({"category": [_("No category has this code.")]})
        attrs["area_id"] = None
        if attrs.get("area"):
            wards = [ward_id] if ward_id else permissions.scope_of(user).case_ward_ids
            areas = Area.objects.filter(code=attrs["area"], ward_id__in=wards).order_by()
            found = list(areas.values_list("pk", flat=True)[:2])
            if not found:
                raise serializers.ValidationError({"area": [_("No residential area of your wards has this code.")]})
            if len(found) > 1:
                raise serializers.ValidationError({"area": [_("Several of your wards have an area with this code: "
                                                              "choose the ward too.")]})
            attrs["area_id"] = found[0]
        return attrs

    def to_filters(self) -> QueueFilters:
        data = self.validated_data
        return QueueFilters(
            ward=data["ward_id"], department=data.get("department"), states=tuple(data.get("state") or ()),
            kind=data.get("kind", ""), category=data["category_id"], area=data["area_id"],
            assignee=data.get("assignee", ""), deadline=data.get("deadline", ""), q=data.get("q", ""),
            sort=data.get("sort") or "due", answer=data.get("answer", ""),
        )


# --- small references -------------------------------------------------------------------------------------------

class DeskWardRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class DeskCategoryRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, category) -> str:
        return category.display_name(get_language() or "vi")


class DeskAreaRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class DeskDepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class DeskUserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")


# --- the queue --------------------------------------------------------------------------------------------------

class DeskCaseQueueItemSerializer(serializers.Serializer):
    """One row of the queue. working_days_left and deadline_status come from queue_page() on the page."""

    tracking_code = serializers.CharField()
    url = serializers.SerializerMethodField()
    title = serializers.CharField()
    ward = DeskWardRefSerializer()
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    category = DeskCategoryRefSerializer()
    area = DeskAreaRefSerializer(allow_null=True)
    department = DeskDepartmentRefSerializer(allow_null=True)
    assignee = DeskUserRefSerializer(allow_null=True)
    state = serializers.ChoiceField(choices=CaseState.choices)
    received_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    working_days_left = serializers.IntegerField(allow_null=True,
                                                 help_text=_("Negative when overdue; null when no clock runs"))
    deadline_status = serializers.CharField(
        help_text=_("on_track, due_soon, overdue, paused, or empty when no clock runs"))
    awaiting_approval = serializers.BooleanField(help_text=_("A draft answer waits for a leader's approval"))

    def get_url(self, case) -> str:
        return _absolute(self.context.get("request"), "staff-case-detail", code=case.tracking_code)


class DeskQueueRowSerializer(DeskCaseQueueItemSerializer):
    """DeskCaseQueueItemSerializer for the queue's list, written out by hand: the same JSON (the schema documents
    DeskCaseQueueItemSerializer; tests/api/desk/test_queue_rows.py holds the two equal), without a field object
    and a nested serializer per value. Fifty rows of six nested serializers cost more than the page's queries."""

    def to_representation(self, case):
        url = self._url_template()
        language = get_language() or "vi"
        ward, category, area, department, assignee = (case.ward, case.category, case.area, case.department,
                                                      case.assignee)
        return {
            "tracking_code": case.tracking_code,
            "url": url.replace(_CODE_PLACEHOLDER, case.tracking_code),
            "title": case.title,
            "ward": {"code": ward.code, "name": ward.name},
            "kind": case.kind,
            "category": {"code": category.code, "name": category.display_name(language)},
            "area": {"code": area.code, "name": area.name} if area is not None else None,
            "department": ({"id": department.id, "code": department.code, "name": department.name}
                           if department is not None else None),
            "assignee": ({"id": assignee.id, "username": assignee.username, "name": assignee.get_full_name()}
                         if assignee is not None else None),
            "state": case.state,
            "received_at": _DATETIME.to_representation(case.received_at) if case.received_at else None,
            "due_date": case.due_date.isoformat() if case.due_date is not None else None,
            "working_days_left": case.working_days_left,
            "deadline_status": None if case.deadline_status is None else str(case.deadline_status),
            "awaiting_approval": case.awaiting_approval,
        }

    def _url_template(self) -> str:
        """The case's address with a placeholder for its code, reversed once per list (kept in the context)."""
        url = self.context.get("_queue_row_url")
        if url is None:
            url = self.context["_queue_row_url"] = _absolute(self.context.get("request"), "staff-case-detail",
                                                             code=_CODE_PLACEHOLDER)
        return url


_CODE_PLACEHOLDER = "PLACEHOLDER-0000-000000"
_DATETIME = serializers.DateTimeField()  # unbound: its output follows the settings and the current time zone


# --- a case's page ----------------------------------------------------------------------------------------------

class DeskContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    representative_name = serializers.CharField(required=False, help_text=_("Multi-signatory cases"))


class DeskTimelineEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField(source="created_at")
    kind = serializers.CharField(help_text=", ".join(MessageKind.values))
    kind_label = serializers.CharField(source="get_kind_display")
    author = DeskUserRefSerializer(allow_null=True)
    # the body as presentation.mask_case() left it for the user (a denouncer's identity masked), then localized
    body = TimelineTextField(help_text=_("What the portal writes itself (an assignment, an escalation, a new due "
                                         "date…) in the answer's language; what a person wrote, as written"))
    is_public = serializers.BooleanField()
    visibility = serializers.SerializerMethodField(
        help_text=_("“public”: the resident sees it; “internal”: staff only"))
    from_state = serializers.CharField()
    to_state = serializers.CharField()

    def get_visibility(self, message) -> str:
        return "public" if message.is_public else "internal"


class DeskRedactedCopySerializer(serializers.Serializer):
    kind = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    def get_url(self, copy) -> str:
        return _absolute(self.context.get("request"), "staff-case-attachment-redacted",
                         code=self.context["case"].tracking_code, attachment_id=copy.attachment_id)

    def get_thumbnail_url(self, copy) -> str | None:
        return f"{self.get_url(copy)}?thumb=1" if copy.thumbnail else None


class DeskAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    original_name = serializers.SerializerMethodField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text=_(
        "The original. Null when you may not open it: a denunciation's files are for its assignee and the leaders "
        "(each opening audited); everyone else gets redacted_copy"))
    thumbnail_url = serializers.SerializerMethodField()
    needs_redacted_copy = serializers.SerializerMethodField(help_text=_(
        "A denunciation's file: whoever may not see the denouncer gets only its redacted copy"))
    redacted_copy = serializers.SerializerMethodField(help_text=_(
        "The copy with the denouncer's identity blacked out; null while there is none (not yet available to those "
        "who may not open the original), and for the files of other cases"))
    redacted_copy_upload_url = serializers.SerializerMethodField(help_text=_(
        "POST a file (multipart, field “file”) here to upload or replace the redacted copy; null unless you may "
        "(the assigned officer, a leader)"))

    def _may_open(self) -> bool:
        return bool(self.context.get("may_open_files"))

    def _protected(self) -> bool:
        return permissions.identity_protected(self.context["case"])

    def get_needs_redacted_copy(self, attachment) -> bool:
        return self._protected()

    @extend_schema_field(DeskRedactedCopySerializer(allow_null=True))
    def get_redacted_copy(self, attachment):
        copy = redacted_copy_of(attachment) if self._protected() else None
        return DeskRedactedCopySerializer(copy, context=self.context).data if copy is not None else None

    def get_redacted_copy_upload_url(self, attachment) -> str | None:
        if not self.context.get("may_redact"):
            return None
        return _absolute(self.context.get("request"), "staff-case-attachment-redacted",
                         code=self.context["case"].tracking_code, attachment_id=attachment.pk)

    def get_original_name(self, attachment) -> str:
        return attachment.original_name if self._may_open() else ""

    def get_url(self, attachment) -> str | None:
        if not self._may_open():
            return None
        return _absolute(self.context.get("request"), "staff-case-attachment",
                         code=self.context["case"].tracking_code, attachment_id=attachment.pk)

    def get_thumbnail_url(self, attachment) -> str | None:
        url = self.get_url(attachment)
        return f"{url}?thumb=1" if url and attachment.thumbnail else None


class DeskDueDateLineSerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = serializers.CharField(help_text=", ".join(ClockEventKind.values))
    label = serializers.SerializerMethodField()
    step = serializers.CharField()
    reason = serializers.CharField()
    days = serializers.IntegerField(help_text=_("The period, the days added, or the paused days given back"))
    unit = serializers.CharField()
    source = LegalCitationField(help_text=_("The legal source of the period, in the answer's language"))
    due = serializers.DateField(allow_null=True)
    after_due = serializers.BooleanField(
        help_text=_("The clock was paused after the due date had passed: the case stays overdue and the days of that "
                    "pause are not given back"))

    def get_label(self, line) -> str:
        return str(ClockEventKind(line.kind).label) if line.kind in ClockEventKind.values else line.kind


class DeskActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[(name, t.label) for name, t in workflow.TRANSITIONS.items()])
    label = serializers.CharField()
    needs_text = serializers.BooleanField()


class DeskAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    state = serializers.CharField(help_text=", ".join(AnswerState.values))
    author = DeskUserRefSerializer()
    created_at = serializers.DateTimeField()
    decided_by = DeskUserRefSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_note = serializers.CharField()


class DeskCasePermissionsSerializer(serializers.Serializer):
    work = serializers.BooleanField(help_text=_("May work the case (officer or leader)"))
    lead = serializers.BooleanField(help_text=_("Leader powers: assign, approve, extend, mark complex"))
    see_identity = serializers.BooleanField(help_text=_("May see the resident's contact"))


class DeskCaseDetailSerializer(DeskCaseQueueItemSerializer):
    """Everything the staff case page shows. Expects a case from selectors.case_for_staff() after
    annotate_deadlines(), and the request in the context."""

    state_label = serializers.CharField(source="get_state_display")
    description = serializers.CharField()
    address = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    channel = serializers.CharField()
    received_on = serializers.DateField()
    deadline_step = serializers.CharField()
    clock_state = serializers.CharField()
    is_complex = serializers.BooleanField()
    is_especially_complex = serializers.BooleanField(
        help_text=_("A denunciation marked especially complex: extended twice at most, once when only complex"))
    is_anonymous = serializers.BooleanField()
    identity_verified = serializers.BooleanField()
    identity_protected = serializers.SerializerMethodField(
        help_text=_("A denunciation: the contact is never inline; POST to identity_url to see it (audited)"))
    publish_consent = serializers.BooleanField()
    signatory_count = serializers.IntegerField()
    is_multi_signatory = serializers.BooleanField()
    is_late_filing = serializers.BooleanField()
    decision_date = serializers.DateField(allow_null=True)
    decision_reference = serializers.CharField()
    rejection_reason = serializers.CharField()
    transferred_to = serializers.CharField()
    merged_into = serializers.CharField(source="merged_into.tracking_code", allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    contact = serializers.SerializerMethodField()
    identity_url = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()
    pending_answer = serializers.SerializerMethodField()
    awaiting_approval = serializers.SerializerMethodField(help_text=_("A draft answer waits for a leader's approval"))
    due_date_explanation = serializers.SerializerMethodField()
    timeline = DeskTimelineEntrySerializer(source="messages.all", many=True)
    attachments = serializers.SerializerMethodField()

    @property
    def _user(self):
        return self.context["request"].user

    def get_identity_protected(self, case) -> bool:
        return permissions.identity_protected(case)

    @extend_schema_field(DeskContactSerializer(allow_null=True))
    def get_contact(self, case):
        if permissions.identity_protected(case) or not permissions.may_see_identity(self._user, case):
            return None
        return DeskContactSerializer({"name": case.contact_name, "phone": case.contact_phone,
                                  "email": case.contact_email, "address": case.contact_address,
                                  "representative_name": case.representative_name}).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_identity_url(self, case):
        if not permissions.may_see_identity(self._user, case):
            return None
        return _absolute(self.context.get("request"), "staff-case-identity", code=case.tracking_code)

    @extend_schema_field(DeskCasePermissionsSerializer)
    def get_permissions(self, case):
        return {"work": permissions.can_work(self._user, case), "lead": permissions.is_leader(self._user, case),
                "see_identity": permissions.may_see_identity(self._user, case)}

    @extend_schema_field(DeskActionSerializer(many=True))
    def get_available_actions(self, case):
        role = permissions.role_for_case(self._user, case)
        return [{"action": t.action, "label": str(t.label), "needs_text": t.needs_text}
                for t in workflow.available(case, role=role)]

    def get_awaiting_approval(self, case) -> bool:
        return any(a.state == AnswerState.PENDING for a in case.answers.all())

    @extend_schema_field(DeskAnswerSerializer(allow_null=True))
    def get_pending_answer(self, case):
        pending = next((a for a in case.answers.all() if a.state == AnswerState.PENDING), None)
        return DeskAnswerSerializer(pending).data if pending is not None else None

    @extend_schema_field(DeskDueDateLineSerializer(many=True))
    def get_due_date_explanation(self, case):
        try:
            lines = clock.replay(case).lines
        except NoPolicy:
            return []
        return DeskDueDateLineSerializer(lines, many=True, context=self.context).data

    @extend_schema_field(DeskAttachmentSerializer(many=True))
    def get_attachments(self, case):
        context = {**self.context, "case": case, "may_open_files": permissions.may_see_attachments(self._user, case),
                   "may_redact": permissions.may_redact(self._user, case)}
        return DeskAttachmentSerializer(case.attachments.all(), many=True, context=context).data


# --- request bodies ---------------------------------------------------------------------------------------------

class DeskTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[(name, t.label) for name, t in workflow.TRANSITIONS.items()])
    text = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="",
                                 help_text=_("Required by the actions that say needs_text; shown to the resident"))
    reason_code = serializers.ChoiceField(choices=RejectionReason.choices, required=False, allow_blank=True,
                                          default="", help_text=_("reject: the legal reason"))
    to_body = serializers.CharField(required=False, allow_blank=True, max_length=300, default="",
                                    help_text=_("transfer: the competent body"))
    target = serializers.CharField(required=False, allow_blank=True, max_length=32, default="",
                                   help_text=_("merge: tracking code of the case to merge into"))


class DeskRedactedCopyUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The redacted copy: a PDF or a photo (JPEG, PNG, WebP)"))


class DeskAssignSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), allow_null=True,
                                                  help_text=_("User id of an officer or leader of the ward; "
                                                              "null to unassign"))
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False,
                                                    allow_null=True, default=None,
                                                    help_text=_("Department id, to move the case as well"))


class DeskBulkAssignSerializer(serializers.Serializer):
    codes = serializers.ListField(child=serializers.CharField(max_length=32), min_length=1, max_length=100)
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), allow_null=True)


class DeskBulkAssignResultSerializer(serializers.Serializer):
    assigned = serializers.IntegerField()
    codes = serializers.ListField(child=serializers.CharField())


class DeskTextSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")


class DeskDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class DeskReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


# --- inspection leads (anonymous denunciations, the ward's leaders only) ---------------------------------------------

class DeskLeadQuerySerializer(serializers.Serializer):
    all = serializers.ChoiceField(choices=[("1", _("All"))], required=False,
                                  help_text=_("“1”: the leads decided on too. Without it: those waiting for a "
                                              "decision."))
    page = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                    help_text=_("Page number, 25 leads a page"))


class DeskLeadRowSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    url = serializers.SerializerMethodField()
    title = serializers.CharField()
    denounced_person = serializers.CharField(help_text=_("The official or body the lead names"))
    ward = DeskWardRefSerializer()
    category = DeskCategoryRefSerializer()
    state = serializers.ChoiceField(choices=CaseState.choices,
                                    help_text=_("“received” while undecided, “closed” once a leader decided"))
    outcome = serializers.ChoiceField(source="lead_outcome", choices=LeadOutcome.choices, allow_blank=True,
                                      help_text=_("What was done with it; empty while undecided"))
    received_at = serializers.DateTimeField()
    attachment_count = serializers.IntegerField()

    def get_url(self, lead) -> str:
        return _absolute(self.context.get("request"), "staff-lead-detail", code=lead.tracking_code)


class DeskLeadPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DeskLeadRowSerializer(many=True)


class DeskLeadAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    original_name = serializers.CharField(source="__str__")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text=_("Download (each download is audited)"))

    def get_url(self, attachment) -> str:
        return _absolute(self.context.get("request"), "staff-lead-attachment",
                         code=self.context["code"], attachment_id=attachment.pk)


class DeskLeadDecisionSerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    author = DeskUserRefSerializer(allow_null=True)
    note = serializers.CharField(source="body", help_text=_("Internal; never shown to the sender"))


class DeskLeadDetailSerializer(DeskLeadRowSerializer):
    description = serializers.CharField()
    evidence = serializers.CharField(help_text=_("The evidence the sender describes"))
    outcome_label = serializers.CharField(source="get_lead_outcome_display")
    attachment_count = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    outcome_url = serializers.SerializerMethodField(help_text=_("POST the outcome here; null once decided"))

    def get_attachment_count(self, lead) -> int:
        return len(lead.attachments.all())  # prefetched by leads.lead_for()

    @extend_schema_field(DeskLeadAttachmentSerializer(many=True))
    def get_attachments(self, lead):
        context = {**self.context, "code": lead.tracking_code}
        return DeskLeadAttachmentSerializer(list(lead.attachments.all()), many=True, context=context).data

    @extend_schema_field(DeskLeadDecisionSerializer(allow_null=True))
    def get_decision(self, lead):
        decision = leads.decision_of(lead)
        return DeskLeadDecisionSerializer(decision).data if decision is not None else None

    def get_outcome_url(self, lead) -> str | None:
        if lead.state != CaseState.RECEIVED:
            return None
        return _absolute(self.context.get("request"), "staff-lead-outcome", code=lead.tracking_code)


class DeskLeadOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=LeadOutcome.choices,
                                      error_messages={"required": leads.OUTCOME_REQUIRED,
                                                      "null": leads.OUTCOME_REQUIRED,
                                                      "blank": leads.OUTCOME_REQUIRED})
    note = serializers.CharField(max_length=leads.NOTE_MAX, help_text=_("Internal; never shown to the sender"),
                                 error_messages={"required": leads.NOTE_REQUIRED, "null": leads.NOTE_REQUIRED,
                                                 "blank": leads.NOTE_REQUIRED})


# --- errors (for the schema) ------------------------------------------------------------------------------------

class DeskErrorSerializer(serializers.Serializer):
    """HTTP 400: field messages by field name, or non_field_errors with a machine-readable code."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)
    code = serializers.CharField(required=False, help_text=_("e.g. already_claimed, invalid_state, text_required"))


class DeskDetailErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
