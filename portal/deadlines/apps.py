from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "portal.deadlines"
    label = "deadlines"
