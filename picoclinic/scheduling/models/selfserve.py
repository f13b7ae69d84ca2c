"""Patients' own changes of their appointments, the waitlist for an earlier time, the offers
made from it and the holds that keep an offered time for one patient.

A hold (``SlotHold``) is one row per resource (practitioner, room, laser) over the time that
resource would be busy, exactly as the bookings of an appointment would be. Availability reads
unexpired holds with the bookings (one query), so every path that books through the locking
service (front desk, series, online page, portal, rescheduling) sees the time as taken until
the hold expires by itself (``expires_at``): no sweeper is needed to free it, only to offer it
to the next patient.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.scheduling.models.appointments import Appointment
from picoclinic.scheduling.models.resources import (
    AppointmentType,
    Device,
    Practitioner,
    Resource,
    Room,
)


class ChangeKind(models.TextChoices):
    BOOKED = "booked", _("Booked a session")
    MOVED = "moved", _("Moved an appointment")
    CANCELLED = "cancelled", _("Cancelled an appointment")
    CONFIRMED = "confirmed", _("Confirmed an appointment")
    WAITLIST_JOINED = "waitlist_joined", _("Asked for an earlier time")
    WAITLIST_LEFT = "waitlist_left", _("No longer waiting for an earlier time")
    OFFER_ACCEPTED = "offer_accepted", _("Took an earlier time offered")
    OFFER_DECLINED = "offer_declined", _("Declined an earlier time offered")


class SelfServiceChange(models.Model):
    """One change a patient made themselves (portal or reminder link), for the front desk."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    at = models.DateTimeField()
    # Wall-clock description of the time before and after (no patient data).
    before = models.DateTimeField(null=True, blank=True)
    after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["clinic", "at"], name="selfserve_change_clinic_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.appointment_id})"


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    MOVED = "moved", _("Moved to an earlier time")
    LEFT = "left", _("Left the waitlist")
    ENDED = "ended", _("Ended")  # the appointment was cancelled, moved or has passed


class WaitlistEntry(models.Model):
    """A patient asks for an earlier time than their booked ``appointment`` (a course session),
    inside the session's interval window."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="waitlist_entries"
    )
    status = models.CharField(
        max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["clinic", "status"], name="waitlist_clinic_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment"],
                condition=Q(status="waiting"),
                name="waitlist_one_waiting_per_appointment",
            ),
        ]

    def __str__(self) -> str:
        return f"Waitlist entry {self.pk} ({self.status})"


class FreedSlot(models.Model):
    """A time that became free (a cancellation or a move) and may be offered to the waitlist.
    Written in the freeing transaction; ``handled_at`` is set once nobody (more) fits."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField()
    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="+")
    freed_at = models.DateTimeField()
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["freed_at", "id"]
        indexes = [
            models.Index(
                fields=["freed_at"], condition=Q(handled_at__isnull=True), name="freed_unhandled"
            )
        ]

    def __str__(self) -> str:
        return f"Freed slot {self.pk}"


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class WaitlistOffer(models.Model):
    """A freed time offered to one waiting patient, held for them until ``expires_at``."""

    slot = models.ForeignKey(FreedSlot, on_delete=models.CASCADE, related_name="offers")
    entry = models.ForeignKey(WaitlistEntry, on_delete=models.CASCADE, related_name="offers")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(Room, null=True, on_delete=models.PROTECT, related_name="+")
    device = models.ForeignKey(Device, null=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["expires_at"], condition=Q(status="offered"), name="offer_open_expiry"
            )
        ]

    def __str__(self) -> str:
        return f"Offer {self.pk} ({self.status})"

    @property
    def patient(self):
        return self.entry.patient

    @property
    def hold_minutes(self) -> int:
        return int((self.expires_at - self.created_at) / timedelta(minutes=1))


class SlotHold(models.Model):
    """One resource kept for an offer until ``expires_at`` (see the module's docstring)."""

    offer = models.ForeignKey(WaitlistOffer, on_delete=models.CASCADE, related_name="holds")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["resource", "starts_at", "expires_at"], name="hold_resource")
        ]

    def __str__(self) -> str:
        return f"Hold of resource {self.resource_id} for offer {self.offer_id}"


class LinkUse(models.Model):
    """A single-use link (a reminder's confirm or cancel) that has been used: its SHA-256."""

    token_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField()
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Link used at {self.used_at}"
