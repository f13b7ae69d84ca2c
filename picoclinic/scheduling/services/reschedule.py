"""Moving a booked appointment, and the later sessions of its course with it, in one go."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.accounts.roles import Capability
from picoclinic.accounts.selectors import clinics_for_user
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.scheduling import errors
from picoclinic.scheduling.availability import day_plan_load, resources_free_at
from picoclinic.scheduling.freeing import slot_freed_record
from picoclinic.scheduling.models import Appointment, AppointmentStatus, Booking
from picoclinic.scheduling.reminders import reminder_schedule
from picoclinic.scheduling.rescheduling import later_sessions, session_window
from picoclinic.scheduling.series import course_so_far, interval_window
from picoclinic.scheduling.services.booking import (
    aware_utc,
    booking_errors,
    bookings_for,
    resources_lock,
)
from picoclinic.scheduling.services.series import SessionChoice, test_spot_check


def appointment_reschedule(
    *,
    actor: User,
    appointment: Appointment,
    starts_at: datetime,
    practitioner=None,
    later: Sequence[SessionChoice] = (),
    override_reason: str = "",
    now: datetime | None = None,
    within=None,
) -> Appointment:
    """Move a booked appointment to ``starts_at`` and the ``later`` sessions as previewed.

    Invariants: only booked appointments move; a session outside its interval window moves
    only with a doctor's override and a reason, both in the audit trail; every later session
    ends inside its window counted from the one before it; all moves happen in one
    transaction under the booking locks, re-checked there: all or nothing. The old times are
    free the moment it commits (a future course session's old time is offered to the
    waitlist after commit). ``within()``, if given, runs inside the transaction under the
    locks before anything moves (a waitlist offer releases its hold there).
    """
    now = now or timezone.now()
    starts_at = aware_utc(starts_at)
    practitioner = practitioner or appointment.practitioner
    if appointment.status != AppointmentStatus.BOOKED:
        raise errors.BookingError(errors.CANNOT_MOVE)
    _check_test_spot(appointment, starts_at)
    override = _check_window(actor, appointment, starts_at, override_reason.strip(), now)
    moves = [(appointment, starts_at, practitioner), *_later_moves(appointment, later)]
    _check_chain(appointment, starts_at, moves, now)
    with booking_errors(), transaction.atomic(durable=True):
        resources_lock(
            clinic=appointment.clinic,
            appointment_type=appointment.appointment_type,
            starts=[start for _, start, _ in moves],
            practitioners=list({who.pk: who for _, _, who in moves}.values()),
        )
        if within is not None:
            within()
        # The moving appointments' own times stop counting (this transaction only).
        Booking.objects.filter(appointment__in=[a for a, _, _ in moves]).delete()
        for moving, start, who in moves:
            _move_locked(actor, moving, start, who, now, override if moving is appointment else "")
    return appointment


def _check_test_spot(appointment, starts_at) -> None:
    """Session 1 moved under the doctor's "test spot first" still waits for the test spot's
    reading, as when the course was booked (no override: the doctor changes the plan)."""
    if appointment.plan_item_id is None or appointment.session_number != 1:
        return
    course = course_so_far(plan_item=appointment.plan_item)
    others = [held for held in course.held if held.pk != appointment.pk]
    test_spot_check(
        course=replace(course, held=others),
        plan_item=appointment.plan_item,
        first_start=starts_at,
        clinic=appointment.clinic,
    )


def _check_window(actor: User, appointment, starts_at, reason: str, now) -> str:
    zone = appointment.clinic.zone
    window = session_window(appointment, timezone.localdate(now, zone))
    if window is None or window.contains(timezone.localdate(starts_at, zone)):
        return ""
    if not reason:
        raise errors.BookingError(errors.OVERRIDE_NEEDED)
    doctors_clinics = clinics_for_user(actor, Capability.REVIEW_PLANS)
    if not doctors_clinics.filter(pk=appointment.clinic_id).exists():
        raise errors.BookingError(errors.OVERRIDE_DOCTOR_ONLY)
    return reason[:300]


def _later_moves(appointment, later: Sequence[SessionChoice]):
    sessions = {s.session_number: s for s in later_sessions(appointment)}
    moves = []
    for choice in later:
        session = sessions.get(choice.session_number)
        if session is None:
            raise errors.BookingError(errors.LATER_SESSION_INVALID)
        moves.append((session, aware_utc(choice.starts_at), choice.practitioner))
    return moves


def _check_chain(appointment, starts_at, moves, now) -> None:
    """Every later session, moved or staying, inside its window from the one before it."""
    zone = appointment.clinic.zone
    today = timezone.localdate(now, zone)
    moved = {a.pk: start for a, start, _ in moves}
    previous = timezone.localdate(starts_at, zone)
    for session in later_sessions(appointment):
        day = timezone.localdate(moved.get(session.pk, session.starts_at), zone)
        window = interval_window(appointment.plan_item, previous, today)
        if not window.contains(day):
            raise errors.BookingError(
                errors.SESSION_OUTSIDE_WINDOW.format(
                    number=session.session_number,
                    day=f"{day:%a %d %b %Y}",
                    earliest=f"{window.earliest:%a %d %b}",
                    latest=f"{window.latest:%a %d %b %Y}",
                )
            )
        previous = day


def _move_locked(actor: User, appointment, starts_at, practitioner, now, override: str) -> None:
    item = appointment.plan_item
    clinic = appointment.clinic
    plan = day_plan_load(
        clinic=clinic,
        appointment_type=appointment.appointment_type,
        day=timezone.localdate(starts_at, clinic.zone),
        practitioner=practitioner,
        wavelength_nm=item.wavelength_nm if item else None,
        indication=item.concern.indication if item else None,
    )
    slot = resources_free_at(plan, starts_at, practitioner=practitioner)
    if slot is None or starts_at < now + plan.min_notice:
        raise errors.SlotUnavailable()
    before = (appointment.starts_at.isoformat(), appointment.practitioner.name)
    if appointment.starts_at != slot.starts_at:
        slot_freed_record(appointment=appointment, starts_at=appointment.starts_at, now=now)
    appointment.starts_at, appointment.ends_at = slot.starts_at, slot.ends_at
    appointment.practitioner = practitioner
    appointment.room = slot.rooms[0] if slot.rooms else None
    appointment.device = slot.devices[0] if slot.devices else None
    # A reminder of the old time says nothing right: remind of the new one. The task queued
    # for the old time finds the appointment not due, or reminded, and does nothing.
    appointment.reminder_sent_at = None
    appointment.save(
        update_fields=[
            "starts_at",
            "ends_at",
            "practitioner",
            "room",
            "device",
            "reminder_sent_at",
            "updated_at",
        ]
    )
    Booking.objects.bulk_create(bookings_for(appointment))
    reminder_schedule(appointment)
    changes: dict[str, object] = {
        "starts_at": [before[0], starts_at.isoformat()],
        "practitioner": [before[1], practitioner.name],
    }
    if override:
        changes["window_override_reason"] = override
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=appointment,
        patient=appointment.patient,
        clinic=clinic,
        summary="Rescheduled outside the interval window (doctor's override)"
        if override
        else "Rescheduled appointment",
        changes=changes,
    )
