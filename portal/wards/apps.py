from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WardsConfig(AppConfig):
    name = "portal.wards"
    label = "wards"
    verbose_name = _("Wards and staff")

    def ready(self):
        # The home page's cached list of wards (portal.core.pagecache) is stale once a ward changes.
        from portal.core import pagecache

        from .models import Ward

        pagecache.bump_on_change((pagecache.WARDS,), Ward)
