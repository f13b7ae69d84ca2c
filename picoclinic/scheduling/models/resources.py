"""What can be booked and when: practitioners, rooms and lasers, hours, leave and downtime.

Recurring hours (opening hours, working hours) are wall-clock times in the clinic's zone, per
weekday: "Mondays 09:00-18:00" stays 09:00-18:00 on both sides of a DST change. Concrete
periods (leave, device downtime) are aware datetimes, stored in UTC.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from picoclinic.clinical.common import Indication
from picoclinic.clinical.indications_model import Handpiece
from picoclinic.clinics.models import Clinic

# Limits that keep a booking's occupied range short: the availability and calendar queries
# rely on it to bound their index scans (see MAX_OCCUPANCY).
MAX_DURATION_MINUTES = 8 * 60
MAX_BUFFER_MINUTES = 120
MAX_OCCUPANCY = timedelta(minutes=MAX_DURATION_MINUTES + 2 * MAX_BUFFER_MINUTES)
MINUTES_STEP = 5

ENDS_BEFORE_START = "The end must be after the start."


def validate_minutes_step(value: int) -> None:
    if value % MINUTES_STEP:
        raise ValidationError(f"Use a multiple of {MINUTES_STEP} minutes.")


def _minutes(maximum: int, minimum: int = 0) -> list:
    return [MinValueValidator(minimum), MaxValueValidator(maximum), validate_minutes_step]


def validate_wavelengths(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("List the wavelengths in nm, e.g. [532, 1064].")
    for item in value:
        if not isinstance(item, int) or isinstance(item, bool) or not 300 <= item <= 3000:
            raise ValidationError(f"{item!r} is not a wavelength in nm (300-3000).")


def validate_handpieces(value) -> None:
    allowed = {h.value for h in Handpiece}
    if not isinstance(value, list) or any(item not in allowed for item in value):
        raise ValidationError(f"Handpieces are a list drawn from {sorted(allowed)}.")


def validate_indications(value) -> None:
    allowed = {i.value for i in Indication}
    if not isinstance(value, list) or any(item not in allowed for item in value):
        raise ValidationError(f"Indications are a list drawn from {sorted(allowed)}.")


class Weekday(models.IntegerChoices):
    # Python's date.weekday() numbering.
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ResourceKind(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    ROOM = "room", "Room"
    DEVICE = "device", "Laser"


class Resource(models.Model):
    """Anything a booking occupies. One table, so the no-overlap rule and the booking lock
    (``select_for_update`` ordered by id, one statement) cover every kind at once.

    A practitioner is one resource across the whole organisation (``clinic`` empty): someone
    who works at two clinics can never be booked at both at the same time. Rooms and lasers
    belong to one clinic.
    """

    KIND: str = ""

    kind = models.CharField(max_length=12, choices=ResourceKind.choices, editable=False)
    name = models.CharField(max_length=100, help_text="As shown on the calendar.")
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="resources"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name", "id"]
        indexes = [models.Index(fields=["clinic", "kind"], name="resource_clinic_kind")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=ResourceKind.PRACTITIONER, clinic__isnull=True)
                    | (~Q(kind=ResourceKind.PRACTITIONER) & Q(clinic__isnull=False))
                ),
                name="resource_clinic_by_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The kind is the subclass's, fixed: it is what the calendar groups columns by.
        if self.KIND:
            self.kind = self.KIND
        super().save(*args, **kwargs)


class Room(Resource):
    KIND = ResourceKind.ROOM

    class Meta:
        ordering = ["name", "id"]

    def clean(self) -> None:
        super().clean()
        if self.clinic_id is None:
            raise ValidationError({"clinic": "A room belongs to a clinic."})


class Device(Resource):
    """A laser. It is busy for its clean-up time after every use, and during downtime."""

    KIND = ResourceKind.DEVICE

    model_name = models.CharField(max_length=120, help_text="Maker and model.")
    serial_number = models.CharField(max_length=60, blank=True)
    wavelengths_nm = models.JSONField(
        default=list, validators=[validate_wavelengths], help_text="e.g. [532, 1064]"
    )
    handpieces = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_handpieces],
        help_text='e.g. ["flat_beam", "fractional"]',
    )
    cleanup_minutes = models.PositiveSmallIntegerField(
        default=10,
        validators=_minutes(MAX_BUFFER_MINUTES),
        help_text="Cleaning and cooling after each use; the laser cannot be booked meanwhile.",
    )

    class Meta:
        ordering = ["name", "id"]

    def clean(self) -> None:
        super().clean()
        if self.clinic_id is None:
            raise ValidationError({"clinic": "A laser belongs to a clinic."})

    def delivers(self, wavelength_nm: int | None) -> bool:
        return wavelength_nm is None or wavelength_nm in self.wavelengths_nm


class DowntimeKind(models.TextChoices):
    MAINTENANCE = "maintenance", "Maintenance"
    CALIBRATION = "calibration", "Calibration"
    REPAIR = "repair", "Repair"


class DeviceDowntime(models.Model):
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="downtimes")
    kind = models.CharField(max_length=12, choices=DowntimeKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["device", "starts_at"], name="downtime_device_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="downtime_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.device}"


class AppointmentKind(models.TextChoices):
    CONSULTATION = "consultation", "Consultation"
    TREATMENT = "treatment", "Treatment session"
    REVIEW = "review", "Review"
    TEST_SPOT = "test_spot", "Test spot"


class AppointmentType(models.Model):
    """What can be booked at a clinic, how long it takes and what it needs.

    A practitioner is always needed. The buffers keep the practitioner and the room busy
    before and after (preparation, photos, clean-up); a laser is busy for the appointment and
    its own clean-up time. ``wavelength_nm`` asks for a laser that delivers it; a treatment
    session takes the wavelength from its plan item instead.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="appointment_types")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=AppointmentKind.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        validators=_minutes(MAX_DURATION_MINUTES, minimum=MINUTES_STEP)
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(
        default=0, validators=_minutes(MAX_BUFFER_MINUTES)
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        default=0, validators=_minutes(MAX_BUFFER_MINUTES)
    )
    needs_room = models.BooleanField(default=True)
    needs_device = models.BooleanField(default=False)
    wavelength_nm = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Needs a laser delivering this wavelength."
    )
    online_bookable = models.BooleanField(
        default=False, help_text="Offered on the public booking page."
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Starter content: "review before use" until an admin saves or confirms it.
    needs_review = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["position", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="appointment_type_name"),
            models.CheckConstraint(
                condition=Q(needs_device=True) | Q(wavelength_nm__isnull=True),
                name="appointment_type_wavelength_needs_device",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def buffer_before(self) -> timedelta:
        return timedelta(minutes=self.buffer_before_minutes)

    @property
    def buffer_after(self) -> timedelta:
        return timedelta(minutes=self.buffer_after_minutes)


class Practitioner(Resource):
    """A member of staff who sees patients: which types they may perform, which indications
    they may treat, and (through WorkingHours) when and where they work."""

    KIND = ResourceKind.PRACTITIONER

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practitioner"
    )
    appointment_types = models.ManyToManyField(
        AppointmentType, blank=True, related_name="practitioners"
    )
    indications = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_indications],
        help_text='Indications they may treat, e.g. ["melasma", "tattoo"].',
    )

    class Meta:
        ordering = ["name", "id"]

    def may_treat(self, indication: str | None) -> bool:
        return indication is None or indication in self.indications


class WorkingHours(models.Model):
    """A practitioner's regular hours at one clinic on one weekday (wall clock there)."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="working_hours"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name_plural = "working hours"
        indexes = [models.Index(fields=["clinic", "weekday"], name="working_hours_clinic_day")]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="working_hours_order"),
            models.UniqueConstraint(
                fields=["practitioner", "weekday", "starts"], name="working_hours_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError(ENDS_BEFORE_START)
        if self.practitioner_id is None or self.weekday is None or not self.starts:
            return
        # One person cannot work two overlapping shifts, at this clinic or another.
        clash = WorkingHours.objects.filter(
            practitioner_id=self.practitioner_id,
            weekday=self.weekday,
            starts__lt=self.ends,
            ends__gt=self.starts,
        ).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError("These hours overlap other working hours of this person.")


class Leave(models.Model):
    """Time a practitioner is away (holiday, training, sickness), anywhere in the organisation."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="leave")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "leave"
        indexes = [models.Index(fields=["practitioner", "starts_at"], name="leave_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="leave_order"),
        ]

    def __str__(self) -> str:
        return f"Leave of {self.practitioner}"


class OpeningHours(models.Model):
    """When the clinic is open on a weekday (wall clock). Two rows make a lunch break."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="opening_hours_order"),
            models.UniqueConstraint(
                fields=["clinic", "weekday", "opens"], name="opening_hours_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class Closure(models.Model):
    """Whole days the clinic is closed (bank holidays, refurbishment), both dates included."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=120, blank=True)
    # A public holiday from the starter content: "review before use" until saved or confirmed.
    needs_review = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="closure_order"),
        ]

    def __str__(self) -> str:
        return f"Closed {self.starts_on:%d %b %Y}-{self.ends_on:%d %b %Y}"


class SchedulingPolicy(models.Model):
    """A clinic's booking rules. A clinic without a row uses the defaults."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="scheduling")
    slot_minutes = models.PositiveSmallIntegerField(
        default=15,
        validators=_minutes(120, minimum=MINUTES_STEP),
        help_text="Offered start times are this many minutes apart.",
    )
    min_notice_minutes = models.PositiveIntegerField(
        default=0, help_text="Front desk: how soon before its start a slot can still be booked."
    )
    online_booking = models.BooleanField(
        default=False,
        help_text="New patients may request a consultation here on the public booking page.",
    )
    online_max_per_contact = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Public booking page: most upcoming requests per e-mail address or phone.",
    )
    online_min_notice_minutes = models.PositiveIntegerField(
        default=24 * 60, help_text="Public booking page: minimum notice."
    )
    online_days_ahead = models.PositiveSmallIntegerField(
        default=60, help_text="Public booking page: how far ahead slots are offered."
    )
    patient_notice_minutes = models.PositiveIntegerField(
        default=24 * 60,
        validators=[MaxValueValidator(14 * 24 * 60)],
        help_text=(
            "Portal: patients book, move or cancel their own appointments at least this many "
            "minutes ahead; nearer the time they are asked to call."
        ),
    )
    offer_hold_minutes = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
        help_text="Waitlist: how long a freed time offered to a patient is kept for them.",
    )
    online_invite_to_portal = models.BooleanField(
        default=False,
        help_text=(
            "When an online request becomes a registered patient, invite them to the patient "
            "portal at once (by e-mail, and SMS when they gave a phone)."
        ),
    )
    reminder_hours_before = models.PositiveSmallIntegerField(
        default=24,
        validators=[MaxValueValidator(14 * 24)],
        help_text="Remind patients this many hours before their appointment (0: no reminders).",
    )

    class Meta:
        verbose_name_plural = "scheduling policies"

    def __str__(self) -> str:
        return f"Booking rules of {self.clinic}"

    @property
    def slot_step(self) -> timedelta:
        return timedelta(minutes=self.slot_minutes)

    @property
    def min_notice(self) -> timedelta:
        return timedelta(minutes=self.min_notice_minutes)

    @property
    def online_min_notice(self) -> timedelta:
        return timedelta(minutes=self.online_min_notice_minutes)

    @property
    def patient_notice(self) -> timedelta:
        return timedelta(minutes=self.patient_notice_minutes)

    @property
    def offer_hold(self) -> timedelta:
        return timedelta(minutes=self.offer_hold_minutes)

    @property
    def reminder_lead(self) -> timedelta:
        return timedelta(hours=self.reminder_hours_before)
