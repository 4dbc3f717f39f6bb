"""SMS gateway interface. A real gateway implements `send(to, body)`; development logs the message."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("openward.sms")


class BaseSMSBackend:
    def send(self, *, to: str, body: str) -> None:
        raise NotImplementedError


class LoggingSMSBackend(BaseSMSBackend):
    def send(self, *, to: str, body: str) -> None:
        logger.info("SMS to %s: %s", to, body)


class LocmemSMSBackend(BaseSMSBackend):
    """Keeps messages in `LocmemSMSBackend.outbox`, like Django's locmem e-mail backend, for tests."""

    outbox: list[dict] = []

    def send(self, *, to: str, body: str) -> None:
        LocmemSMSBackend.outbox.append({"to": to, "body": body})


def get_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()
