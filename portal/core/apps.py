from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"

    def ready(self):
        from .csrf_random import install
        from .search import register_sqlite_function

        install()
        connection_created.connect(register_sqlite_function, dispatch_uid="portal.core.search.sqlite_function")
