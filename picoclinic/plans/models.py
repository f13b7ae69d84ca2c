"""The personalised treatment plan, its states, and the doctor's approval of one version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from picoclinic.clinical.indications_model import Handpiece
from picoclinic.clinics.models import Clinic
from picoclinic.consultations.models import Concern, Consultation
from picoclinic.patients.models import Patient


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_REVIEW = "awaiting_review", "Awaiting medical review"
    APPROVED = "approved", "Approved"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class TreatmentPlan(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="plans")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="plans")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    # Goes up by one with every change to the plan's content; an approval names the version.
    version = models.PositiveIntegerField(default=1)
    review_required = models.BooleanField(default=False)
    review_reasons = models.JSONField(default=list, blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    package_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["patient", "-created_at"], name="plan_patient_created")]

    def __str__(self) -> str:
        return f"Plan {self.pk} v{self.version} ({self.get_status_display()})"


class PlanItem(models.Model):
    """The plan for one concern: protocol, number of sessions and the interval window."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="items")
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="plan_items")
    areas = models.CharField(max_length=200, blank=True)
    goals = models.TextField(blank=True)
    expected_outcome = models.TextField(blank=True)
    wavelength_nm = models.PositiveSmallIntegerField()
    handpiece = models.CharField(
        max_length=12, choices=[(h.value, h.value.replace("_", " ")) for h in Handpiece]
    )
    spot_mm = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    fluence_min = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    fluence_max = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    sessions = models.PositiveSmallIntegerField()
    interval_min_days = models.PositiveSmallIntegerField()
    interval_target_days = models.PositiveSmallIntegerField()
    interval_max_days = models.PositiveSmallIntegerField()
    # Required when the interval is outside the published range for the indication.
    interval_reason = models.TextField(blank=True)
    adjuncts = models.TextField(blank=True)
    # The estimate as shown when the plan was made (the core's estimate_to_dict output).
    estimate = models.JSONField(default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Plan item {self.pk}: {self.sessions} sessions at {self.wavelength_nm} nm"


class PlanEvent(models.Model):
    """Each change of state, with who and when (the audit trail holds the same, by patient)."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=16, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=PlanStatus.choices)
    version = models.PositiveIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} -> {self.to_status} (v{self.version})"


class PlanApproval(models.Model):
    """A doctor's signature on one exact version of a plan (``content_hash`` of its content)."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="approvals")
    version = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-approved_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="one_approval_per_version"),
        ]

    def __str__(self) -> str:
        return f"Approval of plan {self.plan_id} v{self.version}"


class CourseChangeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a doctor"
    APPLIED = "applied", "Applied"
    DECLINED = "declined", "Declined"


class CourseChange(models.Model):
    """A course in progress extended or shortened: the number of sessions of one item.

    The course goes on under its approved version while a change waits for a doctor; applying
    it raises the plan's version with an approval of the new version (the doctor's, or the
    practitioner's own where no review is needed), so the patient signs consent again for the
    changed course. One pending change per plan at a time.
    """

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="changes")
    item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="changes")
    sessions_before = models.PositiveSmallIntegerField()
    sessions_after = models.PositiveSmallIntegerField()
    sessions_done = models.PositiveSmallIntegerField()
    reason = models.TextField()
    review_reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=CourseChangeStatus.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    # The plan version the change produced (applied changes only).
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status="pending"),
                name="one_pending_course_change_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"Course change {self.pk}: {self.sessions_before} -> {self.sessions_after}"


class InstructionKind(models.TextChoices):
    """A doctor's structured instruction on a plan; what each enforces is in
    ``plans/instructions.py``."""

    TEST_SPOT_FIRST = "test_spot_first", _("Test spot first")
    LOWER_FLUENCE = "lower_fluence", _("Lower fluence (capped)")
    ANTIVIRAL = "antiviral", _("Antiviral prophylaxis")
    COOLING = "cooling", _("Cooling during and after treatment")


class PlanInstruction(models.Model):
    """One structured instruction of a plan. Part of the plan's approved content (a change is a
    new version needing a new approval). ``confirmed_by`` is the doctor whose approval covered
    it; one written by a practitioner waits for a doctor's confirmation."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="instructions")
    kind = models.CharField(max_length=20, choices=InstructionKind.choices)
    # LOWER_FLUENCE: no setting above this at the chair (J/cm²).
    fluence_cap = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # TEST_SPOT_FIRST: days between the test spot and its reading (session 1 not before).
    reading_days = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="plan_instruction_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (plan {self.plan_id})"
