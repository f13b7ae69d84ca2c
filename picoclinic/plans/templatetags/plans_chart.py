"""The treatment-plans section of the patient chart (a fixed number of queries), and the
small filters the plan pages share."""

from __future__ import annotations

from django import template

from picoclinic.accounts.roles import Capability, role_can
from picoclinic.clinical.common import Fitzpatrick
from picoclinic.plans import wording
from picoclinic.plans.models import PlanStatus
from picoclinic.plans.selectors import completed_consultations, plan_valid_approval, plans_for_chart

register = template.Library()

APPROVAL_LAPSED = "Changed since its approval: needs approval again"
APPROVAL_WAITING = "Waiting for a doctor"
APPROVAL_NONE = "Not approved yet"


def approval_state(plan) -> str:
    """One line on where the plan stands with approval (uses prefetched items and approvals)."""
    approval = plan_valid_approval(plan)
    if approval is not None:
        return f"Approved (version {approval.version}) by {approval.approved_by.full_name}"
    if plan.status == PlanStatus.AWAITING_REVIEW:
        return APPROVAL_WAITING
    if any(a.version < plan.version for a in plan.approvals.all()):
        return APPROVAL_LAPSED
    return APPROVAL_NONE


@register.inclusion_tag("plans/_chart_section.html", takes_context=True)
def plans_section(context, patient):
    request = context["request"]
    membership = getattr(request, "membership", None)
    plans = plans_for_chart(patient=patient)
    return {
        "patient": patient,
        "rows": [(plan, approval_state(plan)) for plan in plans],
        "consultations": completed_consultations(patient=patient),
        "can_consult": bool(membership and role_can(membership.role, Capability.CONSULT)),
        "request": request,
    }


@register.filter
def roman(value) -> str:
    """Fitzpatrick 1-6 as I-VI ("—" when unknown)."""
    try:
        return Fitzpatrick(int(value)).roman
    except (TypeError, ValueError):
        return "—"


@register.filter
def in_weeks(days) -> str:
    try:
        return wording.weeks(int(days))
    except (TypeError, ValueError):
        return ""


@register.filter
def humanise(value) -> str:
    """A stored code in words: "doctor_review" -> "Doctor review"."""
    return str(value or "").replace("_", " ").capitalize()
