"""/api/v1/disclosures/ (names in the "api" namespace, prefixed "disclosures-"): the public register and a
disclosure's page for everybody; residents' questions and comments; every staff action (SPEC §5, §9).

Each view parses its input, checks permission with portal.disclosures.permissions, calls one service of
portal.disclosures.services (the same ones the web pages call) and serializes the result. Session auth for the web,
token auth for integrations.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsWardStaff
from api.v1.fields import CategoryNameField, CodeRelatedField, LegalCitationField
from portal.disclosures import permissions, selectors, services
from portal.disclosures.models import (
    Comment,
    Consultation,
    Disclosure,
    DisclosureAttachment,
    DisclosureCategory,
    DisclosureForm,
    DisclosureState,
    DisclosureVersion,
    Question,
)
from portal.wards.models import Ward

TAGS = ["disclosures"]


# --- serializers ----------------------------------------------------------------------------------------------------

class DisclosureCategorySerializer(serializers.ModelSerializer):
    legal_basis = LegalCitationField(
        cited=False, help_text="The category's legal basis in the answer's language (Accept-Language): in English "
                               "cited in English where the portal knows the instrument, in Vietnamese otherwise")

    class Meta:
        model = DisclosureCategory
        fields = ["number", "code", "name", "name_en", "legal_basis", "board_min_days", "is_permanent",
                  "loudspeaker_min_days", "disclose_within_working_days"]


class DisclosureListSerializer(serializers.ModelSerializer):
    ward = serializers.CharField(source="ward.code")
    ward_name = serializers.CharField(source="ward.name")
    category = serializers.IntegerField(source="category.number")
    category_name = CategoryNameField(help_text="The category's name in the answer's language (Accept-Language)")
    late = serializers.BooleanField(source="is_late")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Disclosure
        fields = ["id", "ward", "ward_name", "category", "category_name", "title", "state", "decision_date",
                  "decision_reference", "disclose_by", "posting_start", "posting_end", "posted_on", "ended_on",
                  "late", "version_number", "forms", "withdrawn_reason", "url"]

    def get_url(self, obj) -> str:
        return reverse("frontend:disclosures-detail", kwargs={"pk": obj.pk})


class VersionSerializer(serializers.ModelSerializer):
    valid_until = serializers.DateTimeField(allow_null=True)

    class Meta:
        model = DisclosureVersion
        fields = ["number", "title", "body", "body_html", "reason", "created_at", "valid_until"]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = DisclosureAttachment
        fields = ["id", "kind", "original_name", "content_type", "size", "sha256", "version_number", "url"]

    def get_url(self, obj) -> str:
        return reverse("api:disclosures-attachment", kwargs={"pk": obj.disclosure_id, "attachment_id": obj.pk})


class PublicPostFields(serializers.Serializer):
    """A comment or question as the public sees it: never the contact; the name only when the author chose so."""

    id = serializers.IntegerField()
    body = serializers.SerializerMethodField()
    name = serializers.CharField(source="public_name")
    created_at = serializers.DateTimeField()
    is_hidden = serializers.BooleanField()
    hidden_reason = serializers.CharField()

    def get_body(self, obj) -> str:
        return "" if obj.is_hidden else obj.body


class QuestionOutSerializer(PublicPostFields):
    answer = serializers.SerializerMethodField()
    answered_at = serializers.DateTimeField(allow_null=True)

    def get_answer(self, obj) -> str:
        return "" if obj.is_hidden else obj.answer


class ConsultationOutSerializer(serializers.ModelSerializer):
    comments = PublicPostFields(many=True, source="comments_list")

    class Meta:
        model = Consultation
        fields = ["question", "opens_on", "closes_on", "synthesis_html", "explanation_html",
                  "synthesis_published_at", "comments"]


class DisclosureDetailSerializer(DisclosureListSerializer):
    versions = VersionSerializer(many=True, source="versions_list")
    attachments = AttachmentSerializer(many=True, source="files")
    notice_photo = AttachmentSerializer(allow_null=True)
    questions = QuestionOutSerializer(many=True, source="questions_list")
    consultation = ConsultationOutSerializer(source="consultation_or_none", allow_null=True)

    class Meta(DisclosureListSerializer.Meta):
        fields = [*DisclosureListSerializer.Meta.fields, "body", "body_html", "loudspeaker_days",
                  "early_end_reason", "versions", "attachments", "notice_photo", "questions", "consultation"]


class DisclosureInSerializer(serializers.Serializer):
    ward = CodeRelatedField(slug_field="code", queryset=Ward.objects.filter(is_active=True))
    category = serializers.SlugRelatedField(slug_field="number", queryset=DisclosureCategory.objects.all())
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(required=False, allow_blank=True, default="", max_length=50000)
    decision_date = serializers.DateField()
    decision_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    posting_start = serializers.DateField()
    posting_end = serializers.DateField(required=False, allow_null=True, default=None)
    forms = serializers.ListField(child=serializers.ChoiceField(choices=DisclosureForm.choices), allow_empty=False)
    loudspeaker_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                                max_value=365)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=10)
    notice_photo = serializers.FileField(required=False, allow_null=True, default=None)

    def to_input(self, data) -> services.DisclosureInput:
        return services.DisclosureInput(**{k: v for k, v in data.items() if k != "ward"})


class DraftInSerializer(DisclosureInSerializer):
    ward = None


class CorrectionInSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(required=False, allow_blank=True, default="", max_length=50000)
    reason = serializers.CharField(max_length=2000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=10)
    notice_photo = serializers.FileField(required=False, allow_null=True, default=None)


class ReasonInSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ConsultationInSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=5000)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()


class SynthesisInSerializer(serializers.Serializer):
    synthesis = serializers.CharField(max_length=50000)
    explanation = serializers.CharField(max_length=50000)


class AnswerInSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=10000)


class ResidentPostInSerializer(serializers.Serializer):
    body = serializers.CharField(min_length=5, max_length=5000)
    author_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    show_name = serializers.BooleanField(required=False, default=False)
    contact = serializers.CharField(required=False, allow_blank=True, default="", max_length=200,
                                    help_text="Kept private: only the ward's staff see it")
    website = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Leave empty (a trap for spam robots)")


class CreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(required=False)
    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


ERRORS = {code: OpenApiResponse(ErrorSerializer, description=text) for code, text in (
    (400, "Invalid input, or the rules refused the action"), (401, "Not signed in"), (403, "Not allowed"),
    (404, "No disclosure you can see has this id"))}


# --- base -----------------------------------------------------------------------------------------------------------

class PublicView(APIView):
    authentication_classes = [SessionAuthentication, TokenAuthentication]
    permission_classes = [AllowAny]

    def visible(self, pk: int) -> Disclosure:
        disclosure = (permissions.visible_disclosures(self.request.user).select_related("ward", "category")
                      .filter(pk=pk).first())
        if disclosure is None:
            raise exceptions.NotFound(_("No disclosure you can see has this id."))
        return disclosure

    def parse(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def detail(self, pk: int, status_code=status.HTTP_200_OK) -> Response:
        disclosure = selectors.disclosure_page(self.request.user, pk)
        if disclosure is None:
            raise exceptions.NotFound(_("No disclosure you can see has this id."))
        return Response(DisclosureDetailSerializer(disclosure).data, status=status_code)


class StaffView(PublicView):
    # Token first, so that an anonymous request gets 401 with "WWW-Authenticate: Token".
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsWardStaff]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise exceptions.PermissionDenied(_("You may not do this with this disclosure."))


class Pagination(PageNumberPagination):
    page_size = selectors.PAGE_SIZE
    max_page_size = 100
    page_size_query_param = "page_size"


class DisclosurePageSerializer(serializers.Serializer):
    """One page of the register, as the pagination returns it."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DisclosureListSerializer(many=True)


# --- reads ------------------------------------------------------------------------------------------------------

class CategoryList(PublicView):
    @extend_schema(tags=TAGS, responses=DisclosureCategorySerializer(many=True),
                   summary="The 14 categories of Art. 11")
    def get(self, request):
        return Response(DisclosureCategorySerializer(DisclosureCategory.objects.all(), many=True).data)


REGISTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Search: a word typed without diacritics matches any diacritics "
                                           "(\"ngan sach\" finds \"ngân sách\"), a word typed with them only that "
                                           "word (\"đèn\" finds \"Đèn\", not \"đến\")"),
    OpenApiParameter("ward", str, description="Ward code"),
    OpenApiParameter("category", int, description="Item of Art. 11 (1–14)"),
    OpenApiParameter("state", str, enum=[s.value for s in DisclosureState]),
    OpenApiParameter("posted_from", OpenApiTypes.DATE), OpenApiParameter("posted_to", OpenApiTypes.DATE),
    OpenApiParameter("page", int),
]


class DisclosureList(StaffView):
    """GET is the public register (the ward's staff also get its drafts and scheduled ones); POST drafts one."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method in ("GET", "HEAD", "OPTIONS") else super().get_permissions()

    @extend_schema(tags=TAGS, parameters=REGISTER_PARAMETERS, operation_id="disclosures_list",
                   responses={200: DisclosurePageSerializer, 400: ERRORS[400]},
                   summary="The public register")
    def get(self, request):
        params = request.query_params
        errors = {}
        ward = category = None
        if params.get("ward"):
            ward = Ward.objects.filter(code=params["ward"]).values_list("pk", flat=True).first()
            if ward is None:
                errors["ward"] = [_("Unknown ward.")]
        if params.get("category"):
            number = params["category"].strip()
            number = int(number) if number.isascii() and number.isdigit() and len(number) <= 3 else -1
            category = DisclosureCategory.objects.filter(number=number).values_list("pk", flat=True).first()
            if category is None:
                errors["category"] = [_("Unknown category.")]
        state = params.get("state", "")
        if state and state not in DisclosureState.values:
            errors["state"] = [_("Unknown state.")]
        dates = {}
        for name in ("posted_from", "posted_to"):
            if params.get(name):
                field = serializers.DateField()
                try:
                    dates[name] = field.to_internal_value(params[name])
                except serializers.ValidationError as exc:
                    errors[name] = exc.detail
        if errors:
            raise exceptions.ValidationError(errors)
        filters = selectors.RegisterFilters(ward=ward, category=category, state=state, q=params.get("q", ""), **dates)
        queryset = selectors.register(request.user, filters, include_unpublished=True)
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(DisclosureListSerializer(page, many=True).data)

    @extend_schema(tags=TAGS, request=DisclosureInSerializer,
                   responses={201: DisclosureDetailSerializer, **ERRORS}, summary="Draft a disclosure (staff)")
    def post(self, request):
        data = self.parse(DisclosureInSerializer)
        self.require(permissions.can_work(request.user, data["ward"].pk))
        disclosure = services.create_disclosure(ward=data["ward"], actor=request.user,
                                                data=DisclosureInSerializer().to_input(data))
        return self.detail(disclosure.pk, status.HTTP_201_CREATED)


class DisclosureDetail(PublicView):
    @extend_schema(tags=TAGS, responses={200: DisclosureDetailSerializer, 404: ERRORS[404]},
                   summary="A disclosure with every version, its files, questions and consultation")
    def get(self, request, pk):
        return self.detail(pk)


class AttachmentDownload(PublicView):
    @extend_schema(tags=TAGS, responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ERRORS[404]},
                   summary="A disclosure's file (PDF or image)")
    def get(self, request, pk, attachment_id):
        item = selectors.attachment_for(request.user, pk, attachment_id)
        if item is None:
            raise exceptions.NotFound(_("No such file."))
        response = FileResponse(item.file.open("rb"), content_type=item.content_type)
        response["Content-Disposition"] = "inline" if item.kind == "image" else "attachment"
        return response


class StaffOverview(StaffView):
    @extend_schema(tags=TAGS, responses={200: OpenApiTypes.OBJECT, 401: ERRORS[401], 403: ERRORS[403]},
                   summary="Drafts, late postings and postings running out (staff)")
    def get(self, request):
        overview = selectors.staff_overview(request.user)
        return Response({name: DisclosureListSerializer(rows, many=True).data for name, rows in overview.items()})


# --- staff actions ------------------------------------------------------------------------------------------------

def _staff_action(serializer_class, allowed, call, summary):
    class Action(StaffView):
        @extend_schema(tags=TAGS, request=serializer_class, responses={200: DisclosureDetailSerializer, **ERRORS},
                       summary=summary)
        def post(self, request, pk):
            disclosure = self.visible(pk)
            self.require(allowed(request.user, disclosure))
            data = self.parse(serializer_class) if serializer_class else {}
            call(disclosure, request.user, data)
            return self.detail(pk)

    return Action


def _consultation(disclosure) -> Consultation:
    consultation = Consultation.objects.filter(disclosure=disclosure).select_related("disclosure__ward").first()
    if consultation is None:
        raise exceptions.NotFound(_("This disclosure has no comment period."))
    return consultation


Publish = _staff_action(None, permissions.is_leader,
                        lambda d, u, data: services.publish_disclosure(disclosure=d, actor=u),
                        "Publish a draft (leaders)")
UpdateDraft = _staff_action(DraftInSerializer, permissions.can_work,
                            lambda d, u, data: services.update_draft(disclosure=d, actor=u,
                                                                     data=DraftInSerializer().to_input(data)),
                            "Edit a draft")
Correct = _staff_action(CorrectionInSerializer, permissions.can_work,
                        lambda d, u, data: services.correct_disclosure(disclosure=d, actor=u, **data),
                        "Correct a published disclosure: a new version with its reason")
EndEarly = _staff_action(ReasonInSerializer, permissions.is_leader,
                         lambda d, u, data: services.end_early(disclosure=d, actor=u, **data),
                         "End a posting early, with a reason (leaders)")
Withdraw = _staff_action(ReasonInSerializer, permissions.is_leader,
                         lambda d, u, data: services.withdraw_disclosure(disclosure=d, actor=u, **data),
                         "Withdraw, with a reason; it stays in the register (leaders)")
OpenConsultation = _staff_action(ConsultationInSerializer, permissions.can_work,
                                 lambda d, u, data: services.open_consultation(disclosure=d, actor=u, **data),
                                 "Open a comment period of at least 20 days")
PublishSynthesis = _staff_action(SynthesisInSerializer, permissions.can_work,
                                 lambda d, u, data: services.publish_synthesis(consultation=_consultation(d),
                                                                               actor=u, **data),
                                 "Publish the synthesis and what the ward took up")


class AnswerQuestion(StaffView):
    @extend_schema(tags=TAGS, request=AnswerInSerializer, responses={200: DisclosureDetailSerializer, **ERRORS},
                   summary="Answer a question publicly")
    def post(self, request, pk, question_id):
        disclosure = self.visible(pk)
        question = Question.objects.filter(disclosure=disclosure, pk=question_id).first()
        if question is None:
            raise exceptions.NotFound(_("No such question."))
        self.require(permissions.can_work(request.user, disclosure))
        services.answer_question(question=question, actor=request.user, **self.parse(AnswerInSerializer))
        return self.detail(pk)


def _hide_view(model, lookup):
    class Hide(StaffView):
        @extend_schema(tags=TAGS, request=ReasonInSerializer, responses={200: DisclosureDetailSerializer, **ERRORS},
                       summary=f"Hide a {model.__name__.lower()} (moderation, with a reason)")
        def post(self, request, pk, post_id):
            disclosure = self.visible(pk)
            post = model.objects.filter(pk=post_id, **{lookup: disclosure}).first()
            if post is None:
                raise exceptions.NotFound(_("Not found."))
            self.require(permissions.can_work(request.user, disclosure))
            services.hide_post(post=post, actor=request.user, **self.parse(ReasonInSerializer))
            return self.detail(pk)

    return Hide


HideQuestion = _hide_view(Question, "disclosure")
HideComment = _hide_view(Comment, "consultation__disclosure")


# --- residents --------------------------------------------------------------------------------------------------

def _post_rate(group, request):
    return settings.RATE_SUBMIT


class ResidentPost(PublicView):
    parser_classes = [JSONParser, FormParser]

    def create(self, request, pk, kind):
        disclosure = self.visible(pk)
        data = self.parse(ResidentPostInSerializer)
        if data.pop("website"):  # a spam robot: look successful, keep nothing
            return Response({"id": 0}, status=status.HTTP_201_CREATED)
        if kind == "question":
            created = services.ask_question(disclosure=disclosure, actor=request.user, **data)
        else:
            consultation = Consultation.objects.filter(disclosure=disclosure).first()
            if consultation is None:
                raise exceptions.NotFound(_("This disclosure has no comment period."))
            created = services.submit_comment(consultation=consultation, actor=request.user, **data)
        return Response({"id": created.pk}, status=status.HTTP_201_CREATED)


@method_decorator(ratelimit(key="ip", rate=_post_rate, method="POST", block=True), name="post")
class AskQuestion(ResidentPost):
    @extend_schema(tags=TAGS, request=ResidentPostInSerializer, responses={201: CreatedSerializer, **ERRORS},
                   summary="Ask the ward a question on a posted disclosure")
    def post(self, request, pk):
        return self.create(request, pk, "question")


@method_decorator(ratelimit(key="ip", rate=_post_rate, method="POST", block=True), name="post")
class SubmitComment(ResidentPost):
    @extend_schema(tags=TAGS, request=ResidentPostInSerializer, responses={201: CreatedSerializer, **ERRORS},
                   summary="Comment during the comment period")
    def post(self, request, pk):
        return self.create(request, pk, "comment")


urlpatterns = [
    path("", DisclosureList.as_view(), name="disclosures-list"),
    path("categories/", CategoryList.as_view(), name="disclosures-categories"),
    path("staff-overview/", StaffOverview.as_view(), name="disclosures-staff-overview"),
    path("<int:pk>/", DisclosureDetail.as_view(), name="disclosures-detail"),
    path("<int:pk>/attachments/<int:attachment_id>/", AttachmentDownload.as_view(), name="disclosures-attachment"),
    path("<int:pk>/publish/", Publish.as_view(), name="disclosures-publish"),
    path("<int:pk>/draft/", UpdateDraft.as_view(), name="disclosures-update-draft"),
    path("<int:pk>/corrections/", Correct.as_view(), name="disclosures-correct"),
    path("<int:pk>/end-early/", EndEarly.as_view(), name="disclosures-end-early"),
    path("<int:pk>/withdraw/", Withdraw.as_view(), name="disclosures-withdraw"),
    path("<int:pk>/consultation/", OpenConsultation.as_view(), name="disclosures-consultation"),
    path("<int:pk>/consultation/synthesis/", PublishSynthesis.as_view(), name="disclosures-synthesis"),
    path("<int:pk>/questions/", AskQuestion.as_view(), name="disclosures-questions"),
    path("<int:pk>/questions/<int:question_id>/answer/", AnswerQuestion.as_view(), name="disclosures-answer"),
    path("<int:pk>/questions/<int:post_id>/hide/", HideQuestion.as_view(), name="disclosures-question-hide"),
    path("<int:pk>/comments/", SubmitComment.as_view(), name="disclosures-comments"),
    path("<int:pk>/comments/<int:post_id>/hide/", HideComment.as_view(), name="disclosures-comment-hide"),
]
