"""Outcome scores and maintenance recalls (issue #7, items 3 and 6).

A score belongs to one plan item (the concern being treated), at a session (the scheduling
appointment: a treatment session is one-to-one with its appointment) or at a review date. The
number is what the clinical core computed from the rater's inputs; the inputs are kept too.
A recall is the clinic's reminder to see a patient again after a completed course.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from picoclinic.clinical.scales_common import ScaleId
from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.web import patient_words


class Scale(models.TextChoices):
    """The core's ``ScaleId`` values, as stored (stable keys)."""

    PIGMENT_CLEARANCE = ScaleId.PIGMENT_CLEARANCE.value, "Pigment clearance"
    MMASI = ScaleId.MMASI.value, "mMASI"
    MASI = ScaleId.MASI.value, "MASI"
    GOODMAN_BARON_QUALITATIVE = ScaleId.GOODMAN_BARON_QUALITATIVE.value, "Goodman & Baron grade"
    GOODMAN_BARON_QUANTITATIVE = ScaleId.GOODMAN_BARON_QUANTITATIVE.value, "Goodman & Baron score"
    ECCA = ScaleId.ECCA.value, "ECCA"
    GAIS = ScaleId.GAIS.value, "GAIS"
    PAIN_NRS = ScaleId.PAIN_NRS.value, "Pain (0-10)"
    PATIENT_SATISFACTION = ScaleId.PATIENT_SATISFACTION.value, "Satisfaction"


class Rater(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    PATIENT = "patient", "Patient"


class OutcomeScore(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="outcome_scores")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    plan_item = models.ForeignKey(
        "plans.PlanItem", on_delete=models.PROTECT, related_name="outcome_scores"
    )
    appointment = models.ForeignKey(
        "scheduling.Appointment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcome_scores",
    )
    assessed_on = models.DateField()
    scale = models.CharField(max_length=32, choices=Scale.choices)
    rater = models.CharField(max_length=12, choices=Rater.choices)
    # The headline number (clearance %, index score, grade...), as the core computed it.
    value = models.DecimalField(max_digits=6, decimal_places=2)
    grade = models.SmallIntegerField(null=True, blank=True)
    label = models.CharField(max_length=120, blank=True)
    # The clearance grading scheme or the GAIS coding: a number means nothing without it.
    coding = models.CharField(max_length=40, blank=True)
    inputs = models.JSONField(default=dict, blank=True)
    unverified = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["assessed_on", "id"]
        indexes = [models.Index(fields=["patient", "assessed_on"], name="score_patient_date")]

    def __str__(self) -> str:
        return f"{self.get_scale_display()} {self.value} ({self.assessed_on})"


class RecallStatus(models.TextChoices):
    OPEN = "open", "To contact"
    CONTACTED = "contacted", "Contacted"
    BOOKED = "booked", "Booked"
    CLOSED = "closed", "Closed"


class Recall(models.Model):
    """One maintenance or review recall after a completed course, one per plan item."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="recalls")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="recalls")
    plan = models.ForeignKey("plans.TreatmentPlan", on_delete=models.PROTECT, related_name="+")
    plan_item = models.OneToOneField(
        "plans.PlanItem", on_delete=models.PROTECT, related_name="recall"
    )
    indication = models.CharField(max_length=32)
    due_on = models.DateField()
    reason = models.CharField(max_length=300)
    advice = models.CharField(max_length=400, blank=True)
    source = models.CharField(max_length=200)
    unverified = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=RecallStatus.choices, default=RecallStatus.OPEN
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    booked_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["clinic", "status", "due_on"], name="recall_clinic_due")]

    def __str__(self) -> str:
        return f"Recall {self.pk} due {self.due_on}"

    @property
    def patient_reason(self) -> str:
        """The reason in the patient's words (portal, summary, reminder)."""
        return patient_words.plain(self.reason)
