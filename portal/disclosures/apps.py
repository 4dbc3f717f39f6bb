from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "portal.disclosures"
    label = "disclosures"
