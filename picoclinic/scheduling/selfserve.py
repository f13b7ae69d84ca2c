"""What a patient may do with their own appointments, read for the portal: the next session of
a course they may book and when, the times they may move one to, and whether the clinic's
notice still allows a change. Nothing here writes (``services.selfserve`` does).

The windows are the house's: ``interval_window`` from the real last session (``course_so_far``)
for the next session, ``session_window`` for a booked one (what rescheduling checks), and the
later booked sessions must stay inside theirs. Times come from the same availability the desk
uses, with the clinic's patient notice (``SchedulingPolicy.patient_notice_minutes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from picoclinic.scheduling import errors
from picoclinic.scheduling.availability import days_plan_load, plan_slots, policy_for
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    AppointmentType,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistStatus,
)
from picoclinic.scheduling.rescheduling import later_sessions, session_window
from picoclinic.scheduling.series import (
    Window,
    course_so_far,
    interval_window,
    test_spot_gate,
)

# At most this many days of times are listed (a window is usually 1-3 weeks).
MAX_DAYS = 42
TIMES_PER_DAY = 12
# A booked appointment with no course window may move this far ahead.
PLAIN_MOVE_DAYS = 28


@dataclass
class NextSession:
    plan_item: object
    session_number: int
    window: Window
    appointment_type: AppointmentType
    today: date | None = None

    @property
    def shown_from(self) -> date:
        """The window's first day a patient can still choose (not a day gone by)."""
        return max(self.window.earliest, self.today or self.window.earliest)


@dataclass
class DayTimes:
    day: date
    starts: list[datetime]


def within_notice(appointment: Appointment, now: datetime) -> bool:
    """True when the clinic's patient notice no longer allows the patient to change it."""
    return appointment.starts_at < now + policy_for(appointment.clinic).patient_notice


def notice_hours(clinic) -> int:
    return int(policy_for(clinic).patient_notice / timedelta(hours=1))


def next_sessions(*, patient, now: datetime) -> list[NextSession]:
    """The next session of each course of ``patient`` they may book themselves: the plan
    approved (or in progress) with a valid approval and consent, no session of it booked ahead,
    no test spot still to be done, and a treatment type offered at the clinic."""
    from picoclinic.plans.models import PlanItem, PlanStatus
    from picoclinic.scheduling.services.booking import plan_ready_for_sessions

    items = PlanItem.objects.filter(
        plan__patient=patient, plan__status__in=[PlanStatus.APPROVED, PlanStatus.IN_PROGRESS]
    ).select_related("plan__clinic", "plan__consultation", "concern")
    found = []
    for item in items:
        try:
            plan_ready_for_sessions(plan=item.plan)
        except errors.BookingError:
            continue
        course = course_so_far(plan_item=item)
        if not course.remaining or any(a.status == AppointmentStatus.BOOKED for a in course.held):
            continue
        if test_spot_gate(plan_item=item, course=course) is not None:
            continue  # the doctor's test spot first: the clinic books that
        kind = treatment_type(item.plan.clinic, course)
        if kind is None:
            continue
        clinic = item.plan.clinic
        today = timezone.localdate(now, clinic.zone)
        window = interval_window(item, course.anchor, today)
        found.append(NextSession(item, course.remaining[0], window, kind, today))
    return found


def treatment_type(clinic, course) -> AppointmentType | None:
    """The type the course's sessions are booked as: the last one's, else the clinic's first."""
    if course.held:
        return course.held[-1].appointment_type
    return (
        AppointmentType.objects.filter(
            clinic=clinic, kind=AppointmentKind.TREATMENT, is_active=True
        )
        .order_by("position", "name", "id")
        .first()
    )


def times_in_window(
    *,
    clinic,
    appointment_type: AppointmentType,
    window: Window,
    plan_item=None,
    now: datetime,
    ignoring: list[int] | None = None,
) -> list[DayTimes]:
    """The times a patient may choose in ``window`` (days with none left out), in the
    queries of one range read whatever the number of days."""
    today = timezone.localdate(now, clinic.zone)
    first = max(window.earliest, today)
    last = min(window.latest, first + timedelta(days=MAX_DAYS - 1))
    if last < first:
        return []
    plans = days_plan_load(
        clinic=clinic,
        appointment_type=appointment_type,
        first_day=first,
        last_day=last,
        wavelength_nm=plan_item.wavelength_nm if plan_item is not None else None,
        indication=plan_item.concern.indication if plan_item is not None else None,
        ignoring=ignoring,
    )
    earliest = now + policy_for(clinic).patient_notice
    days = []
    for day in sorted(plans):
        starts = [s.starts_at for s in plan_slots(plans[day], earliest=earliest)]
        if starts:
            # Spread over the day (morning and afternoon both), not the first dozen.
            step = -(-len(starts) // TIMES_PER_DAY)
            days.append(DayTimes(day, starts[::step]))
    return days


def move_window(appointment: Appointment, now: datetime) -> Window:
    """Where a booked appointment may move: its session's window (from the real last
    session), narrowed so the next booked session stays inside its own window."""
    zone = appointment.clinic.zone
    today = timezone.localdate(now, zone)
    window = session_window(appointment, today)
    if window is None:
        window = Window(today, today, today + timedelta(days=PLAIN_MOVE_DAYS))
        if appointment.plan_item_id is not None:
            window = interval_window(appointment.plan_item, None, today)
    later = later_sessions(appointment) if appointment.plan_item_id else []
    if later:
        item, following = appointment.plan_item, later[0].local_day
        earliest = following - timedelta(days=item.interval_max_days)
        latest = following - timedelta(days=item.interval_min_days)
        window = Window(max(window.earliest, earliest), window.target, min(window.latest, latest))
    # Days gone by are not offered (the rule itself is the rescheduling service's).
    return Window(max(window.earliest, today), window.target, window.latest)


def move_times(appointment: Appointment, now: datetime) -> list[DayTimes]:
    return times_in_window(
        clinic=appointment.clinic,
        appointment_type=appointment.appointment_type,
        window=move_window(appointment, now),
        plan_item=appointment.plan_item,
        now=now,
        ignoring=[appointment.pk],
    )


def waiting_entry(appointment: Appointment) -> WaitlistEntry | None:
    return WaitlistEntry.objects.filter(
        appointment=appointment, status=WaitlistStatus.WAITING
    ).first()


def open_offers(*, patient, now: datetime) -> list[WaitlistOffer]:
    from picoclinic.scheduling.models import OfferStatus

    return list(
        WaitlistOffer.objects.filter(
            entry__patient=patient, status=OfferStatus.OFFERED, expires_at__gt=now
        ).select_related("clinic", "practitioner", "entry__appointment")
    )


@dataclass
class MyAppointment:
    appointment: Appointment
    changeable: bool  # beyond the patient notice: move and cancel online
    waiting: bool  # on the waitlist for an earlier time
    can_wait: bool  # a course session that could come earlier


def overview(*, patient, now: datetime) -> dict:
    """Everything the patient's appointments page shows, in a fixed number of queries for a
    given number of courses."""
    from picoclinic.scheduling.selectors import appointments_upcoming

    upcoming = appointments_upcoming(patient=patient, now=now)
    waiting = set(
        WaitlistEntry.objects.filter(
            appointment__in=[a.pk for a in upcoming], status=WaitlistStatus.WAITING
        ).values_list("appointment_id", flat=True)
    )
    mine = []
    for appointment in upcoming:
        changeable = appointment.status == AppointmentStatus.BOOKED and not within_notice(
            appointment, now
        )
        can_wait = changeable and appointment.plan_item_id is not None
        mine.append(MyAppointment(appointment, changeable, appointment.pk in waiting, can_wait))
    clinic = patient.clinic
    return {
        "patient": patient,
        "clinic": clinic,
        "mine": mine,
        "next_sessions": next_sessions(patient=patient, now=now),
        "offers": open_offers(patient=patient, now=now),
        "hours": notice_hours(clinic),
    }
