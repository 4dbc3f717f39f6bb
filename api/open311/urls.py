"""Open311 GeoReport v2 under /open311/v2/: every endpoint in .json and .xml."""

from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "open311format")

app_name = "open311"

urlpatterns = [
    path("discovery.<open311format:format>", views.Discovery.as_view(), name="discovery"),
    path("services.<open311format:format>", views.ServiceList.as_view(), name="services"),
    path("services/<str:service_code>.<open311format:format>", views.ServiceDefinition.as_view(),
         name="service-definition"),
    path("requests.<open311format:format>", views.Requests.as_view(), name="requests"),
    path("requests/<str:service_request_id>.<open311format:format>", views.RequestDetail.as_view(),
         name="request-detail"),
]
