"""Demo sessions for Mei Lin (Lumen Central, melasma course in progress): two signed sessions
four weeks apart with settings and responses, their aftercare issued, the follow-up calls done
but one (the review before the next session), and her third session booked at the first free
time from now, ready to start at the chair. After the second session: a mild prolonged
erythema (reported at the follow-up call, resolved) and a mild darkening the patient reported
last week, still open, which her third session's checklist shows.

Made through the same services the pages use (checklist, screening, settings, response,
signature), dated in the past, so the audit trail, the aftercare and the tasks are real. The
past appointments are written directly as checked in (the scheduling demo writes its past
consultations the same way), with their resource bookings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.aftercare.models import AftercareSheet, FollowUpTask, TaskKind, TaskStatus
from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.plans.models import PlanItem, PlanStatus
from picoclinic.scheduling.availability import day_plan_load, resources_free_at
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    Booking,
    Device,
    Practitioner,
)
from picoclinic.scheduling.services_booking import bookings_for
from picoclinic.treatments.models import (
    AdverseEventKind,
    AdverseEventSource,
    AdverseGrade,
    CheckCode,
    TreatmentSession,
)
from picoclinic.treatments.screening import baseline_for
from picoclinic.treatments.services import (
    checklist_tick,
    session_confirm_history,
    session_start,
)
from picoclinic.treatments.services_events import adverse_event_report, adverse_event_resolve
from picoclinic.treatments.services_record import response_record, settings_entry_add
from picoclinic.treatments.services_sign import session_sign

TREATMENT_TYPE = "Treatment session"
LASER = "PicoWay"
SEARCH_DAYS = 14
# (session number, fluence J/cm2, pain 0-10): low-fluence 1064 nm toning, titrated up once.
PAST = [(1, Decimal("0.6"), 2), (2, Decimal("0.7"), 3)]
AREAS = ("Left cheek", "Right cheek")


def demo_load_sessions(
    *, clinic: Clinic, practitioner: User, front_desk: User | None = None
) -> bool:
    """Load Mei Lin's sessions at ``clinic`` once (nothing if she has any session already, or
    if the plan, the laser or the practitioner's calendar are not there yet). True if made."""
    patient = Patient.objects.filter(clinic=clinic, given_name="Mei", family_name="Lin").first()
    if patient is None or TreatmentSession.objects.filter(patient=patient).exists():
        return False
    item = (
        PlanItem.objects.filter(plan__patient=patient, plan__status=PlanStatus.IN_PROGRESS)
        .select_related("plan", "concern")
        .first()
    )
    kind = AppointmentType.objects.filter(clinic=clinic, name=TREATMENT_TYPE).first()
    laser = Device.objects.filter(clinic=clinic, name=LASER).first()
    resource = Practitioner.objects.filter(user=practitioner).first()
    if item is None or kind is None or laser is None or resource is None:
        return False
    with transaction.atomic():
        _load(patient, item, kind, laser, resource, practitioner, front_desk)
    return True


def past_session_days(clinic: Clinic, interval_days: int) -> list[date]:
    """The days of the demo's past sessions: the last a weekday one interval before today, each
    earlier one exactly one interval before the next (so the same weekday). The journey demo
    dates the consultation, approval and consent before the first of them."""
    today = timezone.localdate(timezone.now(), clinic.zone)
    last = weekday_before(today - timedelta(days=interval_days))
    return [last - timedelta(days=interval_days * n) for n in range(len(PAST) - 1, -1, -1)]


def _load(patient, item, kind, laser, resource, practitioner, front_desk) -> None:
    days = past_session_days(patient.clinic, item.interval_target_days)
    past = [
        _past_appointment(patient, item, kind, laser, resource, number, day)
        for (number, _, _), day in zip(PAST, days, strict=True)
    ]
    _next_appointment(patient, item, kind, resource, number=len(PAST) + 1)
    for appointment, (_, fluence, pain) in zip(past, PAST, strict=True):
        _treat(appointment, laser, practitioner, fluence, pain)
    _adverse_events(patient, practitioner, front_desk or practitioner)
    _tasks_done(patient, front_desk or practitioner)


def weekday_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _past_appointment(patient, item, kind, laser, resource, number: int, day: date):
    return past_appointment(patient, item, kind, resource, number, day, device=laser)


def past_appointment(
    patient,
    item,
    kind,
    resource,
    number: int,
    day: date,
    *,
    at: time = time(10),
    device=None,
    status: str = AppointmentStatus.CHECKED_IN,
) -> Appointment:
    """A treatment appointment of the demo's past, booked like any other (its bookings too);
    a completed one took place on ``day``."""
    starts_at = datetime.combine(day, at, tzinfo=patient.clinic.zone).astimezone(UTC)
    appointment = Appointment.objects.create(
        clinic=patient.clinic,
        patient=patient,
        appointment_type=kind,
        kind=kind.kind,
        starts_at=starts_at,
        ends_at=starts_at + kind.duration,
        practitioner=resource,
        device=device,
        wavelength_nm=item.wavelength_nm,
        plan=item.plan,
        plan_item=item,
        session_number=number,
        status=status,
        occurred_on=day if status == AppointmentStatus.COMPLETED else None,
    )
    Booking.objects.bulk_create(bookings_for(appointment))
    return appointment


def _next_appointment(patient, item, kind, resource, *, number: int) -> Appointment | None:
    """Session 3 at the first free time from now (today if the day allows)."""
    clinic = patient.clinic
    now = timezone.now()
    for offset in range(SEARCH_DAYS):
        day = timezone.localdate(now, clinic.zone) + timedelta(days=offset)
        plan = day_plan_load(
            clinic=clinic,
            appointment_type=kind,
            day=day,
            practitioner=resource,
            wavelength_nm=item.wavelength_nm,
        )
        for start in plan.candidate_starts():
            slot = start > now + timedelta(minutes=15) and resources_free_at(
                plan, start, practitioner=resource
            )
            if slot:
                return _book(patient, item, kind, slot, number)
    return None


def _book(patient, item, kind, slot, number: int) -> Appointment:
    appointment = Appointment.objects.create(
        clinic=patient.clinic,
        patient=patient,
        appointment_type=kind,
        kind=kind.kind,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        practitioner=slot.practitioners[0],
        room=slot.rooms[0] if slot.rooms else None,
        device=slot.devices[0] if slot.devices else None,
        wavelength_nm=item.wavelength_nm,
        plan=item.plan,
        plan_item=item,
        session_number=number,
    )
    Booking.objects.bulk_create(bookings_for(appointment))
    return appointment


def _treat(appointment, laser, practitioner, fluence: Decimal, pain: int) -> None:
    at = appointment.starts_at + timedelta(minutes=5)
    session = session_start(actor=practitioner, appointment=appointment, now=at)
    history = baseline_for(session).history
    session_confirm_history(actor=practitioner, session=session, history=history, now=at)
    for code in (CheckCode.PHOTOS, CheckCode.EYE_PROTECTION):
        checklist_tick(actor=practitioner, session=session, code=code, now=at)
    checklist_tick(
        actor=practitioner, session=session, code=CheckCode.SKIN_PREPARED, tanned=False, now=at
    )
    for minutes, area in enumerate(AREAS, start=10):
        settings_entry_add(
            actor=practitioner,
            session=session,
            values=_setting(area, laser, fluence),
            now=at + timedelta(minutes=minutes),
        )
    response_record(
        actor=practitioner, session=session, values=_response(pain), now=at + timedelta(minutes=25)
    )
    signed_at = at + timedelta(minutes=30)
    session_sign(actor=practitioner, session=session, now=signed_at)
    # Demo history: the aftercare went out at the time (the queued task then finds it sent).
    AftercareSheet.objects.filter(session=session).update(
        delivery_claimed_at=signed_at,
        emailed_to=appointment.patient.email,
        texted_to=appointment.patient.phone,
    )


def _setting(area: str, laser: Device, fluence: Decimal) -> dict:
    return {
        "area": area,
        "device": laser,
        "handpiece": "flat_beam",
        "wavelength_nm": 1064,
        "spot_mm": Decimal("8.0"),
        "fluence_j_cm2": fluence,
        "pulse_ps": 450,
        "repetition_hz": Decimal("10.0"),
        "pulses": 800,
        "endpoint": "mild_erythema",
        "notes": "",
    }


def _response(pain: int) -> dict:
    return {
        "erythema": "mild",
        "oedema": "none",
        "whitening": False,
        "pinpoint_bleeding": False,
        "blistering": False,
        "pain_score": pain,
        "anaesthesia": "none",
        "cooling": "air",
        "notes": "Tolerated well; SPF 50 and antiviral cover reviewed.",
    }


def _tasks_done(patient: Patient, by: User) -> None:
    """Every follow-up done at the time except the review before the next session."""
    for task in FollowUpTask.objects.filter(patient=patient).exclude(
        kind=TaskKind.REVIEW_BEFORE_NEXT, session__session_number=len(PAST)
    ):
        done_at = datetime.combine(task.due_on, time(11), tzinfo=patient.clinic.zone)
        problem = task.adverse_events.exists()
        FollowUpTask.objects.filter(pk=task.pk).update(
            status=TaskStatus.DONE,
            done_by=by,
            done_at=done_at,
            done_note="Called: redness still there, recorded as an adverse event."
            if problem
            else "Called: skin settled, no concerns.",
        )


def _adverse_events(patient: Patient, practitioner: User, front_desk: User) -> None:
    """After the second session: a prolonged erythema reported at the follow-up call and
    resolved; and a mild darkening the patient reported last week, still open, so session 3's
    checklist asks the practitioner to review it."""
    last = TreatmentSession.objects.filter(patient=patient).order_by("-treated_on").first()
    zone = patient.clinic.zone
    first_evening = datetime.combine(last.treated_on, time(19), tzinfo=zone)
    call = FollowUpTask.objects.filter(session=last).order_by("due_on").first()
    erythema = adverse_event_report(
        actor=front_desk,
        patient=patient,
        clinic=patient.clinic,
        task=call,
        values={
            "source": AdverseEventSource.FOLLOW_UP,
            "kind": AdverseEventKind.PROLONGED_ERYTHEMA,
            "grade": AdverseGrade.MILD,
            "onset_at": first_evening,
            "description": "Redness of both cheeks still there at the call on day 2 (usually "
            "settles within a day); no blistering. Advised cool compresses and SPF.",
            "session": last,
            "settings_entry": last.entries.order_by("id").first(),
        },
        now=first_evening + timedelta(days=1, hours=15),
    )
    adverse_event_resolve(
        actor=practitioner,
        event=erythema,
        resolved_on=last.treated_on + timedelta(days=4),
        note="Settled by day 4 on the patient's photo; no pigment change.",
        now=first_evening + timedelta(days=4),
    )
    reported = timezone.localtime(timezone.now() - timedelta(days=6), zone).replace(
        hour=9, minute=40, second=0, microsecond=0
    )
    adverse_event_report(
        actor=front_desk,
        patient=patient,
        clinic=patient.clinic,
        values={
            "source": AdverseEventSource.PATIENT_REPORT,
            "kind": AdverseEventKind.HYPERPIGMENTATION,
            "grade": AdverseGrade.MILD,
            "onset_at": reported - timedelta(days=2),
            "description": "Patient phoned: a small darker patch at the left cheekbone for two "
            "days, after a weekend outdoors. Asked to send a photo and keep strict SPF.",
            "session": last,
            "settings_entry": None,
        },
        now=reported,
    )
