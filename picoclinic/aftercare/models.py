"""Aftercare issued for a session, and the follow-up tasks on the front desk's work list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient


class AftercareSheet(models.Model):
    """The aftercare the clinical core generated for one session, as issued to the patient.

    ``content`` is the structured plan (items with kind, topic, text, real calendar dates and
    sources) and ``text`` the plain-text version sent by e-mail and SMS; both are kept as issued,
    so the portal and the PDF show what the patient was given. ``delivery_claimed_at`` is set in
    the transaction that decides to send: the sheet goes out at most once.
    """

    session = models.OneToOneField(
        "treatments.TreatmentSession", on_delete=models.PROTECT, related_name="aftercare"
    )
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="aftercare_sheets", db_index=False
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    treated_on = models.DateField()
    indication = models.CharField(max_length=24)
    body_site = models.CharField(max_length=12)
    fitzpatrick = models.PositiveSmallIntegerField()
    fractional = models.BooleanField(default=False)
    periocular = models.BooleanField(default=False)
    tattoo_ink_cosmetic = models.BooleanField(default=False)
    content = models.JSONField()
    text = models.TextField()
    next_appointment_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    delivery_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_to = models.CharField(max_length=254, blank=True)
    texted_to = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-treated_on", "-id"]
        indexes = [models.Index(fields=["patient", "-treated_on"], name="aftercare_patient_day")]

    def __str__(self) -> str:
        return f"Aftercare {self.pk} for session {self.session_id}"


class TaskKind(models.TextChoices):
    CHECK_CALL_48H = "check_call_48h", "Check call 48 hours after a tattoo session"
    NEXT_DAY_CALL = "next_day_call", "Next-day call after a session with a precaution"
    ADVERSE_EVENT_CALL = "adverse_event_call", "Next-day call after an adverse event"
    REVIEW_BEFORE_NEXT = "review_before_next", "Review before the next session"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class FollowUpTask(models.Model):
    """Something the front desk does for a patient by a day: a call, a review before the next
    session. Created by rules when a session is signed (one per session and kind)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+", db_index=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="follow_up_tasks")
    session = models.ForeignKey(
        "treatments.TreatmentSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_tasks",
    )
    kind = models.CharField(max_length=24, choices=TaskKind.choices)
    due_on = models.DateField(help_text="The clinic's calendar day it is due.")
    reason = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["clinic", "status", "due_on"], name="task_clinic_status_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind"],
                condition=Q(session__isnull=False),
                name="task_one_per_session_kind",
            ),
            models.CheckConstraint(
                condition=Q(status=TaskStatus.OPEN) | Q(done_at__isnull=False),
                name="task_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on:%Y-%m-%d}"
