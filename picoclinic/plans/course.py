"""Extending or shortening a course in progress, with a doctor's approval where needed.

A course in progress keeps running under its approved version while a change waits. A change
needs a doctor when the plan itself needed one (the clinic's policy, screening or a departure
from guidance put it to review: a change of the course goes back to the same kind of review),
or when the new number of sessions is above the high end of the estimate the plan was written
from (house rule: a course longer than the published range is a medical decision). Otherwise
the practitioner's request is applied at once, recorded as their own approval.

Applying raises the plan's version and writes a ``PlanApproval`` of the new version and content,
so the approval stays valid for the course; the treatment consent names the old version, so the
patient signs again for the changed course (the session checklist asks for it).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.accounts.roles import Capability
from picoclinic.audit.models import AuditAction
from picoclinic.plans import errors, signals
from picoclinic.plans.content import plan_content_hash
from picoclinic.plans.models import (
    CourseChange,
    CourseChangeStatus,
    PlanApproval,
    PlanItem,
    PlanStatus,
    TreatmentPlan,
)
from picoclinic.plans.services import PlanRefused, _audit, _event, _require, _state, plan_lock
from picoclinic.web.signals import ask

MOST_SESSIONS = 30


def sessions_done(item: PlanItem) -> int:
    """Treatment sessions of ``item`` that took place (one query)."""
    return ask(signals.sessions_done_by_item, items=[item]).get(item.pk, 0)


def review_reasons(plan: TreatmentPlan, item: PlanItem, sessions: int) -> list[str]:
    """Why a change of ``item`` to ``sessions`` needs a doctor (empty: it does not)."""
    reasons = []
    if plan.review_required:
        reasons.append("The plan was put to a doctor's review; a change of its course goes too.")
    high = ((item.estimate or {}).get("sessions") or {}).get("high")
    if isinstance(high, int) and sessions > high:
        reasons.append(
            f"{sessions} sessions is above the high end of the estimate ({high}) the plan was "
            "written from."
        )
    return reasons


def pending_change(plan: TreatmentPlan) -> CourseChange | None:
    return (
        CourseChange.objects.filter(plan=plan, status=CourseChangeStatus.PENDING)
        .select_related("item__concern", "requested_by")
        .first()
    )


def _apply(plan: TreatmentPlan, change: CourseChange, *, approver, comment: str) -> None:
    item = PlanItem.objects.get(pk=change.item_id, plan=plan)
    item.sessions = change.sessions_after
    item.save(update_fields=["sessions"])
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    PlanApproval.objects.create(
        plan=plan,
        version=plan.version,
        content_hash=plan_content_hash(plan),
        approved_by=approver,
        comment=comment,
    )
    change.status = CourseChangeStatus.APPLIED
    change.version = plan.version
    summary = (
        f"course of item {item.pk} changed from {change.sessions_before} to "
        f"{change.sessions_after} sessions"
    )
    _event(plan, actor=approver, from_status=plan.status, comment=f"{summary}: {change.reason}")
    _audit(
        plan,
        actor=approver,
        action=AuditAction.SIGN,
        summary=summary,
        changes={"sessions": [change.sessions_before, change.sessions_after]},
    )


def course_change_request(
    *, actor: User, item: PlanItem, sessions: int, reason: str
) -> CourseChange:
    """Ask to change ``item``'s number of sessions; applied at once when no doctor is needed.

    Invariants: the plan is in progress; no other change of it is pending; ``sessions`` differs
    from the plan, is at least the sessions that took place and at most ``MOST_SESSIONS``; a
    reason is given. Returns the change, applied or pending.
    """
    reason = reason.strip()
    if not reason:
        raise PlanRefused(errors.ERR_COURSE_REASON)
    with transaction.atomic():
        plan = plan_lock(item.plan)
        _state(plan, {PlanStatus.IN_PROGRESS}, "extended or shortened")
        _require(actor, plan.clinic, Capability.CONSULT, errors.ERR_NOT_A_CLINICIAN)
        stored = PlanItem.objects.select_related("concern").get(pk=item.pk, plan=plan)
        done = sessions_done(stored)
        if sessions < 1:
            raise PlanRefused(errors.ERR_SESSIONS_MIN)
        if sessions < done:
            plural = "" if done == 1 else "s"
            raise PlanRefused(errors.ERR_COURSE_BELOW_DONE.format(done=done, plural=plural))
        if sessions == stored.sessions:
            plural = "" if sessions == 1 else "s"
            raise PlanRefused(errors.ERR_COURSE_SAME.format(sessions=sessions, plural=plural))
        if sessions > MOST_SESSIONS:
            raise PlanRefused(errors.ERR_COURSE_MAX.format(most=MOST_SESSIONS))
        if CourseChange.objects.filter(plan=plan, status=CourseChangeStatus.PENDING).exists():
            raise PlanRefused(errors.ERR_COURSE_PENDING)
        reasons = review_reasons(plan, stored, sessions)
        change = CourseChange(
            plan=plan,
            item=stored,
            sessions_before=stored.sessions,
            sessions_after=sessions,
            sessions_done=done,
            reason=reason,
            review_reasons=reasons,
            requested_by=actor,
            status=CourseChangeStatus.PENDING,
        )
        if reasons:
            change.save()
            _audit(
                plan,
                actor=actor,
                action=AuditAction.CREATE,
                summary=f"course change {stored.sessions} → {sessions} sent to a doctor",
            )
        else:
            _apply(plan, change, approver=actor, comment="No medical review needed: " + reason)
            change.decided_by = actor
            change.decided_at = timezone.now()
            change.save()
    return change


def change_lock_pending(change: CourseChange) -> tuple[TreatmentPlan, CourseChange]:
    plan = plan_lock(change.plan)
    locked = CourseChange.objects.select_for_update(of=("self",)).get(pk=change.pk)
    if locked.status != CourseChangeStatus.PENDING:
        raise PlanRefused(errors.ERR_COURSE_DECIDED)
    return plan, locked


def course_change_approve(*, actor: User, change: CourseChange, comment: str = "") -> CourseChange:
    """A doctor approves a pending change: applied, with the doctor's approval of the new
    version. Invariants: pending; the plan is still in progress; the actor reviews plans."""
    with transaction.atomic():
        plan, locked = change_lock_pending(change)
        _require(actor, plan.clinic, Capability.REVIEW_PLANS, errors.ERR_NOT_A_REVIEWER)
        _state(plan, {PlanStatus.IN_PROGRESS}, "extended or shortened")
        comment = comment.strip()
        _apply(plan, locked, approver=actor, comment=comment or "Course change approved.")
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_comment = comment
        locked.save()
    return locked


def course_change_decline(*, actor: User, change: CourseChange, comment: str) -> CourseChange:
    """A doctor declines a pending change with a required comment; the course is unchanged."""
    comment = comment.strip()
    if not comment:
        raise PlanRefused(errors.ERR_COURSE_DECLINE_COMMENT)
    with transaction.atomic():
        plan, locked = change_lock_pending(change)
        _require(actor, plan.clinic, Capability.REVIEW_PLANS, errors.ERR_NOT_A_REVIEWER)
        locked.status = CourseChangeStatus.DECLINED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_comment = comment
        locked.save()
        _audit(
            plan,
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"course change {locked.sessions_before} → {locked.sessions_after} declined",
        )
    return locked
