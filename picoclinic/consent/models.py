"""Consent: versioned texts kept by the clinic admin, and what each patient signed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient

TEXT_IMMUTABLE = "A consent text is never changed once written: save a new version instead."
TEXT_SIGNED = "This consent text has been signed by patients and cannot be deleted."
RECORD_IMMUTABLE = "A signed consent record cannot be changed; only a withdrawal can be added."
RECORD_NOT_DELETABLE = "A signed consent record cannot be deleted."

WITHDRAWAL_FIELDS = frozenset({"withdrawn_at", "withdrawn_by", "withdrawal_reason"})


class ConsentKind(models.TextChoices):
    TREATMENT = "treatment", "Treatment course"
    PHOTOGRAPHY = "photography", "Clinical photography"
    MARKETING = "marketing", "Marketing use of photographs"


class ConsentTextQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(TEXT_IMMUTABLE)

    def delete(self):
        if self.filter(records__isnull=False).exists():
            raise PermissionError(TEXT_SIGNED)
        return super().delete()


class ConsentText(models.Model):
    """One version of a consent text. Never edited once written: a change is a new version
    (``consent.services.consent_text_publish``). A version a patient signed is never deleted.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="consent_texts")
    kind = models.CharField(max_length=12, choices=ConsentKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # A starter text shipped with the product: "review before use" while it is the newest
    # version of its kind; an admin's own version (edited or confirmed) ends that.
    starter = models.BooleanField(default=False, editable=False)

    objects = ConsentTextQuerySet.as_manager()

    class Meta:
        ordering = ["clinic", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "kind", "version"], name="consent_text_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} ({self.clinic})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(TEXT_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and self.records.exists():
            raise PermissionError(TEXT_SIGNED)
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.records.exists()


class SignatureMethod(models.TextChoices):
    DRAWN = "drawn", "Drawn"
    TYPED = "typed", "Typed"


class ConsentRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(RECORD_IMMUTABLE)

    def delete(self):
        raise PermissionError(RECORD_NOT_DELETABLE)


class ConsentRecord(models.Model):
    """What a patient was shown and decided, signed and witnessed. Withdrawal ends it at once.

    ``shown_text`` is exactly what was on the screen and ``shown_hash`` its SHA-256, so the
    record proves what was agreed even if the clinic's text changes later. Immutable like the
    audit trail: ``save`` refuses any change to a stored record except setting the withdrawal
    fields once, ``delete`` and the queryset's ``update``/``delete`` refuse.
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
    # The plan's content version the patient was shown (a treatment consent covers that one).
    plan_version = models.PositiveIntegerField(null=True, blank=True)
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

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "kind", "-signed_at"], name="consent_patient_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} consent {self.pk}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self._check_only_withdrawal_added()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(RECORD_NOT_DELETABLE)

    @property
    def is_valid(self) -> bool:
        return self.granted and self.withdrawn_at is None

    def _check_only_withdrawal_added(self) -> None:
        stored = ConsentRecord.objects.get(pk=self.pk)
        if stored.withdrawn_at is not None:
            raise PermissionError(RECORD_IMMUTABLE)
        for field in self._meta.concrete_fields:
            if field.name in WITHDRAWAL_FIELDS:
                continue
            if getattr(stored, field.attname) != getattr(self, field.attname):
                raise PermissionError(RECORD_IMMUTABLE)
