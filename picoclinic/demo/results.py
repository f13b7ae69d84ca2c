"""Demo outcome scores and a finished course (issue #7's "patient several sessions in, with
photos and scores", and a recall on the front desk's list).

- Mei Lin (melasma, course in progress): at each session the demo made, the clinician's mMASI
  (the first is the baseline), and from the second session the clinician's and her own GAIS;
  her satisfaction at the latest. The mMASI falls by about half over the course, so the
  progress chart and the remaining-sessions estimate have something to show.
- Chloe Martin (solar lentigines): the sessions her plan asks for, clearance scored at two
  reviews after them, the course completed through
  ``plan_complete``, so its yearly review recall is made by the same code as in the clinic;
  the sessions are dated so that the recall is overdue by a week.

Every date is derived from today and the sessions' own dates and intervals; nothing is fixed.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.consent.services import consent_sign
from picoclinic.consent.signatures import Signature
from picoclinic.consent.texts import texts_to_show
from picoclinic.demo.sessions import past_appointment, weekday_before
from picoclinic.outcomes.recalls.rules import recall_rule
from picoclinic.outcomes.scores.models import OutcomeScore, Rater, Scale
from picoclinic.outcomes.scores.services import score_record
from picoclinic.patients.models import Patient
from picoclinic.plans.models import PlanStatus
from picoclinic.plans.services import (
    plan_approve,
    plan_complete,
    plan_create_from_consultation,
    plan_start,
    plan_submit,
)
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    Practitioner,
)

# mMASI (area 0-6, darkness 0-4) per region at successive sessions: 8.4, 4.2, 2.7, 1.5.
MMASI_BY_SESSION = [
    {"forehead": (2, 2), "right_malar": (4, 3), "left_malar": (4, 3), "chin": (0, 0)},
    {"forehead": (1, 2), "right_malar": (3, 2), "left_malar": (3, 2), "chin": (0, 0)},
    {"forehead": (1, 1), "right_malar": (2, 2), "left_malar": (2, 2), "chin": (0, 0)},
    {"forehead": (1, 1), "right_malar": (2, 1), "left_malar": (2, 1), "chin": (0, 0)},
]
# GAIS (1 best): the clinician's and Mei's own ratings against baseline, from session 2 on.
GAIS_BY_SESSION = [None, (3, 3), (2, 3), (2, 2)]
CHLOE_CONCERN = {"indication": "solar_lentigines", "body_site": "face", "severity": "mild"}
CHLOE_OVERDUE = timedelta(days=7)
CHLOE_CLEARANCE = (60, 85)  # % at the reviews one and two intervals after the last session


def demo_load_mei_scores(*, patient: Patient, sessions: list[Appointment], actor: User) -> bool:
    """Scores at each of Mei's past sessions, once (nothing if she has any score)."""
    sessions = [a for a in sessions if a.plan_item_id is not None][-len(MMASI_BY_SESSION) :]
    if not sessions or OutcomeScore.objects.filter(patient=patient).exists():
        return False
    for n, appointment in enumerate(sessions):
        item, day = appointment.plan_item, _day(appointment)
        regions = MMASI_BY_SESSION[n]
        inputs = {
            f"{r}_{part}": v
            for r, (a, d) in regions.items()
            for part, v in (("area", a), ("darkness", d))
        }
        _score(actor, item, Scale.MMASI, Rater.CLINICIAN, day, inputs, appointment)
        if GAIS_BY_SESSION[n] is not None:
            clinician, own = GAIS_BY_SESSION[n]
            _score(actor, item, Scale.GAIS, Rater.CLINICIAN, day, {"score": clinician}, appointment)
            _score(actor, item, Scale.GAIS, Rater.PATIENT, day, {"score": own}, appointment)
    last = sessions[-1]
    _score(
        actor,
        last.plan_item,
        Scale.PATIENT_SATISFACTION,
        Rater.PATIENT,
        _day(last),
        {"score": 4},
        last,
    )
    return True


def _day(appointment: Appointment) -> date:
    return appointment.occurred_on or timezone.localdate(
        appointment.starts_at, appointment.clinic.zone
    )


def _score(actor: User, item, scale, rater, day, inputs, appointment=None) -> None:
    score_record(
        actor=actor,
        item=item,
        scale=scale,
        rater=rater,
        assessed_on=day,
        inputs=inputs,
        appointment=appointment,
        note="Demo score",
    )


def demo_load_completed_course(*, patient: Patient, practitioner, doctor, completed) -> bool:
    """Chloe's finished lentigines course with its overdue recall, once (skipped if she has a
    consultation, or the clinic has no treatment type or practitioner calendar yet).
    ``completed`` is the demo's own helper that completes a consultation through services."""
    kind = AppointmentType.objects.filter(clinic=patient.clinic, name="Treatment session").first()
    resource = Practitioner.objects.filter(user=practitioner).first()
    if kind is None or resource is None or patient.consultations.exists():
        return False
    consultation = completed(
        patient,
        practitioner,
        fitzpatrick=2,
        reason="Fair skin, burns easily.",
        concern=CHLOE_CONCERN,
        history={},
        goals="Fade the sun spots on both cheeks before the summer.",
    )
    plan = _approved_plan(consultation, patient, practitioner, doctor)
    plan_start(actor=practitioner, plan=plan)
    item = plan.items.select_related("concern__consultation", "plan__clinic").get()
    days = _course_days(patient, item)
    sessions = [
        _past_session(patient, item, kind, resource, n, day) for n, day in enumerate(days, 1)
    ]
    review = days[-1] + timedelta(days=item.interval_target_days)
    _score(
        practitioner,
        item,
        Scale.PIGMENT_CLEARANCE,
        Rater.CLINICIAN,
        days[-1],
        _clear(0),
        sessions[-1],
    )
    _score(practitioner, item, Scale.PIGMENT_CLEARANCE, Rater.CLINICIAN, review, _clear(1))
    _score(practitioner, item, Scale.GAIS, Rater.PATIENT, review, {"score": 1})
    plan.refresh_from_db()
    plan_complete(actor=practitioner, plan=plan)
    return True


def _clear(n: int) -> dict:
    return {"percentage": CHLOE_CLEARANCE[n], "scheme": "quartile_4_point_0_3"}


def _approved_plan(consultation, patient, practitioner, doctor):
    plan = plan_submit(
        actor=practitioner,
        plan=plan_create_from_consultation(actor=practitioner, consultation=consultation),
    )
    if plan.status == PlanStatus.AWAITING_REVIEW:
        plan_approve(actor=doctor, plan=plan, version=plan.version, comment="Agree.")
    plan.refresh_from_db()
    shown = texts_to_show(clinic=plan.clinic, plan=plan)
    consent_sign(
        actor=practitioner,
        patient=patient,
        plan=plan,
        decisions={"photography": True, "marketing": False},
        shown_hashes={text.kind: text.sha256 for text in shown},
        signature=Signature(method="typed", typed=patient.full_name),
    )
    return plan


def _course_days(patient: Patient, item) -> list[date]:
    """Weekdays, the plan's target interval apart, the last one so long ago that the recall
    (``recalls.rules``) is ``CHLOE_OVERDUE`` past its date today."""
    today = timezone.localdate(timezone.now(), patient.clinic.zone)
    rule = recall_rule(item.concern.indication)
    last = today - timedelta(days=rule.days) - CHLOE_OVERDUE
    days = [last - timedelta(days=item.interval_target_days * n) for n in range(item.sessions)]
    return [weekday_before(day) for day in reversed(days)]


def _past_session(patient, item, kind, resource, number: int, day: date) -> Appointment:
    return past_appointment(
        patient, item, kind, resource, number, day, at=time(11), status=AppointmentStatus.COMPLETED
    )
