"""What moving an appointment would change, shown before anything is changed.

Moving session k of a course moves the window of session k+1 (counted from session k), and so
on down the chain. The preview walks the later *booked* sessions in order: one still inside its
window (counted from the session before it, as moved) stays; one outside is given the best free
time in its new window, with the same practitioner and time of day where possible. Nothing is
held by a preview: applying it re-checks everything under the booking locks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from picoclinic.scheduling.availability import day_plan_load, resources_free_at, setup_load
from picoclinic.scheduling.models import Appointment, AppointmentStatus, Practitioner
from picoclinic.scheduling.models.appointments import HOLDING_STATUSES
from picoclinic.scheduling.series import (
    DayCache,
    ProposedSession,
    SeriesPreferences,
    Window,
    choose_session_time,
    interval_window,
)


@dataclass
class Move:
    appointment: Appointment
    starts_at: datetime | None  # None: no free time in its window
    practitioner: Practitioner | None
    window: Window | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class ReschedulePreview:
    moved: Move
    free: bool  # the new time can be had
    in_window: bool  # inside the session's interval window (always true for a non-session)
    later: list[Move]  # later sessions that must move to stay inside their windows
    staying: list[Appointment]  # later sessions that stay where they are

    @property
    def can_apply(self) -> bool:
        return self.free and all(m.starts_at is not None for m in self.later)


def previous_session_day(appointment: Appointment) -> date | None:
    """The day the session before this one took place (or is booked), None for a first one."""
    if appointment.plan_item_id is None:
        return None
    previous = (
        Appointment.objects.filter(
            plan_item_id=appointment.plan_item_id,
            status__in=HOLDING_STATUSES,
            session_number__lt=appointment.session_number,
        )
        .select_related("clinic")
        .order_by("-session_number")
        .first()
    )
    if previous is None:
        return None
    return previous.occurred_on or previous.local_day


def session_window(appointment: Appointment, today: date) -> Window | None:
    """The window a session must fall in, None when nothing constrains it (not a session, or
    the first of its course)."""
    previous = previous_session_day(appointment)
    if previous is None:
        return None
    return interval_window(appointment.plan_item, previous, today)


def later_sessions(appointment: Appointment) -> list[Appointment]:
    """The booked sessions after this one, in order."""
    if appointment.plan_item_id is None:
        return []
    return list(
        Appointment.objects.filter(
            plan_item_id=appointment.plan_item_id,
            status=AppointmentStatus.BOOKED,
            session_number__gt=appointment.session_number,
        )
        .select_related("clinic", "practitioner", "appointment_type")
        .order_by("session_number")
    )


def reschedule_preview(
    *,
    appointment: Appointment,
    starts_at: datetime,
    practitioner: Practitioner | None = None,
    now: datetime | None = None,
) -> ReschedulePreview:
    """What moving ``appointment`` to ``starts_at`` (with ``practitioner``) would change."""
    clinic, now = appointment.clinic, now or timezone.now()
    practitioner = practitioner or appointment.practitioner
    item = appointment.plan_item
    new_day = timezone.localdate(starts_at, clinic.zone)
    today = timezone.localdate(now, clinic.zone)
    plan = day_plan_load(
        clinic=clinic,
        appointment_type=appointment.appointment_type,
        day=new_day,
        practitioner=practitioner,
        wavelength_nm=item.wavelength_nm if item else None,
        indication=item.concern.indication if item else None,
        ignoring=[appointment.pk],
    )
    free = starts_at >= now + plan.min_notice and (
        resources_free_at(plan, starts_at, practitioner=practitioner) is not None
    )
    window = session_window(appointment, today)
    moved = Move(appointment, starts_at, practitioner, window)
    preview = ReschedulePreview(
        moved, free, window is None or window.contains(new_day), later=[], staying=[]
    )
    subsequent = later_sessions(appointment)
    if subsequent:
        _replan(preview, subsequent, new_day, now)
    return preview


def _replan(preview, subsequent, new_day, now) -> None:
    appointment = preview.moved.appointment
    clinic, item = appointment.clinic, appointment.plan_item
    setup = setup_load(
        clinic=clinic,
        appointment_type=appointment.appointment_type,
        wavelength_nm=item.wavelength_nm,
        indication=item.concern.indication,
    )
    plans = DayCache(setup, ignoring=[appointment.pk, *(s.pk for s in subsequent)])
    previous, wanted = new_day, preview.moved.practitioner
    today = timezone.localdate(now, clinic.zone)
    for session in subsequent:
        window = interval_window(item, previous, today)
        if window.contains(session.local_day):
            preview.staying.append(session)
            previous = session.local_day
            continue
        proposed = ProposedSession(session.session_number, window)
        anchor_time = timezone.localtime(session.starts_at, clinic.zone).time()
        choose_session_time(
            proposed, plans, SeriesPreferences(), session.practitioner or wanted, anchor_time, now
        )
        slot = proposed.slot
        preview.later.append(
            Move(
                session,
                slot.starts_at if slot else None,
                proposed.practitioner,
                window,
                proposed.notes,
            )
        )
        previous = timezone.localdate(slot.starts_at, clinic.zone) if slot else window.target
