"""Reads of cases for residents and the public."""

from django.db.models import Prefetch, QuerySet

from .models import Attachment, Case, Message


def _with_public_timeline(queryset: QuerySet) -> QuerySet:
    """Everything a resident's status page shows, in a constant number of queries."""
    return queryset.select_related("ward", "category", "area").prefetch_related(
        Prefetch("messages", queryset=Message.objects.filter(is_public=True).order_by("created_at", "id"),
                 to_attr="public_messages"),
        Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
    )


def case_for_resident(*, code: str, token: str) -> Case | None:
    """The case behind a tracking code and secret. A wrong code and a wrong secret look the same: None."""
    code = (code or "").strip().upper()
    if not code or not token or len(code) > 32 or len(token) > 128:
        return None
    case = _with_public_timeline(Case.objects.filter(tracking_code=code)).first()
    if case is None or not case.check_token(token):
        return None
    return case


def case_of_owner(*, user, code: str) -> Case | None:
    code = (code or "").strip().upper()
    return _with_public_timeline(Case.objects.filter(owner=user, tracking_code=code)).first()


def cases_of_owner(user) -> QuerySet:
    return Case.objects.filter(owner=user).select_related("ward", "category").order_by("-received_at")
