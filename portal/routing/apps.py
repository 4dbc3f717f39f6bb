from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "portal.routing"
    label = "routing"
