"""Open data API under /api/v1/open-data/: anonymised case records as streamed CSV or JSON, and their schema.

Public, no authentication: the records carry no personal data (portal.transparency.exports documents the choices).
"""

from django.http import StreamingHttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.transparency import exports
from portal.wards.models import Ward

FILTER_PARAMETERS = [
    OpenApiParameter("ward", str, description="Ward code, e.g. PN17; every ward when omitted"),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Received on or after (YYYY-MM-DD)"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Received on or before (YYYY-MM-DD)"),
]


class ExportFilterSerializer(serializers.Serializer):
    def get_fields(self):
        # "from" and "to" are the query parameters' names, which Python cannot use as class attributes.
        return {
            "ward": serializers.CharField(required=False, allow_blank=True, max_length=16, default=""),
            "from": serializers.DateField(required=False, allow_null=True, default=None, source="received_from"),
            "to": serializers.DateField(required=False, allow_null=True, default=None, source="received_to"),
        }

    def validate_ward(self, value):
        value = value.strip().upper()
        if value and not Ward.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("No ward has this code."))
        return value

    def validate(self, attrs):
        start, end = attrs.get("received_from"), attrs.get("received_to")
        if start and end and start > end:
            raise serializers.ValidationError({"from": [_("The start date is after the end date.")]})
        return attrs


def _filters(request) -> exports.ExportFilters:
    serializer = ExportFilterSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return exports.ExportFilters(**serializer.validated_data)


def _filename(filters: exports.ExportFilters, extension: str) -> str:
    parts = ["openward-cases", filters.ward.lower() if filters.ward else "all"]
    if filters.received_from:
        parts.append(f"from-{filters.received_from:%Y%m%d}")
    if filters.received_to:
        parts.append(f"to-{filters.received_to:%Y%m%d}")
    return "-".join(parts) + "." + extension


class _OpenDataView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    renderer_classes = [JSONRenderer]  # errors; the exports themselves are streamed as they are


class CaseRecordsCSV(_OpenDataView):
    @extend_schema(operation_id="open_data_cases_csv", parameters=FILTER_PARAMETERS,
                   responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="Streamed CSV"),
                              400: OpenApiResponse(description="Invalid filter")},
                   description="Anonymised case records as CSV (UTF-8 with BOM, header row). See schema.json.")
    def get(self, request):
        filters = _filters(request)
        response = StreamingHttpResponse(exports.stream_csv(exports.case_records(filters)),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_filename(filters, "csv")}"'
        response["X-Licence"] = exports.LICENCE_URL
        return response


class CaseRecordsJSON(_OpenDataView):
    @extend_schema(operation_id="open_data_cases_json", parameters=FILTER_PARAMETERS,
                   responses={(200, "application/json"): OpenApiResponse(
                       {"type": "array", "items": {"type": "object", "additionalProperties": {}}},
                       description="Streamed JSON array"),
                              400: OpenApiResponse(description="Invalid filter")},
                   description="Anonymised case records as a JSON array of objects. See schema.json.")
    def get(self, request):
        filters = _filters(request)
        response = StreamingHttpResponse(exports.stream_json(exports.case_records(filters)),
                                         content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{_filename(filters, "json")}"'
        response["X-Licence"] = exports.LICENCE_URL
        return response


class CaseRecordsSchema(_OpenDataView):
    @extend_schema(operation_id="open_data_cases_schema", responses={200: OpenApiTypes.OBJECT},
                   description="The columns of the case records, the filters and the licence.")
    def get(self, request):
        return Response(exports.schema())


urlpatterns = [
    path("cases.csv", CaseRecordsCSV.as_view(), name="opendata-cases-csv"),
    path("cases.json", CaseRecordsJSON.as_view(), name="opendata-cases-json"),
    path("schema.json", CaseRecordsSchema.as_view(), name="opendata-schema"),
]
