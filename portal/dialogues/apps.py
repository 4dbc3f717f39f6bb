from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "portal.dialogues"
    label = "dialogues"
