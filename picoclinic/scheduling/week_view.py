"""A clinic's week at a glance: one row per practitioner, room and laser, one column per day,
each cell the appointments that resource has that day (clinic wall-clock times), or why it
is not available (closed, not working, on leave, laser down).

Each day is bounded by its own midnight-to-midnight in the clinic's zone, converted to UTC on
its own (``clinic_day_bounds``), so the week the clocks change has a 23- or 25-hour day and
every appointment still lands on its wall-clock day. Built in a fixed number of queries
(seven; one more when someone booked here has no hours here), whatever the week holds.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from picoclinic.clinics.models import Clinic
from picoclinic.clinics.selectors import clinic_day_bounds
from picoclinic.scheduling.day_view import attach_known, away_rows, detail, rooms_and_lasers
from picoclinic.scheduling.models import (
    Appointment,
    Closure,
    Resource,
    ResourceKind,
)
from picoclinic.scheduling.models.appointments import HOLDING_STATUSES
from picoclinic.scheduling.setup_cache import clinic_setup

KIND_ORDER = [ResourceKind.PRACTITIONER, ResourceKind.ROOM, ResourceKind.DEVICE]
# What the week shows of an appointment: fewer columns to read, convert and build.
WEEK_FIELDS = [
    "patient_id",
    "appointment_type_id",
    "kind",
    "starts_at",
    "status",
    "practitioner_id",
    "room_id",
    "device_id",
    "wavelength_nm",
    "patient__given_name",
    "patient__family_name",
    "booking_request__given_name",
    "booking_request__family_name",
    "booking_request__appointment_id",
]


@dataclass
class WeekItem:
    starts: str  # "09:30", the clinic's wall clock
    text: str
    sub: str
    kind: str
    status: str
    status_label: str
    href: str
    is_request: bool


@dataclass
class WeekCell:
    day: date
    note: str = ""  # why the resource cannot be booked that day, if so
    items: list[WeekItem] = field(default_factory=list)


@dataclass
class WeekRow:
    resource: Resource
    kind: str
    detail: str
    cells: list[WeekCell]

    @property
    def count(self) -> int:
        return sum(len(c.items) for c in self.cells)


@dataclass
class WeekCalendar:
    clinic: Clinic
    days: list[date]
    closed: dict[date, str]
    rows: list[WeekRow]
    appointments: int


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def calendar_week(*, clinic: Clinic, monday: date) -> WeekCalendar:
    """The week from ``monday`` of ``clinic`` (seven queries)."""
    days = [monday + timedelta(days=n) for n in range(7)]
    starts_utc = [clinic_day_bounds(clinic, d)[0] for d in days]
    week_end = clinic_day_bounds(clinic, days[-1])[1]
    closed = _closures(clinic, days)
    setup = clinic_setup(clinic)
    open_weekdays = set(setup.opening)
    rows: dict[int, WeekRow] = {}
    works: dict[int, set[int]] = {}
    for row in setup.hours:
        works.setdefault(row.practitioner_id, set()).add(row.weekday)
        _row(rows, days, row.practitioner, ResourceKind.PRACTITIONER, "Practitioner")
    for resource in rooms_and_lasers(clinic):
        _row(rows, days, resource, resource.kind, detail(resource))
    count = _place_appointments(clinic, rows, days, starts_utc, week_end)
    _mark_unavailable(rows, days, closed, open_weekdays, works)
    _mark_away(clinic, rows, days, starts_utc[0], week_end)
    ordered = sorted(
        rows.values(), key=lambda r: (KIND_ORDER.index(r.kind), r.resource.name, r.resource.pk)
    )
    return WeekCalendar(clinic, days, closed, ordered, count)


def _row(rows, days, resource, kind, detail) -> WeekRow:
    if resource.pk not in rows:
        rows[resource.pk] = WeekRow(resource, kind, detail, [WeekCell(d) for d in days])
    return rows[resource.pk]


def _closures(clinic: Clinic, days: list[date]) -> dict[date, str]:
    closed: dict[date, str] = {}
    for closure in Closure.objects.filter(
        clinic=clinic, starts_on__lte=days[-1], ends_on__gte=days[0]
    ):
        for day in days:
            if closure.starts_on <= day <= closure.ends_on:
                closed[day] = closure.reason or "Closed"
    return closed


def _place_appointments(clinic, rows, days, starts_utc, week_end) -> int:
    appointments = list(
        Appointment.objects.filter(
            clinic=clinic,
            starts_at__gte=starts_utc[0],
            starts_at__lt=week_end,
            status__in=HOLDING_STATUSES,
        )
        .select_related("patient", "booking_request")
        .only(*WEEK_FIELDS)
        .order_by("starts_at", "id")
    )
    attach_known(clinic, rows, appointments)
    zone, count = clinic.zone, 0
    links: dict[int, str] = {}
    for a in appointments:
        index = bisect_right(starts_utc, a.starts_at) - 1  # its day on the clinic's calendar
        starts = f"{timezone.localtime(a.starts_at, zone):%H:%M}"
        who, href, request = _who(a, links)
        label = a.get_status_display()
        count += 1
        kind, what = a.kind, a.appointment_type.name
        item = WeekItem(starts, who, what, kind, a.status, label, href, request)
        person = _row(rows, days, a.practitioner, ResourceKind.PRACTITIONER, "Practitioner")
        person.cells[index].items.append(item)
        # Rooms and lasers are the rows already read: no object per appointment for them.
        if a.room_id in rows:
            rows[a.room_id].cells[index].items.append(replace(item, sub=a.practitioner.name))
        if a.device_id in rows:
            sub = a.practitioner.name + (f" · {a.wavelength_nm} nm" if a.wavelength_nm else "")
            rows[a.device_id].cells[index].items.append(replace(item, sub=sub))
    return count


def _who(a: Appointment, links: dict[int, str]) -> tuple[str, str, bool]:
    if a.patient_id is None:
        found = getattr(a, "booking_request", None)
        name = f"Online request: {found.full_name}" if found else "Consultation request"
        return name, reverse("scheduling:request", kwargs={"appointment_id": a.pk}), True
    if a.patient_id not in links:
        links[a.patient_id] = reverse("scheduling:patient", kwargs={"patient_id": a.patient_id})
    return a.patient.full_name, links[a.patient_id], False


def _mark_unavailable(rows, days, closed, open_weekdays, works) -> None:
    for row in rows.values():
        for cell in row.cells:
            if cell.day in closed or cell.day.weekday() not in open_weekdays:
                cell.note = "Closed"
            elif row.kind == ResourceKind.PRACTITIONER and cell.day.weekday() not in works.get(
                row.resource.pk, set()
            ):
                cell.note = "Not working here"


def _mark_away(clinic, rows, days, since: datetime, until: datetime) -> None:
    """Leave and laser downtime: noted on each day they touch."""
    people = [pk for pk, r in rows.items() if r.kind == ResourceKind.PRACTITIONER]
    devices = [pk for pk, r in rows.items() if r.kind == ResourceKind.DEVICE]
    away = away_rows(people, devices, since, until)
    for pk, starts, ends, text in away:
        for cell in rows[pk].cells:
            day_start, day_end = clinic_day_bounds(clinic, cell.day)
            if starts < day_end and ends > day_start and not cell.note:
                whole = starts <= day_start and ends >= day_end
                local = timezone.localtime(max(starts, day_start), clinic.zone)
                cell.note = text if whole else f"{text} from {local:%H:%M}"
