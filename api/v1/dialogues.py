"""/api/v1/dialogues/ (names in the "api" namespace, prefixed "dialogues-"): the same reads and writes as the pages.

Each view parses its input, checks who may act (portal.dialogues.permissions), calls one service of
portal.dialogues.services and serializes the result. Domain refusals become HTTP 400 with field messages, 403 for
what the user may not do; a complaint dialogue is 404 for anyone but its ward's staff. Public output never carries
residents' personal data.
"""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.fields import CodeRelatedField
from portal.cases.models import Case, CaseKind
from portal.core import pagecache
from portal.core.timeutil import local_today
from portal.dialogues import permissions, selectors, services
from portal.dialogues.models import (
    Commitment,
    CommitmentStatus,
    DialogueRequest,
    Question,
    SessionKind,
)
from portal.dialogues.rules import MAX_CAPACITY
from portal.wards.models import Area, Department, Ward

TAGS = ["dialogues"]
LIST_LIMIT = 200


# --- serializers ------------------------------------------------------------------------------------------------------

class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ward = serializers.CharField(source="ward.code")
    kind = serializers.CharField()
    # A method, not source="get_kind_display": DRF inspects a callable source's signature for every row (issue 7).
    kind_label = serializers.SerializerMethodField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    venue = serializers.CharField()
    online_link = serializers.CharField()
    agenda = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    registered = serializers.IntegerField(source="confirmed_count")
    state = serializers.CharField()
    announced_on = serializers.DateField()
    announcement_late = serializers.BooleanField()
    late_reason = serializers.CharField()
    held_on = serializers.DateField(allow_null=True)
    results_due = serializers.DateField(allow_null=True)
    minutes_published_on = serializers.DateField(allow_null=True)
    cancel_reason = serializers.CharField()

    def get_kind_label(self, obj) -> str:
        return str(SessionKind(obj.kind).label) if obj.kind in SessionKind.values else obj.kind


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    topic = serializers.CharField()
    state = serializers.CharField()
    votes = serializers.IntegerField(source="votes_count")
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)
    hidden_reason = serializers.CharField()


class CommitmentUpdateSerializer(serializers.Serializer):
    status = serializers.CharField()
    note = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")


class CommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session = serializers.IntegerField(source="session_id")
    ward = serializers.CharField(source="ward.code")
    title = serializers.CharField()
    department = serializers.CharField(source="department.name")
    due_date = serializers.DateField()
    status = serializers.CharField()
    status_reason = serializers.CharField()
    done_on = serializers.DateField(allow_null=True)
    done_on_time = serializers.BooleanField()
    question = serializers.IntegerField(source="question_id", allow_null=True)
    progress = CommitmentUpdateSerializer(source="updates.all", many=True)


class ChangeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    reason = serializers.CharField()
    before = serializers.DictField()
    after = serializers.DictField()
    at = serializers.DateTimeField(source="created_at")


class SessionDetailSerializer(SessionSerializer):
    minutes_html = serializers.CharField()
    questions = QuestionSerializer(many=True)
    commitments = CommitmentSerializer(many=True)
    changes = ChangeSerializer(many=True)
    requests = serializers.ListField(child=serializers.IntegerField(), help_text="Requests for a dialogue it answers")


class EditSerializer(serializers.Serializer):
    """Only the fields sent are changed."""

    title = serializers.CharField(max_length=200, required=False)
    venue = serializers.CharField(max_length=300, required=False)
    online_link = serializers.URLField(required=False, allow_blank=True)
    agenda = serializers.CharField(required=False, allow_blank=True)
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_CAPACITY,
                                        error_messages={"max_value": services.CAPACITY_LIMIT_MESSAGE})
    reason = serializers.CharField(help_text="Public: why the announcement changes")


class RescheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    reason = serializers.CharField(help_text="Public: why the session moves")
    late_reason = serializers.CharField(required=False, allow_blank=True, default="",
                                        help_text="Needed when the new date no longer gives the notice the law asks")


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Public: why the session does not take place")


class RegistrantSerializer(serializers.Serializer):
    """Personal data: for the ward's staff only."""

    status = serializers.CharField()
    waiting_position = serializers.IntegerField(source="position", allow_null=True)
    name = serializers.CharField(source="user.get_full_name")
    contact = serializers.SerializerMethodField()
    channel = serializers.SerializerMethodField()
    registered_at = serializers.DateTimeField(source="queued_at")

    def _profile(self, obj):
        return getattr(obj.user, "resident", None)

    def get_contact(self, obj) -> str:
        profile = self._profile(obj)
        return profile.contact if profile else ""

    def get_channel(self, obj) -> str:
        profile = self._profile(obj)
        return profile.channel if profile else ""


class LinkSerializer(serializers.Serializer):
    session = serializers.IntegerField(help_text="The dialogue conference that answers the request")


@extend_schema_field({"type": "string",
                     "description": "conference, reception, area_conference or complaint"})
class SessionKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=SessionKind.choices, **kwargs)


class ListFilterSerializer(serializers.Serializer):
    """The lists' filters: an unknown ward or kind is a 400 on the parameter, not every ward's or kind's rows."""

    ward = serializers.CharField(required=False, allow_blank=True, max_length=16, default="")
    kind = serializers.ChoiceField(choices=SessionKind.choices, required=False, allow_blank=True, default="")

    def validate_ward(self, value):
        value = value.strip()
        if not value:
            return None
        ward = Ward.objects.filter(code=value).first()
        if ward is None:
            raise serializers.ValidationError(_("No ward has this code."))
        return ward


class ScheduleSerializer(serializers.Serializer):
    ward = CodeRelatedField(slug_field="code", queryset=Ward.objects.filter(is_active=True))
    kind = SessionKindField()
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    venue = serializers.CharField(max_length=300)
    online_link = serializers.URLField(required=False, allow_blank=True, default="")
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_CAPACITY,
                                        error_messages={"max_value": services.CAPACITY_LIMIT_MESSAGE})
    area = serializers.CharField(required=False, allow_blank=True, default="", help_text="Residential area code")
    case = serializers.CharField(required=False, allow_blank=True, default="", help_text="Complaint tracking code")
    late_reason = serializers.CharField(required=False, allow_blank=True, default="")
    request = serializers.IntegerField(required=False, allow_null=True,
                                       help_text="The residents' request for a dialogue this conference answers")


class RegistrationInSerializer(serializers.Serializer):
    cancel = serializers.BooleanField(required=False, default=False)


class RegistrationOutSerializer(serializers.Serializer):
    status = serializers.CharField(allow_null=True)
    waiting_position = serializers.IntegerField(allow_null=True)


class AskSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class VoteOutSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    created = serializers.BooleanField()


class StateSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=[("open", "open"), ("held", "held")],
                                   help_text="open: take questions; held: the session took place")


class ModerationSerializer(serializers.Serializer):
    moderation = serializers.ChoiceField(choices=[(a, a) for a in ("hide", "merge", "answer", "topic")])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    into = serializers.IntegerField(required=False, allow_null=True)
    answer = serializers.CharField(required=False, allow_blank=True, default="")
    topic = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField()
    scan = serializers.FileField(required=False, allow_null=True)


class CommitmentInSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    department = serializers.IntegerField()
    due_date = serializers.DateField()
    question = serializers.IntegerField(required=False, allow_null=True)


class ProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    ward = CodeRelatedField(slug_field="code", queryset=Ward.objects.filter(is_active=True))
    title = serializers.CharField(max_length=200)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField(read_only=True)
    supporters = serializers.IntegerField(source="support_count", read_only=True)
    threshold = serializers.SerializerMethodField()
    session = serializers.IntegerField(source="session_id", read_only=True, allow_null=True)

    def get_threshold(self, obj) -> int | None:
        return selectors.support_threshold(obj)


class RatioSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    ok = serializers.BooleanField()


class ComplianceSerializer(serializers.Serializer):
    ward = serializers.CharField(source="ward.code")
    year = serializers.IntegerField()
    weeks = serializers.IntegerField()
    conferences_held = serializers.IntegerField()
    conferences_ok = serializers.BooleanField()
    reception_days_held = serializers.IntegerField()
    reception_weeks = serializers.IntegerField()
    reception_ok = serializers.BooleanField()
    announcements_on_time = RatioSerializer(source="announcements")
    results_on_time = RatioSerializer(source="results")
    minutes_published = RatioSerializer(source="minutes")
    commitments_done_on_time = RatioSerializer(source="commitments")
    commitments_total = serializers.IntegerField()
    commitments_done = serializers.IntegerField()


class DialogueErrorSerializer(serializers.Serializer):
    """HTTP 400: messages by field name, or non_field_errors with a machine-readable code (e.g. wrong_state)."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)
    code = serializers.CharField(required=False)


class DialogueDetailErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


ERRORS = {
    400: OpenApiResponse(DialogueErrorSerializer, description="Invalid input, or the rules refused the action"),
    401: OpenApiResponse(DialogueDetailErrorSerializer, description="Not signed in"),
    403: OpenApiResponse(DialogueDetailErrorSerializer, description="Not allowed for this user"),
    404: OpenApiResponse(DialogueDetailErrorSerializer, description="No such item, or not visible to this user"),
}


def writes(ok, ok_status: int = 200) -> dict:
    """The responses of a write: its result and the errors every write may answer."""
    return {ok_status: ok, **ERRORS}


# --- the base -------------------------------------------------------------------------------------------------------

class DialogueView(APIView):
    # Token first, so that an anonymous write gets 401 with "WWW-Authenticate: Token".
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [AllowAny]

    def parse(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def signed_in(self):
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return self.request.user

    def resident(self):
        user = self.signed_in()
        if not permissions.is_verified_resident(user):
            raise exceptions.PermissionDenied(
                _("Sign in with your resident account (a one-time code) to take part."))
        return user

    def staff(self, ward_id: int, *, run: bool = True):
        """Staff of the ward: 403 without any staff role, 404 for other wards, 403 for supervisors' writes."""
        user = self.signed_in()
        if not permissions.staff_ward_ids(user):
            raise exceptions.PermissionDenied(_("This is for ward staff only."))
        if not permissions.can_read_staff(user, ward_id):
            raise exceptions.NotFound()
        if run and not permissions.can_run(user, ward_id):
            raise exceptions.PermissionDenied(_("Supervisors read dialogues but do not change them."))
        return user

    def visible_session(self, pk):
        session = selectors.session_detail(pk)
        if session is None or not permissions.can_see_session(self.request.user, session):
            raise exceptions.NotFound()
        return session

    def public_session(self, pk):
        session = selectors.session_detail(pk)
        if session is None or not session.is_public:
            raise exceptions.NotFound()
        return session

    def detail(self, session, *, status_code=status.HTTP_200_OK):
        session = selectors.session_detail(session.pk)
        staff = permissions.can_read_staff(self.request.user, session.ward_id)
        data = dict(SessionSerializer(session).data)
        data["minutes_html"] = session.minutes_html if session.state == "published" else ""
        questions = selectors.ranked_questions(session, include_hidden=staff)
        data["questions"] = QuestionSerializer(questions, many=True).data
        data["commitments"] = CommitmentSerializer(selectors.session_commitments(session), many=True).data
        data["changes"] = ChangeSerializer(selectors.session_changes(session), many=True).data
        data["requests"] = list(session.requests.values_list("pk", flat=True))
        return Response(data, status=status_code)


def list_filters(request) -> dict:
    """The `ward` (a Ward or None) and `kind` ("" for any) of a list's query."""
    serializer = ListFilterSerializer(data={name: request.query_params.get(name, "") for name in ("ward", "kind")})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _staff_ward_ids(user) -> list[int]:
    return permissions.staff_ward_ids(user) if user.is_authenticated else []


# --- sessions -------------------------------------------------------------------------------------------------------

class SessionList(DialogueView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(tags=TAGS, summary="Sessions: public ones, and every session of the wards of a staff user",
                   parameters=[OpenApiParameter("ward", str, description="Ward code"),
                               OpenApiParameter("kind", str, description="conference, reception or area_conference")],
                   responses={200: SessionSerializer(many=True), 400: ERRORS[400]})
    def get(self, request):
        filters = list_filters(request)
        ward, kind = filters["ward"], filters["kind"]
        staff_ward_ids = _staff_ward_ids(request.user)

        def rows():
            sessions = selectors.calendar_sessions(ward=ward, kind=kind, staff_ward_ids=staff_ward_ids)
            sessions = sessions.defer("minutes", "minutes_html")  # not in the list (kilobytes a session)
            return SessionSerializer(sessions.order_by("-starts_at")[:LIST_LIMIT], many=True).data

        if staff_ward_ids:  # staff also see their wards' private sessions: never cached
            return Response(rows())
        # The public list, the same for every visitor: cached like the calendar (scope DIALOGUES).
        return Response(pagecache.value(pagecache.DIALOGUES, "api-sessions", (ward.pk if ward else None, kind),
                                        lambda: [dict(row) for row in rows()]))

    @extend_schema(tags=TAGS, summary="Schedule (announce) a session — the ward's leaders",
                   request=ScheduleSerializer, responses=writes(SessionDetailSerializer, 201))
    def post(self, request):
        self.signed_in()
        data = self.parse(ScheduleSerializer)
        ward = data["ward"]
        if not permissions.can_schedule(request.user, ward.pk):
            raise exceptions.PermissionDenied(_("Only the ward's leaders schedule dialogues."))
        case = area = None
        if data["case"]:
            case = Case.objects.filter(ward=ward, kind=CaseKind.COMPLAINT,
                                       tracking_code=data["case"].strip().upper()).first()
            if case is None:
                raise exceptions.ValidationError({"case": [_("No complaint of this ward has this tracking code.")]})
        if data["area"]:
            area = Area.objects.filter(ward=ward, code=data["area"]).first()
            if area is None:
                raise exceptions.ValidationError({"area": [_("This residential area is not in this ward.")]})
        dialogue_request = None
        if data.get("request"):
            dialogue_request = DialogueRequest.objects.filter(pk=data["request"]).first()
            if dialogue_request is None:
                raise exceptions.ValidationError({"request": [_("No request for a dialogue has this number.")]})
        session = services.schedule_session(
            ward=ward, actor=request.user, kind=data["kind"], title=data["title"], starts_at=data["starts_at"],
            ends_at=data.get("ends_at"), venue=data["venue"], online_link=data["online_link"],
            agenda=data["agenda"], capacity=data.get("capacity"), case=case, area=area,
            late_reason=data["late_reason"], dialogue_request=dialogue_request)
        return self.detail(session, status_code=status.HTTP_201_CREATED)


class SessionDetail(DialogueView):
    @extend_schema(tags=TAGS, summary="A session with its questions (ranked), minutes and commitments",
                   responses=SessionDetailSerializer)
    def get(self, request, pk):
        return self.detail(self.visible_session(pk))


class SessionRegistration(DialogueView):
    @extend_schema(tags=TAGS, summary="Register for a session (or cancel) — verified residents",
                   request=RegistrationInSerializer, responses=writes(RegistrationOutSerializer))
    def post(self, request, pk):
        user = self.resident()
        session = self.public_session(pk)
        data = self.parse(RegistrationInSerializer)
        if data["cancel"]:
            services.cancel_registration(session=session, actor=user)
            registration = None
        else:
            registration = services.register(session=session, actor=user)
        return Response({"status": registration.status if registration else None,
                         "waiting_position": selectors.waiting_position(registration)})


class SessionQuestions(DialogueView):
    @extend_schema(tags=TAGS, summary="Ask a question before the session — verified residents",
                   request=AskSerializer, responses=writes(QuestionSerializer, 201))
    def post(self, request, pk):
        user = self.resident()
        session = self.public_session(pk)
        question = services.ask_question(session=session, actor=user, text=self.parse(AskSerializer)["text"])
        question.votes_count = 0
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class SessionState(DialogueView):
    @extend_schema(tags=TAGS, summary="Open questions or mark the session held — ward officers and leaders",
                   request=StateSerializer, responses=writes(SessionDetailSerializer))
    def post(self, request, pk):
        session = self.visible_session(pk)
        user = self.staff(session.ward_id)
        if self.parse(StateSerializer)["step"] == "open":
            services.open_questions(session=session, actor=user)
        else:
            services.mark_held(session=session, actor=user)
        return self.detail(session)


class SessionMinutes(DialogueView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(tags=TAGS, summary="Publish the minutes (Markdown) with the signed scan — officers and leaders",
                   request={"multipart/form-data": MinutesSerializer},
                   responses=writes(SessionDetailSerializer))
    def post(self, request, pk):
        session = self.visible_session(pk)
        user = self.staff(session.ward_id)
        data = self.parse(MinutesSerializer)
        services.publish_minutes(session=session, actor=user, minutes=data["minutes"], scan=data.get("scan"))
        return self.detail(session)


class SessionCommitments(DialogueView):
    @extend_schema(tags=TAGS, summary="Record a commitment made at a held session — officers and leaders",
                   request=CommitmentInSerializer, responses=writes(CommitmentSerializer, 201))
    def post(self, request, pk):
        session = self.visible_session(pk)
        user = self.staff(session.ward_id)
        data = self.parse(CommitmentInSerializer)
        department = Department.objects.filter(pk=data["department"]).first()
        question = None
        if data.get("question"):
            question = Question.objects.filter(pk=data["question"], session=session).first()
            if question is None:
                raise exceptions.ValidationError({"question": [_("Choose a question of this session.")]})
        commitment = services.add_commitment(session=session, actor=user, title=data["title"],
                                             department=department, due_date=data["due_date"], question=question)
        return Response(CommitmentSerializer(selectors.commitment_detail(commitment.pk)).data,
                        status=status.HTTP_201_CREATED)


class SessionEdit(DialogueView):
    @extend_schema(tags=TAGS, summary="Change the details of an announced session, with a reason — leaders",
                   request=EditSerializer, responses=writes(SessionDetailSerializer))
    def post(self, request, pk):
        session = self.visible_session(pk)
        user = self.staff(session.ward_id)
        data = self.parse(EditSerializer)
        changes = {name: data[name] for name in services.EDITABLE if name in data}
        services.edit_session(session=session, actor=user, reason=data["reason"], **changes)
        return self.detail(session)


class SessionReschedule(DialogueView):
    @extend_schema(tags=TAGS, summary="Move an announced session; the notice is checked again — leaders",
                   request=RescheduleSerializer, responses=writes(SessionDetailSerializer))
    def post(self, request, pk):
        session = self.visible_session(pk)
        user = self.staff(session.ward_id)
        data = self.parse(RescheduleSerializer)
        services.reschedule_session(session=session, actor=user, starts_at=data["starts_at"],
                                    ends_at=data.get("ends_at"), reason=data["reason"],
                                    late_reason=data["late_reason"])
        return self.detail(session)


class SessionCancel(DialogueView):
    @extend_schema(tags=TAGS, summary="Cancel an announced session with a public reason — leaders",
                   request=CancelSerializer, responses=writes(SessionDetailSerializer))
    def post(self, request, pk):
        session = self.visible_session(pk)
        user = self.staff(session.ward_id)
        services.cancel_session(session=session, actor=user, reason=self.parse(CancelSerializer)["reason"])
        return self.detail(session)


class SessionRegistrants(DialogueView):
    @extend_schema(tags=TAGS, summary="Registered and waiting residents, with their contact — the ward's staff",
                   responses={200: RegistrantSerializer(many=True),
                              **{code: ERRORS[code] for code in (401, 403, 404)}})
    def get(self, request, pk):
        session = self.visible_session(pk)
        self.staff(session.ward_id, run=False)
        return Response(RegistrantSerializer(selectors.registrants(session), many=True).data)


# --- questions ----------------------------------------------------------------------------------------------------

def _question(pk) -> Question:
    return get_object_or_404(Question.objects.select_related("session"), pk=pk)


class QuestionVote(DialogueView):
    @extend_schema(tags=TAGS, summary="Vote for a question — one vote per verified resident", request=None,
                   responses={**writes(VoteOutSerializer, 201), 200: VoteOutSerializer})
    def post(self, request, pk):
        user = self.resident()
        question = _question(pk)
        if not question.session.is_public:
            raise exceptions.NotFound()
        _ballot, created = services.vote(question=question, actor=user)
        return Response({"question": question.pk, "created": created},
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class QuestionModeration(DialogueView):
    @extend_schema(tags=TAGS, summary="Hide (with a reason), merge, group or answer a question — officers, leaders",
                   request=ModerationSerializer, responses=writes(QuestionSerializer))
    def post(self, request, pk):
        question = _question(pk)
        user = self.staff(question.session.ward_id)
        data = self.parse(ModerationSerializer)
        action = data["moderation"]
        if action == "hide":
            services.hide_question(question=question, actor=user, reason=data["reason"])
        elif action == "merge":
            into = Question.objects.filter(pk=data.get("into") or 0, session_id=question.session_id).first()
            if into is None:
                raise exceptions.ValidationError({"into": [_("Choose another question of the same session.")]})
            services.merge_question(question=question, into=into, actor=user)
        elif action == "answer":
            services.answer_question(question=question, actor=user, answer=data["answer"])
        else:
            services.set_topic(question=question, actor=user, topic=data["topic"])
        fresh = Question.objects.annotate(votes_count=Count("votes")).get(pk=question.pk)
        return Response(QuestionSerializer(fresh).data)


# --- commitments, compliance, requests ------------------------------------------------------------------------------

class CommitmentList(DialogueView):
    @extend_schema(tags=TAGS, summary="Open commitments of public sessions, by due date",
                   parameters=[OpenApiParameter("ward", str, description="Ward code")],
                   responses={200: CommitmentSerializer(many=True), 400: ERRORS[400]})
    def get(self, request):
        ward = list_filters(request)["ward"]
        return Response(CommitmentSerializer(selectors.open_commitments(ward=ward)[:LIST_LIMIT], many=True).data)


class CommitmentProgress(DialogueView):
    @extend_schema(tags=TAGS, summary="Record a commitment's progress or close it — officers and leaders",
                   request=ProgressSerializer, responses=writes(CommitmentSerializer))
    def post(self, request, pk):
        commitment = get_object_or_404(Commitment, pk=pk)
        user = self.staff(commitment.ward_id)
        data = self.parse(ProgressSerializer)
        services.update_commitment(commitment=commitment, actor=user, status=data["status"], note=data["note"])
        return Response(CommitmentSerializer(selectors.commitment_detail(commitment.pk)).data)


class Compliance(DialogueView):
    @extend_schema(tags=TAGS, summary="What the law asks of a ward in a year against its records",
                   parameters=[OpenApiParameter("year", OpenApiTypes.INT)], responses=ComplianceSerializer)
    def get(self, request, ward_code):
        ward = get_object_or_404(Ward, code=ward_code, is_active=True)
        today = local_today()
        try:
            year = int(request.query_params.get("year") or today.year)
        except ValueError:
            raise exceptions.ValidationError({"year": [_("Enter a year.")]}) from None
        if not 2000 <= year <= today.year:
            raise exceptions.ValidationError({"year": [_("Enter a year.")]})
        return Response(ComplianceSerializer(selectors.compliance(ward=ward, year=year, today=today)).data)


class RequestList(DialogueView):
    @extend_schema(tags=TAGS, summary="Requests for a dialogue with their support against 10% of the voters",
                   responses=RequestSerializer(many=True))
    def get(self, request):
        return Response(RequestSerializer(selectors.requests_with_support()[:LIST_LIMIT], many=True).data)

    @extend_schema(tags=TAGS, summary="Start a request for a dialogue — verified residents",
                   request=RequestSerializer, responses=writes(RequestSerializer, 201))
    def post(self, request):
        user = self.resident()
        data = self.parse(RequestSerializer)
        item = services.start_request(ward=data["ward"], actor=user, title=data["title"], reason=data["reason"])
        return Response(RequestSerializer(selectors.requests_with_support().get(pk=item.pk)).data,
                        status=status.HTTP_201_CREATED)


class RequestSupport(DialogueView):
    @extend_schema(tags=TAGS, summary="Support a request for a dialogue — once per verified resident", request=None,
                   responses=writes(inline_serializer("SupportOut", {"supporters": serializers.IntegerField(),
                                                                     "added": serializers.BooleanField()})))
    def post(self, request, pk):
        user = self.resident()
        item = get_object_or_404(DialogueRequest, pk=pk)
        added = services.support_request(request=item, actor=user)
        return Response({"supporters": item.supports.count(), "added": added})


class RequestLink(DialogueView):
    @extend_schema(tags=TAGS, summary="Link a request for a dialogue to the conference that answers it — leaders",
                   request=LinkSerializer, responses=writes(RequestSerializer))
    def post(self, request, pk):
        item = get_object_or_404(DialogueRequest, pk=pk)
        user = self.staff(item.ward_id)
        data = self.parse(LinkSerializer)
        session = selectors.session_detail(data["session"])
        if session is None or session.ward_id != item.ward_id:
            raise exceptions.ValidationError({"session": [_("Choose a dialogue conference of this ward.")]})
        services.link_request(request=item, session=session, actor=user)
        return Response(RequestSerializer(selectors.requests_with_support().get(pk=item.pk)).data)


urlpatterns = [
    path("sessions/", SessionList.as_view(), name="dialogues-sessions"),
    path("sessions/<int:pk>/", SessionDetail.as_view(), name="dialogues-session"),
    path("sessions/<int:pk>/registration/", SessionRegistration.as_view(), name="dialogues-registration"),
    path("sessions/<int:pk>/questions/", SessionQuestions.as_view(), name="dialogues-questions"),
    path("sessions/<int:pk>/state/", SessionState.as_view(), name="dialogues-state"),
    path("sessions/<int:pk>/minutes/", SessionMinutes.as_view(), name="dialogues-minutes"),
    path("sessions/<int:pk>/commitments/", SessionCommitments.as_view(), name="dialogues-session-commitments"),
    path("sessions/<int:pk>/edit/", SessionEdit.as_view(), name="dialogues-edit"),
    path("sessions/<int:pk>/reschedule/", SessionReschedule.as_view(), name="dialogues-reschedule"),
    path("sessions/<int:pk>/cancel/", SessionCancel.as_view(), name="dialogues-cancel"),
    path("sessions/<int:pk>/registrations/", SessionRegistrants.as_view(), name="dialogues-registrants"),
    path("questions/<int:pk>/vote/", QuestionVote.as_view(), name="dialogues-vote"),
    path("questions/<int:pk>/moderation/", QuestionModeration.as_view(), name="dialogues-moderation"),
    path("commitments/", CommitmentList.as_view(), name="dialogues-commitments"),
    path("commitments/<int:pk>/progress/", CommitmentProgress.as_view(), name="dialogues-commitment-progress"),
    path("compliance/<str:ward_code>/", Compliance.as_view(), name="dialogues-compliance"),
    path("requests/", RequestList.as_view(), name="dialogues-requests"),
    path("requests/<int:pk>/support/", RequestSupport.as_view(), name="dialogues-request-support"),
    path("requests/<int:pk>/link/", RequestLink.as_view(), name="dialogues-request-link"),
]

