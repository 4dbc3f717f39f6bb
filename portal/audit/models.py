"""The append-only, hash-chained audit log (SPEC §7).

Each event carries the hash of the previous one, so any edit or deletion of an earlier row breaks the chain, which
`portal.audit.services.verify_chain()` (and `manage.py verify_audit`) detects. Rows are never updated or deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Events about accounts, of no ward: what an administrator changes of an account in the Django admin
# (portal.security.services: its creation, e-mail, username, active/staff/superuser flags, groups and permissions, its
# deletion, a password set, two-step verification reset, an API token revoked), and what the account's owner changes of
# its security (two-step verification turned on or off, backup codes renewed, the password reset by e-mail). The
# accounts' log page (frontend/views/audit_log.py) shows these to the portal's administrators. Logins, logouts and
# failures are not among them: far more numerous, and no change to the account. Their object is the account
# ("auth.user", its id).
ACCOUNT_ACTIONS = (
    "auth.account_created",
    "auth.account_changed",
    "auth.account_deleted",
    "auth.password_set_by_admin",
    "auth.two_factor_reset",
    "auth.api_token_revoked",
    "auth.two_factor_enabled",
    "auth.two_factor_disabled",
    "auth.backup_codes_renewed",
    "auth.password_reset",
)
# Groups of permissions created, renamed, given or taken permissions, deleted in the Django admin (another way to give
# admin powers: every member of a group has its permissions). Of no ward, about a group ("auth.group", its id): groups
# are the whole portal's, so the accounts' log shows these to superusers only.
GROUP_ACTIONS = (
    "auth.group_created",
    "auth.group_changed",
    "auth.group_deleted",
)
# Staff roles given, changed and taken in a ward (portal.wards.services): events of that ward (its leaders and
# supervisors read them on the wards' log), and on the accounts' log too, for the ward's administrators and the
# superusers. Their object is the membership; the account is data["member"].
STAFF_ROLE_ACTIONS = (
    "membership.created",
    "membership.changed",
    "membership.deleted",
)
# Everything the accounts' log lists (its partial index, audit_account_time_idx).
ACCOUNT_LOG_ACTIONS = ACCOUNT_ACTIONS + GROUP_ACTIONS + STAFF_ROLE_ACTIONS


class AuditEvent(models.Model):
    created_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    # Who acted, as shown in the log: a staff username, "resident", "system". Kept even if the user is renamed.
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    # db_index=False: audit_ward_time_idx (ward, created_at, id) leads with the ward and serves every lookup by it.
    ward = models.ForeignKey("wards.Ward", null=True, blank=True, on_delete=models.PROTECT, db_index=False)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    # Unique by a constraint in Meta: unique=True would add, on PostgreSQL, a second (LIKE) index every event writes.
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        indexes = [
            # "the audit trail of this case/disclosure" on case pages and for supervisors
            models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx"),
            # The audit log page of leaders and supervisors (portal.audit.selectors.log_page): a ward's events newest
            # first, a page at a time from a (created_at, id) cursor, and within a date range. Without it, at 2M
            # events a past month of a large ward took 0.6-1.4 s (PostgreSQL walked the primary key back from the
            # newest event) and a rare action 0.35-0.5 s; with it, under 1 ms and ~80 ms. It replaces the ward's
            # single-column index (a prefix of it): every event still writes the same number of indexes.
            models.Index(fields=["ward", "created_at", "id"], name="audit_ward_time_idx"),
            # The accounts' log page (selectors.log_page with LogFilters.accounts): the account, group and staff
            # role events newest first. Partial: only these (rare) events write it; without it the page walked back
            # through every event of no ward, the logins of every resident and officer among them, to find a handful
            # (and through every event of a ward to find its few staff roles).
            models.Index(fields=["created_at", "id"], name="audit_account_time_idx",
                         condition=models.Q(action__in=ACCOUNT_LOG_ACTIONS)),
        ]
        constraints = [models.UniqueConstraint(fields=["hash"], name="audit_event_hash_unique")]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only and cannot be deleted")


class AuditChainHead(models.Model):
    """A single row locked while appending, so concurrent writers extend the chain one at a time."""

    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(default=0)

    def __str__(self):
        return f"audit head at #{self.last_event_id}"


class ChainBreak(models.TextChoices):
    """Where verify_chain() found the chain broken."""

    PREVIOUS = "previous", _("An earlier event was deleted or inserted (the previous hash does not match)")
    CONTENT = "content", _("The event was changed (its content does not match its hash)")
    HEAD = "head", _("The newest events are missing")


class AuditChainCheck(models.Model):
    """The result of one verification of the whole chain (the nightly job, portal.audit.tasks.verify_chain_nightly).
    The audit log page shows the latest one; a failed one has alerted the administrators."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    checked = models.PositiveBigIntegerField(_("events checked"))
    ok = models.BooleanField(_("intact"))
    # The first event that does not verify (a plain id: the row may be gone); none when the chain is intact or when
    # only its newest events are missing.
    first_broken_id = models.BigIntegerField(_("first broken event"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=16, choices=ChainBreak.choices, blank=True)

    class Meta:
        ordering = ["-id"]  # the latest first: the log page reads one row by the primary key
        verbose_name = _("audit chain check")
        verbose_name_plural = _("audit chain checks")

    def __str__(self):
        return f"audit chain check #{self.pk} ({'ok' if self.ok else 'broken'})"
