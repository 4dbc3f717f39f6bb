from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = admin.site.site_title = _("OpenWard – administration")
admin.site.index_title = _("System administration")

# Uploaded files are never served from MEDIA_URL: views check who may see each file (frontend, api).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("open311/v2/", include("api.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("frontend.urls")),
]

# Under /api/ and /open311/ a URL that matches no route answers JSON, as the API's own 404s do.
handler404 = "frontend.views.errors.not_found"
