"""The Celery application. Tasks live in portal/<domain>/tasks.py and stay thin: they call services."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("openward")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
