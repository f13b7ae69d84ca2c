"""What the plan page and the review queue show, gathered in one place so the views stay thin."""

from __future__ import annotations

from dataclasses import dataclass

from picoclinic.accounts.models import Membership
from picoclinic.accounts.roles import Capability, role_can
from picoclinic.clinical.indications import IntervalWindow
from picoclinic.clinics.models import Clinic
from picoclinic.consultations.models import ScreeningRecord
from picoclinic.plans import wording
from picoclinic.plans.catalogue import concern_profile, interval_outside_published
from picoclinic.plans.instructions import RULES, instruction_words, plan_instructions
from picoclinic.plans.models import PlanItem, PlanStatus, TreatmentPlan
from picoclinic.plans.review import clinic_policy, item_warnings, plan_routing
from picoclinic.plans.selectors import (
    latest_screenings,
    plan_valid_approval,
    valid_treatment_consent,
)
from picoclinic.plans.services import EDITABLE, STOPPABLE


@dataclass
class ItemRow:
    item: PlanItem
    screening: ScreeningRecord | None
    published: IntervalWindow
    outside: bool
    warnings: list[str]
    interval_words: str
    course_words: str


def user_can(user, clinic: Clinic, capability: Capability) -> bool:
    """Whether ``user``'s role at ``clinic`` has ``capability`` (one query)."""
    return capability in _roles(user, clinic)


def _row(item: PlanItem, screening: ScreeningRecord | None, fitzpatrick: int) -> ItemRow:
    return ItemRow(
        item=item,
        screening=screening,
        published=concern_profile(item.concern).interval,
        outside=interval_outside_published(
            concern=item.concern, min_days=item.interval_min_days, max_days=item.interval_max_days
        ),
        warnings=item_warnings(item, fitzpatrick=fitzpatrick),
        interval_words=wording.interval(
            min_days=item.interval_min_days,
            target_days=item.interval_target_days,
            max_days=item.interval_max_days,
        ),
        course_words=wording.course_length(
            count=item.sessions, target_days=item.interval_target_days
        ),
    )


def item_rows(plan: TreatmentPlan, screenings: dict[int, ScreeningRecord]) -> list[ItemRow]:
    fitzpatrick = plan.consultation.fitzpatrick
    items = sorted(plan.items.all(), key=lambda item: (item.position, item.pk))
    return [_row(item, screenings.get(item.concern_id), fitzpatrick) for item in items]


def _roles(user, clinic: Clinic) -> set[Capability]:
    membership = Membership.objects.filter(user=user, clinic=clinic, is_active=True).first()
    if membership is None:
        return set()
    return {c for c in Capability if role_can(membership.role, c)}


def plan_page(plan: TreatmentPlan, *, user) -> dict:
    """The plan page's context: items with warnings, screening, approval, consent, routing."""
    screenings = latest_screenings(plan.consultation)
    rows = item_rows(plan, screenings)
    roles = _roles(user, plan.clinic)
    status = plan.status
    routing = None
    if status == PlanStatus.DRAFT:
        routing = plan_routing(
            items=[row.item for row in rows],
            fitzpatrick=plan.consultation.fitzpatrick,
            screenings=screenings,
            policy=clinic_policy(plan.clinic),
            instructions=plan_instructions(plan),
        )
    return {
        "plan": plan,
        "patient": plan.patient,
        "consultation": plan.consultation,
        "rows": rows,
        "events": sorted(plan.events.all(), key=lambda e: (e.at, e.pk), reverse=True),
        "approval": plan_valid_approval(plan),
        "consent": (
            valid_treatment_consent(plan=plan)
            if status in (PlanStatus.APPROVED, PlanStatus.IN_PROGRESS)
            else None
        ),
        "routing": routing,
        "instructions": [(i, instruction_words(i), RULES[i.kind]) for i in plan_instructions(plan)],
        "can_edit": status in EDITABLE and Capability.CONSULT in roles,
        "can_submit": status == PlanStatus.DRAFT and Capability.CONSULT in roles,
        "can_review": status == PlanStatus.AWAITING_REVIEW and Capability.REVIEW_PLANS in roles,
        "can_start": status == PlanStatus.APPROVED and Capability.CONSULT in roles,
        "can_complete": status == PlanStatus.IN_PROGRESS and Capability.CONSULT in roles,
        "can_stop": status in STOPPABLE and Capability.CONSULT in roles,
        "course_changes": list(plan.changes.all()),
        "can_change_course": status == PlanStatus.IN_PROGRESS and Capability.CONSULT in roles,
        "can_decide_change": Capability.REVIEW_PLANS in roles,
        "plan_sections": _later_sections(plan, user),
    }


def _later_sections(plan: TreatmentPlan, user) -> list:
    """The sections later apps show on the plan page (billing's package), in their order."""
    from picoclinic.plans.signals import plan_sections

    answers = plan_sections.send(sender=TreatmentPlan, plan=plan, user=user)
    return sorted((answer for _r, answer in answers if answer), key=lambda s: s.order)


def submitted(plan: TreatmentPlan):
    """The latest submission event of a queue plan (prefetched as ``submissions``)."""
    events = sorted(plan.submissions, key=lambda e: (e.at, e.pk))
    return events[-1] if events else None
