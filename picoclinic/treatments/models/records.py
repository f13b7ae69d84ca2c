"""What was done and what happened: settings per area and pass, the skin's immediate response,
and adverse events linked to the setting that preceded them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from picoclinic.clinical.indications_model import Handpiece, InkColour
from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.treatments.models.locking import SessionPart, SessionPartQuerySet, part_lock
from picoclinic.treatments.models.sessions import TreatmentSession

HANDPIECE_CHOICES = [
    (Handpiece.FLAT_BEAM.value, "Flat beam"),
    (Handpiece.FRACTIONAL.value, "Fractional (DLA / MLA)"),
]
INK_CHOICES = [
    (InkColour.BLACK_DARK_BLUE.value, "Black or dark blue"),
    (InkColour.BLUE_GREEN_PURPLE.value, "Blue, green or purple"),
    (InkColour.RED_ORANGE.value, "Red or orange"),
    (InkColour.YELLOW.value, "Yellow"),
    (InkColour.WHITE_FLESH_COSMETIC.value, "White, flesh-tone or cosmetic"),
]


class Endpoint(models.TextChoices):
    WHITENING = "whitening", "Immediate whitening (frosting)"
    GREYING = "greying", "Ash-grey darkening of the pigment"
    ERYTHEMA = "erythema", "Erythema"
    MILD_ERYTHEMA = "mild_erythema", "Mild erythema only"
    PINPOINT_BLEEDING = "pinpoint_bleeding", "Pinpoint bleeding"
    NONE = "none", "No visible change"


class SettingsEntry(SessionPart):
    """The device settings used on one area in one pass, with the core's findings as shown.

    ``findings`` is the core's answer at the time of entry (level, code, message, reason,
    source); ``blocked`` is true when any finding was a BLOCK, and such an entry needs a
    doctor's override (who, when, why) before the session can be signed.
    """

    session = models.ForeignKey(TreatmentSession, on_delete=models.CASCADE, related_name="entries")
    area = models.CharField(max_length=80)
    pass_number = models.PositiveSmallIntegerField(default=1)
    device = models.ForeignKey("scheduling.Device", on_delete=models.PROTECT, related_name="+")
    handpiece = models.CharField(max_length=12, choices=HANDPIECE_CHOICES)
    wavelength_nm = models.PositiveSmallIntegerField()
    spot_mm = models.DecimalField(max_digits=4, decimal_places=1)
    fluence_j_cm2 = models.DecimalField(max_digits=6, decimal_places=3)
    pulse_ps = models.PositiveIntegerField()
    repetition_hz = models.DecimalField(max_digits=4, decimal_places=1)
    pulses = models.PositiveIntegerField(null=True, blank=True)
    endpoint = models.CharField(max_length=20, choices=Endpoint.choices)
    ink_colour = models.CharField(max_length=24, choices=INK_CHOICES, blank=True)
    notes = models.CharField(max_length=300, blank=True)
    findings = models.JSONField(default=list, blank=True)
    blocked = models.BooleanField(default=False)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["entered_at", "id"]
        verbose_name_plural = "settings entries"
        constraints = [part_lock("treatments_entry_lock")]

    def __str__(self) -> str:
        return f"Settings {self.pk}: {self.wavelength_nm} nm, pass {self.pass_number}"

    @property
    def needs_override(self) -> bool:
        return self.blocked and self.override_at is None

    @property
    def warnings(self) -> list[dict]:
        return [f for f in self.findings if f.get("level") == "WARN"]

    @property
    def blocks(self) -> list[dict]:
        return [f for f in self.findings if f.get("level") == "BLOCK"]


class Grade(models.TextChoices):
    NONE = "none", "None"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class Anaesthesia(models.TextChoices):
    NONE = "none", "None"
    TOPICAL = "topical", "Topical anaesthetic cream"
    INJECTED = "injected", "Local injection (doctor)"


class Cooling(models.TextChoices):
    NONE = "none", "None"
    AIR = "air", "Cold air"
    CONTACT = "contact", "Contact cooling"
    COMPRESS = "compress", "Cold compress or ice pack"


class ImmediateResponse(SessionPart):
    """The skin's immediate response and the pain felt (0-10 numeric rating scale)."""

    session = models.OneToOneField(
        TreatmentSession, on_delete=models.CASCADE, related_name="response"
    )
    erythema = models.CharField(max_length=10, choices=Grade.choices)
    oedema = models.CharField(max_length=10, choices=Grade.choices)
    whitening = models.BooleanField("whitening or frosting")
    pinpoint_bleeding = models.BooleanField()
    blistering = models.BooleanField()
    pain_score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    # The core's word for the score (rate_pain), kept as shown.
    pain_severity = models.CharField(max_length=20)
    anaesthesia = models.CharField(max_length=10, choices=Anaesthesia.choices)
    cooling = models.CharField(max_length=10, choices=Cooling.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pain_score__lte=10), name="response_pain_0_10"
            ),
            part_lock("treatments_response_lock"),
        ]

    def __str__(self) -> str:
        return f"Response in session {self.session_id}"


class AdverseEventSource(models.TextChoices):
    SESSION = "session", "Seen during the session"
    FOLLOW_UP = "follow_up", "Follow-up call"
    PATIENT_REPORT = "patient_report", "Reported by the patient"
    REVIEW = "review", "Seen at a review"


class AdverseEventKind(models.TextChoices):
    BLISTERING = "blistering", "Blistering"
    BURN = "burn", "Burn"
    PROLONGED_ERYTHEMA = "prolonged_erythema", "Redness or swelling beyond the expected"
    PURPURA = "purpura", "Bruising or purpura"
    HYPERPIGMENTATION = "hyperpigmentation", "Darkening (PIH)"
    HYPOPIGMENTATION = "hypopigmentation", "Lightening or white patches"
    SCARRING = "scarring", "Scarring"
    INFECTION = "infection", "Infection"
    HSV = "hsv", "Cold sore (HSV reactivation)"
    PARADOXICAL_DARKENING = "paradoxical_darkening", "Paradoxical ink darkening"
    OCULAR = "ocular", "Eye symptom or injury"
    PAIN = "pain", "Severe pain"
    OTHER = "other", "Other"


class AdverseGrade(models.IntegerChoices):
    MILD = 1, "1 · Mild: no treatment needed"
    MODERATE = 2, "2 · Moderate: treatment or a change of plan"
    SEVERE = 3, "3 · Severe: medically significant"


class AdverseEventQuerySet(SessionPartQuerySet):
    def update(self, **kwargs):
        # Resolution can still be recorded on an event that is part of a signed session.
        if set(kwargs) <= AdverseEvent.WRITABLE_WHEN_LOCKED:
            return models.QuerySet.update(self, **kwargs)
        self.filter(source=AdverseEventSource.SESSION)._refuse_locked()
        return models.QuerySet.update(self, **kwargs)


# What may still be written on an event that is part of a signed session: its resolution, the
# doctor's acknowledgement and the notification's claim (none of them rewrite what was seen).
EVENT_WRITABLE = (
    "resolved",
    "resolved_on",
    "resolution_note",
    "resolved_by",
    "resolved_at",
    "acknowledged_by",
    "acknowledged_at",
    "acknowledgement_note",
    "doctor_notified_at",
)


class AdverseEvent(SessionPart):
    """An adverse event of a patient, with a grade and its onset, recorded at any time.

    ``session`` and ``settings_entry`` are optional links to the treatment and the setting that
    preceded it. An event seen during the session (source SESSION) is part of the signed
    record; only its resolution and a doctor's acknowledgement may be recorded afterwards.
    ``serious`` is decided when it is recorded (``treatments.adverse.is_serious``): a doctor is
    told and must acknowledge it, and while open it blocks the patient's next checklist.
    """

    WRITABLE_WHEN_LOCKED = frozenset(EVENT_WRITABLE)

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="adverse_events")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        TreatmentSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adverse_events",
    )
    settings_entry = models.ForeignKey(
        SettingsEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adverse_events",
    )
    follow_up_task = models.ForeignKey(
        "aftercare.FollowUpTask",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adverse_events",
    )
    source = models.CharField(max_length=16, choices=AdverseEventSource.choices)
    kind = models.CharField(max_length=24, choices=AdverseEventKind.choices)
    grade = models.PositiveSmallIntegerField(choices=AdverseGrade.choices)
    serious = models.BooleanField(default=False)
    onset_at = models.DateTimeField()
    description = models.TextField()
    resolved = models.BooleanField(default=False)
    resolved_on = models.DateField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    doctor_notified_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    objects = AdverseEventQuerySet.as_manager()

    class Meta:
        ordering = ["-onset_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "-onset_at"], name="adverse_patient_onset"),
            models.Index(fields=["clinic", "resolved"], name="adverse_clinic_open"),
        ]
        constraints = [part_lock("treatments_event_lock", writable=EVENT_WRITABLE)]

    def __str__(self) -> str:
        return f"Adverse event {self.pk} (grade {self.grade})"

    def locks_with_session(self) -> bool:
        return self.source == AdverseEventSource.SESSION

    @property
    def awaiting_acknowledgement(self) -> bool:
        return self.serious and self.acknowledged_at is None
