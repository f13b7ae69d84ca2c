"""How the URL-walking access test makes a plan and a plan item for a patient.

Both kwargs must name objects of the same plan, so the patient's first plan is reused.
"""

from __future__ import annotations

from picoclinic.plans.models import TreatmentPlan
from tests.plans import builders


def _plan(world, patient) -> TreatmentPlan:
    existing = TreatmentPlan.objects.filter(patient=patient).order_by("id").first()
    return existing or builders.plan_for(patient, world.practitioner)


OBJECT_FOR_KWARG = {
    "plan_id": lambda world, patient: _plan(world, patient).pk,
    "item_id": lambda world, patient: _plan(world, patient).items.order_by("id").first().pk,
}


def _course_change(world, patient) -> int:
    from picoclinic.plans.models import CourseChange

    plan = _plan(world, patient)
    item = plan.items.order_by("id").first()
    change = CourseChange.objects.filter(plan=plan).first() or CourseChange.objects.create(
        plan=plan,
        item=item,
        sessions_before=item.sessions,
        sessions_after=item.sessions + 1,
        sessions_done=0,
        reason="Access test.",
        status="declined",
        requested_by=world.practitioner,
    )
    return change.pk


OBJECT_FOR_KWARG["change_id"] = _course_change
