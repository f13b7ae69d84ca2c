"""Scheduling for the demo chain: hours, rooms, lasers, appointment types, practitioners'
hours, and a handful of consultations booked over the coming week.

Idempotent by natural keys (a clinic's room, laser or type by name, hours by weekday and
start, a practitioner by login): loading again adds what is missing and changes nothing that
exists. Consultations are seeded only into a clinic that has none yet, on the next days
someone works there (those earlier today are shown as completed).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.scheduling.availability import day_plan_load, resources_free_at
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
    SchedulingPolicy,
    WorkingHours,
)
from picoclinic.scheduling.services.booking import bookings_for

DOMAIN = "lumen-demo.example"
WEEKDAYS, MON_SAT = range(5), range(6)

OPENING = {
    # code: [(weekdays, opens, closes)]
    "CEN": [(WEEKDAYS, time(9), time(19)), ((5,), time(10), time(16))],
    "HBR": [(MON_SAT, time(10), time(20))],
}
ROOMS = {"CEN": ["Room 1", "Room 2", "Consulting room"], "HBR": ["Room A", "Room B"]}
LASERS = {
    # code: [(name, model, wavelengths, handpieces, clean-up minutes)]
    "CEN": [
        ("PicoWay", "Candela PicoWay", [532, 730, 785, 1064], ["flat_beam", "fractional"], 10),
        ("PicoSure Pro", "Cynosure PicoSure Pro", [532, 755], ["flat_beam", "fractional"], 15),
    ],
    "HBR": [("PicoWay HK", "Candela PicoWay", [532, 1064], ["flat_beam", "fractional"], 10)],
}
TYPES = [
    # name, kind, minutes, before, after, room, laser, online
    ("Consultation", AppointmentKind.CONSULTATION, 30, 0, 10, True, False, True),
    ("Treatment session", AppointmentKind.TREATMENT, 45, 5, 10, True, True, False),
    ("Test spot", AppointmentKind.TEST_SPOT, 20, 5, 10, True, True, False),
    ("Review", AppointmentKind.REVIEW, 20, 0, 5, True, False, False),
]
PRACTITIONERS = [
    # login, [(clinic, weekdays, starts, ends)], indications
    (
        "practitioner",
        [("CEN", WEEKDAYS, time(9), time(17, 30)), ("CEN", (5,), time(10), time(16))],
        "all",
    ),
    (
        "doctor",
        [("CEN", (0, 2, 4), time(10), time(18)), ("HBR", (1, 3), time(10), time(18))],
        "all",
    ),
    ("harbour.practitioner", [("HBR", MON_SAT, time(10), time(19))], "all"),
]
# Consultations to seed: (clinic, patient given name, nth working day from today (0: today),
# wall-clock time). A time already taken moves to the next free one that day.
CONSULTATIONS = [
    ("CEN", "Oliver", 0, time(10)),
    ("CEN", "Aisha", 0, time(14, 30)),
    ("CEN", "Chloe", 1, time(10)),
    ("CEN", "Daniel", 1, time(10)),
    ("CEN", "Sofia", 1, time(15)),
    ("CEN", "Hannah", 2, time(11, 30)),
    ("CEN", "Tom", 3, time(16)),
    ("HBR", "Ka Yan", 0, time(12)),
    ("HBR", "Hiroshi", 1, time(11)),
    ("HBR", "Grace", 2, time(15)),
]
SEARCH_DAYS = 14


def demo_load_scheduling(*, clinics: dict[str, Clinic]) -> bool:
    """Load the demo's scheduling set-up into ``clinics`` (by code). True if anything was new.

    Safe inside or outside a transaction: the seeded consultations are written with the
    booking service's own pieces (free-resource check, bookings, audit), not with its durable
    transaction, and the database's no-overlap rule guards them as it guards every booking.
    """
    created = False
    with transaction.atomic():
        for code, clinic in clinics.items():
            created |= _clinic_setup(code, clinic)
        for login, shifts, indications in PRACTITIONERS:
            created |= _practitioner(login, shifts, indications, clinics)
        for code, clinic in clinics.items():
            created |= _seed_consultations(code, clinic)
    return created


def _clinic_setup(code: str, clinic: Clinic) -> bool:
    # Both demo clinics take online consultation requests (/book/).
    created = SchedulingPolicy.objects.get_or_create(
        clinic=clinic, defaults={"online_booking": True}
    )[1]
    for weekdays, opens, closes in OPENING.get(code, []):
        for weekday in weekdays:
            created |= OpeningHours.objects.get_or_create(
                clinic=clinic, weekday=weekday, opens=opens, defaults={"closes": closes}
            )[1]
    for name in ROOMS.get(code, []):
        created |= Room.objects.get_or_create(clinic=clinic, name=name)[1]
    for name, model, wavelengths, handpieces, cleanup in LASERS.get(code, []):
        created |= Device.objects.get_or_create(
            clinic=clinic,
            name=name,
            defaults={
                "model_name": model,
                "wavelengths_nm": wavelengths,
                "handpieces": handpieces,
                "cleanup_minutes": cleanup,
            },
        )[1]
    for position, (name, kind, minutes, before, after, room, laser, online) in enumerate(TYPES):
        created |= AppointmentType.objects.get_or_create(
            clinic=clinic,
            name=name,
            defaults={
                "kind": kind,
                "duration_minutes": minutes,
                "buffer_before_minutes": before,
                "buffer_after_minutes": after,
                "needs_room": room,
                "needs_device": laser,
                "online_bookable": online,
                "position": position,
            },
        )[1]
    return created


def _practitioner(login: str, shifts, indications, clinics) -> bool:
    user = User.objects.filter(email__iexact=f"{login}@{DOMAIN}").first()
    if user is None:
        return False
    from picoclinic.clinical.common import Indication

    practitioner, created = Practitioner.objects.get_or_create(
        user=user,
        defaults={
            "name": user.full_name,
            "indications": [i.value for i in Indication] if indications == "all" else indications,
        },
    )
    for code, weekdays, starts, ends in shifts:
        clinic = clinics.get(code)
        if clinic is None:
            continue
        practitioner.appointment_types.add(*AppointmentType.objects.filter(clinic=clinic))
        for weekday in weekdays:
            created |= WorkingHours.objects.get_or_create(
                practitioner=practitioner,
                weekday=weekday,
                starts=starts,
                defaults={"clinic": clinic, "ends": ends},
            )[1]
    return created


def _seed_consultations(code: str, clinic: Clinic) -> bool:
    if Appointment.objects.filter(clinic=clinic).exists():
        return False
    consultation = AppointmentType.objects.filter(clinic=clinic, name="Consultation").first()
    if consultation is None:
        return False
    created = False
    days = _working_days(clinic, consultation)
    for clinic_code, given, nth, at in CONSULTATIONS:
        patient = Patient.objects.filter(clinic=clinic, given_name=given).first()
        if clinic_code != code or patient is None or nth >= len(days):
            continue
        created |= _book(clinic, consultation, patient, days[nth], at)
    return created


def _working_days(clinic: Clinic, appointment_type: AppointmentType) -> list:
    """Today and the following days on which someone can see patients (the next fortnight)."""
    today = timezone.localdate(timezone.now(), clinic.zone)
    days = [today + timedelta(days=n) for n in range(SEARCH_DAYS)]
    return [
        day
        for day in days
        if day_plan_load(clinic=clinic, appointment_type=appointment_type, day=day).practitioners
    ]


def _book(clinic, appointment_type, patient, day, at) -> bool:
    plan = day_plan_load(clinic=clinic, appointment_type=appointment_type, day=day)
    wanted = datetime.combine(day, at, tzinfo=clinic.zone).astimezone(UTC)
    slot = next(
        (
            found
            for start in plan.candidate_starts()
            if start >= wanted and (found := resources_free_at(plan, start)) is not None
        ),
        None,
    )
    if slot is None:
        return False
    # Earlier today: the consultation has happened (demo data only; real ones are completed
    # by the session workflow).
    done = slot.ends_at <= timezone.now()
    appointment = Appointment.objects.create(
        clinic=clinic,
        patient=patient,
        appointment_type=appointment_type,
        kind=appointment_type.kind,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        practitioner=slot.practitioners[0],
        room=slot.rooms[0] if slot.rooms else None,
        status=AppointmentStatus.COMPLETED if done else AppointmentStatus.BOOKED,
        occurred_on=day if done else None,
    )
    Booking.objects.bulk_create(bookings_for(appointment))
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=appointment,
        patient=patient,
        clinic=clinic,
        summary="Booked consultation (demo data)",
    )
    return True
