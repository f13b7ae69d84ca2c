"""Booking the rest of a treatment course in one go: every session or none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import User
from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.scheduling import errors
from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentType, Practitioner
from picoclinic.scheduling.series import course_so_far, interval_window, test_spot_gate
from picoclinic.scheduling.services.booking import (
    aware_utc,
    book_locked,
    booking_errors,
    plan_ready_for_sessions,
    resources_lock,
)


@dataclass(frozen=True)
class SessionChoice:
    session_number: int
    starts_at: datetime
    practitioner: Practitioner


def series_book(
    *,
    actor: User,
    clinic: Clinic,
    patient: Patient,
    plan_item,
    appointment_type: AppointmentType,
    sessions: list[SessionChoice],
    now: datetime | None = None,
    within=None,
) -> list[Appointment]:
    """Book the chosen sessions of ``plan_item``, all in one transaction: all or nothing.

    Invariants: the plan's approval is valid for its current content and a valid treatment
    consent covers it; the sessions are remaining ones of the item, each booked once; each
    falls inside its interval window counted from the previous session (the real date of one
    already held, else the previous choice); every resource is held without overlap, under
    locks taken at the start in one statement. If any session cannot be had, nothing is
    booked and the refusal names the session. ``within(booked)``, if given, runs inside the
    transaction after the bookings (more writes of the same change, all or nothing with them).
    """
    _check_series(clinic, patient, plan_item, appointment_type, sessions)
    choices = sorted(
        (SessionChoice(c.session_number, aware_utc(c.starts_at), c.practitioner) for c in sessions),
        key=lambda c: c.session_number,
    )
    _check_windows(clinic, plan_item, choices, now)
    booked = []
    with booking_errors(), transaction.atomic(durable=True):
        resources_lock(
            clinic=clinic,
            appointment_type=appointment_type,
            starts=[c.starts_at for c in choices],
            practitioners=list({c.practitioner.pk: c.practitioner for c in choices}.values()),
        )
        for choice in choices:
            try:
                appointment = book_locked(
                    actor=actor,
                    clinic=clinic,
                    patient=patient,
                    appointment_type=appointment_type,
                    starts_at=choice.starts_at,
                    practitioner=choice.practitioner,
                    plan_item=plan_item,
                    session_number=choice.session_number,
                    now=now,
                )
            except errors.SlotUnavailable as exc:
                raise errors.SlotUnavailable(_named(clinic, choice, errors.SERIES_SLOT)) from exc
            booked.append(appointment)
        if within is not None:
            within(booked)
    return booked


def _check_series(clinic, patient, plan_item, appointment_type, sessions) -> None:
    if not sessions:
        raise errors.BookingError(errors.SERIES_EMPTY)
    if plan_item.plan.patient_id != patient.pk:
        raise errors.BookingError(errors.SESSION_NUMBER_INVALID)
    if appointment_type.kind != AppointmentKind.TREATMENT:
        raise errors.BookingError(errors.NOT_A_TREATMENT)
    if appointment_type.clinic_id != clinic.pk or not appointment_type.is_active:
        raise errors.BookingError(errors.TYPE_NOT_OFFERED)
    plan_ready_for_sessions(plan=plan_item.plan)
    remaining = set(course_so_far(plan_item=plan_item).remaining)
    numbers = [s.session_number for s in sessions]
    if len(set(numbers)) != len(numbers) or not set(numbers) <= remaining:
        raise errors.BookingError(errors.SESSION_NUMBER_INVALID)
    for choice in sessions:
        if not choice.practitioner.appointment_types.filter(pk=appointment_type.pk).exists():
            raise errors.BookingError(errors.PRACTITIONER_CANNOT_PERFORM)
        if not choice.practitioner.may_treat(plan_item.concern.indication):
            raise errors.BookingError(errors.PRACTITIONER_CANNOT_TREAT)


TEST_SPOT_NOT_BOOKED = _(
    "The doctor asked for a test spot first: book the test spot, then session 1 from "
    "%(days)s days after it, once it has been read."
)
TEST_SPOT_NOT_READ = _(
    "Session 1 cannot be before the test spot has been read: from %(day)s (%(days)s days "
    "after the test spot)."
)


def _check_test_spot(course, plan_item, choices: list[SessionChoice], clinic) -> date | None:
    """Session 1's earliest day under "test spot first"; refuses while none is booked."""
    first = choices[0].starts_at
    return test_spot_check(course=course, plan_item=plan_item, first_start=first, clinic=clinic)


def test_spot_check(*, course, plan_item, first_start: datetime, clinic: Clinic) -> date | None:
    """Session 1 of ``plan_item`` at ``first_start`` under the doctor's "test spot first":
    refused while no test spot is booked or before it has been read; else the earliest day
    (None when no such instruction applies). Booking a course and moving session 1 share it."""
    gate = test_spot_gate(plan_item=plan_item, course=course)
    if gate is None:
        return None
    if gate.ready_on is None:
        raise errors.BookingError(str(TEST_SPOT_NOT_BOOKED) % {"days": gate.reading_days})
    first = timezone.localdate(first_start, clinic.zone)
    if first < gate.ready_on:
        day = f"{gate.ready_on:%a %d %b %Y}"
        raise errors.BookingError(str(TEST_SPOT_NOT_READ) % {"day": day, "days": gate.reading_days})
    return gate.ready_on


def _check_windows(clinic, plan_item, choices: list[SessionChoice], now) -> None:
    course = course_so_far(plan_item=plan_item)
    today = timezone.localdate(now or timezone.now(), clinic.zone)
    previous = course.anchor
    not_before = _check_test_spot(course, plan_item, choices, clinic)
    for choice in choices:
        window = interval_window(plan_item, previous, today, not_before=not_before)
        day = timezone.localdate(choice.starts_at, clinic.zone)
        if not window.contains(day):
            raise errors.BookingError(
                errors.SESSION_OUTSIDE_WINDOW.format(
                    number=choice.session_number,
                    day=f"{day:%a %d %b %Y}",
                    earliest=f"{window.earliest:%a %d %b}",
                    latest=f"{window.latest:%a %d %b %Y}",
                )
            )
        previous = day


def _named(clinic, choice: SessionChoice, template: str) -> str:
    local = timezone.localtime(choice.starts_at, clinic.zone)
    return template.format(number=choice.session_number, when=f"{local:%a %d %b %Y, %H:%M}")
