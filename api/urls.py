from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

app_name = "api"


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files, its start-up script fetched from this same URL (?script): no inline
    script or style, so the Content-Security-Policy holds. Swagger UI draws its icons as data: images."""

    template_name = "api/swagger_ui.html"


urlpatterns = [
    path("v1/", include("api.v1.urls")),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", csp_update({"img-src": ["data:"]})(DocsView.as_view(url_name="api:schema")), name="docs"),
]
