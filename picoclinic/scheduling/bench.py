"""The scheduling benchmark: a chain with years of appointments, and three timings on it.

Built straight into the tables with ``bulk_create`` (the database's no-overlap rule still
checks every booking): five clinics in five zones, each with six practitioners, five rooms
and two lasers, open Monday to Saturday 09:00-19:00. Each working day four of the six
practitioners see a patient in every 40-minute slot (one of them with a laser), the last 90
days of it still ahead. History fills backwards until the chain holds ``count`` appointments.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from picoclinic.accounts.models import Membership, Role, User
from picoclinic.clinical.common import Indication
from picoclinic.clinics.models import Clinic, Organisation
from picoclinic.patients.models import Patient, Sex
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    AppointmentType,
    Booking,
    Device,
    OpeningHours,
    Practitioner,
    Room,
    WorkingHours,
)
from picoclinic.scheduling.setup_cache import setup_changed

ORG_SLUG = "bench-chain"
COMPLETE = "Bench chain (complete)"
ZONES = ["Europe/London", "Asia/Hong_Kong", "America/New_York", "Australia/Sydney", "Europe/Berlin"]
PEOPLE, ROOMS, LASERS = 6, 5, 2
SLOT, SLOTS = timedelta(minutes=40), 15  # 09:00-19:00
FUTURE_DAYS = 90
BATCH = 5000


def progress(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


# --- Building ------------------------------------------------------------------------------


def bench_ready(count: int) -> bool:
    return Organisation.objects.filter(slug=ORG_SLUG, name=COMPLETE).exists()


def bench_build(count: int) -> None:
    """Create the chain and ``count`` appointments (about 2.5 bookings each)."""
    started = time.perf_counter()
    organisation = Organisation.objects.create(slug=ORG_SLUG, name="Bench chain (building)")
    setups = [_clinic(organisation, n, zone) for n, zone in enumerate(ZONES)]
    per_clinic = math.ceil(count / len(setups))
    made = 0
    for setup in setups:
        made += _history(setup, min(per_clinic, count - made))
        progress(f"{made} appointments after {time.perf_counter() - started:.0f} s")
    _course(setups[0])
    setup_changed()  # the hours went in with bulk_create, which sends no signal
    Organisation.objects.filter(pk=organisation.pk).update(name=COMPLETE)


def _clinic(organisation, number: int, zone: str) -> dict:
    clinic = Clinic.objects.create(
        organisation=organisation, name=f"Bench {number + 1}", code=f"B{number:02d}", time_zone=zone
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=d, opens=wall(9), closes=wall(19)) for d in range(6)
    )
    consultation = AppointmentType.objects.create(
        clinic=clinic,
        name="Consultation",
        kind=AppointmentKind.CONSULTATION,
        duration_minutes=30,
        buffer_after_minutes=10,
    )
    treatment = AppointmentType.objects.create(
        clinic=clinic,
        name="Treatment session",
        kind=AppointmentKind.TREATMENT,
        duration_minutes=30,
        buffer_after_minutes=10,
        needs_device=True,
    )
    rooms = [Room.objects.create(clinic=clinic, name=f"Room {n + 1}") for n in range(ROOMS)]
    lasers = [
        Device.objects.create(
            clinic=clinic,
            name=f"Laser {n + 1}",
            model_name="Bench laser",
            wavelengths_nm=[532, 1064],
            cleanup_minutes=10,
        )
        for n in range(LASERS)
    ]
    people = [_practitioner(clinic, number, n, [consultation, treatment]) for n in range(PEOPLE)]
    desk = User.objects.create(
        email=f"desk{number}@bench.example", full_name="Bench desk", password="!"
    )
    Membership.objects.create(user=desk, clinic=clinic, role=Role.FRONT_DESK)
    patients = Patient.objects.bulk_create(
        Patient(
            organisation=organisation,
            clinic=clinic,
            patient_number=f"B{number:02d}-{n:06d}",
            given_name=f"Given{n}",
            family_name=f"Family{n}",
            date_of_birth=date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
            sex=Sex.FEMALE,
        )
        for n in range(2000)
    )
    return {
        "clinic": clinic,
        "types": (consultation, treatment),
        "rooms": rooms,
        "lasers": lasers,
        "people": people,
        "patients": patients,
        "desk": desk,
    }


def _practitioner(clinic, clinic_number: int, n: int, types) -> Practitioner:
    user = User.objects.create(
        email=f"p{clinic_number}-{n}@bench.example", full_name=f"Practitioner {n + 1}", password="!"
    )
    Membership.objects.create(user=user, clinic=clinic, role=Role.PRACTITIONER)
    practitioner = Practitioner.objects.create(
        user=user, name=user.full_name, indications=[i.value for i in Indication]
    )
    practitioner.appointment_types.add(*types)
    WorkingHours.objects.bulk_create(
        WorkingHours(
            practitioner=practitioner, clinic=clinic, weekday=d, starts=wall(9), ends=wall(19)
        )
        for d in range(6)
    )
    return practitioner


def _working_days(clinic: Clinic, needed: int) -> list[date]:
    # Up to 90 days ahead, at most half the span: every size has a full week ahead, where the
    # measured day lies, so small and large runs measure the same kind of day.
    ahead = min(FUTURE_DAYS, max(14, needed // 2))
    day = timezone.localdate(timezone.now(), clinic.zone) + timedelta(days=ahead)
    days = []
    while len(days) < needed:
        if day.weekday() < 6:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def _history(setup: dict, count: int) -> int:
    per_day = SLOTS * 4
    days = _working_days(setup["clinic"], math.ceil(count / per_day))
    pending: list[tuple[Appointment, list[tuple[int, datetime, datetime]]]] = []
    made = 0
    for row in _rows(setup, days):
        if made == count:
            break
        pending.append(row)
        made += 1
        if len(pending) == BATCH:
            _flush(pending)
            pending = []
    _flush(pending)
    return made


def _rows(setup: dict, days: list[date]) -> Iterator[tuple]:
    clinic, (consultation, treatment) = setup["clinic"], setup["types"]
    now, counter = timezone.now(), 0
    for day in days:
        opens = datetime.combine(day, wall(9), tzinfo=clinic.zone).astimezone(UTC)
        for slot in range(SLOTS):
            start = opens + slot * SLOT
            active = [p for n, p in enumerate(setup["people"]) if (slot + n) % 3]
            for i, person in enumerate(active):
                counter += 1
                # One treatment per slot, on alternating lasers: each laser is busy half the day.
                laser = setup["lasers"][slot % LASERS] if i == 0 else None
                status = _status(start, now, counter)
                appointment = Appointment(
                    clinic=clinic,
                    patient=setup["patients"][counter % len(setup["patients"])],
                    appointment_type=treatment if laser else consultation,
                    kind=AppointmentKind.TREATMENT if laser else AppointmentKind.CONSULTATION,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=30),
                    status=status,
                    practitioner=person,
                    room=setup["rooms"][i],
                    device=laser,
                    occurred_on=day if status == AppointmentStatus.COMPLETED else None,
                )
                held = [person.pk, setup["rooms"][i].pk] + ([laser.pk] if laser else [])
                yield appointment, [(pk, start, start + SLOT) for pk in held]


def _status(start: datetime, now: datetime, counter: int) -> str:
    if start >= now:
        return AppointmentStatus.BOOKED
    if counter % 31 == 0:
        return AppointmentStatus.CANCELLED
    if counter % 37 == 0:
        return AppointmentStatus.NO_SHOW
    return AppointmentStatus.COMPLETED


def _flush(pending) -> None:
    if not pending:
        return
    with transaction.atomic():
        appointments = Appointment.objects.bulk_create([a for a, _ in pending], batch_size=BATCH)
        Booking.objects.bulk_create(
            [
                Booking(
                    appointment_id=appointment.pk,
                    resource_id=pk,
                    starts_at=starts,
                    ends_at=ends,
                    active=appointment.status != AppointmentStatus.CANCELLED,
                )
                for appointment, (_, held) in zip(appointments, pending, strict=True)
                for pk, starts, ends in held
            ],
            batch_size=BATCH,
        )


def _course(setup: dict) -> None:
    """A ten-session course waiting to be booked, for the series measurement."""
    from picoclinic.consultations.models import Concern, Consultation, ConsultationStatus
    from picoclinic.plans.models import PlanItem, PlanStatus, TreatmentPlan

    patient, clinic = setup["patients"][0], setup["clinic"]
    author = setup["people"][0].user
    consultation = Consultation.objects.create(
        patient=patient, clinic=clinic, practitioner=author, status=ConsultationStatus.COMPLETED
    )
    concern = Concern.objects.create(
        consultation=consultation, indication="melasma", body_site="face", severity="moderate"
    )
    plan = TreatmentPlan.objects.create(
        patient=patient,
        clinic=clinic,
        consultation=consultation,
        created_by=author,
        status=PlanStatus.APPROVED,
    )
    PlanItem.objects.create(
        plan=plan,
        concern=concern,
        wavelength_nm=1064,
        handpiece="flat_beam",
        sessions=10,
        interval_min_days=28,
        interval_target_days=35,
        interval_max_days=42,
    )


# --- Measuring -----------------------------------------------------------------------------


def measure(name: str, action: Callable[[], object], *, repeat: int, count: int) -> dict:
    """p50/p95 wall time of ``action`` (after warming up) and the queries one run makes."""
    for _ in range(3):
        action()
    with CaptureQueriesContext(connection) as queries:
        action()
    # Count now: the log is a view of the connection's, which each later request resets.
    query_count = len(queries.captured_queries)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "name": name,
        "backend": connection.vendor,
        "appointments": count,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[max(0, math.ceil(0.95 * len(timings)) - 1)], 2),
        "queries": query_count,
    }


def bench_day(clinic: Clinic) -> date:
    """The measured day: a week ahead, never the Sunday the chain is closed."""
    day = timezone.localdate(timezone.now(), clinic.zone) + timedelta(days=7)
    return day + (timedelta(days=1) if day.weekday() == 6 else timedelta())


def bench_pages() -> dict[str, str]:
    """The pages the HTTP benchmark drives, as the front desk of the first clinic asks them."""
    clinic = Clinic.objects.get(organisation__slug=ORG_SLUG, code="B00")
    consultation = AppointmentType.objects.get(clinic=clinic, kind=AppointmentKind.CONSULTATION)
    patient = Patient.objects.filter(clinic=clinic).order_by("pk").first()
    day = bench_day(clinic).isoformat()
    new = f"/schedule/patients/{patient.pk}/appointments/new/"
    return {
        "day_calendar": f"/schedule/?day={day}",
        "week_calendar": f"/schedule/week/?day={day}",
        "booking_page": f"{new}?day={day}&appointment_type={consultation.pk}",
    }


def bench_measurements(*, repeat: int) -> Iterator[dict]:
    from django.test import Client

    from picoclinic.plans.models import PlanItem
    from picoclinic.scheduling.availability import available_slots
    from picoclinic.scheduling.series import series_propose

    clinic = Clinic.objects.get(organisation__slug=ORG_SLUG, code="B00")
    consultation, treatment = (
        AppointmentType.objects.get(clinic=clinic, kind=kind)
        for kind in (AppointmentKind.CONSULTATION, AppointmentKind.TREATMENT)
    )
    count = Appointment.objects.count()
    day = bench_day(clinic)
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email="desk0@bench.example"))

    def calendar():
        response = client.get(f"/schedule/?day={day.isoformat()}")
        assert response.status_code == 200, response.status_code

    def week():
        response = client.get(f"/schedule/week/?day={day.isoformat()}")
        assert response.status_code == 200, response.status_code

    item = PlanItem.objects.select_related("concern", "plan").get(plan__clinic=clinic)
    yield measure("day_calendar", calendar, repeat=repeat, count=count)
    yield measure("week_calendar", week, repeat=repeat, count=count)
    yield measure(
        "availability_day",
        lambda: available_slots(clinic=clinic, appointment_type=consultation, day=day),
        repeat=repeat,
        count=count,
    )
    yield measure(
        "series_proposal_10",
        lambda: series_propose(clinic=clinic, plan_item=item, appointment_type=treatment),
        repeat=repeat,
        count=count,
    )
