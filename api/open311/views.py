"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): discovery, services, service definitions, POST and
GET requests, in JSON and XML. Public GET output never carries personal data (SPEC §7) and never lists a
denunciation; filing goes through the one intake service with channel "open311".

Answers are in Vietnamese unless the client asks for English, with Accept-Language (portal.core.middleware) or the
`locale` parameter ("en", "en_US"…; it wins over the header): service names and descriptions, the status notes and
the timeline's descriptions. What people wrote (a published answer, a request's text) is given as written."""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.cases.models import OPEN_STATES, Case, CaseState, Message, MessageKind
from portal.cases.services import Submission
from portal.core.middleware import supported_language, use_language
from portal.core.timeutil import local_date
from portal.open311 import services as open311_services
from portal.transparency.redaction import personal_of, redact
from portal.wards.models import Area, CaseKind, Category, Ward

from .renderers import Open311JSONRenderer, Open311XMLRenderer

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-25T00:00:00+07:00"
DEFAULT_WINDOW = dt.timedelta(days=90)  # GeoReport v2: "defaults to the most recent 90 days"; a range spans at most 90
MAX_RESULTS = 1000  # GeoReport v2: "a limit of 1000 requests"; also the largest page
MAX_IDS = 100
PHONE_RE = re.compile(r"^\+?[0-9 .-]{8,20}$")
# The timeline entries that Open311 shows (extensions=true). Residents' own messages are theirs, not the public's.
PUBLIC_TIMELINE_KINDS = (MessageKind.SUBMISSION, MessageKind.STATE_CHANGE, MessageKind.REPLY, MessageKind.ANSWER,
                         MessageKind.DEADLINE)


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def bad_request(description) -> Open311Error:
    return Open311Error(400, str(description))


def not_found(description) -> Open311Error:
    return Open311Error(404, str(description))


def w3c(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def end_of_day(day: dt.date | None) -> str | None:
    if day is None:
        return None
    return w3c(timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59))))


class Open311View(APIView):
    """Format from the URL's suffix (.json or .xml); errors as the specification's error list."""

    permission_classes = [AllowAny]
    # Open311 clients carry no session; a signed-in browser's POST must still carry the CSRF token (as DRF does).
    authentication_classes = [SessionAuthentication]
    renderer_classes = [Open311JSONRenderer, Open311XMLRenderer]
    xml_root = "response"
    xml_item = "item"

    def initial(self, request, *args, **kwargs):
        # `locale` ("en", "en_US", "vi_VN"…), in the query or a POST's form: the answer's language (and a filed
        # case's); an unknown one is ignored, as an unknown Accept-Language is.
        value = request.query_params.get("locale")
        if value is None and request.method == "POST":
            value = request.data.get("locale")
        language = supported_language(value)
        if language is not None:
            use_language(request._request, language)
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, Ratelimited):
            exc = Open311Error(429, _("Too many requests. Please wait a moment and try again."))
        elif isinstance(exc, Http404 | exceptions.NotFound):
            exc = Open311Error(404, _("Not found."))
        elif isinstance(exc, DjangoPermissionDenied):
            exc = Open311Error(403, str(exc) or _("You do not have permission to perform this action."))
        elif isinstance(exc, exceptions.APIException) and not isinstance(exc, Open311Error):
            detail = exc.detail if isinstance(exc.detail, str) else "; ".join(_flatten(exc.detail))
            exc = Open311Error(exc.status_code, detail)
        if not isinstance(exc, Open311Error):
            return super().handle_exception(exc)
        self.xml_root, self.xml_item = "errors", "error"
        if getattr(self.request, "accepted_renderer", None) is None:
            self.request.accepted_renderer = self._renderer_for_suffix()
            self.request.accepted_media_type = self.request.accepted_renderer.media_type
        return Response([{"code": exc.status, "description": exc.description}], status=exc.status)

    def _renderer_for_suffix(self):
        return Open311XMLRenderer() if self.kwargs.get("format") == "xml" else Open311JSONRenderer()

    def jurisdiction(self, *, status: int = 404) -> Ward | None:
        code = self.request.query_params.get("jurisdiction_id", "")
        if self.request.method == "POST":
            code = self.request.data.get("jurisdiction_id", "") or code
        code = (code or "").strip()
        if not code:
            return None
        ward = Ward.objects.filter(code__iexact=code, is_active=True).first()
        if ward is None:
            raise Open311Error(status, _("jurisdiction_id not found: %(id)s") % {"id": code[:32]})
        return ward


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [f"{key}: {message}" for key, value in detail.items() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flatten(value)]
    return [str(detail)]


# --- discovery and services -------------------------------------------------------------------------------------------

class Discovery(Open311View):
    xml_root = "discovery"

    @extend_schema(exclude=True)
    def get(self, request, format):
        base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"format": "json"}))
        return Response({
            "changeset": CHANGESET,
            "contact": _("The People's Committee of your ward; the portal: %(site)s") % {"site": settings.SITE_URL},
            "key_service": _("API keys for filing requests are issued by the city's administrators of OpenWard."),
            "endpoints": [{
                "specification": SPECIFICATION,
                "url": base.rsplit("/", 1)[0],
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }],
        })


def kind_values(category: Category) -> list[str]:
    return [kind for kind in CaseKind.values if category.applies_to(kind)]


def service_entry(category: Category, language: str) -> dict:
    """A category as a service, named in `language` (the description is the administrators' text, as written)."""
    kinds = kind_values(category)
    name = category.display_name(language)
    return {
        "service_code": category.code,
        "service_name": name,
        "description": category.description or name,
        "metadata": True,  # every service has attributes (kind, publication consent, …)
        "type": "realtime",
        "keywords": ", ".join([*kinds, *([category.name_en] if category.name_en else [])]),
        "group": ", ".join(str(CaseKind(kind).label) for kind in kinds),
    }


class ServiceList(Open311View):
    xml_root, xml_item = "services", "service"

    @extend_schema(exclude=True)
    def get(self, request, format):
        self.jurisdiction()
        language = get_language() or settings.LANGUAGE_CODE
        return Response([service_entry(c, language)
                         for c in Category.objects.filter(is_active=True).exclude(kinds=[])])


def attribute(code, datatype, *, required, order, description, values=None, datatype_description=""):
    entry = {"variable": True, "code": code, "datatype": datatype, "required": required,
             "datatype_description": datatype_description, "order": order, "description": description}
    if values is not None:
        entry["values"] = [{"key": key, "name": name} for key, name in values]
    return entry


def service_attributes(category: Category, ward: Ward | None) -> list[dict]:
    kinds = kind_values(category)
    attrs = [
        attribute("kind", "singlevaluelist", required=kinds != [CaseKind.FEEDBACK], order=1,
                  description=_("Kind of case: feedback or petition, complaint (against a decision or act of the "
                                "ward: name and address required) or denunciation (of a violation by an official: "
                                "name, address and a phone or e-mail required; kept confidential)."),
                  values=[(kind, str(CaseKind(kind).label)) for kind in kinds]),
        attribute("publish_consent", "singlevaluelist", required=False, order=2,
                  description=_("May the ward publish the question and its answer (personal data never is)? "
                                "Without consent only the residential area is shown publicly."),
                  values=[("false", _("No")), ("true", _("Yes"))]),
        attribute("contact_address", "string", required=False, order=4,
                  description=_("The resident's own address (required for a complaint or a denunciation; "
                                "never published).")),
    ]
    if CaseKind.COMPLAINT in kinds:
        attrs += [
            attribute("decision_date", "datetime", required=False, order=5,
                      description=_("Complaints: the date the resident learned of the decision or act (required "
                                    "for a complaint)."), datatype_description="YYYY-MM-DD"),
            attribute("decision_reference", "string", required=False, order=6,
                      description=_("Complaints: the decision or act complained about.")),
        ]
    if ward is not None:
        attrs.append(attribute(
            "area", "singlevaluelist", required=False, order=3,
            description=_("Residential area (khu phố / tổ dân phố) of %(ward)s; the same codes as address_id.")
            % {"ward": ward.name},
            values=[(area.code, area.name) for area in Area.objects.filter(ward=ward).order_by("name")]))
    return sorted(attrs, key=lambda a: a["order"])


def single_ward() -> Ward | None:
    wards = list(Ward.objects.filter(is_active=True)[:2])
    return wards[0] if len(wards) == 1 else None


class ServiceDefinition(Open311View):
    xml_root = "service_definition"

    @extend_schema(exclude=True)
    def get(self, request, service_code, format):
        ward = self.jurisdiction() or single_ward()
        category = Category.objects.filter(code=service_code, is_active=True).exclude(kinds=[]).first()
        if category is None:
            raise not_found(_("service_code not found: %(code)s") % {"code": service_code[:64]})
        return Response({"service_code": category.code, "attributes": service_attributes(category, ward)})


# --- requests -----------------------------------------------------------------------------------------------------

def public_queryset():
    """Every case Open311 may show: never a denunciation (Law on Denunciations; SPEC §7)."""
    return Case.objects.exclude(kind=CaseKind.DENUNCIATION).select_related("ward", "category", "area")


@dataclass(frozen=True)
class Labels:
    """What an answer names the states and the kinds of timeline entries with, in its language (made once per
    answer: a page has up to 1000 requests)."""

    language: str
    states: dict[str, str]
    kinds: dict[str, str]


def labels() -> Labels:
    return Labels(language=get_language() or settings.LANGUAGE_CODE,
                  states={value: str(label) for value, label in CaseState.choices},
                  kinds={value: str(label) for value, label in MessageKind.choices})


def request_entry(case: Case, *, extensions: bool, words: Labels) -> dict:
    """A case as a GeoReport v2 service request. Contact fields, the representative, the title and the text are
    never here unless the resident consented to publication (then the text, redacted). The place of the issue is the
    residential area only, for every case, as in the open-data exports: the address of the issue is often the
    resident's home (redaction treats it as personal data), and coordinates would pin it down."""
    consent = case.publish_consent
    # Personal data typed into the text is redacted, as on the published answers and in the exports.
    description = redact(f"{case.title}\n\n{case.description}".strip(), personal_of(case)) if consent else ""
    address = case.area.name if case.area else ""
    entry = {
        "service_request_id": case.tracking_code,
        "status": "open" if case.state in OPEN_STATES else "closed",
        "status_notes": words.states.get(case.state, case.state),
        "service_name": case.category.display_name(words.language),
        "service_code": case.category.code,
        "description": description or None,
        "agency_responsible": case.ward.name,
        "service_notice": None,
        "requested_datetime": w3c(case.received_at),
        "updated_datetime": w3c(case.updated_at),
        "expected_datetime": end_of_day(case.due_date),
        "address": address or None,
        "address_id": case.area.code if case.area else None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
    if extensions:
        entry["extended_attributes"] = {
            "jurisdiction_id": case.ward.code,
            "kind": case.kind,
            "state": case.state,
            "timeline": [timeline_entry(case, m, words) for m in case.open311_timeline],
        }
    return entry


def timeline_entry(case: Case, message: Message, words: Labels) -> dict:
    """No author, no internal note; the text only of the official answer, and only with the resident's consent."""
    state = message.to_state or ""
    return {
        "datetime": w3c(message.created_at),
        "type": message.kind,
        "description": words.kinds.get(message.kind, message.kind),
        "state": state or None,
        "status_notes": words.states.get(state, state) if state else None,
        "body": (redact(message.body, personal_of(case))
                 if message.kind == MessageKind.ANSWER and case.publish_consent else None),
    }


# Dates outside these years are refused: the 90-day window around 0001-01-01 or 9999-12-31 would overflow.
SANE_YEARS = (1970, 9000)


def parse_when(name: str, value: str, *, end: bool = False) -> dt.datetime:
    value = value.strip()
    if "T" in value:
        value = value.replace(" ", "+")  # a "+07:00" offset sent unencoded in a query string
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is not None and SANE_YEARS[0] <= parsed.year <= SANE_YEARS[1]:
            return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    else:
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is not None and SANE_YEARS[0] <= day.year <= SANE_YEARS[1]:
            moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
            return timezone.make_aware(moment)
    raise bad_request(_("%(name)s is not a W3C date or datetime (e.g. 2026-11-25T08:00:00+07:00).") % {"name": name})


def parse_positive(name: str, value: str | None, *, default: int, maximum: int) -> int:
    if value in (None, ""):
        return default
    if not str(value).isdigit() or not 1 <= int(value) <= maximum:
        raise bad_request(_("%(name)s must be a whole number from 1 to %(max)s.") % {"name": name, "max": maximum})
    return int(value)


def _post_rate_key(group, request):
    raw = request.POST.get("api_key", "")
    if raw:
        return "key:" + hashlib.sha256(raw.encode("utf-8", "ignore")).hexdigest()
    return "ip:" + (request.META.get("REMOTE_ADDR") or "")


@method_decorator(ratelimit(key=_post_rate_key, method="POST", block=True,
                            rate=lambda g, r: getattr(settings, "RATE_OPEN311_POST", "120/h")), name="post")
class Requests(Open311View):
    xml_root, xml_item = "service_requests", "request"
    parser_classes = [FormParser, MultiPartParser]

    @extend_schema(exclude=True)
    def get(self, request, format):
        params = request.query_params
        extensions = params.get("extensions", "").lower() == "true"
        qs = public_queryset()
        ids = [i.strip().upper() for i in params.get("service_request_id", "").split(",") if i.strip()]
        # service_request_id "overrides all other arguments"
        qs = qs.filter(tracking_code__in=ids[:MAX_IDS]) if ids else self._filtered(qs, params)
        page = parse_positive("page", params.get("page"), default=1, maximum=1_000_000)
        size = parse_positive("page_size", params.get("page_size"), default=MAX_RESULTS, maximum=MAX_RESULTS)
        if extensions:
            qs = qs.prefetch_related(Prefetch(
                "messages", to_attr="open311_timeline",
                queryset=Message.objects.filter(is_public=True, kind__in=PUBLIC_TIMELINE_KINDS)
                .order_by("created_at", "id").only("id", "case_id", "kind", "to_state", "body", "created_at")))
        cases = qs.order_by("-received_at", "-id")[(page - 1) * size: page * size]
        words = labels()
        return Response([request_entry(case, extensions=extensions, words=words) for case in cases])

    def _filtered(self, qs, params):
        ward = self.jurisdiction()
        if ward is not None:
            qs = qs.filter(ward=ward)
        codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
        if codes:
            qs = qs.filter(category__code__in=codes)
        statuses = {s.strip().lower() for s in params.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise bad_request(_("status must be open, closed or both (comma separated)."))
        if statuses == {"open"}:
            qs = qs.filter(state__in=list(OPEN_STATES))
        elif statuses == {"closed"}:
            qs = qs.exclude(state__in=list(OPEN_STATES))
        start = parse_when("start_date", params["start_date"]) if params.get("start_date") else None
        end = parse_when("end_date", params["end_date"], end=True) if params.get("end_date") else None
        after = parse_when("updated_after", params["updated_after"]) if params.get("updated_after") else None
        before = (parse_when("updated_before", params["updated_before"], end=True)
                  if params.get("updated_before") else None)
        if start and end:
            if end < start:
                raise bad_request(_("end_date is before start_date."))
            if end - start > DEFAULT_WINDOW + dt.timedelta(days=1):
                raise bad_request(_("start_date and end_date may not span more than 90 days."))
        elif start:
            end = start + DEFAULT_WINDOW
        elif end:
            start = end - DEFAULT_WINDOW
        elif not (after or before):
            start = timezone.now() - DEFAULT_WINDOW
        if start:
            qs = qs.filter(received_at__gte=start)
        if end:
            qs = qs.filter(received_at__lte=end)
        if after:
            qs = qs.filter(updated_at__gte=after)
        if before:
            qs = qs.filter(updated_at__lte=before)
        return qs

    @extend_schema(exclude=True)
    def post(self, request, format):
        data = request.data
        refuse_nul(data)
        api_key = open311_services.key_for(data.get("api_key", ""))
        if api_key is None:
            raise Open311Error(403, _("api_key is missing or not valid."))
        ward = self.jurisdiction(status=400) or api_key.ward or single_ward()
        if ward is None:
            raise bad_request(_("jurisdiction_id is required: give the ward's code."))
        if api_key.ward_id and api_key.ward_id != ward.pk:
            raise Open311Error(403, _("This api_key may not file requests in this jurisdiction."))
        submission = self._submission(data, ward)
        try:
            submitted = open311_services.file_request(api_key=api_key, submission=submission)
        except DjangoValidationError as exc:
            raise bad_request("; ".join(_flatten(exc.message_dict if hasattr(exc, "error_dict")
                                                 else exc.messages))) from None
        case = submitted.case
        if case.kind == CaseKind.DENUNCIATION:
            notice = _("Received. A denunciation is confidential: it is never listed publicly; the denouncer is "
                       "contacted directly.")
        else:
            notice = _("Received. The ward will answer by %(due)s.") % {
                "due": case.due_date.strftime("%d/%m/%Y") if case.due_date else "-"}
        return Response([{"service_request_id": case.tracking_code, "service_notice": notice, "account_id": None}])

    def _submission(self, data, ward: Ward) -> Submission:
        code = (data.get("service_code") or "").strip()
        if not code:
            raise bad_request(_("service_code is required."))
        category = Category.objects.filter(code=code, is_active=True).first()
        if category is None:
            raise bad_request(_("service_code not found: %(code)s") % {"code": code[:64]})
        attrs = {key[len("attribute["):-1]: value.strip() for key, value in data.items()
                 if key.startswith("attribute[") and key.endswith("]") and isinstance(value, str)}

        kinds = kind_values(category)
        kind = attrs.get("kind") or (CaseKind.FEEDBACK if kinds == [CaseKind.FEEDBACK] else "")
        if not kind:
            raise bad_request(_("attribute[kind] is required for this service."))
        if kind not in kinds:
            raise bad_request(_("attribute[kind] must be one of: %(values)s.") % {"values": ", ".join(kinds)})

        lat, lon = data.get("lat", "").strip(), data.get("long", "").strip()
        address = (data.get("address_string") or "").strip()
        area_code = (data.get("address_id") or attrs.get("area") or "").strip()
        if not ((lat and lon) or address or area_code):
            raise bad_request(_("A location is required: lat and long, address_string or address_id."))
        latitude = longitude = None
        if lat or lon:
            try:
                latitude, longitude = (Decimal(lat).quantize(Decimal("0.000001"), ROUND_HALF_UP),
                                       Decimal(lon).quantize(Decimal("0.000001"), ROUND_HALF_UP))
            except (InvalidOperation, ValueError):
                raise bad_request(_("lat and long must both be decimal degrees.")) from None
            if not (latitude.is_finite() and longitude.is_finite()):
                raise bad_request(_("lat and long must both be decimal degrees."))
        area = None
        if area_code:
            area = Area.objects.filter(ward=ward, code=area_code).first()
            if area is None:
                raise bad_request(_("address_id is not a residential area of this jurisdiction: %(id)s")
                                  % {"id": area_code[:32]})

        description = (data.get("description") or "").strip()
        if len(description) < 10:
            raise bad_request(_("description is required (at least 10 characters)."))
        if len(description) > 10000:
            raise bad_request(_("description is too long (at most 10000 characters)."))
        email = (data.get("email") or "").strip()
        phone = (data.get("phone") or "").strip()
        if email:
            try:
                validate_email(email)
            except DjangoValidationError:
                raise bad_request(_("email is not a valid e-mail address.")) from None
        if phone and not PHONE_RE.match(phone):
            raise bad_request(_("phone is not a valid phone number."))
        # GeoReport's last_name is the family name, which a Vietnamese name puts first ("Tôn Nữ" + "Thảo Quyên" is
        # "Tôn Nữ Thảo Quyên"): the name as written in the resident's own text, which the redaction must find there.
        name = " ".join(p for p in ((data.get("last_name") or "").strip(), (data.get("first_name") or "").strip())
                        if p)[:200]
        decision_date = None
        if attrs.get("decision_date"):
            decision_date = local_date(parse_when("attribute[decision_date]", attrs["decision_date"]))
        consent = attrs.get("publish_consent", "").lower()
        if consent not in ("", "true", "false"):
            raise bad_request(_("attribute[publish_consent] must be true or false."))
        files = request_files(self.request)
        return Submission(
            ward=ward, kind=kind, category=category, title=title_from(description), description=description,
            area=area, address=address[:300], latitude=latitude, longitude=longitude,
            is_anonymous=not (name or email or phone), contact_name=name, contact_phone=phone[:32],
            contact_email=email, contact_address=attrs.get("contact_address", "")[:300],
            notify_by="email" if email else ("sms" if phone else "none"), publish_consent=consent == "true",
            decision_date=decision_date, decision_reference=attrs.get("decision_reference", "")[:300],
            channel="open311", language=get_language() if get_language() in ("vi", "en") else "vi", files=files,
        )


def refuse_nul(data) -> None:
    """PostgreSQL cannot hold a NUL character in text: a POSTed name or value with one is a 400 before anything is
    looked up (a lookup with it was a 500) or filed (SQLite would have stored it)."""
    pairs = data.lists() if hasattr(data, "lists") else ((key, [value]) for key, value in data.items())
    for key, values in pairs:
        if any(isinstance(text, str) and "\x00" in text for text in (key, *values)):
            raise bad_request(_("%(field)s contains a NUL character (code 0), which is not allowed.")
                              % {"field": key.replace("\x00", "")[:64]})


def request_files(request) -> list:
    """media_url is not fetched (no outbound requests); photos come as multipart `media` parts instead."""
    return list(request.FILES.getlist("media"))


def title_from(description: str) -> str:
    first = description.strip().splitlines()[0].strip()
    if len(first) <= 120:
        return first
    cut = first[:120].rsplit(" ", 1)[0]
    return (cut or first[:120]) + "…"


class RequestDetail(Open311View):
    xml_root, xml_item = "service_requests", "request"

    @extend_schema(exclude=True)
    def get(self, request, service_request_id, format):
        extensions = request.query_params.get("extensions", "").lower() == "true"
        self.jurisdiction()
        qs = public_queryset().filter(tracking_code=service_request_id.strip().upper())
        if extensions:
            qs = qs.prefetch_related(Prefetch(
                "messages", to_attr="open311_timeline",
                queryset=Message.objects.filter(is_public=True, kind__in=PUBLIC_TIMELINE_KINDS)
                .order_by("created_at", "id")))
        case = qs.first()
        if case is None:
            raise not_found(_("service_request_id not found."))
        return Response([request_entry(case, extensions=extensions, words=labels())])
