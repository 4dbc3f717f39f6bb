"""Public reference data: wards with their areas, and case categories."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
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


@extend_schema(
    parameters=[OpenApiParameter("kind", str, enum=CaseKind.values, description="only categories for this kind")]
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
            categories = [c for c in categories if c.applies_to(kind)]
        return categories
