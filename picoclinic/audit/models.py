from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    SIGN = "sign", "Signed"
    VIEW = "view", "Opened"
    LOGIN = "login", "Logged in"
    LOGOUT = "logout", "Logged out"
    LOGIN_FAILED = "login_failed", "Failed login"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only")

    def delete(self):
        raise PermissionError("Audit events are append-only")


class AuditEvent(models.Model):
    """Who did what to which record, and when. Append-only.

    The application never updates or deletes a row (``save`` refuses an existing row, the
    queryset refuses ``update``/``delete``), and database triggers refuse it underneath
    (migration 0002), so raw SQL cannot either.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too, so the entry still reads right if the user is renamed.
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    clinic = models.ForeignKey(
        "clinics.Clinic", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    patient = models.ForeignKey(
        "patients.Patient", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["patient", "-at"], name="audit_patient_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            models.Index(fields=["clinic", "-at"], name="audit_clinic_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only")


class AuditLink(models.Model):
    """One entry's place in the hash chain (``audit/chain.py``): the SHA-256 of the link before
    it and the entry's canonical form. Kept apart from the entry, by its id and without a
    foreign key, so that an entry removed outside the application leaves its link behind to
    say so. Append-only like the entries."""

    event_id = models.BigIntegerField(primary_key=True)
    hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(auto_now_add=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["event_id"]

    def __str__(self) -> str:
        return f"#{self.event_id} {self.hash[:12]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit links are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit links are append-only")
