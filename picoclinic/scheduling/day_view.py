"""The clinic's day at a glance: one column per practitioner, room and laser, one row per five
minutes, each appointment a block over the rows it holds (preparation, the appointment, tidying
or laser clean-up shown apart). Built in a fixed number of queries, whatever the day holds.

Rows step through real instants (UTC) and are labelled in the clinic's wall clock, so the day
the clocks go forward simply has no 01:00 row and the day they go back shows 01:00 twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db.models import CharField, F, Value

from picoclinic.clinics.models import Clinic
from picoclinic.clinics.selectors import clinic_day_bounds
from picoclinic.scheduling.availability import Interval, wall_interval
from picoclinic.scheduling.models import (
    Appointment,
    Booking,
    Closure,
    Device,
    DeviceDowntime,
    DowntimeKind,
    Leave,
    Practitioner,
    Resource,
    ResourceKind,
    Room,
)
from picoclinic.scheduling.models.resources import (
    MAX_BUFFER_MINUTES,
    MAX_DURATION_MINUTES,
    MAX_OCCUPANCY,
)
from picoclinic.scheduling.setup_cache import clinic_setup

ROW = timedelta(minutes=5)
# What the calendar and its day list show of an appointment (fewer columns to read and convert).
CALENDAR_FIELDS = [
    "clinic_id",
    "patient_id",
    "appointment_type_id",
    "kind",
    "starts_at",
    "ends_at",
    "status",
    "practitioner_id",
    "room_id",
    "device_id",
    "wavelength_nm",
    "plan_item_id",
    "patient__given_name",
    "patient__family_name",
    "patient__patient_number",
    "booking_request__given_name",
    "booking_request__family_name",
    "booking_request__email",
    "booking_request__phone",
    "booking_request__appointment_id",
]
LABEL_MINUTES = 15


@dataclass
class Column:
    resource: Resource
    kind: str
    detail: str
    windows: list[Interval] = field(default_factory=list)  # when it can work
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Segment:
    starts_at: datetime
    ends_at: datetime
    part: str  # "main", "prep", "tidy", "clean", "away"
    appointment: Appointment | None = None
    text: str = ""


@dataclass
class Cell:
    """A table cell: ``rowspan`` rows of one column, free, closed or (part of) a block."""

    rowspan: int
    part: str  # "free", "off" or a Segment's part
    kind: str  # the column's resource kind
    segment: Segment | None = None


@dataclass
class Row:
    starts_at: datetime
    label: str
    label_rowspan: int
    on_the_hour: bool
    is_now: bool
    cells: list[Cell | None]  # None: covered by a cell above


@dataclass
class DayCalendar:
    clinic: Clinic
    day: date
    closure: Closure | None
    columns: list[Column]
    rows: list[Row]
    appointments: list[Appointment]


def calendar_day(*, clinic: Clinic, day: date, now: datetime | None = None) -> DayCalendar:
    """The day's calendar of ``clinic`` in eight queries (one more when a practitioner shown
    here is also booked at another clinic that day, or one booked here does not work here
    that day); ``now`` marks its row."""
    zone, weekday = clinic.zone, day.weekday()
    day_start, day_end = clinic_day_bounds(clinic, day)
    closure = Closure.objects.filter(clinic=clinic, starts_on__lte=day, ends_on__gte=day).first()
    setup = clinic_setup(clinic)
    opening = [wall_interval(day, h.opens, h.closes, zone) for h in setup.opening.get(weekday, [])]
    if closure is not None:
        opening = []
    columns: dict[int, Column] = {}
    for row in setup.hours_on(weekday):
        column = columns.setdefault(
            row.practitioner_id,
            Column(row.practitioner, ResourceKind.PRACTITIONER, "Practitioner"),
        )
        if closure is None:
            column.windows.append(wall_interval(day, row.starts, row.ends, zone))
    for resource in rooms_and_lasers(clinic):
        columns[resource.pk] = Column(resource, resource.kind, detail(resource), list(opening))
    appointments = _add_bookings(clinic, columns, day_start, day_end)
    _add_away(columns, day_start, day_end)
    ordered = sorted(columns.values(), key=_column_order)
    rows = _rows(clinic, ordered, opening, day_start, day_end, now)
    return DayCalendar(clinic, day, closure, ordered, rows, appointments)


def _column_order(column: Column):
    kinds = [ResourceKind.PRACTITIONER, ResourceKind.ROOM, ResourceKind.DEVICE]
    return kinds.index(column.kind), column.resource.name, column.resource.pk


def _add_bookings(clinic, columns, day_start, day_end) -> list[Appointment]:
    """Place the day's bookings in their columns; returns the clinic's appointments that day.

    Two reads: the appointments here that day (index on clinic, start), then the bookings of
    every column and of those appointments' practitioners as plain rows (index on resource,
    start). Asking for the practitioners first keeps the second an index range scan (an OR
    across the appointment join read every booking ever made), and plain rows avoid building
    an appointment object per booking.
    """
    since = day_start - MAX_OCCUPANCY
    # A booking reaches at most MAX_BUFFER_MINUTES beyond its appointment (buffers, laser
    # clean-up), so only appointments within that margin of the day can show on it: the
    # previous evening's are left in the database instead of being built and dropped.
    margin = timedelta(minutes=MAX_BUFFER_MINUTES)
    here = {
        a.pk: a
        for a in Appointment.objects.filter(
            clinic=clinic,
            starts_at__gte=day_start - timedelta(minutes=MAX_DURATION_MINUTES) - margin,
            starts_at__lt=day_end + margin,
            ends_at__gt=day_start - margin,
        )
        .select_related("patient", "booking_request")
        .only(*CALENDAR_FIELDS)
    }
    attach_known(clinic, columns, list(here.values()))
    resources = set(columns) | {a.practitioner_id for a in here.values()}
    rows = Booking.objects.filter(
        resource_id__in=resources,
        active=True,
        starts_at__gte=since,
        starts_at__lt=day_end,
        ends_at__gt=day_start,
    ).values_list("resource_id", "appointment_id", "starts_at", "ends_at")
    elsewhere = _appointments_elsewhere([r for r in rows if r[1] not in here])
    for resource_id, appointment_id, starts, ends in rows:
        appointment = here.get(appointment_id) or elsewhere[appointment_id]
        column = columns.get(resource_id)
        if column is None:  # a practitioner with no hours here today but booked here
            person = appointment.practitioner
            column = columns[resource_id] = Column(person, person.kind, "Practitioner")
        column.segments.extend(_segments(column.kind, starts, ends, appointment, clinic))
    today = [
        a for a in here.values() if a.is_active and a.ends_at > day_start and a.starts_at < day_end
    ]
    return sorted(today, key=lambda a: (a.starts_at, a.pk))


def attach_known(clinic, columns: dict, appointments: list[Appointment]) -> None:
    """Give each appointment its clinic, type, practitioner and room from the resources
    already read (``columns``: resource id -> anything with ``.resource``; the day's columns,
    the week's rows) and the clinic's few types, instead of joining four more tables
    into the appointments' query: on PostgreSQL, planning that join cost more than running it.
    A practitioner or room not among the columns (no hours here today; a room retired since) is
    read in one more query, only when there is one."""
    types = clinic_setup(clinic).types
    known = {pk: column.resource for pk, column in columns.items()}
    people = {a.practitioner_id for a in appointments} - known.keys()
    rooms = {a.room_id for a in appointments if a.room_id} - known.keys()
    if people:
        known |= Practitioner.objects.in_bulk(people)
    if rooms:
        known |= Room.objects.in_bulk(rooms)
    for a in appointments:
        a.clinic = clinic
        a.appointment_type = types[a.appointment_type_id]
        a.practitioner = known[a.practitioner_id]
        a.room = known[a.room_id] if a.room_id else None


def _appointments_elsewhere(rows) -> dict[int, Appointment]:
    """The few appointments at other clinics that hold a practitioner shown here."""
    ids = {appointment_id for _, appointment_id, _, _ in rows}
    if not ids:
        return {}
    return Appointment.objects.select_related("clinic", "practitioner").in_bulk(ids)


def _segments(kind, starts, ends, appointment: Appointment, clinic) -> list[Segment]:
    if appointment.clinic_id != clinic.pk:
        # Busy at another clinic of the chain: say where, not with whom.
        return [Segment(starts, ends, "away", text=f"At {appointment.clinic.name}")]
    after = "clean" if kind == ResourceKind.DEVICE else "tidy"
    parts = [
        Segment(starts, appointment.starts_at, "prep", appointment),
        Segment(
            max(starts, appointment.starts_at), min(ends, appointment.ends_at), "main", appointment
        ),
        Segment(appointment.ends_at, ends, after, appointment),
    ]
    return [s for s in parts if s.ends_at > s.starts_at]


def _add_away(columns: dict[int, Column], day_start, day_end) -> None:
    people = [pk for pk, c in columns.items() if c.kind == ResourceKind.PRACTITIONER]
    devices = [pk for pk, c in columns.items() if c.kind == ResourceKind.DEVICE]
    for pk, starts, ends, text in away_rows(people, devices, day_start, day_end):
        columns[pk].segments.append(Segment(starts, ends, "away", text=text))


def rooms_and_lasers(clinic: Clinic) -> list[Room | Device]:
    """The clinic's active rooms and lasers, each as its own kind (cached set-up)."""
    setup = clinic_setup(clinic)
    return [*setup.rooms, *setup.devices]


def detail(resource: Room | Device) -> str:
    """The line under a room's or laser's name: "Room", or its wavelengths."""
    if resource.kind == ResourceKind.DEVICE:
        return " · ".join(str(w) for w in resource.wavelengths_nm) + " nm"
    return "Room"


def away_rows(people: list[int], devices: list[int], since: datetime, until: datetime) -> list:
    """(resource id, start, end, what) of leave and laser downtime touching [since, until),
    in one read (a UNION of the two tables)."""
    leave = Leave.objects.filter(
        practitioner_id__in=people, starts_at__lt=until, ends_at__gt=since
    ).annotate(what=Value("leave", output_field=CharField()))
    down = DeviceDowntime.objects.filter(
        device_id__in=devices, starts_at__lt=until, ends_at__gt=since
    ).annotate(what=F("kind"))
    # No ORDER BY inside a compound statement (SQLite refuses it): the models' ordering is off.
    rows = (
        leave.order_by()
        .values_list("practitioner_id", "starts_at", "ends_at", "what")
        .union(down.order_by().values_list("device_id", "starts_at", "ends_at", "what"), all=True)
    )
    labels = {"leave": "On leave", **dict(DowntimeKind.choices)}
    return [(pk, starts, ends, labels.get(what, what)) for pk, starts, ends, what in rows]


def _grid_bounds(clinic, columns, opening, day_start, day_end) -> Interval | None:
    edges = list(opening)
    for column in columns:
        edges += column.windows
        edges += [(s.starts_at, s.ends_at) for s in column.segments if s.part != "away"]
    if not edges:
        return None
    start = max(min(e[0] for e in edges), day_start)
    end = min(max(e[1] for e in edges), day_end)
    return _floor_quarter(start, clinic), _ceil_quarter(end, clinic)


def _floor_quarter(instant: datetime, clinic: Clinic) -> datetime:
    # Subtracting under a quarter of an hour in UTC: zone offsets are whole quarters, so the
    # result is on the wall clock's quarter even across a change of offset.
    local = instant.astimezone(clinic.zone)
    return instant.astimezone(UTC) - timedelta(
        minutes=local.minute % LABEL_MINUTES, seconds=local.second, microseconds=local.microsecond
    )


def _ceil_quarter(instant: datetime, clinic: Clinic) -> datetime:
    floored = _floor_quarter(instant, clinic)
    return floored if floored == instant else floored + timedelta(minutes=LABEL_MINUTES)


def _rows(clinic, columns, opening, day_start, day_end, now) -> list[Row]:
    bounds = _grid_bounds(clinic, columns, opening, day_start, day_end)
    if bounds is None:
        return []
    start, end = bounds
    count = int((end - start) / ROW)
    times = [start + i * ROW for i in range(count)]
    grid = [_column_cells(column, times, start) for column in columns]
    rows = []
    for i, instant in enumerate(times):
        local = instant.astimezone(clinic.zone)
        labelled = local.minute % LABEL_MINUTES == 0 or i == 0
        span = next((j for j in range(i + 1, count) if _is_label(times[j], clinic)), count) - i
        rows.append(
            Row(
                starts_at=instant,
                label=f"{local:%H:%M}" if labelled else "",
                label_rowspan=span if labelled else 0,
                on_the_hour=local.minute == 0,
                is_now=now is not None and instant <= now < instant + ROW,
                cells=[cells[i] for cells in grid],
            )
        )
    return rows


def _is_label(instant: datetime, clinic: Clinic) -> bool:
    return instant.astimezone(clinic.zone).minute % LABEL_MINUTES == 0


def _column_cells(column: Column, times: list[datetime], start: datetime) -> list[Cell | None]:
    count = len(times)
    cells: list[Cell | None] = [None] * count
    filled = 0
    for segment in sorted(column.segments, key=lambda s: (s.starts_at, s.part != "away")):
        first = max(filled, _index(segment.starts_at, start, math.floor, count))
        last = _index(segment.ends_at, start, math.ceil, count)
        if last <= first:
            continue
        _fill_free(cells, column, times, filled, first)
        cells[first] = Cell(last - first, segment.part, column.kind, segment)
        filled = last
    _fill_free(cells, column, times, filled, count)
    return cells


def _index(instant: datetime, start: datetime, rounding, count: int) -> int:
    return min(max(rounding((instant - start) / ROW), 0), count)


def _fill_free(cells, column: Column, times, first: int, last: int) -> None:
    for i in range(first, last):
        slot = (times[i], times[i] + ROW)
        works = any(w[0] <= slot[0] and slot[1] <= w[1] for w in column.windows)
        cells[i] = Cell(1, "free" if works else "off", column.kind)
