"""Appointments and the bookings that hold their resources.

An appointment occupies one ``Booking`` per resource (practitioner, room, laser), each over
the time that resource is really busy: the appointment plus the type's buffers for the
practitioner and the room, the appointment plus the laser's clean-up for the laser. The
database refuses two overlapping active bookings of one resource (``NoOverlapConstraint``):
whatever path a write takes, a resource is never double-booked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.scheduling.constraints import OVERLAP_MESSAGE, NoOverlapConstraint
from picoclinic.scheduling.models.resources import (
    MAX_OCCUPANCY,
    AppointmentKind,
    AppointmentType,
    Device,
    Practitioner,
    Resource,
    Room,
)

BOOKING_NO_OVERLAP = "booking_no_overlap"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CHECKED_IN = "checked_in", "Checked in"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "Did not attend"


# Statuses in which an appointment counts: it holds its resources, and a treatment session
# counts as this plan item's session number.
HOLDING_STATUSES = [
    AppointmentStatus.BOOKED,
    AppointmentStatus.CHECKED_IN,
    AppointmentStatus.COMPLETED,
]


class Appointment(models.Model):
    """A patient's appointment at a clinic.

    ``patient`` is empty only for a consultation requested on the public booking page by
    someone not registered yet (the front desk links or registers them); the database refuses
    an empty patient on any other kind. ``kind`` is copied from the type when booked, so a
    later edit of the type does not rewrite history. ``occurred_on`` is the clinic-calendar
    date it really took place (interval windows of later sessions count from it).
    """

    # The (clinic | patient | practitioner, starts_at) indexes serve the foreign keys too.
    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="appointments", db_index=False
    )
    patient = models.ForeignKey(
        Patient,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
        db_index=False,
    )
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.PROTECT, related_name="appointments"
    )
    kind = models.CharField(max_length=16, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="appointments", db_index=False
    )
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    device = models.ForeignKey(
        Device, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    wavelength_nm = models.PositiveSmallIntegerField(null=True, blank=True)
    plan = models.ForeignKey(
        "plans.TreatmentPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    plan_item = models.ForeignKey(
        "plans.PlanItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    session_number = models.PositiveSmallIntegerField(null=True, blank=True)
    occurred_on = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Set in the transaction that decides to send the reminder: at most one per appointment.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["clinic", "starts_at"], name="appointment_clinic_start"),
            models.Index(fields=["patient", "starts_at"], name="appointment_patient_start"),
            models.Index(
                fields=["practitioner", "starts_at"], name="appointment_practitioner_start"
            ),
            # The reminder sweep: booked and not yet reminded, by time.
            models.Index(
                fields=["starts_at"],
                condition=Q(status="booked", reminder_sent_at__isnull=True),
                name="appointment_reminder_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="appointment_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(patient__isnull=False) | Q(kind=AppointmentKind.CONSULTATION),
                name="appointment_patient_unless_consultation_request",
            ),
            models.CheckConstraint(
                condition=(
                    Q(plan_item__isnull=True, session_number__isnull=True)
                    | Q(plan_item__isnull=False, session_number__isnull=False)
                ),
                name="appointment_session_number_with_plan_item",
            ),
            # A plan item's session N is booked at most once at a time (a cancelled or missed
            # one can be booked again).
            models.UniqueConstraint(
                fields=["plan_item", "session_number"],
                condition=Q(status__in=HOLDING_STATUSES),
                name="appointment_one_session_number",
            ),
        ]

    def __str__(self) -> str:
        return f"Appointment {self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in HOLDING_STATUSES

    @property
    def local_day(self):
        """The day it starts on the clinic's calendar (needs ``clinic`` loaded)."""
        return timezone.localdate(self.starts_at, self.clinic.zone)


class Booking(models.Model):
    """One resource held by one appointment over ``[starts_at, ends_at)``.

    ``active`` mirrors "the appointment holds its resources" (not cancelled); it lives on this
    row because a database constraint can only look at the row it checks.
    """

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="bookings")
    # The (resource, starts_at) index serves the foreign key too.
    resource = models.ForeignKey(
        Resource, on_delete=models.PROTECT, related_name="bookings", db_index=False
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            # Covering: availability and the SQLite overlap trigger read only these columns,
            # so they are answered from the index without visiting the table.
            models.Index(
                fields=["resource", "starts_at", "ends_at", "active"],
                name="booking_resource_start",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["appointment", "resource"], name="booking_one_per_resource"
            ),
            NoOverlapConstraint(
                name=BOOKING_NO_OVERLAP,
                start="starts_at",
                end="ends_at",
                key="resource",
                active="active",
                max_span_minutes=int(MAX_OCCUPANCY.total_seconds() // 60),
                violation_error_message=OVERLAP_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"Booking of resource {self.resource_id} for appointment {self.appointment_id}"
