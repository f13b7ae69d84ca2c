"""The consultation: skin type, concerns, medical history, prior treatments and goals.

Structured answers are stored in the clinical core's own JSON shapes, so the core's parsers
(``estimate_io.parse_concern``, ``screening_io``) read them back without a second mapping:
``Concern.details`` is a ``picoclinic estimate`` input without ``fitzpatrick`` (which comes from
the consultation), ``Consultation.medical_history`` is a ``picoclinic screen`` "history".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from picoclinic.clinical.common import BodySite, Indication, Severity
from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient


def _choices(enum) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ").capitalize()) for member in enum]


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class SkinTypeSource(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    CLINICIAN = "clinician", "Entered by the clinician"


class Consultation(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="consultations")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    # Skin type: the questionnaire's answers and result, or a type entered directly with a
    # reason; ``fitzpatrick`` is the type in force (clinician-confirmed when it differs).
    questionnaire_answers = models.JSONField(default=dict, blank=True)
    questionnaire_total = models.PositiveSmallIntegerField(null=True, blank=True)
    questionnaire_type = models.PositiveSmallIntegerField(null=True, blank=True)
    fitzpatrick = models.PositiveSmallIntegerField(null=True, blank=True)
    fitzpatrick_source = models.CharField(max_length=16, choices=SkinTypeSource.choices, blank=True)
    fitzpatrick_reason = models.TextField(blank=True)

    medical_history = models.JSONField(default=dict, blank=True)
    medical_history_notes = models.TextField(blank=True)
    medications = models.TextField(blank=True)
    prior_treatments = models.TextField(blank=True)
    goals = models.TextField(blank=True)

    # What the practitioner typed and has not yet saved cleanly, section by section, so a
    # validation error, a reload or a closed tab loses nothing.
    draft = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["patient", "-started_at"], name="consult_patient_started")]

    def __str__(self) -> str:
        return f"Consultation {self.pk} ({self.get_status_display()})"


class Concern(models.Model):
    """One thing the patient wants treated."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="concerns"
    )
    indication = models.CharField(max_length=24, choices=_choices(Indication))
    body_site = models.CharField(max_length=12, choices=_choices(BodySite))
    severity = models.CharField(max_length=12, choices=_choices(Severity))
    periocular = models.BooleanField(default=False)
    # The rest of the estimate input (area_cm2, tattoo, acne_scar_type, rejuvenation_target,
    # ink_colours_present, prior_sessions, prior_response) in the estimate contract's shape.
    details = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_indication_display()} ({self.get_body_site_display()})"


class ScreeningRecord(models.Model):
    """One run of the contraindication screening for one concern, kept as shown."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="screenings"
    )
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="screenings")
    screened_at = models.DateTimeField(auto_now_add=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    planned_on = models.DateField()
    policy_name = models.CharField(max_length=100)
    overall = models.CharField(max_length=16)
    blocks_approval = models.BooleanField()
    needs_doctor_review = models.BooleanField()
    report = models.JSONField()
    # What was screened: the ``picoclinic screen`` "history" and "treatment" objects, so a later
    # change to the history or the concern shows the screening as out of date.
    inputs = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-screened_at", "-id"]
        indexes = [models.Index(fields=["concern", "-screened_at"], name="screening_concern_at")]

    def __str__(self) -> str:
        return f"Screening {self.pk}: {self.overall}"


class ReportedStatus(models.TextChoices):
    REPORTED = "reported", "Reported by the patient"
    CONFIRMED = "confirmed", "Confirmed"
    CORRECTED = "corrected", "Corrected by the practitioner"


class ReportedItem(models.Model):
    """One answer the patient gave before the visit (the questionnaire, the self-assessment),
    shown beside the record as "reported by the patient" until the practitioner confirms it
    (its ``value`` is written to the record) or corrects it (the record is theirs to set).

    ``key`` names what it fills: ``history:<core key>``, ``skin``, ``concern``, or a text field
    (``medications``, ``medical_history_notes``, ``prior_treatments``, ``goals``); ``value`` is
    in the record's own shape.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="reported_items"
    )
    key = models.CharField(max_length=64)
    source = models.CharField(max_length=24)
    label = models.CharField(max_length=300)
    answer = models.TextField()
    value = models.JSONField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ReportedStatus.choices, default=ReportedStatus.REPORTED
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "source", "key"], name="reported_item_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == ReportedStatus.REPORTED
