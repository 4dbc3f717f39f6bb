"""Open311 writes: issuing API keys and filing a service request through the one intake service."""

from django.db import transaction
from django.utils import timezone

from portal.audit.services import record
from portal.cases.services import Submission, SubmittedCase, submit_case

from .models import ApiKey, hash_key, new_key


def issue_key(*, name: str, ward=None, actor=None) -> tuple[ApiKey, str]:
    """Create a key; the raw key is returned once and never stored."""
    raw = new_key()
    with transaction.atomic():
        key = ApiKey.objects.create(name=name.strip(), ward=ward, key_hash=hash_key(raw), prefix=raw[:8])
        record(action="open311.key_issued", obj=key, actor=actor, ward=ward, data={"name": key.name})
    return key, raw


def set_key_hash(*, key: ApiKey) -> str:
    """For the admin's form: give an unsaved key its hash and prefix; returns the raw key to show once."""
    raw = new_key()
    key.key_hash, key.prefix = hash_key(raw), raw[:8]
    return raw


def key_for(raw: str) -> ApiKey | None:
    """The active key behind a raw key, or None."""
    raw = (raw or "").strip()
    if not raw or len(raw) > 128:
        return None
    return ApiKey.objects.select_related("ward").filter(key_hash=hash_key(raw), is_active=True).first()


def file_request(*, api_key: ApiKey, submission: Submission) -> SubmittedCase:
    """File an Open311 service request as a case (channel "open311"), recording which integration filed it.
    Raises the intake's ValidationError and creates nothing when anything is wrong."""
    submission.channel = "open311"
    with transaction.atomic():
        submitted = submit_case(submission=submission, actor=None)
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
        record(action="open311.request_filed", obj=submitted.case, actor_label=f"open311:{api_key.prefix}",
               ward=submitted.case.ward, data={"api_key": api_key.pk, "name": api_key.name})
    return submitted
