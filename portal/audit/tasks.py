from celery import shared_task

from . import services


@shared_task(name="audit.verify_chain")
def verify_chain_nightly() -> dict:
    """Periodic (nightly): verify the audit log's hash chain, keep the result for the log page, alert the
    administrators when it is broken. Read-only on the log; a doubled run only adds a second result."""
    check = services.check_chain()
    return {"ok": check.ok, "checked": check.checked, "first_broken_id": check.first_broken_id,
            "reason": check.reason}
