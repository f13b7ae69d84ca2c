"""Who may see which treatment plan. Every plans view fetches plans and items through here.

A plan is reached through its patient (``patient_get_for_user``): a user who cannot reach the
patient with ``capability`` gets the same 404 as for a plan that does not exist, and so does a
plan id of another patient.
"""

from __future__ import annotations

from django.http import Http404

from picoclinic.accounts.roles import Capability
from picoclinic.patients.access import patient_get_for_user
from picoclinic.plans.models import CourseChange, PlanItem, TreatmentPlan
from picoclinic.plans.selectors import plan_with_history
from picoclinic.web.lookup import get_or_404


def plan_get_for_user(
    user, patient_id: int, plan_id: int, *, capability: Capability = Capability.VIEW_PATIENTS
) -> TreatmentPlan:
    """The plan ``plan_id`` of patient ``patient_id`` if ``user`` may reach it, else 404.

    The plan comes with its consultation, items (with concerns), approvals and events.
    """
    patient = patient_get_for_user(user, patient_id, capability=capability)
    plan = get_or_404(
        plan_with_history(TreatmentPlan.objects.filter(patient=patient)), "No such plan", pk=plan_id
    )
    plan.patient = patient
    return plan


def plan_item_get(plan: TreatmentPlan, item_id: int) -> PlanItem:
    """The item ``item_id`` of an already reached ``plan``, else 404."""
    for item in plan.items.all():
        if item.pk == item_id:
            return item
    raise Http404("No such plan item")


def course_change_get(plan: TreatmentPlan, change_id: int) -> CourseChange:
    """The course change ``change_id`` of an already reached ``plan``, else 404."""
    return get_or_404(
        CourseChange.objects.select_related("item__concern", "plan"),
        "No such course change",
        pk=change_id,
        plan=plan,
    )
