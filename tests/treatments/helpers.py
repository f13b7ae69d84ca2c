"""A patient ready to be treated: an approved, consented plan and a treatment appointment.

The plans, consent and scheduling apps own those workflows; their rows are written directly here
(only their rules are asked: ``plan_approval_valid``, ``valid_treatment_consent``), as the
scheduling tests do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from picoclinic.demo.journeys import NO_HISTORY
from picoclinic.plans.content import plan_content_hash
from picoclinic.plans.models import PlanApproval, PlanItem, PlanStatus, TreatmentPlan
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    AppointmentType,
    Device,
    Practitioner,
)
from picoclinic.treatments.models import CheckCode, TreatmentSession
from picoclinic.treatments.services import checklist_tick, session_confirm_history, session_start
from tests.plans import builders

LENTIGINES = builders.LENTIGINES
TATTOO = builders.TATTOO
MELASMA = builders.MELASMA
RED_TATTOO = TATTOO | {
    "details": TATTOO["details"] | {"ink_colours_present": ["red_orange"]},
}
PERIOCULAR = {
    "indication": "hori_nevus",
    "body_site": "face",
    "severity": "moderate",
    "periocular": True,
}

# A lentigines setting the core accepts without a finding for skin type III (532 nm flat beam,
# published 0.1-0.6 J/cm2 at 4-6 mm on a 532 nm ps device).
CLEAN = {
    "area": "Left cheek",
    "handpiece": "flat_beam",
    "wavelength_nm": 532,
    "spot_mm": Decimal("4.0"),
    "fluence_j_cm2": Decimal("0.4"),
    "pulse_ps": 750,
    "repetition_hz": Decimal("2.0"),
    "pulses": 120,
    "endpoint": "whitening",
    "ink_colour": "",
    "notes": "",
}
# A tattoo setting within the published range for skin type II (1064 nm, 1.0-3.4 J/cm2, 3-5 mm).
TATTOO_OK = CLEAN | {
    "area": "Forearm",
    "wavelength_nm": 1064,
    "spot_mm": Decimal("4.0"),
    "fluence_j_cm2": Decimal("2.0"),
    "ink_colour": "black_dark_blue",
}
RESPONSE = {
    "erythema": "mild",
    "oedema": "none",
    "whitening": True,
    "pinpoint_bleeding": False,
    "blistering": False,
    "pain_score": 3,
    "anaesthesia": "none",
    "cooling": "air",
    "notes": "",
}


@dataclass
class Ready:
    plan: TreatmentPlan
    item: PlanItem
    appointment: Appointment
    laser: Device


def laser(clinic, name="PicoWay", wavelengths=(532, 755, 1064)) -> Device:
    found = Device.objects.filter(clinic=clinic, name=name).first()
    return found or Device.objects.create(
        clinic=clinic,
        name=name,
        model_name=f"{name} model",
        wavelengths_nm=list(wavelengths),
        handpieces=["flat_beam", "fractional"],
    )


def approved_plan(
    world, *, patient=None, concern=LENTIGINES, fitzpatrick=3, history=None, consent=True
) -> TreatmentPlan:
    patient = patient or world.patient_a
    history = NO_HISTORY | (history or {})
    plan = builders.plan_for(
        patient,
        world.practitioner,
        fitzpatrick=fitzpatrick,
        concerns=(concern,),
        history={k: v for k, v in history.items() if isinstance(v, bool) and v},
    )
    plan.consultation.medical_history = history
    plan.consultation.save(update_fields=["medical_history"])
    PlanApproval.objects.create(
        plan=plan,
        version=plan.version,
        content_hash=plan_content_hash(plan),
        approved_by=world.doctor,
    )
    TreatmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    plan.refresh_from_db()
    if consent:
        builders.treatment_consent(plan, witness=world.front_desk)
    return plan


def appointment(
    world,
    plan: TreatmentPlan,
    *,
    number=1,
    starts_at: datetime | None = None,
    status=AppointmentStatus.BOOKED,
    device=None,
) -> Appointment:
    clinic = plan.clinic
    kind = AppointmentKind.TREATMENT
    appointment_type, _ = AppointmentType.objects.get_or_create(
        clinic=clinic,
        name="Treatment session",
        defaults={"kind": kind, "duration_minutes": 45, "needs_device": True},
    )
    practitioner = Practitioner.objects.filter(user=world.practitioner).first()
    if practitioner is None:
        practitioner = Practitioner.objects.create(user=world.practitioner, name="Pat")
    starts_at = starts_at or timezone.now()
    item = plan.items.order_by("id").first()
    return Appointment.objects.create(
        clinic=clinic,
        patient=plan.patient,
        appointment_type=appointment_type,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=45),
        practitioner=practitioner,
        device=device or laser(clinic),
        wavelength_nm=item.wavelength_nm,
        plan=plan,
        plan_item=item,
        session_number=number,
        status=status,
    )


def ready(world, **kwargs) -> Ready:
    number = kwargs.pop("number", 1)
    starts_at = kwargs.pop("starts_at", None)
    plan = approved_plan(world, **kwargs)
    booked = appointment(world, plan, number=number, starts_at=starts_at)
    return Ready(plan, plan.items.get(), booked, laser(plan.clinic))


def started(world, **kwargs) -> TreatmentSession:
    prepared = ready(world, **kwargs)
    return session_start(actor=world.practitioner, appointment=prepared.appointment)


def complete_checklist(world, session: TreatmentSession, *, tanned=False) -> TreatmentSession:
    """Re-confirm the history unchanged and tick everything the practitioner ticks."""
    by = world.practitioner
    session_confirm_history(
        actor=by, session=session, history=session.plan.consultation.medical_history
    )
    for code in (CheckCode.PHOTOS, CheckCode.EYE_PROTECTION):
        checklist_tick(actor=by, session=session, code=code)
    checklist_tick(actor=by, session=session, code=CheckCode.SKIN_PREPARED, tanned=tanned)
    for item in session.checks.filter(code__in=[CheckCode.CORNEAL_SHIELDS, CheckCode.TEST_SPOT]):
        if item.state == "pending":
            checklist_tick(actor=by, session=session, code=item.code)
    session.refresh_from_db()
    return session


def treated(world, session: TreatmentSession, values: dict | None = None) -> TreatmentSession:
    """The checklist done, one clean setting and the response recorded (ready to sign)."""
    from picoclinic.treatments.services_record import response_record, settings_entry_add

    complete_checklist(world, session)
    entry = (values or CLEAN) | {"device": laser(session.clinic)}
    settings_entry_add(actor=world.practitioner, session=session, values=entry)
    response_record(actor=world.practitioner, session=session, values=RESPONSE)
    return session


def signed(world, values: dict | None = None, **kwargs) -> TreatmentSession:
    from picoclinic.treatments.services_sign import session_sign

    session = treated(world, started(world, **kwargs), values)
    return session_sign(actor=world.practitioner, session=session)
