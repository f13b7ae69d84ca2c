"""Writes to treatment plans. Each runs in one transaction with its PlanEvent and audit entry.

State machine (``PlanStatus``)::

    draft --submit--> awaiting_review --approve--> approved --start--> in_progress --complete-->
      ^      \\--(no review needed: the submitter's approval)--^                        completed
      |                   |return (comment)
      +-------------------+        any state but completed/stopped --stop (reason)--> stopped

A change to the content (an item, the price or package) raises ``version`` by one and sends an
awaiting or approved plan back to draft: an approval names a version and the SHA-256 of that
version's content, so it never covers anything else. State changes lock the plan row first.
"""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.db import transaction

from picoclinic.accounts.models import Membership, User
from picoclinic.accounts.roles import Capability, role_can
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record, field_changes
from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinics.models import Clinic
from picoclinic.consultations.models import Consultation, ConsultationStatus
from picoclinic.plans import errors, signals
from picoclinic.plans.content import plan_content_hash
from picoclinic.plans.instructions import instruction_content, instruction_errors
from picoclinic.plans.models import (
    PlanApproval,
    PlanEvent,
    PlanInstruction,
    PlanItem,
    PlanStatus,
    TreatmentPlan,
)
from picoclinic.plans.prefill import item_defaults
from picoclinic.plans.review import clinic_policy, plan_routing
from picoclinic.plans.selectors import (
    latest_screenings,
    plan_approval_valid,
    plan_items,
    valid_treatment_consent,
)
from picoclinic.plans.validation import details_errors, item_errors, round_money
from picoclinic.web.refusals import Refused

ITEM_FIELDS = [
    "areas",
    "goals",
    "expected_outcome",
    "wavelength_nm",
    "handpiece",
    "spot_mm",
    "fluence_min",
    "fluence_max",
    "sessions",
    "interval_min_days",
    "interval_target_days",
    "interval_max_days",
    "interval_reason",
    "adjuncts",
]
DETAIL_FIELDS = ["price", "currency", "package_sessions", "notes"]
EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.AWAITING_REVIEW, PlanStatus.APPROVED})
STOPPABLE = EDITABLE | {PlanStatus.IN_PROGRESS}
SELF_APPROVAL_COMMENT = (
    "No medical review needed under the clinic's policy: approved on submission."
)


class PlanRefused(Refused):
    """A plan action the rules do not allow; ``message`` for the user, ``reasons`` in detail."""

    def __init__(self, message: str, *, reasons: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.reasons = list(reasons)


# --- helpers ---------------------------------------------------------------------------------


def _require(actor: User, clinic: Clinic, capability: Capability, message: str) -> None:
    if not _can(actor, clinic, capability):
        raise PlanRefused(message)


def plan_lock(plan: TreatmentPlan) -> TreatmentPlan:
    # The row lock serialises two people acting on one plan (PostgreSQL); SQLite's write
    # transaction (BEGIN IMMEDIATE) already holds the database.
    return (
        TreatmentPlan.objects.select_for_update(of=("self",))
        .select_related("clinic", "consultation")
        .get(pk=plan.pk)
    )


def _state(plan: TreatmentPlan, allowed: frozenset | set, action: str) -> None:
    if plan.status not in allowed:
        status = plan.get_status_display().lower()
        raise PlanRefused(errors.ERR_WRONG_STATE.format(status=status, action=action))


def _event(plan: TreatmentPlan, *, actor: User, from_status: str, comment: str = "") -> PlanEvent:
    return PlanEvent.objects.create(
        plan=plan,
        actor=actor,
        from_status=from_status,
        to_status=plan.status,
        version=plan.version,
        comment=comment,
    )


def _audit(plan: TreatmentPlan, *, actor: User, action: AuditAction, summary: str, changes=None):
    # Summaries name the plan and version, never the patient (the entry links to them).
    audit_record(
        actor=actor,
        action=action,
        obj=plan,
        patient=plan.patient,
        clinic=plan.clinic,
        summary=f"Plan {plan.pk} v{plan.version}: {summary}",
        changes=changes,
    )


def _move(
    plan: TreatmentPlan, *, actor: User, to: PlanStatus, comment: str = "", action=None
) -> None:
    """Change the locked plan's status with its event and audit entry."""
    before = plan.status
    plan.status = to
    plan.save()
    _event(plan, actor=actor, from_status=before, comment=comment)
    summary = f"{PlanStatus(before).label} → {to.label}"
    _audit(plan, actor=actor, action=action or AuditAction.UPDATE, summary=summary)


def _refuse_invalid(errors_found: dict[str, str]) -> None:
    if errors_found:
        raise ValidationError(errors_found)


# --- creating --------------------------------------------------------------------------------


def _check_consultation(consultation: Consultation) -> list:
    if consultation.status != ConsultationStatus.COMPLETED:
        raise PlanRefused(errors.ERR_CONSULTATION_NOT_COMPLETED)
    if consultation.fitzpatrick is None:
        raise PlanRefused(errors.ERR_NO_SKIN_TYPE)
    concerns = list(consultation.concerns.order_by("position", "id"))
    if not concerns:
        raise PlanRefused(errors.ERR_NO_CONCERNS)
    return concerns


def _items_for(consultation: Consultation, concerns: list) -> list[dict]:
    screenings = latest_screenings(consultation)
    found = []
    for concern in concerns:
        try:
            found.append(
                item_defaults(
                    concern=concern,
                    fitzpatrick=consultation.fitzpatrick,
                    screening=screenings.get(concern.pk),
                    goals=consultation.goals,
                )
            )
        except ClinicalInputError as error:
            message = f"{error.field}: {error.message}" if error.field else error.message
            text = errors.ERR_CONCERN_INPUT.format(concern=concern, message=message)
            raise PlanRefused(text) from None
    return found


def plan_create_from_consultation(
    *, actor: User, consultation: Consultation, details: dict | None = None
) -> TreatmentPlan:
    """A draft plan (version 1) with one item per concern, prefilled from catalogue and estimate.

    Invariants: the consultation is completed and has a skin type and concerns, and no plan
    other than a stopped one (checked under a lock on the consultation, so two clicks make one
    plan); the actor may consult at its clinic; each item obeys ``item_errors``; price rules
    hold (``details_errors``).
    """
    concerns = _check_consultation(consultation)
    _require(actor, consultation.clinic, Capability.CONSULT, errors.ERR_NOT_A_CLINICIAN)
    values = _details(details or {})
    _refuse_invalid(details_errors(values))
    defaults = _items_for(consultation, concerns)
    with transaction.atomic():
        Consultation.objects.select_for_update().get(pk=consultation.pk)
        live = TreatmentPlan.objects.filter(consultation=consultation)
        if live.exclude(status=PlanStatus.STOPPED).exists():
            raise PlanRefused(errors.ERR_CONSULTATION_HAS_PLAN)
        plan = TreatmentPlan.objects.create(
            patient=consultation.patient,
            clinic=consultation.clinic,
            consultation=consultation,
            created_by=actor,
            **values,
        )
        for position, item in enumerate(defaults):
            PlanItem.objects.create(plan=plan, **(item | {"position": position}))
        _event(plan, actor=actor, from_status="", comment="Written from the consultation.")
        _audit(plan, actor=actor, action=AuditAction.CREATE, summary="created from consultation")
    return plan


def _details(data: dict) -> dict:
    values = {name: data[name] for name in DETAIL_FIELDS if name in data}
    if values.get("price") is not None:
        values["price"] = round_money(values["price"])
    if "currency" in values:
        values["currency"] = (values["currency"] or "").strip().upper()
    return values


# --- editing ---------------------------------------------------------------------------------


def _content_changed(plan: TreatmentPlan, *, actor: User, what: str, changes: dict) -> None:
    """Raise the version; an awaiting or approved plan goes back to draft (approval lapses)."""
    before = plan.status
    plan.version += 1
    if plan.status in (PlanStatus.AWAITING_REVIEW, PlanStatus.APPROVED):
        plan.status = PlanStatus.DRAFT
    plan.save()
    comment = f"Changed {what}: " + ", ".join(sorted(changes))
    _event(plan, actor=actor, from_status=before, comment=comment)
    _audit(plan, actor=actor, action=AuditAction.UPDATE, summary=comment, changes=changes)


def _editable(plan: TreatmentPlan, actor: User) -> None:
    if plan.status not in EDITABLE:
        status = plan.get_status_display().lower()
        raise PlanRefused(errors.ERR_PLAN_LOCKED.format(status=status))
    _require(actor, plan.clinic, Capability.CONSULT, errors.ERR_NOT_A_CLINICIAN)


def plan_item_update(*, actor: User, item: PlanItem, data: dict) -> PlanItem:
    """Change one item. A real change raises the plan's version (see ``_content_changed``).

    Invariants: only draft, awaiting or approved plans change; the item obeys ``item_errors``
    (a window outside the published range carries a reason); nothing changes, and the version
    stays, when the values are the same. ``item.plan`` is the updated plan on return.
    """
    with transaction.atomic():
        plan = plan_lock(item.plan)
        _editable(plan, actor)
        stored = PlanItem.objects.select_related("concern").get(pk=item.pk, plan=plan)
        before = copy.copy(stored)
        for name in ITEM_FIELDS:
            if name in data:
                setattr(stored, name, data[name])
        changes = field_changes(before, stored, ITEM_FIELDS)
        if changes:
            values = {name: getattr(stored, name) for name in ITEM_FIELDS}
            _refuse_invalid(item_errors(concern=stored.concern, values=values))
            stored.save()
            _content_changed(plan, actor=actor, what=f"item {stored.pk}", changes=changes)
    stored.plan = plan
    return stored


def plan_details_update(*, actor: User, plan: TreatmentPlan, data: dict) -> TreatmentPlan:
    """Change the price, currency, prepaid package or notes (recorded only, nothing is charged).

    Same versioning as ``plan_item_update``; a price needs a three-letter currency code.
    """
    with transaction.atomic():
        locked = plan_lock(plan)
        _editable(locked, actor)
        before = copy.copy(locked)
        for name, value in _details(data).items():
            setattr(locked, name, value)
        _refuse_invalid(details_errors({name: getattr(locked, name) for name in DETAIL_FIELDS}))
        changes = field_changes(before, locked, DETAIL_FIELDS)
        if changes:
            _content_changed(locked, actor=actor, what="price and package", changes=changes)
    return locked


def _instructions_now(plan: TreatmentPlan) -> list[PlanInstruction]:
    return list(PlanInstruction.objects.filter(plan=plan).order_by("kind", "id"))


def _replace_instructions(plan: TreatmentPlan, *, actor: User, wanted: list[dict]) -> dict:
    """Store ``wanted`` as the plan's instructions; ``{kind: [old, new]}`` of what changed.

    An unchanged instruction keeps its row (and the doctor's confirmation); a new or changed
    one is written by ``actor`` and confirmed only if ``actor`` is a doctor of the clinic."""
    _refuse_invalid(instruction_errors(wanted))
    doctor = _can(actor, plan.clinic, Capability.REVIEW_PLANS)
    before = {i.kind: i for i in _instructions_now(plan)}
    changes = {}
    for value in wanted:
        old = before.pop(value["kind"], None)
        new = PlanInstruction(plan=plan, added_by=actor, confirmed_by=actor if doctor else None)
        for name in ("kind", "fluence_cap", "reading_days", "note"):
            setattr(new, name, value.get(name) if name != "note" else value.get(name) or "")
        if old is not None and instruction_content(old) == instruction_content(new):
            continue
        if old is not None:
            old.delete()
        new.save()
        changes[new.kind] = [_said(old), _said(new)]
    for old in before.values():
        old.delete()
        changes[old.kind] = [_said(old), None]
    return changes


def _said(instruction: PlanInstruction | None) -> str | None:
    if instruction is None:
        return None
    return str(sorted((k, v) for k, v in instruction_content(instruction).items() if v))


def _can(actor: User, clinic: Clinic, capability: Capability) -> bool:
    membership = Membership.objects.filter(user=actor, clinic=clinic, is_active=True).first()
    return membership is not None and role_can(membership.role, capability)


def plan_instructions_set(
    *, actor: User, plan: TreatmentPlan, instructions: list[dict]
) -> TreatmentPlan:
    """Set the doctor's instructions (``[{kind, fluence_cap, reading_days, note}]``).

    Same versioning as ``plan_item_update``: a real change raises the version and an awaiting
    or approved plan goes back to draft. A practitioner's instruction waits for a doctor's
    confirmation (the plan goes to review); a doctor's is confirmed by writing it.
    """
    with transaction.atomic():
        locked = plan_lock(plan)
        _editable(locked, actor)
        changes = _replace_instructions(locked, actor=actor, wanted=instructions)
        if changes:
            _content_changed(locked, actor=actor, what="doctor's instructions", changes=changes)
    return locked


def plan_printed(*, actor: User, plan: TreatmentPlan) -> None:
    """Record that ``actor`` printed the plan for the patient (nothing else changes)."""
    with transaction.atomic():
        _audit(plan, actor=actor, action=AuditAction.VIEW, summary="printed for the patient")


# --- changes of state ------------------------------------------------------------------------


def _routing(plan: TreatmentPlan, items: list[PlanItem]):
    return plan_routing(
        items=items,
        fitzpatrick=plan.consultation.fitzpatrick,
        screenings=latest_screenings(plan.consultation),
        policy=clinic_policy(plan.clinic),
        instructions=_instructions_now(plan),
    )


def _invalid_items(items: list[PlanItem]) -> list[str]:
    found = []
    for item in items:
        values = {name: getattr(item, name) for name in ITEM_FIELDS}
        problems = item_errors(concern=item.concern, values=values).values()
        found += [f"{item.concern}: {message}" for message in problems]
    return found


def _approve(plan: TreatmentPlan, *, actor: User, comment: str) -> PlanApproval:
    approval = PlanApproval.objects.create(
        plan=plan,
        version=plan.version,
        content_hash=plan_content_hash(plan),
        approved_by=actor,
        comment=comment,
    )
    _move(plan, actor=actor, to=PlanStatus.APPROVED, comment=comment, action=AuditAction.SIGN)
    return approval


def plan_submit(*, actor: User, plan: TreatmentPlan) -> TreatmentPlan:
    """Submit a draft: refused while screening blocks it; to a doctor when review is needed.

    Invariants: a concern unscreened, deferred or not to be treated refuses the submission
    (``PlanRefused.reasons`` lists why, nothing is written); otherwise ``review_reasons`` is
    recorded and the plan goes to awaiting review, or, when no reason applies, is approved by
    the submitter on this version and content hash (a PlanApproval, audit action SIGN).
    """
    with transaction.atomic():
        locked = plan_lock(plan)
        _state(locked, {PlanStatus.DRAFT}, "submitted")
        _require(actor, locked.clinic, Capability.CONSULT, errors.ERR_NOT_A_CLINICIAN)
        items = plan_items(locked)
        routing = _routing(locked, items)
        invalid = _invalid_items(items)
        if invalid:
            raise PlanRefused(errors.ERR_ITEMS_INVALID, reasons=invalid)
        if routing.refused:
            raise PlanRefused(errors.ERR_SCREENING_BLOCKS, reasons=routing.blocks)
        locked.review_required = routing.review_required
        locked.review_reasons = routing.reasons
        if routing.review_required:
            _move(locked, actor=actor, to=PlanStatus.AWAITING_REVIEW)
        else:
            _approve(locked, actor=actor, comment=SELF_APPROVAL_COMMENT)
    return locked


def plan_approve(
    *,
    actor: User,
    plan: TreatmentPlan,
    version: int,
    comment: str = "",
    instructions: list[dict] | None = None,
) -> PlanApproval:
    """A doctor signs ``version`` of the plan, the one they read (version + SHA-256 of content).

    Invariants: the plan awaits review and is still at ``version`` (a plan changed and
    resubmitted while the doctor read it is refused, not signed unseen); the actor reviews plans
    at its clinic; screening does not block it now (checked again: a re-screening may have
    deferred it since).
    """
    with transaction.atomic():
        locked = plan_lock(plan)
        _state(locked, {PlanStatus.AWAITING_REVIEW}, "approved")
        if locked.version != version:
            raise PlanRefused(errors.ERR_VERSION_CHANGED.format(version=locked.version))
        _require(actor, locked.clinic, Capability.REVIEW_PLANS, errors.ERR_NOT_A_REVIEWER)
        routing = _routing(locked, plan_items(locked))
        if routing.refused:
            raise PlanRefused(errors.ERR_SCREENING_BLOCKS, reasons=routing.blocks)
        if instructions is not None:
            _doctor_instructions(locked, actor=actor, instructions=instructions)
        return _approve(locked, actor=actor, comment=comment.strip())


def _doctor_instructions(plan: TreatmentPlan, *, actor: User, instructions: list[dict]) -> None:
    """The reviewing doctor's instructions: a change is a new version, approved at once by
    the same doctor (what they approve is what they wrote); every instruction is theirs."""
    changes = _replace_instructions(plan, actor=actor, wanted=instructions)
    PlanInstruction.objects.filter(plan=plan).update(confirmed_by=actor)
    if changes:
        plan.version += 1
        plan.save()
        comment = "Doctor's instructions set at review: " + ", ".join(sorted(changes))
        _event(plan, actor=actor, from_status=plan.status, comment=comment)
        _audit(plan, actor=actor, action=AuditAction.UPDATE, summary=comment, changes=changes)


def plan_return(*, actor: User, plan: TreatmentPlan, comment: str) -> TreatmentPlan:
    """A doctor sends the plan back to draft with a required comment (no approval written)."""
    if not comment.strip():
        raise PlanRefused(errors.ERR_RETURN_COMMENT)
    with transaction.atomic():
        locked = plan_lock(plan)
        _state(locked, {PlanStatus.AWAITING_REVIEW}, "returned")
        _require(actor, locked.clinic, Capability.REVIEW_PLANS, errors.ERR_NOT_A_REVIEWER)
        _move(locked, actor=actor, to=PlanStatus.DRAFT, comment=comment.strip())
    return locked


def plan_start(*, actor: User, plan: TreatmentPlan) -> TreatmentPlan:
    """Start the course. Invariants: approved, the approval is valid for this version and
    content (``plan_approval_valid``), and a valid treatment consent covers this version."""
    with transaction.atomic():
        locked = plan_lock(plan)
        _state(locked, {PlanStatus.APPROVED}, "started")
        _require(actor, locked.clinic, Capability.CONSULT, errors.ERR_NOT_A_CLINICIAN)
        if not plan_approval_valid(locked):
            raise PlanRefused(errors.ERR_APPROVAL_NOT_VALID)
        if valid_treatment_consent(plan=locked) is None:
            raise PlanRefused(errors.ERR_NO_CONSENT)
        _move(locked, actor=actor, to=PlanStatus.IN_PROGRESS)
    return locked


def plan_complete(*, actor: User, plan: TreatmentPlan) -> TreatmentPlan:
    """Mark an in-progress course completed; its maintenance recalls are scheduled with it."""
    with transaction.atomic():
        locked = plan_lock(plan)
        _state(locked, {PlanStatus.IN_PROGRESS}, "completed")
        _require(actor, locked.clinic, Capability.CONSULT, errors.ERR_NOT_A_CLINICIAN)
        _move(locked, actor=actor, to=PlanStatus.COMPLETED)
        signals.plan_completed.send(sender=TreatmentPlan, plan=locked, actor=actor)
    return locked


def plan_stop(*, actor: User, plan: TreatmentPlan, reason: str) -> TreatmentPlan:
    """Stop a plan that is not finished, with a required reason. Stopped is final."""
    if not reason.strip():
        raise PlanRefused(errors.ERR_STOP_REASON)
    with transaction.atomic():
        locked = plan_lock(plan)
        _state(locked, STOPPABLE, "stopped")
        _require(actor, locked.clinic, Capability.CONSULT, errors.ERR_NOT_A_CLINICIAN)
        _move(locked, actor=actor, to=PlanStatus.STOPPED, comment=reason.strip())
    return locked
