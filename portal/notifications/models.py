"""The outbox: every e-mail and SMS is a row first, sent by a Celery task after commit, exactly once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    # Idempotency key, e.g. "case:42:received:email": enqueueing the same key twice keeps one row.
    # Unique by a constraint in Meta (ON CONFLICT (key) relies on it), not unique=True: that would add, on
    # PostgreSQL, a second (LIKE) index that nothing queries and every notification writes.
    key = models.CharField(max_length=200)
    channel = models.CharField(_("sent by"), max_length=8, choices=NotificationChannel.choices)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="notifications")
    state = models.CharField(_("state"), max_length=8, choices=NotificationState.choices,
                             default=NotificationState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed by a worker at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # the outbox sweep: pending rows, oldest first
            models.Index(fields=["state", "created_at"], name="notification_outbox_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["key"], name="notification_key_unique")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        # Never the recipient or the content: this string reaches the admin and logs (a denouncer's phone, a code).
        return f"{self.channel} #{self.pk} ({self.state})"
