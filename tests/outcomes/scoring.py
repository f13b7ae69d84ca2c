"""A course under way for the scores, progress and recall tests: a plan in progress with its
treatment appointments. The plans and scheduling apps own those workflows; their rows are
written directly here, as the treatments tests do."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from picoclinic.outcomes.scores.models import Rater, Scale
from picoclinic.outcomes.scores.services import score_record
from picoclinic.plans.models import PlanItem, PlanStatus, TreatmentPlan
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    AppointmentType,
    Practitioner,
)
from tests.plans import builders

LENTIGINES = builders.LENTIGINES
MELASMA = builders.MELASMA
TATTOO = builders.TATTOO


def plan_in_progress(world, *, patient=None, concern=LENTIGINES, status=PlanStatus.IN_PROGRESS):
    patient = patient or world.patient_a
    plan = builders.plan_for(patient, world.practitioner, concerns=(concern,))
    TreatmentPlan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return plan


def item_of(plan) -> PlanItem:
    return plan.items.select_related("plan", "concern__consultation").get()


def session(world, item: PlanItem, *, number: int, days_ago: int, completed: bool = True):
    clinic = item.plan.clinic
    kind = AppointmentKind.TREATMENT
    appointment_type, _ = AppointmentType.objects.get_or_create(
        clinic=clinic,
        name="Treatment session",
        defaults={"kind": kind, "duration_minutes": 45, "needs_device": True},
    )
    practitioner, _ = Practitioner.objects.get_or_create(
        user=world.practitioner, defaults={"name": "Pat"}
    )
    starts_at = timezone.now() - timedelta(days=days_ago)
    return Appointment.objects.create(
        clinic=clinic,
        patient=item.plan.patient,
        appointment_type=appointment_type,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=45),
        practitioner=practitioner,
        plan=item.plan,
        plan_item=item,
        session_number=number,
        status=AppointmentStatus.COMPLETED if completed else AppointmentStatus.BOOKED,
        occurred_on=timezone.localdate(starts_at) if completed else None,
    )


def clearance(world, item: PlanItem, percent, *, on: date | None = None, appointment=None):
    return score_record(
        actor=world.practitioner,
        item=item,
        scale=Scale.PIGMENT_CLEARANCE,
        rater=Rater.CLINICIAN,
        assessed_on=on or timezone.localdate(),
        inputs={"percentage": percent, "scheme": "quartile_4_point_0_3"},
        appointment=appointment,
    )
