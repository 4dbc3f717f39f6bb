"""Residents' case API: file a case (POST /api/v1/cases/) and follow it (GET /api/v1/cases/track/{code}/)."""

import contextlib
import copy
import functools

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_ratelimit.decorators import ratelimit
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.fields import SkipField
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.fields import CodeRelatedField, TimelineTextField, answer_language
from portal.cases import reference, selectors, services
from portal.cases.models import CaseState, Channel, MessageKind, NotifyBy
from portal.cases.presentation import LEAD_EXPLANATION, resident_state, state_explanation
from portal.cases.workflow import transition
from portal.core import versions
from portal.wards.models import Area, CaseKind, Category, Ward


class ReferenceCodeField(CodeRelatedField):
    """A SlugRelatedField (same schema, same answers) that finds the active ward or category by code through the
    intake reference memo (portal.cases.reference) when the view passes one in the context as "ref"."""

    def __init__(self, *, lookup, **kwargs):
        self.lookup = lookup
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        ref = self.context.get("ref")
        if ref is None or not isinstance(data, str) or "\x00" in data:
            return super().to_internal_value(data)  # the database's lookup; CodeRelatedField refuses a NUL
        try:
            found = self.lookup(ref, data)
        except (TypeError, ValueError):
            self.fail("invalid")
        if found is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return found


class CaseSubmitSerializer(serializers.Serializer):
    ward = ReferenceCodeField(lookup=reference.ward_by_code, queryset=Ward.objects.filter(is_active=True),
                              help_text="Ward code, e.g. PN17 (see /api/v1/wards/)")
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    category = ReferenceCodeField(lookup=reference.category_by_code, queryset=Category.objects.filter(is_active=True))
    area = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                 help_text="Residential area code within the ward")
    title = serializers.CharField(max_length=200, min_length=5)
    description = serializers.CharField(max_length=10000, min_length=10)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                        default=None)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True,
                                         default=None)
    is_anonymous = serializers.BooleanField(required=False, default=False)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    contact_phone = serializers.RegexField(r"^\+?[0-9 .-]{8,20}$", max_length=32, required=False, allow_blank=True,
                                           default="", error_messages={"invalid": _("Enter a valid phone number.")})
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")
    contact_address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    notify_by = serializers.ChoiceField(choices=NotifyBy.choices, required=False, default=NotifyBy.NONE)
    publish_consent = serializers.BooleanField(required=False, default=False)
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    decision_reference = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    denounced_person = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="",
        help_text="Denunciations: the official or body denounced (required for an anonymous denunciation)")
    evidence = serializers.CharField(
        max_length=10000, required=False, allow_blank=True, default="",
        help_text="Denunciations: the evidence of the violation. An anonymous denunciation needs this (at least 20 "
                  "characters) or at least one file; it is not processed or answered as a denunciation but kept as "
                  "an internal inspection lead for the ward's leaders (Law on Denunciations Art. 25)")
    signatory_count = serializers.IntegerField(min_value=1, max_value=100000, required=False, default=1)
    representative_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    # Empty files pass here so that clean_upload() refuses them with their name, under "files" like every file error.
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True), required=False, default=list,
                                  help_text="Up to 5 photos (JPEG, PNG, WebP) or PDF documents (multipart only)")

    def get_fields(self):
        # DRF deep-copies every declared field for each serializer (0.4 ms here, half of the validation, mostly in
        # copying choices and lazy strings): make each afresh from its arguments instead. Only a ListField's child
        # is a field object itself, bound to its list, so it is copied.
        return {name: field.__class__(*field._args, **{key: copy.deepcopy(value) if key == "child" else value
                                                       for key, value in field._kwargs.items()})
                for name, field in self._declared_fields.items()}

    def validate_files(self, value):
        if len(value) > settings.UPLOAD_MAX_FILES:
            raise serializers.ValidationError(_("Attach at most %(n)s files.") % {"n": settings.UPLOAD_MAX_FILES})
        return value

    def validate(self, attrs):
        if not _resolve_area(attrs, self.context.get("ref")):
            raise serializers.ValidationError({"area": [_("This residential area is not in the chosen ward.")]})
        return attrs


def _resolve_area(attrs: dict, ref) -> bool:
    """Replace the area's code in `attrs` by the ward's residential area (None without a code); False if the ward has
    no area of that code."""
    code = attrs.pop("area", "") or ""
    attrs["area"] = None
    if code:
        area = (reference.area_by_code(ref, attrs["ward"].pk, code) if ref is not None
                else Area.objects.filter(ward=attrs["ward"], code=code).first())
        if area is None:
            return False
        attrs["area"] = area
    return True


_BY_REFERENCE = {"ward": reference.ward_by_code, "category": reference.category_by_code}


@functools.cache
def _plain_fields() -> dict:
    """The serializer's own fields, made once per process, that a valid JSON submission is read with
    (plain_submission): the same classes with the same arguments, unbound."""
    return {name: field.__class__(*field._args, **field._kwargs)
            for name, field in CaseSubmitSerializer._declared_fields.items()
            if name not in _BY_REFERENCE and name != "files"}


def plain_submission(data, ref) -> dict | None:
    """CaseSubmitSerializer's validated data for a JSON submission that it accepts as it is, read without building
    the serializer (its 22 fields were made and bound again on every request: a fifth of a submission's Python time,
    issue 7); None for anything else — form or multipart data, files, any field it would refuse — which the
    serializer then reads and answers with its field errors. Each value goes through the same DRF field (made once,
    with the same arguments) as in the serializer, so what it accepts it turns into the same values; a property test
    compares the two on arbitrary input."""
    if type(data) is not dict or "files" in data or ref is None:
        return None
    fields = _plain_fields()
    attrs = {}
    for name, lookup in _BY_REFERENCE.items():
        code = data.get(name)
        if not isinstance(code, str) or "\x00" in code:
            return None
        try:
            found = lookup(ref, code)
        except (TypeError, ValueError):
            return None
        if found is None:
            return None
        attrs[name] = found
    try:
        for name, field in fields.items():
            if name in data:
                attrs[name] = field.run_validation(data[name])
            elif field.required:
                return None
            else:
                with contextlib.suppress(SkipField):
                    attrs[name] = field.get_default()
    except (ValidationError, DjangoValidationError):
        return None
    attrs["files"] = []
    if not _resolve_area(attrs, ref):
        return None
    return attrs


class CaseReceiptSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    access_token = serializers.CharField(help_text="Secret: with the tracking code it opens the case. Shown once.")
    status_url = serializers.CharField()
    state = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    late_filing = serializers.BooleanField()
    inspection_lead = serializers.BooleanField(
        help_text="An anonymous denunciation, kept as an internal inspection lead: this receipt only confirms that it "
                  "was received; it gets no answer and no notifications")
    notice = serializers.CharField(help_text="What the resident should know about this receipt (may be empty)")


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    kind = serializers.CharField()
    label = serializers.SerializerMethodField(
        help_text="What the entry is, in the answer's language, as the status page heads it (e.g. “Case received”)")
    state = serializers.CharField(source="to_state")
    body = TimelineTextField(help_text="What the portal writes itself (a transfer, a new due date, a refusal's legal "
                                       "reason…) in the answer's language; what a person wrote, as written")

    def get_label(self, message) -> str:
        language = answer_language(self)
        labels = self.context.setdefault("entry_labels", {})
        key = (message.kind, message.to_state or "")
        label = labels.get(key)
        if label is None:
            with translation.override(language):
                label = labels[key] = str(_entry_label(*key))
        return label


def _entry_label(kind: str, to_state: str):
    """The heading of a public timeline entry (frontend/templates/frontend/case_status.html's)."""
    if kind == MessageKind.SUBMISSION:
        return _("Case received")
    if kind == MessageKind.STATE_CHANGE and to_state in CaseState.values:
        return CaseState(to_state).label
    return MessageKind(kind).label if kind in MessageKind.values else kind


class CaseStatusSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    ward = serializers.CharField(source="ward.name")
    kind = serializers.CharField()
    category = serializers.SerializerMethodField(help_text="The category's name in the answer's language")
    title = serializers.CharField()
    state = serializers.SerializerMethodField(help_text="An inspection lead stays “received”: its sender is told "
                                                        "only that it arrived")
    state_label = serializers.SerializerMethodField()
    state_explanation = serializers.SerializerMethodField()
    inspection_lead = serializers.BooleanField(source="is_inspection_lead")
    received_on = serializers.DateField()
    due_date = serializers.DateField(allow_null=True)
    late_filing = serializers.BooleanField(source="is_late_filing")
    timeline = TimelineEntrySerializer(source="public_messages", many=True)

    def get_category(self, case) -> str:
        return case.category.display_name(answer_language(self))

    def get_state(self, case) -> str:
        return resident_state(case)

    def get_state_label(self, case) -> str:
        return str(CaseState(resident_state(case)).label)

    def get_state_explanation(self, case) -> str:
        # As the status page: an answer already rated is not asked to be rated (the timeline and the ratings are
        # prefetched by selectors.case_for_resident).
        return str(state_explanation(case.state, may_rate=selectors.may_rate(case), lead=case.is_inspection_lead))


# Accept headers for which DRF's negotiation answers with its first renderer's media type (CaseSubmit).
_JSON_ACCEPTS = frozenset({"*/*", "application/json"})


@method_decorator(ratelimit(key="ip", rate=lambda g, r: settings.RATE_SUBMIT, method="POST", block=True), name="post")
class CaseSubmit(APIView):
    """File a feedback, complaint or denunciation. The same rules as the web form; errors are HTTP 400 by field."""

    permission_classes = [AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def perform_content_negotiation(self, request, force=False):
        """DRF's choice of the answer's format, found without asking DRF when a client accepts JSON as such (no Accept
        header, `*/*` or `application/json`, and no `?format=`): DRF's negotiation builds the request's header and
        query dictionaries for it, 3 % of a submission's time (issue 7). Its answer then is the first renderer, JSON,
        as application/json; any other Accept (a browser's, for the browsable API) is DRF's to decide."""
        renderers = self.get_renderers()
        accept = request.META.get("HTTP_ACCEPT", "*/*")
        if (accept in _JSON_ACCEPTS and renderers and isinstance(renderers[0], JSONRenderer)
                and not self.kwargs.get("format") and not request.META.get("QUERY_STRING")):
            return renderers[0], renderers[0].media_type
        return super().perform_content_negotiation(request, force=force)

    @extend_schema(request=CaseSubmitSerializer, responses={201: CaseReceiptSerializer})
    def post(self, request):
        # The reference data as this process last knew it, without asking the database whether it changed: the
        # filing's one statement checks that itself (portal.cases.filing_sql). Should the data have changed, or should
        # the submission be refused (a category opened a moment ago, say, which this process does not know yet), it
        # is read again with the data as they are. Files are read once: with them the token is read first.
        files = bool(request.FILES)
        ref = reference.assumed_view() if connection.vendor == "postgresql" and not files else reference.view()
        try:
            submitted = self._submit(request, ref)
        except (ValidationError, DjangoValidationError, versions.Stale):
            if not ref.stale():
                raise
            submitted = self._submit(request, reference.view())
        case = submitted.case
        # What CaseReceiptSerializer (the documented answer) gives, without building a serializer for six values.
        receipt = {
            "tracking_code": case.tracking_code,
            "access_token": submitted.access_token,
            "status_url": request.build_absolute_uri(submitted.secret_path),
            "state": case.state,
            "due_date": case.due_date.isoformat() if case.due_date else None,
            "late_filing": case.is_late_filing,
            "inspection_lead": case.is_inspection_lead,
            "notice": str(LEAD_EXPLANATION) if case.is_inspection_lead else "",
        }
        return Response(receipt, status=status.HTTP_201_CREATED)

    @staticmethod
    def _submit(request, ref) -> services.SubmittedCase:
        """Read and file the submission (nothing is written if it raises)."""
        data = plain_submission(request.data, ref)
        if data is None:
            serializer = CaseSubmitSerializer(data=request.data, context={"ref": ref})
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        return services.submit_case(
            submission=services.Submission(channel=Channel.API, language=get_language() or "vi", **data),
            actor=request.user, ref=ref,
        )


@method_decorator(ratelimit(key="ip", rate=lambda g, r: settings.RATE_LOOKUP, method="GET", block=True), name="get")
class CaseTrack(APIView):
    """A case's public status and timeline, by tracking code and secret token."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("token", str, required=True, description="the secret access token")],
        responses={200: CaseStatusSerializer},
    )
    def get(self, request, code):
        token = request.query_params.get("token") or request.headers.get("X-Access-Token", "")
        case = selectors.case_for_resident(code=code, token=token)
        if case is None:
            raise NotFound(_("No case matches this tracking code and secret."))
        return Response(CaseStatusSerializer(case).data)


class ResidentActionSerializer(serializers.Serializer):
    token = serializers.CharField(required=False, allow_blank=True,
                                  help_text="The secret access token (or send it in the X-Access-Token header)")
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    score = serializers.IntegerField(required=False, min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    def validate(self, attrs):
        action = self.context["action"]
        if action == "rate" and "score" not in attrs:
            raise serializers.ValidationError({"score": [_("Choose a score from 1 to 5.")]})
        if action != "rate" and not attrs.get("text", "").strip():
            raise serializers.ValidationError({"text": [_("This field is required.")]})
        return attrs


RESIDENT_API_ACTIONS = ("message", "provide_info", "rate", "withdraw", "escalate")


@method_decorator(ratelimit(key="ip", rate=lambda g, r: settings.RATE_SUBMIT, method="POST", block=True), name="post")
class CaseResidentAction(APIView):
    """The resident acts on their case with its tracking code and secret: `message` (write to the ward),
    `provide_info` (answer a request for information), `rate` (1–5, a poor rating reopens), `withdraw`, `escalate`
    (complaints, after the decision or once the ward's time limit to resolve them has passed: Law on Complaints
    Art. 33, each within its window)."""

    permission_classes = [AllowAny]

    @extend_schema(request=ResidentActionSerializer, responses={200: CaseStatusSerializer})
    def post(self, request, code, action):
        if action not in RESIDENT_API_ACTIONS:
            raise NotFound()
        serializer = ResidentActionSerializer(data=request.data, context={"action": action})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        token = data.get("token") or request.headers.get("X-Access-Token", "")
        case = selectors.case_for_resident(code=code, token=token)
        if case is None:
            raise NotFound(_("No case matches this tracking code and secret."))
        if not selectors.may_try(case, action, selectors.resident_options(case)):
            raise ValidationError({"non_field_errors": [_("This action is not possible on the case now.")]})
        if action == "message":
            services.resident_message(case=case, text=data["text"])
        elif action == "rate":
            services.rate_answer(case=case, score=data["score"], comment=data.get("comment", ""))
        else:
            transition(case=case, action=action, resident=True, text=data["text"])
        return Response(CaseStatusSerializer(selectors.case_for_resident(code=code, token=token)).data)
