from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "portal.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from . import reference, signals  # noqa: F401  (connects the calendar-change receiver)

        reference.connect()
