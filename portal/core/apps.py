from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Core services")

    def ready(self):
        from .csrf_random import install
        from .search import register_sqlite_function

        install()
        connection_created.connect(register_sqlite_function, dispatch_uid="portal.core.search.sqlite_function")
