from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "portal.transparency"
    label = "transparency"
