from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "portal.disclosures"
    label = "disclosures"
    verbose_name = _("Public disclosures")

    def ready(self):
        # The public register's cached list (portal.core.pagecache) is stale once a disclosure, its versions, files
        # or categories change; the posting job (services.advance_states) updates rows without signals and bumps it.
        from portal.core import pagecache

        from .models import Disclosure, DisclosureAttachment, DisclosureCategory, DisclosureVersion

        pagecache.bump_on_change((pagecache.DISCLOSURES,), Disclosure, DisclosureVersion, DisclosureAttachment,
                                 DisclosureCategory)
