"""Demo patients part-way through the journey, made through the same services the pages use
(so the audit trail, screenings, approvals and consents are real):

- Mei Lin (Lumen Central, the portal login): melasma with a cold-sore history; plan approved by
  the doctor, treatment consent signed, course in progress.
- Oliver Bennett: an amateur black tattoo on the forearm, on anticoagulants; plan awaiting the
  doctor's review (the doctor's queue has something to do).
- Aisha Rahman: a consultation in progress (a draft), to try the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.clinical.screening_io import history_all_no
from picoclinic.clinics.models import Clinic, ClinicPolicy
from picoclinic.consent.models import ConsentRecord
from picoclinic.consent.services import consent_sign
from picoclinic.consent.signatures import Signature
from picoclinic.consent.texts import texts_to_show
from picoclinic.consultations.models import Consultation, ScreeningRecord
from picoclinic.consultations.sections import Section
from picoclinic.consultations.services import (
    concern_add,
    consultation_complete,
    consultation_save_section,
    consultation_start,
)
from picoclinic.consultations.services.screening import consultation_screen
from picoclinic.patients.models import Patient
from picoclinic.plans.models import PlanApproval, PlanEvent, PlanStatus, TreatmentPlan
from picoclinic.plans.services import (
    plan_approve,
    plan_create_from_consultation,
    plan_start,
    plan_submit,
)

NO_HISTORY = history_all_no()

MEI_CONCERN = {"indication": "melasma", "body_site": "face", "severity": "moderate"}
OLIVER_CONCERN = {
    "indication": "tattoo",
    "body_site": "forearm",
    "severity": "moderate",
    "details": {
        "tattoo": {
            "location": "proximal_extremity",
            "colours": "black",
            "ink_amount": "amateur",
            "scarring": "none",
            "layering": False,
        },
        "area_cm2": 40,
    },
}


def demo_load_journeys(*, clinic: Clinic, practitioner: User, doctor: User) -> bool:
    """Load the demo journeys at ``clinic`` once (a patient with any consultation is skipped)."""
    ClinicPolicy.objects.get_or_create(
        clinic=clinic,
        defaults={"name": "Lumen clinical policy", "review_indications": ["melasma"]},
    )
    patients = {p.given_name: p for p in Patient.objects.filter(clinic=clinic)}
    made = False
    if _fresh(patients.get("Mei")):
        made |= _mei(patients["Mei"], practitioner, doctor)
    if _fresh(patients.get("Oliver")):
        made |= _oliver(patients["Oliver"], practitioner)
    if _fresh(patients.get("Aisha")):
        consultation = consultation_start(
            actor=practitioner, patient=patients["Aisha"], clinic=clinic
        )
        _skin_type(consultation, practitioner, 5, "Dark brown skin; tans very easily.")
        made = True
    return made


def _fresh(patient: Patient | None) -> bool:
    return patient is not None and not Consultation.objects.filter(patient=patient).exists()


def _completed(patient, practitioner, *, fitzpatrick, reason, concern, history, goals):
    today = timezone.localdate(timezone=patient.clinic.zone)
    consultation = consultation_start(actor=practitioner, patient=patient, clinic=patient.clinic)
    _skin_type(consultation, practitioner, fitzpatrick, reason)
    _save(consultation, practitioner, Section.HISTORY, {"medical_history": NO_HISTORY | history})
    _save(consultation, practitioner, Section.GOALS, {"goals": goals})
    concern_add(
        actor=practitioner,
        consultation=consultation,
        values={"periocular": False, "details": {}, "notes": ""} | concern,
    )
    consultation_screen(actor=practitioner, consultation=consultation, today=today)
    return consultation_complete(actor=practitioner, consultation=consultation, today=today)


def _skin_type(consultation, practitioner, fitzpatrick: int, reason: str) -> None:
    values = {"fitzpatrick": fitzpatrick, "fitzpatrick_source": "clinician"}
    _save(consultation, practitioner, Section.SKIN_TYPE, values | {"fitzpatrick_reason": reason})


def _save(consultation, actor: User, section, values) -> None:
    consultation_save_section(
        actor=actor, consultation=consultation, section=section, raw={}, values=values
    )


def _mei(patient, practitioner, doctor) -> bool:
    """Mei's journey, dated as it happened: the consultation three weeks before her first
    session, the doctor's approval two days later, consent the week before the first session,
    the course started at it (the sessions demo treats her on ``past_session_days``)."""
    consultation = _completed(
        patient,
        practitioner,
        fitzpatrick=3,
        reason="Examined: cream-white skin, tans gradually.",
        concern=MEI_CONCERN,
        history={"hsv_history": True},
        goals="Even out the patches on both cheeks; understands melasma relapses without SPF.",
    )
    plan = plan_create_from_consultation(actor=practitioner, consultation=consultation)
    days, zone = _journey_days(plan), patient.clinic.zone
    consulted = Consultation.objects.filter(pk=consultation.pk)
    _dated(consulted, days.consulted, 14, zone, started_at=0, completed_at=40)
    screened = ScreeningRecord.objects.filter(consultation=consultation)
    _dated(screened, days.consulted, 14, zone, screened_at=30)
    screened.update(planned_on=days.first)
    _dated(TreatmentPlan.objects.filter(pk=plan.pk), days.consulted, 14, zone, created_at=45)
    plan = plan_submit(actor=practitioner, plan=plan)
    if plan.status == PlanStatus.AWAITING_REVIEW:
        plan_approve(actor=doctor, plan=plan, version=plan.version, comment="Agree: toning + HQ.")
        _dated(PlanApproval.objects.filter(plan=plan), days.approved, 9, zone, approved_at=30)
    plan.refresh_from_db()
    shown = texts_to_show(clinic=plan.clinic, plan=plan)
    consent_sign(
        actor=practitioner,
        patient=patient,
        plan=plan,
        decisions={"photography": True, "marketing": False},
        shown_hashes={item.kind: item.sha256 for item in shown},
        signature=Signature(method="typed", typed=patient.full_name),
    )
    # The demo writes the history it stands for: records signed moments ago, dated back.
    signed = ConsentRecord._base_manager.filter(patient=patient)
    _dated(signed, days.consented, 11, zone, signed_at=0)
    plan_start(actor=practitioner, plan=plan)
    _date_plan_events(plan, days)
    return True


@dataclass(frozen=True)
class JourneyDays:
    consulted: date
    approved: date
    consented: date
    first: date


def _journey_days(plan) -> JourneyDays:
    from picoclinic.demo.sessions import past_session_days, weekday_before

    item = plan.items.order_by("id").first()
    first = past_session_days(plan.clinic, item.interval_target_days)[0]
    consulted = weekday_before(first - timedelta(days=21))
    return JourneyDays(
        consulted=consulted,
        approved=_weekday_after(consulted + timedelta(days=1)),
        consented=weekday_before(first - timedelta(days=7)),
        first=first,
    )


def _weekday_after(day: date) -> date:
    """``day``, or the Monday after it when it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _dated(rows, day: date, hour: int, zone, **minutes: int) -> None:
    """Set each named timestamp of ``rows`` to ``day`` at ``hour`` plus that many minutes, in
    the clinic's zone."""
    start = datetime.combine(day, time(hour), tzinfo=zone)
    rows.update(**{name: start + timedelta(minutes=m) for name, m in minutes.items()})


def _date_plan_events(plan, days: JourneyDays) -> None:
    """Each change of state on the day it happened (the start at the first session)."""
    when = {
        PlanStatus.DRAFT: (days.consulted, 14, 45),
        PlanStatus.AWAITING_REVIEW: (days.consulted, 14, 50),
        PlanStatus.APPROVED: (days.approved, 9, 30),
        PlanStatus.IN_PROGRESS: (days.first, 10, 5),
    }
    for status, (day, hour, minute) in when.items():
        at = datetime.combine(day, time(hour, minute), tzinfo=plan.clinic.zone)
        PlanEvent.objects.filter(plan=plan, to_status=status).update(at=at)


def _oliver(patient, practitioner) -> bool:
    consultation = _completed(
        patient,
        practitioner,
        fitzpatrick=2,
        reason="Examined: fair skin, burns easily.",
        concern=OLIVER_CONCERN,
        history={"anticoagulants": True},
        goals="Remove a home-made tattoo on the forearm completely.",
    )
    plan = plan_create_from_consultation(actor=practitioner, consultation=consultation)
    plan_submit(actor=practitioner, plan=plan)
    return True
