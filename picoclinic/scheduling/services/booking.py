"""Booking an appointment: the one write path that takes practitioners, rooms and lasers.

The pattern (pretix's since 2023): a short durable transaction that

1. locks the resource rows it may use, in id order, in one statement;
2. re-reads availability under those locks;
3. inserts the appointment and one booking per resource, and the audit entry;
4. commits.

Why the lock when the database already refuses overlaps: one appointment inserts two or three
bookings, and concurrent inserts probing the same exclusion index deadlock each other on
PostgreSQL (a real double booking never gets through, but people see errors). Taking the
resource locks first, always in the same order, makes concurrent bookings of the same resources
queue instead; the loser then re-checks and gets a clear "no longer available". On SQLite,
``select_for_update`` does nothing, but every write transaction begins IMMEDIATE and so holds
the database from its first statement: bookings run one at a time there.

The exclusion constraint (PostgreSQL) or triggers (SQLite) stay the last word: if anything
slips past the re-check, the insert fails and is reported as the same "no longer available".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.scheduling import errors
from picoclinic.scheduling.availability import (
    Slot,
    day_plan_load,
    device_range,
    held_ranges,
    resources_free_at,
)
from picoclinic.scheduling.constraints import OVERLAP_MESSAGE
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentKind,
    AppointmentType,
    Booking,
    Device,
    Practitioner,
    Resource,
    ResourceKind,
    Room,
    WorkingHours,
)
from picoclinic.scheduling.models.appointments import BOOKING_NO_OVERLAP
from picoclinic.scheduling.reminders import reminder_schedule
from picoclinic.scheduling.setup_cache import clinic_setup
from picoclinic.scheduling.signals import appointment_booked

# How long a booking waits for another booking's locks before giving up (PostgreSQL).
LOCK_TIMEOUT = "5s"
SESSION_NUMBER_UNIQUE = "appointment_one_session_number"


def appointment_book(
    *,
    actor: User,
    clinic: Clinic,
    patient: Patient,
    appointment_type: AppointmentType,
    starts_at: datetime,
    practitioner: Practitioner | None = None,
    room: Room | None = None,
    device: Device | None = None,
    plan_item=None,
    session_number: int | None = None,
    notes: str = "",
    now: datetime | None = None,
    site_url: str = "",
) -> Appointment:
    """Book ``appointment_type`` for ``patient`` at ``clinic`` starting at ``starts_at``.

    ``practitioner``/``room``/``device`` pin a resource; left out, the first free one is taken
    (practitioners by name, rooms and lasers by name). A treatment session passes its
    ``plan_item`` and ``session_number``; the plan must be approved and consented.

    Invariants: every resource the appointment needs is held by one active booking over the
    time it is really busy (buffers, laser clean-up); no resource is ever held twice at once
    (the database refuses it); the appointment and its audit entry commit together or not at
    all. Raises ``SlotUnavailable`` (message ``SLOT_UNAVAILABLE``) when the time cannot be
    had, ``BookingError`` with a named message for anything else refused. Must not run inside
    another transaction (``durable``): the locks must be released the moment it returns.
    """
    _check_request(clinic, patient, appointment_type, practitioner, plan_item, session_number)
    starts_at = aware_utc(starts_at)
    with booking_errors(), transaction.atomic(durable=True):
        resources_lock(
            clinic=clinic,
            appointment_type=appointment_type,
            starts=[starts_at],
            practitioners=[practitioner] if practitioner is not None else None,
            room=room,
            device=device,
        )
        return book_locked(
            actor=actor,
            clinic=clinic,
            patient=patient,
            appointment_type=appointment_type,
            starts_at=starts_at,
            practitioner=practitioner,
            room=room,
            device=device,
            plan_item=plan_item,
            session_number=session_number,
            notes=notes,
            now=now,
            site_url=site_url,
        )


def aware_utc(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        raise ValueError("booking times must be aware datetimes")
    return moment.astimezone(UTC)


@contextmanager
def booking_errors() -> Iterator[None]:
    """Turn the database refusing a booking into the named refusal people read."""
    try:
        yield
    except IntegrityError as exc:
        refused = _domain_error(exc)
        if refused is None:
            raise
        raise refused from exc
    except OperationalError as exc:
        if _is_lock_timeout(exc):
            raise errors.BookingError(errors.CALENDAR_BUSY) from exc
        raise


def book_locked(
    *,
    actor: User | None,
    clinic: Clinic,
    patient: Patient | None,  # None: an online request, its patient registered later
    appointment_type: AppointmentType,
    starts_at: datetime,
    practitioner: Practitioner | None,
    room: Room | None = None,
    device: Device | None = None,
    plan_item=None,
    session_number: int | None = None,
    notes: str = "",
    now: datetime | None = None,
    min_notice: timedelta | None = None,
    site_url: str = "",
) -> Appointment:
    """Re-check and insert one appointment. Call only inside a booking transaction that holds
    the resource locks (``resources_lock``): the re-check is only true while they are held.
    ``min_notice`` overrides the clinic's front-desk notice (the public page has its own)."""
    plan = day_plan_load(
        clinic=clinic,
        appointment_type=appointment_type,
        day=timezone.localdate(starts_at, clinic.zone),
        practitioner=practitioner,
        wavelength_nm=plan_item.wavelength_nm if plan_item is not None else None,
        indication=_indication(plan_item),
    )
    earliest = (now or timezone.now()) + (plan.min_notice if min_notice is None else min_notice)
    slot = resources_free_at(plan, starts_at, practitioner=practitioner, room=room, device=device)
    if slot is None or starts_at < earliest:
        raise errors.SlotUnavailable()
    appointment = _insert(
        actor, clinic, patient, appointment_type, slot, plan_item, session_number, notes
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=appointment,
        patient=patient,
        clinic=clinic,
        summary=f"Booked {appointment_type.get_kind_display().lower()}"
        + (f" (session {session_number})" if session_number else ""),
        changes={"starts_at": [None, starts_at.isoformat()]},
    )
    appointment_booked.send(sender=Appointment, appointment=appointment, site_url=site_url)
    return appointment


def _check_request(clinic, patient, appointment_type, practitioner, plan_item, session_number):
    if patient is None:
        raise errors.BookingError(errors.PATIENT_REQUIRED)
    if appointment_type.clinic_id != clinic.pk or not appointment_type.is_active:
        raise errors.BookingError(errors.TYPE_NOT_OFFERED)
    if patient.organisation_id != clinic.organisation_id:
        raise errors.BookingError(errors.PATIENT_ELSEWHERE)
    if practitioner is not None:
        if not _performs(clinic, practitioner, appointment_type):
            raise errors.BookingError(errors.PRACTITIONER_CANNOT_PERFORM)
        if not practitioner.may_treat(_indication(plan_item)):
            raise errors.BookingError(errors.PRACTITIONER_CANNOT_TREAT)
    if plan_item is None:
        # A session without its plan would skip the approval and consent checks below.
        if appointment_type.kind == AppointmentKind.TREATMENT:
            raise errors.BookingError(errors.TREATMENT_NEEDS_PLAN)
        return
    if appointment_type.kind != AppointmentKind.TREATMENT:
        raise errors.BookingError(errors.NOT_A_TREATMENT)
    if session_number is None or not 1 <= session_number <= plan_item.sessions:
        raise errors.BookingError(errors.SESSION_NUMBER_INVALID)
    plan_ready_for_sessions(plan=plan_item.plan)


def _performs(clinic, practitioner, appointment_type) -> bool:
    # The clinic's cached set-up knows what its working practitioners perform; someone with
    # no hours here is asked of the database (and will find no free time anyway).
    setup = clinic_setup(clinic)
    if practitioner.pk in setup.performs:
        return setup.may_perform(practitioner.pk, appointment_type.pk)
    return practitioner.appointment_types.filter(pk=appointment_type.pk).exists()


def plan_ready_for_sessions(*, plan) -> None:
    """Refuse unless the plan's approval is valid for its current content and a valid
    treatment consent covers it (the plans and consent apps decide both)."""
    from picoclinic.consent.selectors import valid_treatment_consent
    from picoclinic.plans.models import PlanStatus
    from picoclinic.plans.selectors import plan_approval_valid

    approved = plan.status in {PlanStatus.APPROVED, PlanStatus.IN_PROGRESS}
    if not approved or not plan_approval_valid(plan):
        raise errors.BookingError(errors.PLAN_NOT_APPROVED)
    if valid_treatment_consent(plan=plan) is None:
        raise errors.BookingError(errors.NO_VALID_CONSENT)


def _indication(plan_item) -> str | None:
    return plan_item.concern.indication if plan_item is not None else None


def resources_lock(
    *,
    clinic: Clinic,
    appointment_type: AppointmentType,
    starts: list[datetime],
    practitioners: list[Practitioner] | None,
    room: Room | None = None,
    device: Device | None = None,
) -> None:
    """Lock every resource these bookings might take, in id order, in one statement.

    One statement and one order for everyone: two bookings can never each hold a lock the
    other waits for. When no practitioner, room or laser is pinned, all candidates are locked
    (a handful of rows), so the first free one can be chosen safely under the lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    if practitioners is not None:
        wanted = Q(pk__in=[p.pk for p in practitioners])
    else:
        weekdays = {timezone.localdate(s, clinic.zone).weekday() for s in starts}
        wanted = Q(
            pk__in=WorkingHours.objects.filter(
                clinic=clinic,
                weekday__in=weekdays,
                practitioner__appointment_types=appointment_type,
            ).values("practitioner_id")
        )
    if appointment_type.needs_room:
        wanted |= Q(pk=room.pk) if room is not None else Q(clinic=clinic, kind=ResourceKind.ROOM)
    if appointment_type.needs_device:
        wanted |= (
            Q(pk=device.pk) if device is not None else Q(clinic=clinic, kind=ResourceKind.DEVICE)
        )
    list(Resource.objects.select_for_update().filter(wanted).order_by("pk").values_list("pk"))


def _insert(
    actor: User | None,
    clinic,
    patient,
    appointment_type,
    slot: Slot,
    plan_item,
    session_number,
    notes,
):
    appointment = Appointment.objects.create(
        clinic=clinic,
        patient=patient,
        appointment_type=appointment_type,
        kind=appointment_type.kind,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        practitioner=slot.practitioners[0],
        room=slot.rooms[0] if slot.rooms else None,
        device=slot.devices[0] if slot.devices else None,
        wavelength_nm=(plan_item.wavelength_nm if plan_item else appointment_type.wavelength_nm),
        plan=plan_item.plan if plan_item is not None else None,
        plan_item=plan_item,
        session_number=session_number,
        notes=notes[:300],
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    Booking.objects.bulk_create(bookings_for(appointment))
    reminder_schedule(appointment)
    return appointment


def bookings_for(appointment: Appointment) -> list[Booking]:
    """The bookings an appointment holds: practitioner and room over the appointment and its
    buffers, the laser over the appointment and its clean-up."""
    appointment_range, held = held_ranges(appointment.appointment_type, appointment.starts_at)
    rows = [
        Booking(
            appointment=appointment,
            resource_id=appointment.practitioner_id,
            starts_at=held[0],
            ends_at=held[1],
        )
    ]
    if appointment.room_id is not None:
        rows.append(
            Booking(
                appointment=appointment,
                resource_id=appointment.room_id,
                starts_at=held[0],
                ends_at=held[1],
            )
        )
    if appointment.device_id is not None:
        busy = device_range(appointment.device, appointment_range)
        rows.append(
            Booking(
                appointment=appointment,
                resource_id=appointment.device_id,
                starts_at=busy[0],
                ends_at=busy[1],
            )
        )
    return rows


def is_overlap_violation(exc: IntegrityError) -> bool:
    """True when ``exc`` is the database refusing a double booking (either database)."""
    diag = getattr(exc.__cause__, "diag", None)
    if diag is not None and getattr(diag, "constraint_name", None) == BOOKING_NO_OVERLAP:
        return True
    return OVERLAP_MESSAGE in str(exc)


def _domain_error(exc: IntegrityError) -> errors.BookingError | None:
    if is_overlap_violation(exc):
        return errors.SlotUnavailable()
    text = str(exc)
    diag = getattr(exc.__cause__, "diag", None)
    if getattr(diag, "constraint_name", None) == SESSION_NUMBER_UNIQUE or (
        "plan_item_id" in text and "session_number" in text
    ):
        return errors.BookingError(errors.SESSION_ALREADY_BOOKED)
    return None


def _is_lock_timeout(exc: OperationalError) -> bool:
    # PostgreSQL's lock_not_available (55P03); SQLite waits out its busy timeout instead.
    return getattr(exc.__cause__, "sqlstate", None) == "55P03"
