"""How a page shows a refusal from a service: the domain's message, a validation error beside its field."""

from django.core.exceptions import ValidationError

from portal.core.errors import DomainError


def refusal_text(exc, default: str = "") -> str:
    """The words of a refusal (DomainError, ValidationError, PermissionDenied), `default` when it has none."""
    if isinstance(exc, DomainError):
        return str(exc.message)
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc) or str(default)


def put_refusal(form, exc, default: str = "") -> None:
    """Show a refusal on the form: a field's message beside the field, anything else above the form."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal_text(exc, default))
