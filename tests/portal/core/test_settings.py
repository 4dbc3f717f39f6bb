"""Settings come from the environment (issue 2 item 3), and production refuses to start with a default or missing
secret key, with DEBUG on, or without allowed hosts. Each case imports the settings in a fresh interpreter."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_KEY = "k" * 30 + "-random-enough-0123456789abcdefghij"
PRINT = ("import json; from portal import settings as s; print(json.dumps({'db': s.DATABASES['default']['ENGINE'], "
         "'name': s.DATABASES['default']['NAME'], 'broker': s.CELERY_BROKER_URL, 'tz': s.TIME_ZONE, "
         "'lang': s.LANGUAGE_CODE, 'langs': [c for c, _ in s.LANGUAGES], 'email': s.EMAIL_BACKEND, "
         "'sms': s.SMS_BACKEND, 'debug': s.DEBUG, 'secure': getattr(s, 'SESSION_COOKIE_SECURE', False), "
         "'hosts': s.ALLOWED_HOSTS}))")


def load(**env):
    clean = {k: v for k, v in os.environ.items()
             if k not in {"OPENWARD_ENV", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL",
                          "TIME_ZONE", "EMAIL_BACKEND", "SMS_BACKEND", "DJANGO_SETTINGS_MODULE"}}
    clean.update(env)
    return subprocess.run([sys.executable, "-c", PRINT], cwd=settings.BASE_DIR, env=clean, capture_output=True,
                          text=True, timeout=60)


def test_the_defaults_suit_the_embedded_mode():
    result = load(OPENWARD_VAR_DIR="/tmp/openward-settings-test")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.sqlite3" and values["name"].endswith("openward.sqlite3")
    assert values["broker"].startswith("filesystem://")
    assert values["tz"] == "Asia/Ho_Chi_Minh" and values["lang"] == "vi" and values["langs"] == ["vi", "en"]
    assert values["email"].endswith("console.EmailBackend") and values["sms"].endswith("LoggingSMSBackend")


def test_production_values_come_from_the_environment():
    result = load(OPENWARD_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="phuong.example.vn",
                  DATABASE_URL="postgres://u:p@db:5432/openward", CELERY_BROKER_URL="redis://redis:6379/0",
                  EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "portal.core.postgresql" and values["name"] == "openward"
    assert values["broker"] == "redis://redis:6379/0" and values["email"].endswith("smtp.EmailBackend")
    assert values["debug"] is False and values["secure"] is True and values["hosts"] == ["phuong.example.vn"]


@pytest.mark.parametrize(("env", "words"), [
    ({}, "SECRET_KEY"),
    ({"SECRET_KEY": ""}, "SECRET_KEY"),
    ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
    ({"SECRET_KEY": GOOD_KEY, "DEBUG": "1"}, "DEBUG"),
    ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
])
def test_production_refuses_to_start_without_what_it_needs(env, words):
    result = load(**{"OPENWARD_ENV": "production", "ALLOWED_HOSTS": "phuong.example.vn", **env})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and words in result.stderr


def test_production_refuses_the_development_key():
    from portal import settings as module

    result = load(OPENWARD_ENV="production", ALLOWED_HOSTS="phuong.example.vn", SECRET_KEY=module._DEV_SECRET)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
