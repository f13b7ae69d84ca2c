"""The treatment session: one per treatment appointment, its checklist, screening and addenda."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.treatments.errors import RecordLocked
from picoclinic.treatments.models.db_lock import RecordLock
from picoclinic.treatments.models.locking import (
    COSIGN_FIELDS,
    LOCKED_STATUSES,
    SessionPart,
    SessionStatus,
    part_lock,
    session_is_locked,
)


class TreatmentPolicy(models.Model):
    """A clinic's rules for session records. A clinic without a row uses the defaults."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="treatment_policy")
    cosign_all_sessions = models.BooleanField(
        default=False, help_text="Every session record needs a doctor's co-signature."
    )
    cosign_after_override = models.BooleanField(
        default=True,
        help_text="A session in which a doctor passed a blocked item or setting is co-signed.",
    )
    cosign_after_adverse_event = models.BooleanField(
        default=True, help_text="A session with an adverse event is co-signed by a doctor."
    )

    class Meta:
        verbose_name = "treatment session policy"
        verbose_name_plural = "treatment session policies"

    def __str__(self) -> str:
        return f"Session policy of {self.clinic}"


class SessionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(status__in=LOCKED_STATUSES).exists():
            raise RecordLocked()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status__in=LOCKED_STATUSES).exists():
            raise RecordLocked()
        return super().delete()


class TreatmentSession(models.Model):
    """What was done at one treatment appointment, by whom, on which skin.

    The skin type, tan status, indication and site are copied in at the time: a later change
    of the consultation or plan does not rewrite what this session stood on. Once signed the
    record is immutable (see ``locking``); corrections are ``Addendum`` rows.
    """

    appointment = models.OneToOneField(
        "scheduling.Appointment", on_delete=models.PROTECT, related_name="treatment_session"
    )
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="treatment_sessions", db_index=False
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+", db_index=False)
    plan = models.ForeignKey("plans.TreatmentPlan", on_delete=models.PROTECT, related_name="+")
    plan_item = models.ForeignKey(
        "plans.PlanItem", on_delete=models.PROTECT, related_name="treatment_sessions"
    )
    session_number = models.PositiveSmallIntegerField()
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    indication = models.CharField(max_length=24)
    body_site = models.CharField(max_length=12)
    periocular = models.BooleanField(default=False)
    areas = models.CharField(max_length=200, blank=True)
    fitzpatrick = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    # Asked at the chair (the checklist's skin item); None until then.
    tanned = models.BooleanField(null=True, blank=True)
    treated_on = models.DateField(help_text="The clinic's calendar day of the appointment.")
    status = models.CharField(
        max_length=12, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The medical history as re-confirmed at this visit (the core's "history" shape).
    history = models.JSONField(default=dict, blank=True)
    medications = models.TextField(blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    cosign_required = models.BooleanField(default=False)
    cosign_reasons = models.JSONField(default=list, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cosigned_at = models.DateTimeField(null=True, blank=True)
    cosign_hash = models.CharField(max_length=64, blank=True)
    not_treated_reason = models.TextField(blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-treated_on", "-id"]
        indexes = [
            models.Index(fields=["patient", "-treated_on"], name="session_patient_day"),
            models.Index(fields=["clinic", "-treated_on"], name="session_clinic_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fitzpatrick__gte=1, fitzpatrick__lte=6), name="session_fitzpatrick"
            ),
            models.CheckConstraint(
                condition=Q(status=SessionStatus.OPEN) | Q(signed_at__isnull=False),
                name="session_locked_has_signature",
            ),
            RecordLock(
                name="treatments_session_lock",
                locked_when="status",
                locked_values=tuple(str(s) for s in LOCKED_STATUSES),
                writable=tuple(sorted(COSIGN_FIELDS)),
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.pk} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        allowed = update_fields and set(update_fields) <= COSIGN_FIELDS
        if not allowed and session_is_locked(self.pk):
            raise RecordLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if session_is_locked(self.pk):
            raise RecordLocked()
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    @property
    def awaiting_cosign(self) -> bool:
        return self.status == SessionStatus.SIGNED and self.cosign_required and not self.cosigned_at


class SessionScreening(SessionPart):
    """One run of the contraindication screening at the chair, as shown (the newest counts).

    Field names follow ``consultations.ScreeningRecord`` so the consultations app's presenter
    (``screening_view``) shows it the same way.
    """

    session = models.ForeignKey(
        TreatmentSession, on_delete=models.CASCADE, related_name="screenings"
    )
    screened_at = models.DateTimeField()
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    planned_on = models.DateField()
    history = models.JSONField()
    changed_keys = models.JSONField(default=list, blank=True)
    policy_name = models.CharField(max_length=100)
    overall = models.CharField(max_length=16)
    blocks_approval = models.BooleanField()
    needs_doctor_review = models.BooleanField()
    report = models.JSONField()

    class Meta:
        ordering = ["-screened_at", "-id"]
        constraints = [part_lock("treatments_screening_lock")]

    def __str__(self) -> str:
        return f"Session screening {self.pk}: {self.overall}"


class CheckCode(models.TextChoices):
    PLAN_APPROVED = "plan_approved", "Plan approved, this version"
    CONSENT = "consent", "Valid treatment consent"
    SCREENING = "screening", "Medical history re-confirmed and screened"
    ADVERSE_EVENTS = "adverse_events", "Open adverse events reviewed"
    PHOTOS = "photos", "Photos taken"
    SKIN_PREPARED = "skin_prepared", "Make-up removed, skin cleansed and examined"
    EYE_PROTECTION = "eye_protection", "Eye protection for everyone in the room"
    CORNEAL_SHIELDS = "corneal_shields", "Corneal shields in (periocular work)"
    TEST_SPOT = "test_spot", "Test spot done and read"
    # The doctor's instructions on the plan (present only when the plan has the instruction).
    INSTR_ANTIVIRAL = "instr_antiviral", _("Antiviral taken as the doctor instructed")
    INSTR_FLUENCE = "instr_fluence", _("Laser set at or below the doctor's fluence cap")
    INSTR_COOLING = "instr_cooling", _("Cooling ready as the doctor instructed")


class CheckState(models.TextChoices):
    PENDING = "pending", "To do"
    DONE = "done", "Done"
    BLOCKED = "blocked", "Blocked"
    OVERRIDDEN = "overridden", "Passed by a doctor"
    NOT_APPLICABLE = "not_applicable", "Not needed"


PASSED_STATES = (CheckState.DONE, CheckState.OVERRIDDEN, CheckState.NOT_APPLICABLE)


class ChecklistItem(SessionPart):
    """One item of the pre-treatment checklist; ``detail`` says what was found or why."""

    session = models.ForeignKey(TreatmentSession, on_delete=models.CASCADE, related_name="checks")
    code = models.CharField(max_length=20, choices=CheckCode.choices)
    position = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(max_length=16, choices=CheckState.choices, default=CheckState.PENDING)
    detail = models.CharField(max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "code"], name="checklist_one_per_code"),
            part_lock("treatments_checklist_lock"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.get_state_display()}"

    @property
    def passed(self) -> bool:
        return self.state in PASSED_STATES


class AddendumQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RecordLocked("Addenda are append-only.")

    def delete(self):
        raise RecordLocked("Addenda are append-only.")


class Addendum(models.Model):
    """A dated correction or addition to a signed session, by a named user. Append-only."""

    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    objects = AddendumQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "addenda"
        constraints = [RecordLock(name="treatments_addendum_lock", locked_when=None)]

    def __str__(self) -> str:
        return f"Addendum {self.pk} to session {self.session_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RecordLocked("Addenda are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordLocked("Addenda are append-only.")
