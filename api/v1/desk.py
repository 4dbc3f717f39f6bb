"""Staff desk API under /api/v1/staff/: the case queue, a case's page and every desk action (SPEC §4, §7, §9).

Session auth for the web, token auth for integrations. Each view parses its input, checks permission with
portal.cases.permissions, calls one service (portal.cases.services / workflow.transition) and serializes the result.
"""

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import FileResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.pagination import BasePagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from api.permissions import IsLeadReader, IsWardStaff
from portal.cases import leads, permissions, presentation, selectors, services
from portal.cases.models import Case, CaseAnswer, redacted_copy_of
from portal.cases.workflow import transition
from portal.core.errors import DomainError

from . import desk_serializers as s

TAGS = ["staff"]
ERRORS = {
    400: OpenApiResponse(s.DeskErrorSerializer, description="Invalid input, or the domain refused the action"),
    401: OpenApiResponse(s.DeskDetailErrorSerializer, description="Not signed in"),
    403: OpenApiResponse(s.DeskDetailErrorSerializer, description="Not allowed"),
    404: OpenApiResponse(s.DeskDetailErrorSerializer, description="No case you can see has this tracking code"),
}


def _responses(ok_status: int, ok, *errors: int) -> dict:
    return {ok_status: ok, **{code: ERRORS[code] for code in (400, 401, 403, 404) if not errors or code in errors}}


# --- the base -----------------------------------------------------------------------------------------------------

class DeskMixin:
    # Token first, so that an anonymous request gets 401 with "WWW-Authenticate: Token".
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsWardStaff]
    filter_backends: list = []

    def handle_exception(self, exc):
        # Like api.exceptions, and the domain's code too, so a client can tell e.g. a lost claim race
        # ("already_claimed") from other refusals.
        if isinstance(exc, DomainError):
            exc = exceptions.ValidationError({"non_field_errors": [str(exc.message)], "code": exc.code})
        return super().handle_exception(exc)

    def visible_case(self, code: str) -> Case:
        """The case for an action: 404 unless the user may see it."""
        case = (permissions.visible_cases(self.request.user).select_related("ward")
                .filter(tracking_code=(code or "").strip().upper()).first())
        if case is None:
            raise exceptions.NotFound(_("No case you can see has this tracking code."))
        return case

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise exceptions.PermissionDenied(_("You may not do this on this case."))

    def parse(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def detail_response(self, code: str, *, status_code: int = status.HTTP_200_OK) -> Response:
        case = selectors.case_for_staff(self.request.user, code)
        if case is None:
            raise exceptions.NotFound(_("No case you can see has this tracking code."))
        selectors.annotate_deadlines([case])
        presentation.mask_case(self.request.user, case)  # the texts as the user may read them (a denouncer's identity)
        return Response(s.DeskCaseDetailSerializer(case, context={"request": self.request}).data, status=status_code)


class DeskView(DeskMixin, APIView):
    pass


# --- the queue: keyset pagination ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Key:
    name: str
    descending: bool
    nullable: bool


def _sort_keys(sort: str) -> list[_Key]:
    """The queue's order (selectors.QUEUE_SORTS) as keys; NULLs sort after every value (as the selector's due-date
    order puts them last). Always ends with the primary key, so the order is total and a cursor is exact."""
    names = selectors.QUEUE_SORTS.get(sort, selectors.QUEUE_SORTS["due"])
    keys = [_Key(n.lstrip("-"), n.startswith("-"), Case._meta.get_field(n.lstrip("-")).null) for n in names]
    if keys[-1].name != "id":
        keys.append(_Key("id", False, False))
    return keys


def _order(keys: list[_Key], *, backwards: bool) -> list:
    order = []
    for key in keys:
        descending = key.descending != backwards
        if not key.nullable:
            order.append(f"-{key.name}" if descending else key.name)
        elif descending:
            order.append(F(key.name).desc(nulls_first=True))
        else:
            order.append(F(key.name).asc(nulls_last=True))
    return order


def _beyond(keys: list[_Key], values: list, *, backwards: bool) -> Q:
    """Rows strictly after (or, backwards, before) the position `values` in the order of `keys`."""
    terms, equal = [], Q()
    for key, value in zip(keys, values, strict=True):
        upwards = key.descending == backwards  # towards larger values, NULL being the largest
        if upwards:
            step = None if value is None else Q(**{f"{key.name}__gt": value})
            if step is not None and key.nullable:
                step |= Q(**{f"{key.name}__isnull": True})
        else:
            step = Q(**{f"{key.name}__isnull": False}) if value is None else Q(**{f"{key.name}__lt": value})
        if step is not None:
            terms.append(equal & step)
        equal &= Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})
    return reduce(or_, terms) & _lower_bound(keys, values, backwards=backwards)


def _lower_bound(keys: list[_Key], values: list, *, backwards: bool) -> Q:
    """What every row after the position has in common, ANDed to _beyond()'s terms so that PostgreSQL can start an
    ordered index scan there instead of reading all of the ward's rows past it (the deep pages of the NULL due dates):
    going forwards over ascending keys, the keys at NULL stay NULL and the first one with a value is at least that
    value (or NULL, when it may be)."""
    if backwards or any(key.descending for key in keys):
        return Q()
    bound = Q()
    for key, value in zip(keys, values, strict=True):
        if value is None:
            bound &= Q(**{f"{key.name}__isnull": True})
            continue
        at_least = Q(**{f"{key.name}__gte": value})
        return bound & (at_least | Q(**{f"{key.name}__isnull": True}) if key.nullable else at_least)
    return bound


class QueueCursorPagination(BasePagination):
    """Keyset ("cursor") pagination over the queue's own order, NULL due dates last: deep pages cost the same as the
    first. The cursor is opaque; it carries the sort key values of the row it continues from."""

    page_size = 50
    max_page_size = 100
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.sort = view.queue_sort if view is not None else "due"
        self.keys = _sort_keys(self.sort)
        size = self._page_size(request)
        cursor = self._decode(request.query_params.get(self.cursor_query_param))
        backwards = bool(cursor and cursor["backwards"])
        if cursor:
            queryset = queryset.filter(_beyond(self.keys, cursor["values"], backwards=backwards))
        rows = list(queryset.order_by(*_order(self.keys, backwards=backwards))[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if backwards:
            rows.reverse()
        has_next, has_previous = (True, more) if backwards else (more, cursor is not None)
        self.next_cursor = self._encode(rows[-1], backwards=False) if rows and has_next else None
        self.previous_cursor = self._encode(rows[0], backwards=True) if rows and has_previous else None
        return rows

    def get_paginated_response(self, data):
        return Response({"next": self._link(self.next_cursor), "previous": self._link(self.previous_cursor),
                         "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": "The pagination cursor value (from next/previous).", "schema": {"type": "string"}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"Results per page (default {self.page_size}, at most {self.max_page_size}).",
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size}},
        ]

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError({self.page_size_query_param: [
                _("Give a number from 1 to %(max)s.") % {"max": self.max_page_size}]})
        return size

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, cursor)

    def _encode(self, case: Case, *, backwards: bool) -> str:
        values = []
        for key in self.keys:
            value = getattr(case, key.name)
            values.append(value.isoformat() if hasattr(value, "isoformat") else value)
        raw = json.dumps({"s": self.sort, "b": backwards, "v": values}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def _decode(self, encoded: str | None) -> dict | None:
        if not encoded:
            return None
        invalid = exceptions.ValidationError({self.cursor_query_param: [_("Invalid cursor.")]})
        try:
            data = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
            values = data["v"]
            if data["s"] != self.sort or not isinstance(values, list) or len(values) != len(self.keys):
                raise invalid
            parsed = []
            for key, value in zip(self.keys, values, strict=True):
                if value is None and not key.nullable:
                    raise invalid
                parsed.append(None if value is None else _in_range(Case._meta.get_field(key.name).to_python(value)))
            return {"values": parsed, "backwards": bool(data["b"])}
        except (binascii.Error, ValueError, TypeError, KeyError, OverflowError, DjangoValidationError) as exc:
            raise invalid from exc


def _in_range(value):
    """A cursor's value as the database can take it, else ValueError / OverflowError. _encode writes every moment with
    its offset, so a naive one is not ours; an aware one must stay within years 1–9999 in UTC, where the database
    compares it (9999-12-31T23:59:59-12:00 is in the year 10000 there)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("a moment without its offset")
        value.astimezone(dt.UTC)
    elif isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise OverflowError("an id beyond the database's integers")
    return value


# --- the queue and a case's page -------------------------------------------------------------------------------------

@extend_schema(tags=TAGS, parameters=[s.DeskQueueQuerySerializer],
               responses=_responses(200, s.DeskCaseQueueItemSerializer, 400, 401, 403))
class CaseQueue(DeskMixin, generics.ListAPIView):
    """The desk's queue: the cases you may see, open ones by default, soonest due date first."""

    serializer_class = s.DeskQueueRowSerializer  # the JSON of DeskCaseQueueItemSerializer, written out by hand
    pagination_class = QueueCursorPagination
    queue_sort = "due"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        query = s.DeskQueueQuerySerializer(data=self.request.query_params, context={"request": self.request})
        query.is_valid(raise_exception=True)
        filters = query.to_filters()
        self.queue_sort = filters.sort
        return selectors.queue(self.request.user, filters)

    def paginate_queryset(self, queryset):
        return selectors.queue_page(super().paginate_queryset(queryset), viewer=self.request.user)


class CaseDetail(DeskView):
    @extend_schema(tags=TAGS, responses=_responses(200, s.DeskCaseDetailSerializer, 401, 403, 404))
    def get(self, request, code):
        """A case with its whole timeline (internal notes included), files, due date explanation and the actions
        you may take. The resident's contact only when you may see it; a denouncer's never inline."""
        return self.detail_response(code)


class CaseAttachment(DeskView):
    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)  # a file, whatever Accept says

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("thumb", OpenApiTypes.BOOL, description="the thumbnail of an image")],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                   **{code: ERRORS[code] for code in (401, 403, 404)}},
    )
    def get(self, request, code, attachment_id):
        """Download a case's original file. A denunciation's files only for those who may see the denouncer's
        identity (the assigned officer, the leaders), and each download is audited; the others get its redacted
        copy (…/redacted/)."""
        case = self.visible_case(code)
        self.require(permissions.may_see_attachments(request.user, case))
        item = case.attachments.filter(pk=attachment_id).first()
        if item is None:
            raise exceptions.NotFound(_("This case has no such file."))
        thumb = request.query_params.get("thumb") in ("1", "true") and bool(item.thumbnail)
        services.record_original_opened(attachment=item, actor=request.user, thumbnail=thumb)
        return _file_response(item.thumbnail if thumb else item.file, "image/jpeg" if thumb else item.content_type,
                              inline=item.kind == "image")


def _file_response(stored, content_type: str, *, inline: bool) -> FileResponse:
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline" if inline else "attachment"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class CaseAttachmentRedacted(DeskView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)  # a file, whatever Accept says

    def _attachment(self, case, attachment_id):
        item = next((a for a in case.attachments.select_related("redacted_copy") if a.pk == attachment_id), None)
        if item is None:
            raise exceptions.NotFound(_("This case has no such file."))
        return item

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("thumb", OpenApiTypes.BOOL, description="the thumbnail of an image")],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                   **{code: ERRORS[code] for code in (401, 403, 404)}},
    )
    def get(self, request, code, attachment_id):
        """Download the redacted copy of a denunciation's file (the denouncer's identity blacked out): for whoever
        reads the case. 404 while the file has none."""
        case = self.visible_case(code)
        self.require(permissions.may_see_redacted_copies(request.user, case))
        copy = redacted_copy_of(self._attachment(case, attachment_id))
        if copy is None:
            raise exceptions.NotFound(_("This file has no redacted copy yet."))
        thumb = request.query_params.get("thumb") in ("1", "true") and bool(copy.thumbnail)
        return _file_response(copy.thumbnail if thumb else copy.file, "image/jpeg" if thumb else copy.content_type,
                              inline=copy.kind == "image")

    @extend_schema(tags=TAGS, request={"multipart/form-data": s.DeskRedactedCopyUploadSerializer},
                   responses=_responses(201, s.DeskAttachmentSerializer))
    def post(self, request, code, attachment_id):
        """Upload the redacted copy of a denunciation's file, or replace it: the assigned officer or a leader. Checked
        by content like every upload (PDF, JPEG, PNG, WebP; images re-encoded without metadata); audited."""
        case = self.visible_case(code)
        self.require(permissions.may_redact(request.user, case))
        item = self._attachment(case, attachment_id)
        data = self.parse(s.DeskRedactedCopyUploadSerializer)
        services.upload_redacted_copy(attachment=item, actor=request.user, upload=data["file"])
        item = self._attachment(case, attachment_id)
        context = {"request": request, "case": case, "may_open_files": True, "may_redact": True}
        return Response(s.DeskAttachmentSerializer(item, context=context).data, status=status.HTTP_201_CREATED)


class CaseIdentity(DeskView):
    @extend_schema(tags=TAGS, request=None, responses=_responses(200, s.DeskContactSerializer, 401, 403, 404))
    def post(self, request, code):
        """The resident's contact. For a denunciation only the assigned officer and the ward's leaders may see it,
        and every view is written to the audit log."""
        case = self.visible_case(code)
        self.require(permissions.may_see_identity(request.user, case))
        return Response(s.DeskContactSerializer(services.reveal_identity(case=case, actor=request.user)).data)


# --- actions on a case ----------------------------------------------------------------------------------------------

class CaseTransition(DeskView):
    @extend_schema(tags=TAGS, request=s.DeskTransitionSerializer, responses=_responses(200, s.DeskCaseDetailSerializer))
    def post(self, request, code):
        """Move the case along the workflow (accept, start_work, request_info, answer, reject, transfer, merge …).
        `available_actions` on the case says which actions you may take now."""
        case = self.visible_case(code)
        self.require(permissions.can_work(request.user, case))
        data = self.parse(s.DeskTransitionSerializer)
        target = None
        if data["target"]:
            target = (permissions.visible_cases(request.user)
                      .filter(tracking_code=data["target"].strip().upper()).first())
            if target is None:
                raise exceptions.ValidationError({"target": [_("No case you can see has this tracking code.")]})
        transition(case=case, action=data["action"], actor=request.user, text=data["text"],
                   reason_code=data["reason_code"], to_body=data["to_body"], target=target)
        return self.detail_response(case.tracking_code)


class CaseClaim(DeskView):
    @extend_schema(tags=TAGS, request=None, responses=_responses(200, s.DeskCaseDetailSerializer))
    def post(self, request, code):
        """Take an unassigned case. When two click at once one wins; the other gets 400 with code
        `already_claimed`."""
        case = self.visible_case(code)
        self.require(permissions.can_work(request.user, case))
        services.claim(case=case, actor=request.user)
        return self.detail_response(case.tracking_code)


class CaseAssign(DeskView):
    @extend_schema(tags=TAGS, request=s.DeskAssignSerializer, responses=_responses(200, s.DeskCaseDetailSerializer))
    def post(self, request, code):
        """A leader assigns the case to an officer of the ward, optionally moving it to a department."""
        case = self.visible_case(code)
        self.require(permissions.is_leader(request.user, case))
        data = self.parse(s.DeskAssignSerializer)
        services.assign(case=case, actor=request.user, assignee=data["assignee"], department=data["department"])
        return self.detail_response(case.tracking_code)


class BulkAssign(DeskView):
    @extend_schema(tags=TAGS, request=s.DeskBulkAssignSerializer,
                   responses=_responses(200, s.DeskBulkAssignResultSerializer, 400, 401, 403))
    def post(self, request):
        """A leader assigns several cases at once: all of them or none."""
        data = self.parse(s.DeskBulkAssignSerializer)
        codes = list(dict.fromkeys(c.strip().upper() for c in data["codes"]))
        cases = list(permissions.visible_cases(request.user).select_related("ward")
                     .filter(tracking_code__in=codes).order_by("tracking_code"))
        missing = sorted(set(codes) - {c.tracking_code for c in cases})
        if missing:
            raise exceptions.ValidationError({"codes": [
                _("No case you can see has these tracking codes: %(codes)s") % {"codes": ", ".join(missing)}]})
        self.require(all(permissions.is_leader(request.user, case) for case in cases))
        with transaction.atomic():  # services.bulk_assign() commits case by case; the API promises all or none
            count = services.bulk_assign(cases=cases, actor=request.user, assignee=data["assignee"])
        return Response(s.DeskBulkAssignResultSerializer({"assigned": count,
                                                      "codes": [c.tracking_code for c in cases]}).data)


class CaseNotes(DeskView):
    @extend_schema(tags=TAGS, request=s.DeskTextSerializer, responses=_responses(201, s.DeskTimelineEntrySerializer))
    def post(self, request, code):
        """Add an internal note (never shown to the resident)."""
        case = self.visible_case(code)
        self.require(permissions.can_work(request.user, case))
        message = services.add_note(case=case, actor=request.user, text=self.parse(s.DeskTextSerializer)["text"])
        return Response(s.DeskTimelineEntrySerializer(message).data, status=status.HTTP_201_CREATED)


class CaseReplies(DeskView):
    @extend_schema(tags=TAGS, request=s.DeskTextSerializer, responses=_responses(201, s.DeskTimelineEntrySerializer))
    def post(self, request, code):
        """Write to the resident: shown on their status page and sent on the channel they chose."""
        case = self.visible_case(code)
        self.require(permissions.can_work(request.user, case))
        message = services.reply(case=case, actor=request.user, text=self.parse(s.DeskTextSerializer)["text"])
        return Response(s.DeskTimelineEntrySerializer(message).data, status=status.HTTP_201_CREATED)


class CaseAnswers(DeskView):
    @extend_schema(tags=TAGS, request=s.DeskTextSerializer, responses=_responses(201, s.DeskAnswerSerializer))
    def post(self, request, code):
        """Propose the answer; a leader approves it (or returns it) before it is sent."""
        case = self.visible_case(code)
        self.require(permissions.can_work(request.user, case))
        answer = services.propose_answer(case=case, actor=request.user,
                                         text=self.parse(s.DeskTextSerializer)["text"])
        return Response(s.DeskAnswerSerializer(answer).data, status=status.HTTP_201_CREATED)


class _AnswerDecision(DeskView):
    def answer_of(self, code: str, answer_id: int) -> CaseAnswer:
        case = self.visible_case(code)
        self.require(permissions.is_leader(self.request.user, case))
        answer = CaseAnswer.objects.select_related("author").filter(pk=answer_id, case=case).first()
        if answer is None:
            raise exceptions.NotFound(_("This case has no such answer."))
        answer.case = case
        return answer


class AnswerApprove(_AnswerDecision):
    @extend_schema(tags=TAGS, request=s.DeskDecisionSerializer, responses=_responses(200, s.DeskCaseDetailSerializer))
    def post(self, request, code, answer_id):
        """A leader approves the proposed answer: it is sent to the resident and the case is answered."""
        answer = self.answer_of(code, answer_id)
        services.approve_answer(answer=answer, actor=request.user, note=self.parse(s.DeskDecisionSerializer)["note"])
        return self.detail_response(answer.case.tracking_code)


class AnswerReturn(_AnswerDecision):
    @extend_schema(tags=TAGS, request=s.DeskDecisionSerializer, responses=_responses(200, s.DeskAnswerSerializer))
    def post(self, request, code, answer_id):
        """A leader returns the proposed answer to its author, saying what should change."""
        answer = self.answer_of(code, answer_id)
        answer = services.return_answer(answer=answer, actor=request.user,
                                        note=self.parse(s.DeskDecisionSerializer)["note"])
        return Response(s.DeskAnswerSerializer(answer).data)


class CaseExtend(DeskView):
    @extend_schema(tags=TAGS, request=s.DeskReasonSerializer, responses=_responses(200, s.DeskCaseDetailSerializer))
    def post(self, request, code):
        """A leader extends the current step's deadline, within the legal limit, with a reason."""
        case = self.visible_case(code)
        self.require(permissions.is_leader(request.user, case))
        services.extend_deadline(case=case, actor=request.user, reason=self.parse(s.DeskReasonSerializer)["reason"])
        return self.detail_response(case.tracking_code)


class CaseComplex(DeskView):
    @extend_schema(tags=TAGS, request=s.DeskReasonSerializer, responses=_responses(200, s.DeskCaseDetailSerializer))
    def post(self, request, code):
        """A leader marks a complaint or denunciation complex: the law's longer period applies."""
        case = self.visible_case(code)
        self.require(permissions.is_leader(request.user, case))
        services.mark_complex(case=case, actor=request.user, reason=self.parse(s.DeskReasonSerializer)["reason"])
        return self.detail_response(case.tracking_code)


# --- inspection leads: anonymous denunciations, the ward's leaders only (portal.cases.leads) ------------------------

NO_LEAD = _("No inspection lead you may read has this tracking code.")


class _LeadView(DeskView):
    """As the desk's pages (frontend/views/leads.py): other staff get 403 on the list and 404 on a lead."""

    permission_classes = [IsLeadReader]


class LeadList(_LeadView):
    @extend_schema(tags=TAGS, operation_id="staff_leads_list", parameters=[s.DeskLeadQuerySerializer],
                   responses=_responses(200, s.DeskLeadPageSerializer, 400, 401, 403))
    def get(self, request):
        """The inspection leads (anonymous denunciations, Law on Denunciations Art. 25) of the wards you lead,
        newest first: those waiting for a decision, or all with `all=1`. Leaders only; each look is audited."""
        if not permissions.lead_ward_ids(request.user):
            raise exceptions.PermissionDenied(_("Only the ward's leaders read inspection leads."))
        query = s.DeskLeadQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        show_all = query.validated_data.get("all") == "1"
        page = leads.read_list(actor=request.user, pending=not show_all, page=query.validated_data.get("page"))
        url = request.build_absolute_uri()
        return Response({
            "count": page.paginator.count,
            "next": replace_query_param(url, "page", page.next_page_number()) if page.has_next() else None,
            "previous": (replace_query_param(url, "page", page.previous_page_number())
                         if page.has_previous() else None),
            "results": s.DeskLeadRowSerializer(page.object_list, many=True, context={"request": request}).data,
        })


class LeadDetail(_LeadView):
    @extend_schema(tags=TAGS, responses=_responses(200, s.DeskLeadDetailSerializer, 401, 403, 404))
    def get(self, request, code):
        """An inspection lead: whom it names, the evidence, its description and files, and what was decided.
        Audited."""
        lead = leads.read_lead(actor=request.user, code=code)
        if lead is None:
            raise exceptions.NotFound(NO_LEAD)
        return Response(s.DeskLeadDetailSerializer(lead, context={"request": request}).data)


class LeadAttachment(_LeadView):
    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)  # a file, whatever Accept says

    @extend_schema(tags=TAGS, responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                                         **{code: ERRORS[code] for code in (401, 403, 404)}})
    def get(self, request, code, attachment_id):
        """Download a file of an inspection lead. Audited."""
        item = leads.read_attachment(actor=request.user, code=code, attachment_id=attachment_id)
        if item is None:
            raise exceptions.NotFound(_("This inspection lead has no such file."))
        return _file_response(item.file, item.content_type, inline=item.kind == "image")


class LeadOutcomeView(_LeadView):
    @extend_schema(tags=TAGS, request=s.DeskLeadOutcomeSerializer,
                   responses=_responses(200, s.DeskLeadDetailSerializer))
    def post(self, request, code):
        """Record what was done with an inspection lead (inspected, passed on, filed) with an internal note: it
        leaves the undecided list. Through the workflow (`lead_outcome`), audited there."""
        lead = leads.lead_for(request.user, code)
        if lead is None:
            raise exceptions.NotFound(NO_LEAD)
        data = self.parse(s.DeskLeadOutcomeSerializer)
        leads.record_outcome(actor=request.user, lead=lead, outcome=data["outcome"], note=data["note"])
        lead = leads.lead_for(request.user, code)
        return Response(s.DeskLeadDetailSerializer(lead, context={"request": request}).data)


urlpatterns = [
    path("cases/", CaseQueue.as_view(), name="staff-case-list"),
    path("cases/bulk-assign/", BulkAssign.as_view(), name="staff-case-bulk-assign"),
    path("cases/<str:code>/", CaseDetail.as_view(), name="staff-case-detail"),
    path("cases/<str:code>/attachments/<int:attachment_id>/", CaseAttachment.as_view(),
         name="staff-case-attachment"),
    path("cases/<str:code>/attachments/<int:attachment_id>/redacted/", CaseAttachmentRedacted.as_view(),
         name="staff-case-attachment-redacted"),
    path("cases/<str:code>/identity/", CaseIdentity.as_view(), name="staff-case-identity"),
    path("cases/<str:code>/transitions/", CaseTransition.as_view(), name="staff-case-transition"),
    path("cases/<str:code>/claim/", CaseClaim.as_view(), name="staff-case-claim"),
    path("cases/<str:code>/assign/", CaseAssign.as_view(), name="staff-case-assign"),
    path("cases/<str:code>/notes/", CaseNotes.as_view(), name="staff-case-notes"),
    path("cases/<str:code>/replies/", CaseReplies.as_view(), name="staff-case-replies"),
    path("cases/<str:code>/answers/", CaseAnswers.as_view(), name="staff-case-answers"),
    path("cases/<str:code>/answers/<int:answer_id>/approve/", AnswerApprove.as_view(),
         name="staff-case-answer-approve"),
    path("cases/<str:code>/answers/<int:answer_id>/return/", AnswerReturn.as_view(), name="staff-case-answer-return"),
    path("cases/<str:code>/extend/", CaseExtend.as_view(), name="staff-case-extend"),
    path("cases/<str:code>/complex/", CaseComplex.as_view(), name="staff-case-complex"),
    path("leads/", LeadList.as_view(), name="staff-lead-list"),
    path("leads/<str:code>/", LeadDetail.as_view(), name="staff-lead-detail"),
    path("leads/<str:code>/attachments/<int:attachment_id>/", LeadAttachment.as_view(), name="staff-lead-attachment"),
    path("leads/<str:code>/outcome/", LeadOutcomeView.as_view(), name="staff-lead-outcome"),
]
