"""API errors: domain ValidationError becomes HTTP 400 with field messages, never a 500."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from portal.core.errors import DomainError


def exception_handler(exc, context):
    if _is_ratelimited(exc):
        exc = exceptions.Throttled(detail=_("Too many requests. Please wait a moment and try again."))
    elif isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError({k: [str(m) for m in v.messages] if hasattr(v, "messages") else v
                                              for k, v in exc.message_dict.items()})
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    elif isinstance(exc, DomainError):
        exc = exceptions.ValidationError({"non_field_errors": [str(exc.message)], "code": exc.code})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


def _is_ratelimited(exc) -> bool:
    from django_ratelimit.exceptions import Ratelimited

    return isinstance(exc, Ratelimited)
