"""Writes to appointments: booking (``services.booking``), check-in, cancellation, no-show.

Every change runs in one transaction with its audit entry, under a lock on the appointment row
so two people pressing buttons at once cannot both move it (cancel and check-in, say).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.scheduling import errors
from picoclinic.scheduling.freeing import slot_freed_record
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    Booking,
    WaitlistEntry,
    WaitlistStatus,
)
from picoclinic.scheduling.services.booking import appointment_book, plan_ready_for_sessions
from picoclinic.scheduling.services.reschedule import appointment_reschedule
from picoclinic.scheduling.services.series import SessionChoice, series_book

__all__ = [
    "SessionChoice",
    "appointment_book",
    "appointment_cancel",
    "appointment_check_in",
    "appointment_complete",
    "appointment_mark_no_show",
    "appointment_reschedule",
    "plan_ready_for_sessions",
    "series_book",
]


def appointment_lock(appointment: Appointment) -> Appointment:
    return (
        # of=self: lock the appointment row only (the patient join is an outer join).
        Appointment.objects.select_for_update(of=("self",))
        .select_related("clinic", "patient")
        .get(pk=appointment.pk)
    )


def _move(
    locked: Appointment, *, actor: User | None, to: AppointmentStatus, summary: str, **fields
) -> None:
    before = locked.status
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "updated_at", *fields])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        patient=locked.patient,
        clinic=locked.clinic,
        summary=summary,
        changes={"status": [before, str(to)]},
    )


def appointment_cancel(
    *, actor: User | None, appointment: Appointment, reason: str = ""
) -> Appointment:
    """Cancel a booked or checked-in appointment and free its resources at once.

    Invariants: its bookings stop being active in the same transaction, so the time is
    bookable again the moment this commits (and a future course session's time is offered to
    the waitlist after commit); its waitlist entry ends; a completed or missed appointment is
    history and cannot be cancelled.
    """
    with transaction.atomic():
        locked = appointment_lock(appointment)
        if locked.status not in {AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN}:
            raise errors.BookingError(errors.CANNOT_CANCEL)
        Booking.objects.filter(appointment=locked).update(active=False)
        now = timezone.now()
        WaitlistEntry.objects.filter(appointment=locked, status=WaitlistStatus.WAITING).update(
            status=WaitlistStatus.ENDED, ended_at=now
        )
        slot_freed_record(appointment=locked, starts_at=locked.starts_at, now=now)
        _move(
            locked,
            actor=actor,
            to=AppointmentStatus.CANCELLED,
            summary="Cancelled appointment",
            cancelled_at=timezone.now(),
            cancel_reason=reason.strip()[:200],
        )
    return locked


def appointment_mark_no_show(
    *, actor: User, appointment: Appointment, now: datetime | None = None
) -> Appointment:
    """Record that the patient did not attend a booked appointment that has started.

    The time it held stays held: it is past or under way. A plan's session marked so can be
    booked again (its session number is free once the appointment stops counting).
    """
    with transaction.atomic():
        locked = appointment_lock(appointment)
        if locked.status != AppointmentStatus.BOOKED or (now or timezone.now()) < locked.starts_at:
            raise errors.BookingError(errors.CANNOT_NO_SHOW)
        _move(locked, actor=actor, to=AppointmentStatus.NO_SHOW, summary="Marked as not attended")
    return locked


def appointment_check_in(
    *, actor: User, appointment: Appointment, now: datetime | None = None
) -> Appointment:
    """The patient has arrived for today's booked appointment."""
    with transaction.atomic():
        locked = appointment_lock(appointment)
        if locked.status != AppointmentStatus.BOOKED:
            raise errors.BookingError(errors.CANNOT_CHECK_IN)
        zone = locked.clinic.zone
        today = timezone.localdate(now or timezone.now(), zone)
        if timezone.localdate(locked.starts_at, zone) != today:
            raise errors.BookingError(errors.CANNOT_CHECK_IN_YET)
        _move(locked, actor=actor, to=AppointmentStatus.CHECKED_IN, summary="Checked in")
    return locked


def appointment_complete(
    *, actor: User, appointment: Appointment, occurred_on: date | None = None
) -> Appointment:
    """The appointment took place, on ``occurred_on`` (the clinic's calendar day; by default
    the day it was booked for). A course's next interval window counts from that day."""
    with transaction.atomic():
        locked = appointment_lock(appointment)
        if locked.status not in {AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN}:
            raise errors.BookingError(errors.CANNOT_COMPLETE)
        _move(
            locked,
            actor=actor,
            to=AppointmentStatus.COMPLETED,
            summary="Completed appointment",
            occurred_on=occurred_on or locked.local_day,
        )
    return locked
