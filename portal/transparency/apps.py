from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "portal.transparency"
    label = "transparency"
    verbose_name = _("Transparency and open data")

    def ready(self):
        # The dashboard's cached statistics (portal.core.pagecache) show disclosures and dialogues: any change to
        # them makes the cached pages stale. Case figures come from the rollups, whose refresh bumps it too.
        from portal.core import pagecache
        from portal.dialogues.models import Commitment, Session
        from portal.disclosures.models import Disclosure

        pagecache.bump_on_change((pagecache.DASHBOARD,), Disclosure, Session, Commitment)
