"""Consent: versioned texts kept by the clinic admin, and what each patient signed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient


class ConsentKind(models.TextChoices):
    TREATMENT = "treatment", "Treatment course"
    PHOTOGRAPHY = "photography", "Clinical photography"
    MARKETING = "marketing", "Marketing use of photographs"


class ConsentText(models.Model):
    """One version of a consent text. Never edited once written: a change is a new version."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="consent_texts")
    kind = models.CharField(max_length=12, choices=ConsentKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["clinic", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "kind", "version"], name="consent_text_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} ({self.clinic})"


class SignatureMethod(models.TextChoices):
    DRAWN = "drawn", "Drawn"
    TYPED = "typed", "Typed"


class ConsentRecord(models.Model):
    """What a patient was shown and decided, signed and witnessed. Withdrawal ends it at once.

    ``shown_text`` is exactly what was on the screen and ``shown_hash`` its SHA-256, so the
    record proves what was agreed even if the clinic's text changes later.
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="consents")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        "plans.TreatmentPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
    )
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(max_length=12, choices=ConsentKind.choices)
    granted = models.BooleanField(
        help_text="The patient agreed (photography and marketing are choices)."
    )
    shown_text = models.TextField()
    shown_hash = models.CharField(max_length=64)
    signature_method = models.CharField(max_length=8, choices=SignatureMethod.choices)
    signature_typed = models.CharField(max_length=200, blank=True)
    signature_image = models.TextField(blank=True, help_text="PNG data URL of a drawn signature.")
    signed_at = models.DateTimeField()
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-signed_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "kind", "-signed_at"], name="consent_patient_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} consent {self.pk}"

    @property
    def is_valid(self) -> bool:
        return self.granted and self.withdrawn_at is None
