"""Working-day calculator: GET /api/v1/calendar/add-working-days?start=YYYY-MM-DD&days=N[&ward=CODE] (SPEC §3)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.deadlines.services import MAX_CALCULATOR_DAYS, calculate_working_days
from portal.wards.models import Ward


class AddWorkingDaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField(
        input_formats=["%Y-%m-%d"], help_text="The day of the event (YYYY-MM-DD); it is not counted."
    )
    days = serializers.IntegerField(
        min_value=0, max_value=MAX_CALCULATOR_DAYS,
        help_text="Number of working days; 0 gives the start date, or the next working day if it is a day off.",
    )
    ward = serializers.CharField(
        required=False, allow_blank=True, max_length=16,
        help_text="Ward code (see /api/v1/wards/): also skip that ward's own days off. Default: the city calendar.",
    )

    def validate_ward(self, value: str) -> Ward | None:
        if not value:
            return None
        ward = Ward.objects.filter(code=value).first()
        if ward is None:
            raise serializers.ValidationError(_("Unknown ward code."))
        return ward


class AddWorkingDaysResultSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    date = serializers.DateField(help_text="The last day of the period: always a working day.")


class AddWorkingDays(APIView):
    """The day a period of N working days ends (the Vietnamese public holidays, the government's swapped days and
    the ward's own days off skipped). The day of the event is not counted (Civil Code 2015, Art. 147)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="calendar_add_working_days",
        parameters=[AddWorkingDaysQuerySerializer],
        responses={
            200: AddWorkingDaysResultSerializer,
            400: OpenApiResponse(description="Field messages, e.g. {\"days\": [\"Ensure this value is less than or "
                                             "equal to 3650.\"]}; an unknown ward is reported on `ward`."),
        },
        examples=[
            OpenApiExample(
                "Tết 2026", response_only=True, value={"start": "2026-02-12", "days": 5, "date": "2026-02-26"}
            )
        ],
    )
    def get(self, request):
        query = AddWorkingDaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = calculate_working_days(
            start=query.validated_data["start"], days=query.validated_data["days"],
            ward=query.validated_data.get("ward"),
        )
        return Response(AddWorkingDaysResultSerializer(result).data)


view = AddWorkingDays.as_view()
