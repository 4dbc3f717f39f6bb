"""Errors raised by services. Edges (forms, API views) turn them into field messages or HTTP 400/403/404."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["DomainError", "PermissionDenied", "ValidationError"]


class DomainError(Exception):
    """A rule of the domain refused the action (e.g. a transition not allowed from this state)."""

    def __init__(self, message, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code
