"""Which start times can be booked: computed from the rows every time, never from counters.

A start time ``s`` for an appointment type is bookable when all of these hold:

- the appointment ``[s, s + duration)`` lies inside the clinic's opening hours that day (no
  closure), and inside the working hours of a practitioner who performs the type;
- that practitioner, and a room when the type needs one, are free (no active booking, no
  leave) over ``[s - buffer before, s + duration + buffer after)``;
- a laser delivering the wavelength, when the type needs one, is free (no active booking, no
  downtime) over ``[s, s + duration + its clean-up)``;
- ``s`` is at least the minimum notice away from now;
- no unexpired hold of a waitlist offer keeps one of those resources then (``SlotHold``).

The DST trap: Python adds a timedelta to an aware datetime in *wall-clock* terms when both
share a tzinfo, so 09:00 + 9 hours on the day the clocks change lands on the wrong instant, and
some wall times do not exist (01:30 on 29 March 2026 in London) or happen twice (01:30 on 25
October 2026). So each wall-clock boundary is converted to UTC on its own, at once, and every
step and duration is then added in UTC. Candidate starts step through real instants: no
start is skipped or offered twice on either change day.

A day, or a range of days, reads a fixed number of queries, whatever the number of bookings.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import BigIntegerField, DateTimeField, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone

from picoclinic.clinics.models import Clinic
from picoclinic.clinics.selectors import clinic_day_bounds
from picoclinic.scheduling.models import (
    AppointmentType,
    Booking,
    Closure,
    Device,
    DeviceDowntime,
    Leave,
    OpeningHours,
    Practitioner,
    Room,
    SchedulingPolicy,
    SlotHold,
    WorkingHours,
)
from picoclinic.scheduling.models.resources import MAX_BUFFER_MINUTES, MAX_OCCUPANCY
from picoclinic.scheduling.setup_cache import clinic_setup

Interval = tuple[datetime, datetime]


def wall_interval(day: date, starts: time, ends: time, zone: ZoneInfo) -> Interval:
    """Wall-clock ``starts``-``ends`` on ``day`` in ``zone``, as UTC instants (each end on its
    own: see the DST trap above). A wall time that does not exist falls after the gap."""
    return (
        datetime.combine(day, starts, tzinfo=zone).astimezone(UTC),
        datetime.combine(day, ends, tzinfo=zone).astimezone(UTC),
    )


def overlaps(a: Interval, b: Interval) -> bool:
    # Half-open ranges, as in the database: 10:00-11:00 and 11:00-12:00 do not overlap.
    return a[0] < b[1] and b[0] < a[1]


def _inside(inner: Interval, windows: list[Interval]) -> bool:
    return any(w[0] <= inner[0] and inner[1] <= w[1] for w in windows)


def _free(occupied: Interval, busy: list[Interval]) -> bool:
    return not any(overlaps(occupied, b) for b in busy)


def policy_for(clinic: Clinic) -> SchedulingPolicy:
    """The clinic's booking rules, or the defaults (unsaved) when it has none (cached with the
    clinic's set-up: read-only)."""
    return clinic_setup(clinic).policy


def held_ranges(appointment_type: AppointmentType, starts_at: datetime) -> tuple[Interval, ...]:
    """(appointment, practitioner and room occupancy) for a start, in UTC."""
    start = starts_at.astimezone(UTC)
    end = start + appointment_type.duration
    held = (start - appointment_type.buffer_before, end + appointment_type.buffer_after)
    return (start, end), held


def device_range(device: Device, appointment: Interval) -> Interval:
    return appointment[0], appointment[1] + timedelta(minutes=device.cleanup_minutes)


@dataclass(frozen=True)
class Slot:
    """A bookable start, with every resource free then (best choice first)."""

    starts_at: datetime
    ends_at: datetime
    practitioners: tuple[Practitioner, ...]
    rooms: tuple[Room, ...] = ()
    devices: tuple[Device, ...] = ()


@dataclass
class DayPlan:
    """Everything that decides availability of one type at one clinic on one day."""

    appointment_type: AppointmentType
    day: date
    slot_step: timedelta
    min_notice: timedelta
    zone: ZoneInfo | None = None
    open_windows: list[Interval] = field(default_factory=list)
    practitioners: list[Practitioner] = field(default_factory=list)
    hours: dict[int, list[Interval]] = field(default_factory=lambda: defaultdict(list))
    rooms: list[Room] = field(default_factory=list)
    devices: list[Device] = field(default_factory=list)
    busy: dict[int, list[Interval]] = field(default_factory=lambda: defaultdict(list))

    def candidate_starts(self) -> Iterator[datetime]:
        duration = self.appointment_type.duration
        seen: set[datetime] = set()
        for opens, closes in sorted(self.open_windows):
            start = opens
            while start + duration <= closes:
                if start not in seen:
                    seen.add(start)
                    yield start
                start += self.slot_step  # UTC arithmetic: real minutes, DST or not


def day_plan_load(
    *,
    clinic: Clinic,
    appointment_type: AppointmentType,
    day: date,
    practitioner: Practitioner | None = None,
    wavelength_nm: int | None = None,
    indication: str | None = None,
    ignoring: list[int] | None = None,
) -> DayPlan:
    """Read what decides ``day``'s availability: three queries (closures; leave and downtime;
    bookings) once the clinic's set-up is cached, six more when it is not.

    ``wavelength_nm`` overrides the type's (a treatment session asks for its plan item's);
    ``indication`` keeps only practitioners set up to treat it; the bookings of the
    appointments in ``ignoring`` do not count (they are the ones being moved).
    """
    return days_plan_load(
        clinic=clinic,
        appointment_type=appointment_type,
        first_day=day,
        last_day=day,
        practitioner=practitioner,
        wavelength_nm=wavelength_nm,
        indication=indication,
        ignoring=ignoring,
    )[day]


def days_plan_load(
    *,
    clinic: Clinic,
    appointment_type: AppointmentType,
    first_day: date,
    last_day: date,
    practitioner: Practitioner | None = None,
    wavelength_nm: int | None = None,
    indication: str | None = None,
    ignoring: list[int] | None = None,
) -> dict[date, DayPlan]:
    """``day_plan_load`` for every day from ``first_day`` to ``last_day``, in the same
    queries whatever the number of days."""
    setup = setup_load(
        clinic=clinic,
        appointment_type=appointment_type,
        practitioner=practitioner,
        wavelength_nm=wavelength_nm,
        indication=indication,
    )
    return days_from_setup(setup, first_day, last_day, ignoring=ignoring)


@dataclass
class Setup:
    """What availability needs that does not change from day to day: the clinic's rules,
    hours, and the practitioners, rooms and lasers that could take the type (from the
    clinic's cached set-up)."""

    clinic: Clinic
    appointment_type: AppointmentType
    policy: SchedulingPolicy
    opening: dict[int, list[OpeningHours]]
    hours: dict[int, list[WorkingHours]] = field(default_factory=lambda: defaultdict(list))
    practitioners: dict[int, Practitioner] = field(default_factory=dict)
    rooms: list[Room] = field(default_factory=list)
    devices: list[Device] = field(default_factory=list)
    # Closures, leave and downtime read once for a horizon (``setup_preload``): rare rows, so
    # a search over many blocks of days then reads only bookings per block.
    horizon: tuple[date, date] | None = None
    closed: set[date] = field(default_factory=set)
    away: list[tuple[int, datetime, datetime]] = field(default_factory=list)

    def covers(self, first_day: date, last_day: date) -> bool:
        return (
            self.horizon is not None
            and self.horizon[0] <= first_day <= last_day <= (self.horizon[1])
        )


def setup_preload(setup: Setup, first_day: date, last_day: date) -> None:
    """Read closures, leave and downtime from ``first_day`` to ``last_day`` once (one query)."""
    if not setup.practitioners:
        return
    setup.horizon = (first_day, last_day)
    since, until = _bounds(setup.clinic, first_day, last_day)
    setup.closed, setup.away = _read(
        [_closures(setup.clinic, first_day, last_day), *_away(setup, since, until)]
    )


def _bounds(clinic: Clinic, first_day: date, last_day: date) -> tuple[datetime, datetime]:
    # A slot's buffers reach at most this far beyond its day.
    margin = timedelta(minutes=MAX_BUFFER_MINUTES)
    return (
        clinic_day_bounds(clinic, first_day)[0] - margin,
        clinic_day_bounds(clinic, last_day)[1] + margin,
    )


# The resource id that marks a closure's row among the (resource, start, end) rows: no
# resource has it.
CLOSED = 0


def _closures(clinic: Clinic, first_day: date, last_day: date) -> QuerySet:
    """The clinic's closures over the days, as (CLOSED, first day, last day) rows: the dates
    cast to instants (midnight UTC) so they share one read with the resources' rows."""
    return (
        Closure.objects.filter(clinic=clinic, starts_on__lte=last_day, ends_on__gte=first_day)
        .order_by()
        .annotate(
            marker=Value(CLOSED, output_field=BigIntegerField()),
            first=Cast("starts_on", DateTimeField()),
            last=Cast("ends_on", DateTimeField()),
        )
        .values_list("marker", "first", "last")
    )


def _away(setup: Setup, since: datetime, until: datetime) -> list[QuerySet]:
    """(resource id, start, end) of the practitioners' leave and the lasers' downtime touching
    [since, until)."""
    leave = Leave.objects.filter(
        practitioner_id__in=list(setup.practitioners), starts_at__lt=until, ends_at__gt=since
    )
    # No ORDER BY inside a compound statement (SQLite refuses it): the models' ordering is off.
    parts = [leave.order_by().values_list("practitioner_id", "starts_at", "ends_at")]
    if setup.devices:
        down = DeviceDowntime.objects.filter(
            device__in=setup.devices, starts_at__lt=until, ends_at__gt=since
        )
        parts.append(down.order_by().values_list("device_id", "starts_at", "ends_at"))
    return parts


def _bookings(setup: Setup, since: datetime, until: datetime, ignoring: list[int]) -> QuerySet:
    resources = list(setup.practitioners) + [r.pk for r in (*setup.rooms, *setup.devices)]
    # No booking is longer than MAX_OCCUPANCY, so the lower bound on starts_at keeps this an
    # index range scan on (resource, starts_at) however long the history grows.
    bookings = Booking.objects.filter(
        resource_id__in=resources,
        active=True,
        starts_at__gte=since - MAX_OCCUPANCY,
        starts_at__lt=until,
        ends_at__gt=since,
    )
    if ignoring:
        bookings = bookings.exclude(appointment_id__in=ignoring)
    return bookings.order_by().values_list("resource_id", "starts_at", "ends_at")


def _holds(setup: Setup, since: datetime, until: datetime) -> QuerySet:
    """(resource id, start, end) of the unexpired holds of offered waitlist times: they count
    as bookings until they expire (by themselves: an expired hold is simply not read)."""
    resources = list(setup.practitioners) + [r.pk for r in (*setup.rooms, *setup.devices)]
    holds = SlotHold.objects.filter(
        resource_id__in=resources,
        expires_at__gt=timezone.now(),
        starts_at__gte=since - MAX_OCCUPANCY,
        starts_at__lt=until,
        ends_at__gt=since,
    )
    return holds.order_by().values_list("resource_id", "starts_at", "ends_at")


def _read(parts: list[QuerySet]) -> tuple[set[date], list[tuple[int, datetime, datetime]]]:
    """Every part in one round trip (UNION ALL): (the closed days, the busy rows)."""
    first, *rest = parts
    closed: set[date] = set()
    busy = []
    for row in first.union(*rest, all=True) if rest else first:
        if row[0] == CLOSED:
            starts, ends = row[1].date(), row[2].date()
            closed.update(starts + timedelta(days=n) for n in range((ends - starts).days + 1))
        else:
            busy.append(row)
    return closed, busy


def setup_load(
    *,
    clinic: Clinic,
    appointment_type: AppointmentType,
    practitioner: Practitioner | None = None,
    wavelength_nm: int | None = None,
    indication: str | None = None,
) -> Setup:
    """The set-up for one type, taken from the clinic's cached set-up (``setup_cache``): no
    query while the clinic's configuration is unchanged."""
    cached = clinic_setup(clinic)
    setup = Setup(clinic, appointment_type, cached.policy, defaultdict(list, cached.opening))
    if not cached.opening:
        return setup
    for row in cached.hours:
        if practitioner is not None and row.practitioner_id != practitioner.pk:
            continue
        if cached.may_perform(row.practitioner_id, appointment_type.pk) and (
            row.practitioner.may_treat(indication)
        ):
            setup.hours[row.weekday].append(row)
            setup.practitioners.setdefault(row.practitioner_id, row.practitioner)
    if not setup.practitioners:
        return setup
    if appointment_type.needs_room:
        setup.rooms = list(cached.rooms)
    if appointment_type.needs_device:
        wanted = wavelength_nm or appointment_type.wavelength_nm
        setup.devices = [d for d in cached.devices if d.delivers(wanted)]
    return setup


def days_from_setup(
    setup: Setup, first_day: date, last_day: date, *, ignoring: list[int] | None = None
) -> dict[date, DayPlan]:
    """The day plans from ``first_day`` to ``last_day`` in one query (closures, leave,
    downtime and bookings in one UNION ALL; only bookings inside a preloaded horizon), the
    bookings of ``ignoring`` left out."""
    clinic, policy = setup.clinic, setup.policy
    count = (last_day - first_day).days + 1
    days = [first_day + timedelta(days=n) for n in range(count)]
    plans = {
        d: DayPlan(setup.appointment_type, d, policy.slot_step, policy.min_notice, clinic.zone)
        for d in days
    }
    if not setup.practitioners or not days:
        return plans
    since, until = _bounds(clinic, days[0], days[-1])
    bookings = _bookings(setup, since, until, ignoring or [])
    holds = _holds(setup, since, until)
    if setup.covers(first_day, last_day):
        closed = setup.closed
        busy = [row for row in setup.away if row[1] < until and row[2] > since]
        busy += bookings.union(holds, all=True)
    else:
        closed, busy = _read(
            [_closures(clinic, first_day, last_day), *_away(setup, since, until), bookings, holds]
        )
    for day in days:
        if day not in closed and setup.opening[day.weekday()]:
            _open_day(plans[day], setup)
    _spread_busy(plans, clinic, busy)
    return plans


def _open_day(plan: DayPlan, setup: Setup) -> None:
    day, zone = plan.day, setup.clinic.zone
    plan.open_windows = [
        wall_interval(day, row.opens, row.closes, zone) for row in setup.opening[day.weekday()]
    ]
    people = {}
    for row in setup.hours[day.weekday()]:
        plan.hours[row.practitioner_id].append(wall_interval(day, row.starts, row.ends, zone))
        people[row.practitioner_id] = setup.practitioners[row.practitioner_id]
    plan.practitioners = sorted(people.values(), key=lambda p: (p.name, p.pk))
    plan.rooms, plan.devices = setup.rooms, setup.devices


def _spread_busy(plans: dict[date, DayPlan], clinic: Clinic, busy) -> None:
    """Give each day only what can touch its slots (a slot's buffers reach at most
    ``MAX_BUFFER_MINUTES`` beyond the day), so checking a slot stays short however long the
    range. Days are found by bisecting their UTC starts: one zone conversion per day, not per
    row."""
    days = sorted(plans)
    margin = timedelta(minutes=MAX_BUFFER_MINUTES)
    starts_utc = [clinic_day_bounds(clinic, day)[0] for day in days]
    for pk, starts, ends in busy:
        first = max(bisect_right(starts_utc, starts - margin) - 1, 0)
        last = bisect_right(starts_utc, ends + margin) - 1
        for index in range(first, last + 1):
            plans[days[index]].busy[pk].append((starts, ends))


def resources_free_at(
    plan: DayPlan,
    starts_at: datetime,
    *,
    practitioner: Practitioner | None = None,
    room: Room | None = None,
    device: Device | None = None,
) -> Slot | None:
    """The slot at ``starts_at`` with every resource free then, or None (pure: no queries)."""
    appointment, held = held_ranges(plan.appointment_type, starts_at)
    if not _inside(appointment, plan.open_windows):
        return None
    # ``resource_ptr_id``: the primary key of these multi-table models, read without the
    # ``pk`` property (this runs for every candidate time).
    wanted = practitioner.resource_ptr_id if practitioner is not None else None
    people = tuple(
        p
        for p in plan.practitioners
        if (wanted is None or p.resource_ptr_id == wanted)
        and _inside(appointment, plan.hours[p.resource_ptr_id])
        and _free(held, plan.busy[p.resource_ptr_id])
    )
    if not people:
        return None
    rooms: tuple[Room, ...] = ()
    if plan.appointment_type.needs_room:
        rooms = tuple(
            r
            for r in plan.rooms
            if (room is None or r.pk == room.pk) and _free(held, plan.busy[r.pk])
        )
        if not rooms:
            return None
    devices: tuple[Device, ...] = ()
    if plan.appointment_type.needs_device:
        devices = tuple(
            d
            for d in plan.devices
            if (device is None or d.pk == device.pk)
            and _free(device_range(d, appointment), plan.busy[d.pk])
        )
        if not devices:
            return None
    return Slot(appointment[0], appointment[1], people, rooms, devices)


def available_slots(
    *,
    clinic: Clinic,
    appointment_type: AppointmentType,
    day: date,
    practitioner: Practitioner | None = None,
    wavelength_nm: int | None = None,
    indication: str | None = None,
    now: datetime | None = None,
    notice: timedelta | None = None,
    ignoring: list[int] | None = None,
) -> list[Slot]:
    """Bookable starts of ``appointment_type`` at ``clinic`` on ``day`` (the clinic's calendar
    day), earliest first; ``notice`` defaults to the clinic's front-desk minimum notice."""
    plan = day_plan_load(
        clinic=clinic,
        appointment_type=appointment_type,
        day=day,
        practitioner=practitioner,
        wavelength_nm=wavelength_nm,
        indication=indication,
        ignoring=ignoring,
    )
    earliest = (now or timezone.now()) + (plan.min_notice if notice is None else notice)
    return plan_slots(plan, earliest=earliest, practitioner=practitioner)


def plan_slots(
    plan: DayPlan, *, earliest: datetime, practitioner: Practitioner | None = None
) -> list[Slot]:
    """The bookable starts of a loaded day plan from ``earliest`` on (pure: no queries)."""
    slots = []
    for start in plan.candidate_starts():
        if start < earliest:
            continue
        slot = resources_free_at(plan, start, practitioner=practitioner)
        if slot is not None:
            slots.append(slot)
    return slots
