"""Public reference data: wards with their areas, and case categories."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny

from portal.wards.models import Area, CaseKind, Category, Ward


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["code", "name"]


class WardSerializer(serializers.ModelSerializer):
    areas = AreaSerializer(many=True, read_only=True)

    class Meta:
        model = Ward
        fields = ["code", "name", "city", "address", "areas"]


class CategorySerializer(serializers.ModelSerializer):
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=CaseKind.choices))

    class Meta:
        model = Category
        fields = ["code", "name", "name_en", "description", "kinds"]


def _wards():
    return Ward.objects.filter(is_active=True).prefetch_related(
        Prefetch("areas", queryset=Area.objects.order_by("name"))
    )


class WardList(generics.ListAPIView):
    """Active wards and their residential areas."""

    permission_classes = [AllowAny]
    serializer_class = WardSerializer
    pagination_class = None

    def get_queryset(self):
        return _wards()


class WardDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = WardSerializer
    lookup_field = "code"

    def get_queryset(self):
        return _wards()

    def get_object(self):
        ward = self.get_queryset().filter(code=self.kwargs["code"]).first()
        if ward is None:  # not Django's English "No Ward matches the given query."
            raise NotFound(_("No active ward has this code."))
        return ward


@extend_schema(
    parameters=[OpenApiParameter("kind", str, enum=CaseKind.values, description="only categories for this kind")],
    responses={200: CategorySerializer(many=True), 400: OpenApiResponse(description="An unknown kind")},
)
class CategoryList(generics.ListAPIView):
    """Active case categories; `kinds` says which kinds of case each applies to."""

    permission_classes = [AllowAny]
    serializer_class = CategorySerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: the model, without a query
            return Category.objects.none()
        categories = list(Category.objects.filter(is_active=True))
        kind = self.request.query_params.get("kind")
        if kind:
            if kind not in CaseKind.values:  # was an empty list, as if no category took such cases
                raise ValidationError({"kind": [_("Choose feedback, complaint or denunciation.")]})
            categories = [c for c in categories if c.applies_to(kind)]
        return categories
