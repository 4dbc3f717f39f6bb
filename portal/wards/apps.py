from django.apps import AppConfig


class WardsConfig(AppConfig):
    name = "portal.wards"
    label = "wards"
