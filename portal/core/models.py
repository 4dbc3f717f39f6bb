"""Shared base pieces that need a table."""

from django.db import models


class DataVersion(models.Model):
    """A random token renewed, in the same transaction, by every change of a named set of data (see
    portal.core.versions). Processes that keep something derived from that data compare tokens to know it is
    still current, without a time limit and without trusting any one process's memory."""

    name = models.CharField(max_length=64, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.name}: {self.token}"
