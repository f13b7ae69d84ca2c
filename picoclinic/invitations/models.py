"""One invitation for staff and patients alike: a single-use, expiring link where a person
sets their own password. Only the SHA-256 of the link's token is stored."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient


class InvitationKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    PATIENT = "patient", _("Patient portal")


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Invitation pending")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Invitation expired")
    REVOKED = "revoked", _("Invitation revoked")
    REPLACED = "replaced", _("Replaced by a newer invitation")


class Invitation(models.Model):
    """An invitation of ``user`` (a login without a usable password yet) by ``clinic``.

    Invariants: the token itself is never stored or logged (``token_hash`` only); a link is
    used at most once (``accepted_at``); a resend replaces every open invitation of the user
    (``replaced_at``), so only the newest link works; a revoked or expired link never works.
    """

    kind = models.CharField(max_length=10, choices=InvitationKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey(
        Patient, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="invitation_user_created")]

    def __str__(self) -> str:
        return f"Invitation {self.pk} ({self.get_kind_display()})"

    def state_at(self, now: datetime) -> InvitationState:
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.replaced_at:
            return InvitationState.REPLACED
        if now >= self.expires_at:
            return InvitationState.EXPIRED
        return InvitationState.PENDING
