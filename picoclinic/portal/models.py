"""What a patient tells the clinic through the portal: a side effect after a treatment.

A report is the patient's own words, not a clinical record: staff read it, then record it as
an adverse event (graded by them, linked to the session) or close it with a note.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient


class SideEffectKind(models.TextChoices):
    REDNESS = "redness", "Redness or swelling that is not settling"
    BLISTERS = "blisters", "Blisters, crusts or raw skin"
    DARKER = "darker", "Darker patches"
    LIGHTER = "lighter", "Lighter or white patches"
    PAIN = "pain", "Pain that is getting worse"
    INFECTION = "infection", "Signs of infection: pus, heat, spreading redness or fever"
    COLD_SORE = "cold_sore", "A cold sore"
    EYE = "eye", "A problem with an eye or your eyesight"
    BURN = "burn", _("A burn: skin that looks scorched, raw or weeping")
    OTHER = "other", "Something else"


# The adverse-event kind staff start from when they record a report (they can change it).
EVENT_KIND: dict[str, str] = {
    SideEffectKind.REDNESS: "prolonged_erythema",
    SideEffectKind.BLISTERS: "blistering",
    SideEffectKind.DARKER: "hyperpigmentation",
    SideEffectKind.LIGHTER: "hypopigmentation",
    SideEffectKind.PAIN: "pain",
    SideEffectKind.INFECTION: "infection",
    SideEffectKind.COLD_SORE: "hsv",
    SideEffectKind.EYE: "ocular",
    SideEffectKind.BURN: "burn",
    SideEffectKind.OTHER: "other",
}
# Reports the patient is told to phone about now, not wait for a reply, and that staff see
# first (clinical reference §6.3 red flags [CLINIC]: blistering, infection signs, any visual
# symptom; an eye symptom after laser work is an emergency until seen, §5 "Periocular
# treatment"). A burn is a house rule, as in ``treatments.adverse`` [UNVERIFIED].
URGENT = frozenset(
    {SideEffectKind.EYE, SideEffectKind.INFECTION, SideEffectKind.BLISTERS, SideEffectKind.BURN}
)


class ReportStatus(models.TextChoices):
    NEW = "new", "New"
    RECORDED = "recorded", "Recorded as an adverse event"
    CLOSED = "closed", "Closed without an event"


class SideEffectReport(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="side_effects")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=SideEffectKind.choices)
    started_on = models.DateField()
    description = models.TextField()
    # The treatment it followed, as the patient chose it (their signed sessions only).
    session = models.ForeignKey(
        "treatments.TreatmentSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=ReportStatus.choices, default="new")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_note = models.TextField(blank=True)
    adverse_event = models.ForeignKey(
        "treatments.AdverseEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The alert: the clinic's practitioners and doctors e-mailed once (claimed under the row's
    # lock before sending), acknowledged by a named clinician, escalated once to the doctors and
    # admins when nobody acknowledged it in time.
    staff_alerted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["clinic", "status", "reported_at"], name="report_clinic_status"),
            models.Index(fields=["patient", "-reported_at"], name="report_patient"),
        ]

    def __str__(self) -> str:
        return f"Side-effect report {self.pk} ({self.get_status_display()})"

    @property
    def urgent(self) -> bool:
        return self.kind in URGENT

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


ESCALATE_AFTER_DEFAULT = 60


class SideEffectAlertPolicy(models.Model):
    """How long a clinic lets a patient's side-effect report wait for a clinician's
    acknowledgement before its doctors and admins are told. A clinic without a row uses the
    default (clinic policy, not a clinical figure: patients with urgent signs are also told to
    phone)."""

    clinic = models.OneToOneField(
        "clinics.Clinic", on_delete=models.CASCADE, related_name="side_effect_policy"
    )
    escalate_after_minutes = models.PositiveSmallIntegerField(
        _("escalate after (minutes)"),
        default=ESCALATE_AFTER_DEFAULT,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
        help_text=_(
            "A side-effect report nobody acknowledged by then is e-mailed to the clinic's "
            "doctors and admins (5 minutes to 24 hours)."
        ),
    )

    class Meta:
        verbose_name = _("side-effect alert policy")
        verbose_name_plural = _("side-effect alert policies")

    def __str__(self) -> str:
        return f"Side-effect alert policy of {self.clinic}"

    @property
    def escalate_after(self) -> timedelta:
        return timedelta(minutes=self.escalate_after_minutes)
