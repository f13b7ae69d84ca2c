"""Proposing dates for the rest of a treatment course, each inside its interval window.

Session k+1 should fall ``interval_min_days`` to ``interval_max_days`` after session k, ideally
on ``interval_target_days``, counted from the day session k *really* took place (a completed
session's ``occurred_on``), else the day it is booked or proposed for. Each proposed date is the
anchor of the next, so the chain stays inside its windows end to end. Peers check only the
first occurrences of a series; here every session is checked.

Preferences are soft, tried in this order until a free time is found in the window:
the same practitioner on a preferred day and part of the day; the same practitioner any time;
anyone at a preferred time; anyone. Within a day the time closest to the previous session's
time of day is taken (patients keep their routine).

The clinic's set-up is read once and the days in blocks, as the search reaches them
(``DayCache``): the queries depend on how far the search goes, never on how many bookings
there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from picoclinic.clinics.models import Clinic
from picoclinic.plans.instructions import instruction_of, reading_days
from picoclinic.plans.models import InstructionKind
from picoclinic.scheduling.availability import (
    DayPlan,
    Setup,
    Slot,
    days_from_setup,
    resources_free_at,
    setup_load,
    setup_preload,
)
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentKind,
    AppointmentType,
    Practitioner,
)
from picoclinic.scheduling.models.appointments import HOLDING_STATUSES

PARTS_OF_DAY = {
    "any": ("Any time", time(0), time(23, 59)),
    "morning": ("Mornings (before 12:00)", time(0), time(12)),
    "afternoon": ("Afternoons (12:00-17:00)", time(12), time(17)),
    "evening": ("Evenings (from 17:00)", time(17), time(23, 59)),
}
NOTE_NOT_PREFERRED = "Not at a preferred day or time: none free in the window."
NOTE_OTHER_PRACTITIONER = "With another practitioner: {name} has no free time in the window."
NOTE_NO_TIME = "No free time between {earliest} and {latest}."


@dataclass(frozen=True)
class SeriesPreferences:
    weekdays: frozenset[int] = frozenset()  # empty: any day
    part_of_day: str = "any"
    practitioner: Practitioner | None = None  # None: the previous session's, if any


@dataclass(frozen=True)
class Window:
    earliest: date
    target: date
    latest: date

    def contains(self, day: date) -> bool:
        return self.earliest <= day <= self.latest


@dataclass
class ProposedSession:
    session_number: int
    window: Window
    slot: Slot | None = None
    practitioner: Practitioner | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class SeriesProposal:
    plan_item: object
    appointment_type: AppointmentType
    held: list[Appointment]
    sessions: list[ProposedSession]
    # The doctor asked for a test spot first: what is held, or a proposed time to book it.
    gate: TestSpotGate | None = None
    test_spot: ProposedSession | None = None
    test_spot_type: AppointmentType | None = None

    @property
    def complete(self) -> bool:
        return all(s.slot is not None for s in self.sessions)


@dataclass(frozen=True)
class CourseSoFar:
    """What is already held for a plan item: the sessions, the remaining numbers, and the day
    and practitioner the next window counts from."""

    held: list[Appointment]
    remaining: list[int]
    anchor: date | None
    anchor_time: time | None
    practitioner: Practitioner | None


@dataclass(frozen=True)
class TestSpotGate:
    """The doctor's "test spot first" for a course not started: session 1 waits until the
    test spot has been read, ``reading_days`` after it (``ready_on``; None while no test spot
    is booked or done)."""

    reading_days: int
    held: Appointment | None
    ready_on: date | None


def test_spot_gate(*, plan_item, course: CourseSoFar) -> TestSpotGate | None:
    """The gate before session 1 of ``plan_item``, or None (no such instruction, or the
    course has begun). The test spot is the patient's latest held test-spot appointment since
    the consultation the plan was written from."""
    plan = plan_item.plan
    ordered = instruction_of(plan, InstructionKind.TEST_SPOT_FIRST)
    if ordered is None or course.held:
        return None
    days = reading_days(ordered)
    spot = (
        Appointment.objects.filter(
            patient_id=plan.patient_id,
            kind=AppointmentKind.TEST_SPOT,
            status__in=HOLDING_STATUSES,
            starts_at__gte=plan.consultation.started_at,
        )
        .select_related("clinic")
        .order_by("-starts_at", "-id")
        .first()
    )
    if spot is None:
        return TestSpotGate(days, None, None)
    done_on = spot.occurred_on or timezone.localdate(spot.starts_at, spot.clinic.zone)
    return TestSpotGate(days, spot, done_on + timedelta(days=days))


def course_so_far(*, plan_item) -> CourseSoFar:
    held = list(
        Appointment.objects.filter(plan_item=plan_item, status__in=HOLDING_STATUSES)
        .select_related("clinic", "practitioner", "appointment_type")
        .order_by("starts_at", "id")
    )
    numbers = {a.session_number for a in held}
    remaining = [n for n in range(1, plan_item.sessions + 1) if n not in numbers]
    if not held:
        return CourseSoFar(held, remaining, None, None, None)
    last = held[-1]
    local = timezone.localtime(last.starts_at, last.clinic.zone)
    anchor = last.occurred_on or local.date()
    return CourseSoFar(held, remaining, anchor, local.time(), last.practitioner)


def interval_window(
    plan_item, previous: date | None, today: date, *, not_before: date | None = None
) -> Window:
    """The window of the session after one on ``previous`` (None: the first session, which
    may be booked from today, or from ``not_before`` once the test spot is read, up to the
    longest interval ahead)."""
    if previous is None:
        first = max(today, not_before or today)
        return Window(first, first, first + timedelta(days=plan_item.interval_max_days))
    return Window(
        previous + timedelta(days=plan_item.interval_min_days),
        previous + timedelta(days=plan_item.interval_target_days),
        previous + timedelta(days=plan_item.interval_max_days),
    )


def series_propose(
    *,
    clinic: Clinic,
    plan_item,
    appointment_type: AppointmentType,
    preferences: SeriesPreferences | None = None,
    now: datetime | None = None,
) -> SeriesProposal:
    """Dates for every remaining session of ``plan_item`` (read-only; nothing is held)."""
    preferences = preferences or SeriesPreferences()
    now = now or timezone.now()
    today = timezone.localdate(now, clinic.zone)
    course = course_so_far(plan_item=plan_item)
    proposal = SeriesProposal(plan_item, appointment_type, course.held, [])
    if not course.remaining:
        return proposal
    setup = setup_load(
        clinic=clinic,
        appointment_type=appointment_type,
        wavelength_nm=plan_item.wavelength_nm,
        indication=plan_item.concern.indication,
    )
    # Closures, leave and downtime for the whole course at once: then each block of days
    # searched costs one query (its bookings).
    not_before = _test_spot_first(proposal, clinic, course, preferences, today, now)
    horizon = timedelta(days=plan_item.interval_max_days * (len(course.remaining) + 1))
    setup_preload(setup, today, max(course.anchor or today, not_before or today) + horizon)
    plans = DayCache(setup)
    anchor, anchor_time = course.anchor, course.anchor_time
    wanted = preferences.practitioner or course.practitioner
    for number in course.remaining:
        window = interval_window(plan_item, anchor, today, not_before=not_before)
        session = ProposedSession(number, window)
        choose_session_time(session, plans, preferences, wanted, anchor_time, now)
        proposal.sessions.append(session)
        if session.slot is not None:
            local = timezone.localtime(session.slot.starts_at, clinic.zone)
            anchor, anchor_time = local.date(), local.time()
            # Stay with whoever did the last session, unless someone was asked for.
            wanted = preferences.practitioner or session.practitioner
        else:
            anchor = window.target  # keep proposing the rest from where it should have been
    return proposal


TEST_SPOT_SEARCH_DAYS = 14


def _test_spot_first(proposal, clinic, course, preferences, today, now) -> date | None:
    """Session 1's earliest day under a "test spot first" instruction: the reading of the test
    spot held, else of one proposed here (a time to book first, with the clinic's test-spot
    type); None without the instruction."""
    gate = test_spot_gate(plan_item=proposal.plan_item, course=course)
    proposal.gate = gate
    if gate is None or gate.ready_on is not None:
        return gate.ready_on if gate else None
    kind = AppointmentType.objects.filter(
        clinic=clinic, is_active=True, kind=AppointmentKind.TEST_SPOT
    ).first()
    spot = ProposedSession(0, Window(today, today, today + timedelta(TEST_SPOT_SEARCH_DAYS)))
    proposal.test_spot, proposal.test_spot_type = spot, kind
    if kind is not None:
        item = proposal.plan_item
        setup = setup_load(
            clinic=clinic,
            appointment_type=kind,
            wavelength_nm=item.wavelength_nm,
            indication=item.concern.indication,
        )
        setup_preload(setup, today, spot.window.latest)
        choose_session_time(spot, DayCache(setup), preferences, None, None, now)
    spot_day = spot.window.target
    if spot.slot is not None:
        spot_day = timezone.localdate(spot.slot.starts_at, clinic.zone)
    return spot_day + timedelta(days=gate.reading_days)


class DayCache:
    """Day plans read on demand (one query a read within the set-up's preloaded horizon).

    A proposal usually finds its time on the target day, so a window's first read is that
    day alone; if the search goes on, the days around are read a week at a time. Reading the
    whole course's horizon up front (a year of a busy clinic's bookings) would be wasted.
    """

    BLOCK_DAYS = 7

    def __init__(self, setup: Setup, *, ignoring: list[int] | None = None):
        self.setup, self.ignoring, self.plans = setup, ignoring, {}
        self.windows_seen: set[Window] = set()

    def get(self, day: date, window: Window) -> DayPlan:
        if day not in self.plans:
            half = timedelta(days=self.BLOCK_DAYS // 2)
            first, last = max(window.earliest, day - half), min(window.latest, day + half)
            if window not in self.windows_seen:
                self.windows_seen.add(window)
                first = last = day
            while first in self.plans:
                first += timedelta(days=1)
            while last in self.plans:
                last -= timedelta(days=1)
            self.plans |= days_from_setup(self.setup, first, last, ignoring=self.ignoring)
        return self.plans[day]


def _passes(wanted: Practitioner | None) -> list[tuple[Practitioner | None, bool]]:
    """(practitioner, keep to the preferred days and times), most wanted first."""
    anyone = [(None, True), (None, False)]
    return anyone if wanted is None else [(wanted, True), (wanted, False), *anyone]


def choose_session_time(session, plans: DayCache, preferences, wanted, anchor_time, now) -> None:
    """Fill ``session`` with the best free time in its window (or a note saying none)."""
    today = timezone.localdate(now, plans.setup.clinic.zone)
    days = _days_by_closeness(session.window, today)
    for practitioner, strict in _passes(wanted):
        for day in days:
            plan = plans.get(day, session.window)
            slot = _best_slot(plan, preferences, practitioner, strict, anchor_time, now)
            if slot is None:
                continue
            session.slot = slot
            session.practitioner = practitioner or slot.practitioners[0]
            if not strict:
                session.notes.append(NOTE_NOT_PREFERRED)
            if wanted is not None and practitioner is None:
                session.notes.append(NOTE_OTHER_PRACTITIONER.format(name=wanted.name))
            return
    window = session.window
    session.notes.append(
        NOTE_NO_TIME.format(
            earliest=f"{window.earliest:%a %d %b}", latest=f"{window.latest:%a %d %b}"
        )
    )


def _days_by_closeness(window: Window, today: date) -> list[date]:
    first = max(window.earliest, today)
    days = [first + timedelta(days=n) for n in range((window.latest - first).days + 1)]
    # Nearest the target first; of two equally near, the earlier.
    return sorted(days, key=lambda d: (abs((d - window.target).days), d))


def _best_slot(plan: DayPlan, preferences, practitioner, strict, anchor_time, now):
    """The free start nearest the previous session's time of day (else the earliest)."""
    if not plan.open_windows:
        return None
    if strict and preferences.weekdays and plan.day.weekday() not in preferences.weekdays:
        return None
    _, after, before = PARTS_OF_DAY.get(preferences.part_of_day, PARTS_OF_DAY["any"])
    earliest = now + plan.min_notice
    candidates = []
    for start in plan.candidate_starts():
        local = timezone.localtime(start, plan.zone).time()
        if start >= earliest and (not strict or after <= local < before):
            candidates.append((start, local))
    if anchor_time is not None:
        target = _minutes(anchor_time)
        candidates.sort(key=lambda c: abs(_minutes(c[1]) - target))  # stable: earlier first
    for start, _ in candidates:
        slot = resources_free_at(plan, start, practitioner=practitioner)
        if slot is not None:
            return slot
    return None


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute
