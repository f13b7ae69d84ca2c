"""Private calendar feeds: a practitioner subscribes their own calendar app to a secret URL."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from picoclinic.scheduling.models.resources import Practitioner


class CalendarFeed(models.Model):
    """One secret feed URL of a practitioner's appointments, revocable at any time.

    Only the SHA-256 of the token is kept: the URL is shown once, when made, and a copy of the
    database reveals no working feed. A practitioner has at most one feed in force; making a
    new one revokes the old.
    """

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.practitioner}"
