from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "portal.cases"
    label = "cases"

    def ready(self):
        from . import reference, signals  # noqa: F401  (connects the calendar-change receiver)

        reference.connect()
