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

from django.utils import timezone

from picoclinic.clinics.models import Clinic
from picoclinic.clinics.selectors import clinic_day_bounds
from picoclinic.patients.models import Patient
from picoclinic.scheduling.day_view import away_rows, detail, rooms_and_lasers
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    BookingRequest,
    Closure,
    Practitioner,
    Resource,
    ResourceKind,
)
from picoclinic.scheduling.models.appointments import HOLDING_STATUSES
from picoclinic.scheduling.setup_cache import clinic_setup
from picoclinic.scheduling.templatetags.scheduling_calendar import path_maker

KIND_ORDER = [ResourceKind.PRACTITIONER, ResourceKind.ROOM, ResourceKind.DEVICE]
# What the week shows of an appointment: fewer columns to read, convert and build.
WEEK_FIELDS = [
    "pk",
    "patient_id",
    "appointment_type_id",
    "kind",
    "starts_at",
    "status",
    "practitioner_id",
    "room_id",
    "device_id",
    "wavelength_nm",
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
    """Place the week's appointments, read as plain rows: the clinic's by start (index on
    clinic, start), then the names of their patients by primary key, so the read never joins
    the patient table and stays an index lookup however many patients the chain has."""
    found = list(
        Appointment.objects.filter(
            clinic=clinic,
            starts_at__gte=starts_utc[0],
            starts_at__lt=week_end,
            status__in=HOLDING_STATUSES,
        )
        .order_by("starts_at", "id")
        .values_list(*WEEK_FIELDS)
    )
    patients, requests = _names(found)
    types, people = clinic_setup(clinic).types, _practitioners(rows, found)
    zone, labels = clinic.zone, dict(AppointmentStatus.choices)
    patient_link = path_maker("scheduling:patient", "patient_id")
    request_link = path_maker("scheduling:request", "appointment_id")
    for pk, patient_id, type_id, kind, at, status, person_id, room_id, device_id, nm in found:
        index = bisect_right(starts_utc, at) - 1  # its day on the clinic's calendar
        if patient_id is None:
            name = requests.get(pk)
            who = f"Online request: {name}" if name is not None else "Consultation request"
            href, request = request_link(pk), True
        else:
            who, href, request = patients[patient_id], patient_link(patient_id), False
        starts = f"{at.astimezone(zone):%H:%M}"
        item = WeekItem(
            starts, who, types[type_id].name, kind, status, labels[status], href, request
        )
        person = people[person_id]
        _row(rows, days, person, ResourceKind.PRACTITIONER, "Practitioner")
        rows[person_id].cells[index].items.append(item)
        # Rooms and lasers are the rows already read: no object per appointment for them.
        if room_id in rows:
            rows[room_id].cells[index].items.append(replace(item, sub=person.name))
        if device_id in rows:
            sub = person.name + (f" · {nm} nm" if nm else "")
            rows[device_id].cells[index].items.append(replace(item, sub=sub))
    return len(found)


def _names(found) -> tuple[dict[int, str], dict[int, str]]:
    """Patients' names by id (primary-key lookups), and the requester's name of each online
    request not yet linked to a patient (a query only when the week has one)."""
    ids = {row[1] for row in found if row[1] is not None}
    patients = {
        pk: f"{given} {family}"
        for pk, given, family in Patient.objects.filter(pk__in=ids)
        .order_by()
        .values_list("pk", "given_name", "family_name")
    }
    unlinked = [row[0] for row in found if row[1] is None]
    requests = {}
    if unlinked:
        requests = {
            pk: f"{given} {family}".strip()
            for pk, given, family in BookingRequest.objects.filter(appointment_id__in=unlinked)
            .order_by()
            .values_list("appointment_id", "given_name", "family_name")
        }
    return patients, requests


def _practitioners(rows, found) -> dict:
    """The practitioners of the week's appointments: the rows already read, and anyone booked
    here without hours here (one more query, only then)."""
    people = {pk: row.resource for pk, row in rows.items() if row.kind == ResourceKind.PRACTITIONER}
    missing = {row[6] for row in found} - people.keys()
    if missing:
        people |= Practitioner.objects.in_bulk(missing)
    return people


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
