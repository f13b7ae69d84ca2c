"""What plans shows on the patient chart (a fixed number of queries)."""

from __future__ import annotations

from picoclinic.accounts.roles import Capability, role_can
from picoclinic.patients.signals import ChartSection
from picoclinic.plans.models import PlanStatus
from picoclinic.plans.selectors import completed_consultations, plan_valid_approval, plans_for_chart

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


def plans_chart_section(*, patient, request) -> ChartSection:
    membership = getattr(request, "membership", None)
    plans = plans_for_chart(patient=patient)
    context = {
        "patient": patient,
        "rows": [(plan, approval_state(plan)) for plan in plans],
        "consultations": completed_consultations(patient=patient),
        "can_consult": bool(membership and role_can(membership.role, Capability.CONSULT)),
    }
    return ChartSection(50, "plans/_chart_section.html", context)
