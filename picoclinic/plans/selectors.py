"""Reads of treatment plans: approval validity, the review queue, pages and the chart section."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from picoclinic.accounts.roles import Capability
from picoclinic.clinics.models import Clinic
from picoclinic.consultations.models import Consultation, ConsultationStatus, ScreeningRecord
from picoclinic.patients.access import patients_for_user
from picoclinic.patients.models import Patient
from picoclinic.plans import signals
from picoclinic.plans.content import plan_content_hash
from picoclinic.plans.models import (
    CourseChange,
    CourseChangeStatus,
    PlanApproval,
    PlanEvent,
    PlanInstruction,
    PlanItem,
    PlanStatus,
    TreatmentPlan,
)
from picoclinic.web.signals import ask

CHART_PLANS = 10
CHART_CONSULTATIONS = 5


def latest_screenings(consultation: Consultation) -> dict[int, ScreeningRecord]:
    """The latest screening per concern (``{concern_id: ScreeningRecord}``): the consultations
    app's read (imported here, not at module level, so the two apps load in any order)."""
    from picoclinic.consultations.selectors import latest_screenings as owned

    return owned(consultation)


def valid_treatment_consent(*, plan: TreatmentPlan):
    """The consent app's answer: the treatment consent that lets this plan start, or None."""
    return ask(signals.treatment_consent_in_force, plan=plan)


def _approvals(plan: TreatmentPlan) -> list[PlanApproval]:
    return list(plan.approvals.all())  # uses a prefetch when present


def plan_valid_approval(plan: TreatmentPlan) -> PlanApproval | None:
    """The approval of the plan's current version whose hash matches its current content."""
    current = [a for a in _approvals(plan) if a.version == plan.version]
    if not current:
        return None
    approval = current[0]
    return approval if approval.content_hash == plan_content_hash(plan) else None


def plan_approval_valid(plan: TreatmentPlan) -> bool:
    """True when an approval exists for ``plan.version`` and its hash matches the content."""
    return plan_valid_approval(plan) is not None


def plan_items(plan: TreatmentPlan) -> list[PlanItem]:
    """The plan's items with their concerns, in plan order."""
    return list(plan.items.select_related("concern").order_by("position", "id"))


def plan_events(plan: TreatmentPlan) -> list[PlanEvent]:
    return list(plan.events.select_related("actor").order_by("at", "id"))


def plan_with_history(plan_qs: QuerySet[TreatmentPlan]) -> QuerySet[TreatmentPlan]:
    """Plans with what a plan page shows prefetched (items, approvals, events)."""
    return plan_qs.select_related(
        "consultation", "consultation__practitioner", "clinic", "created_by"
    ).prefetch_related(
        Prefetch("items", queryset=PlanItem.objects.select_related("concern")),
        Prefetch("approvals", queryset=PlanApproval.objects.select_related("approved_by")),
        Prefetch(
            "changes",
            queryset=CourseChange.objects.select_related(
                "item__concern", "requested_by", "decided_by"
            ),
        ),
        Prefetch("events", queryset=PlanEvent.objects.select_related("actor")),
        Prefetch("instructions", queryset=PlanInstruction.objects.select_related("confirmed_by")),
    )


def plans_awaiting_review(*, clinic: Clinic, user) -> list[TreatmentPlan]:
    """Plans of ``clinic`` awaiting medical review that ``user`` may review, oldest first.

    Four queries whatever the length: plans with patients, items with concerns, submissions
    with their actors.
    """
    reachable = patients_for_user(user, capability=Capability.REVIEW_PLANS)
    submissions = PlanEvent.objects.filter(to_status=PlanStatus.AWAITING_REVIEW).select_related(
        "actor"
    )
    return list(
        TreatmentPlan.objects.filter(
            clinic=clinic, status=PlanStatus.AWAITING_REVIEW, patient__in=reachable
        )
        .select_related("patient", "consultation")
        .prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.select_related("concern")),
            Prefetch("events", queryset=submissions, to_attr="submissions"),
        )
        .order_by("updated_at", "id")
    )


def course_changes_awaiting_review(*, clinic: Clinic, user) -> list[CourseChange]:
    """Course changes at ``clinic`` waiting for a doctor, that ``user`` may review, oldest
    first (one query)."""
    reachable = patients_for_user(user, capability=Capability.REVIEW_PLANS)
    return list(
        CourseChange.objects.filter(
            plan__clinic=clinic, status=CourseChangeStatus.PENDING, plan__patient__in=reachable
        )
        .select_related("plan__patient", "item__concern", "requested_by")
        .order_by("requested_at", "id")
    )


def plans_for_chart(*, patient: Patient) -> list[TreatmentPlan]:
    """The patient's latest plans with items, approvals and instructions (four queries)."""
    return list(
        TreatmentPlan.objects.filter(patient=patient)
        .prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.select_related("concern")),
            Prefetch("approvals", queryset=PlanApproval.objects.select_related("approved_by")),
            "instructions",
        )
        .order_by("-created_at", "-id")[:CHART_PLANS]
    )


def completed_consultations(*, patient: Patient, limit: int = CHART_CONSULTATIONS) -> list:
    """The patient's completed consultations without a live plan, newest first (one query).

    A consultation whose plan was stopped can be planned again; one with any other plan
    already has its plan (a second would duplicate the course).
    """
    live = TreatmentPlan.objects.filter(consultation=OuterRef("pk")).exclude(
        status=PlanStatus.STOPPED
    )
    return list(
        Consultation.objects.filter(patient=patient, status=ConsultationStatus.COMPLETED)
        .exclude(Exists(live))
        .select_related("practitioner")
        .order_by("-completed_at", "-id")[:limit]
    )
