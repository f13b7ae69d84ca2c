"""Writes to a session before signing: starting it from an appointment, the checklist and the
medical history re-confirmed at the chair. Settings, response and adverse events are in
``services.record``; signing, co-signing and addenda in ``services.sign``.

Every write runs in one transaction, under a lock on the session row (two people at the
chair, or a doctor overriding while the practitioner ticks, cannot interleave), refuses a
locked session, and writes its audit entry in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.accounts.roles import Capability
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinical.screening_io import report_to_dict
from picoclinic.scheduling.errors import BookingError
from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentStatus
from picoclinic.scheduling.services import appointment_check_in
from picoclinic.treatments import checklist, errors
from picoclinic.treatments.access import session_get_for_user
from picoclinic.treatments.models import (
    CheckCode,
    ChecklistItem,
    CheckState,
    SessionScreening,
    SessionStatus,
    TreatmentSession,
)
from picoclinic.treatments.permissions import can_at
from picoclinic.treatments.screening import (
    baseline_for,
    changed_keys,
    run_screening,
    screening_item_state,
)

SESSION_RELATED = ("patient", "clinic", "plan", "plan__consultation", "plan_item__concern")


def session_lock_open(session: TreatmentSession) -> TreatmentSession:
    """The session row locked for this transaction; refuses a signed or closed session."""
    locked = (
        TreatmentSession.objects.select_for_update(of=("self",))
        .select_related(*SESSION_RELATED)
        .get(pk=session.pk)
    )
    if locked.is_locked:
        raise errors.RecordLocked()
    return locked


def require(actor: User, session: TreatmentSession, capability: Capability, message: str) -> None:
    if not can_at(actor, session.clinic, capability):
        raise errors.TreatmentError(message)


def _audit(
    actor: User, session: TreatmentSession, action: AuditAction, summary: str, obj=None, **kw
):
    audit_record(
        actor=actor,
        action=action,
        obj=obj or session,
        patient=session.patient,
        clinic=session.clinic,
        summary=summary,
        **kw,
    )


def session_open(
    *, actor: User, patient_id: int, session_id: int, ip_address: str | None = None
) -> TreatmentSession:
    """The "open a session record" action: fetched through the access helper (404 for anyone
    else) and the opening audited, in one transaction."""
    with transaction.atomic():
        session = session_get_for_user(actor, patient_id, session_id)
        session_opened(actor=actor, session=session, ip_address=ip_address)
    return session


def session_opened(
    *, actor: User, session: TreatmentSession, ip_address: str | None = None
) -> None:
    """Record that ``actor`` opened the session record (as an opening of the chart is)."""
    _audit(
        actor,
        session,
        AuditAction.VIEW,
        f"Opened session record {session.session_number}",
        ip_address=ip_address,
    )


# --- Starting a session -------------------------------------------------------------------


def appointment_lock(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related(
            "clinic", "patient", "practitioner", "plan__consultation", "plan_item__concern"
        )
        .get(pk=appointment.pk)
    )


def _check_in(actor: User, appointment: Appointment, now: datetime) -> None:
    if appointment.status == AppointmentStatus.CHECKED_IN:
        return
    if appointment.status != AppointmentStatus.BOOKED:
        raise errors.TreatmentError(errors.APPOINTMENT_NOT_ACTIVE)
    try:
        appointment_check_in(actor=actor, appointment=appointment, now=now)
    except BookingError as refused:
        raise errors.TreatmentError(refused.message) from None


def session_start(
    *, actor: User, appointment: Appointment, now: datetime | None = None
) -> TreatmentSession:
    """Check the patient in for a treatment appointment and open its session record.

    Idempotent: a second call (a double tap, a colleague at the desk) returns the session
    already open. Invariants: one session per appointment (a row lock on the appointment, and
    the one-to-one key underneath); the skin type, indication and site are copied in as they
    are today; the checklist exists from the start, plan approval and consent checked.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = appointment_lock(appointment)
        existing = TreatmentSession.objects.filter(appointment=locked).first()
        if existing is not None:
            return existing
        if locked.kind != AppointmentKind.TREATMENT or locked.plan_item_id is None:
            raise errors.TreatmentError(errors.NOT_A_TREATMENT)
        _check_in(actor, locked, now)
        session = _create(actor, locked, now)
        ChecklistItem.objects.bulk_create(checklist.initial_items(session))
        _audit(actor, session, AuditAction.CREATE, f"Started session {session.session_number}")
        _start_course(actor, session)
    return session


def _start_course(actor: User, session: TreatmentSession) -> None:
    """The first session starts an approved course (the plans app's own rule and audit)."""
    from picoclinic.plans.models import PlanStatus
    from picoclinic.plans.services import PlanRefused, plan_start

    if session.plan.status != PlanStatus.APPROVED or not can_at(
        actor, session.clinic, Capability.CONSULT
    ):
        return
    try:
        with transaction.atomic():
            plan_start(actor=actor, plan=session.plan)
    except PlanRefused:
        pass  # the checklist shows what is missing (approval, consent)


def _create(actor: User, appointment: Appointment, now: datetime) -> TreatmentSession:
    concern = appointment.plan_item.concern
    return TreatmentSession.objects.create(
        appointment=appointment,
        patient=appointment.patient,
        clinic=appointment.clinic,
        plan=appointment.plan,
        plan_item=appointment.plan_item,
        session_number=appointment.session_number,
        practitioner=appointment.practitioner.user,
        indication=concern.indication,
        body_site=concern.body_site,
        periocular=concern.periocular,
        areas=appointment.plan_item.areas,
        fitzpatrick=appointment.plan.consultation.fitzpatrick,
        treated_on=timezone.localdate(appointment.starts_at, appointment.clinic.zone),
        started_at=now,
        started_by=actor,
    )


# --- The checklist --------------------------------------------------------------------------


def _item(session: TreatmentSession, code: str) -> ChecklistItem:
    item = ChecklistItem.objects.filter(session=session, code=code).first()
    if item is None:
        raise errors.TreatmentError(errors.ITEM_UNKNOWN)
    return item


def _set(
    item: ChecklistItem, *, state: str, detail: str, actor: User | None, now: datetime
) -> list:
    before = item.state
    item.state, item.detail = state, detail[:300]
    item.checked_by, item.checked_at = actor, now
    if state != CheckState.OVERRIDDEN:
        item.override_by, item.override_at, item.override_reason = None, None, ""
    item.save()
    return [before, state]


def checklist_tick(
    *,
    actor: User,
    session: TreatmentSession,
    code: str,
    done: bool = True,
    tanned: bool | None = None,
    now: datetime | None = None,
) -> ChecklistItem:
    """The practitioner confirms (or takes back) an item at the chair.

    ``SKIN_PREPARED`` needs the tan status (kept on the session: the settings check reads it).
    ``TEST_SPOT`` not done blocks the item: only a doctor can then pass it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = session_lock_open(session)
        require(actor, locked, Capability.CONSULT, errors.NOT_A_CLINICIAN)
        if code not in checklist.TICKABLE:
            raise errors.TreatmentError(errors.ITEM_AUTOMATIC)
        item = _item(locked, code)
        if item.state == CheckState.NOT_APPLICABLE:
            raise errors.TreatmentError(errors.ITEM_UNKNOWN)
        if code == CheckCode.ADVERSE_EVENTS and item.state == CheckState.BLOCKED:
            raise errors.TreatmentError(errors.DOCTOR_ONLY)
        state, detail = _tick_result(locked, code, done=done, tanned=tanned)
        if code == CheckCode.ADVERSE_EVENTS:
            detail = item.detail  # the events reviewed stay listed
        change = _set(item, state=state, detail=detail, actor=actor, now=now)
        summary = f"Checklist {code}: {state}"
        _audit(actor, locked, AuditAction.UPDATE, summary, obj=item, changes={"state": change})
    return item


def _tick_result(session: TreatmentSession, code: str, *, done: bool, tanned: bool | None):
    if code in checklist.INSTRUCTION_CODES.values():
        return checklist.instruction_tick(session, code, done=done)
    if code == CheckCode.TEST_SPOT:
        if done:
            return CheckState.DONE, checklist.TEST_SPOT_DONE
        return CheckState.BLOCKED, checklist.TEST_SPOT_NOT_DONE
    if not done:
        return CheckState.PENDING, ""
    if code == CheckCode.SKIN_PREPARED:
        if tanned is None:
            raise errors.TreatmentError(errors.SKIN_TAN_REQUIRED)
        session.tanned = tanned
        session.save(update_fields=["tanned"])
        return CheckState.DONE, "Tanned today: the settings check will block." if tanned else (
            "Not tanned."
        )
    return CheckState.DONE, ""


def checklist_override(
    *, actor: User, session: TreatmentSession, code: str, reason: str, now: datetime | None = None
) -> ChecklistItem:
    """A doctor passes a blocked item, with a reason kept in the record.

    Invariants: only a doctor (medical review capability at this clinic); only a blocked item;
    the reason is required; the item keeps the finding that blocked it beside the override.
    """
    reason = reason.strip()
    now = now or timezone.now()
    with transaction.atomic():
        locked = session_lock_open(session)
        require(actor, locked, Capability.REVIEW_PLANS, errors.DOCTOR_ONLY)
        if not reason:
            raise errors.TreatmentError(errors.REASON_REQUIRED)
        item = _item(locked, code)
        if item.state != CheckState.BLOCKED:
            raise errors.TreatmentError(errors.ITEM_NOT_BLOCKED)
        item.state = CheckState.OVERRIDDEN
        item.override_by, item.override_at, item.override_reason = actor, now, reason
        item.save()
        _audit(
            actor,
            locked,
            AuditAction.UPDATE,
            f"Doctor passed blocked checklist item {code}",
            obj=item,
            changes={"state": [CheckState.BLOCKED, CheckState.OVERRIDDEN]},
        )
    return item


def checklist_recheck(
    *, actor: User, session: TreatmentSession, now: datetime | None = None
) -> list[ChecklistItem]:
    """Check plan approval, consent and the patient's open adverse events again (say, after
    the patient signed a new consent, or an event was recorded or resolved since).

    A doctor's earlier pass stands while the same problem persists (a further serious event
    is not what the doctor passed: the item blocks again); once the item is fine it is simply
    done.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = session_lock_open(session)
        require(actor, locked, Capability.VIEW_PATIENTS, errors.NOT_A_CLINICIAN)
        results = {
            CheckCode.PLAN_APPROVED: checklist.plan_approval_check(locked.plan),
            CheckCode.CONSENT: checklist.consent_check(locked.plan),
            CheckCode.ADVERSE_EVENTS: checklist.adverse_events_check(locked),
        }
        changed = []
        for code, (state, detail) in results.items():
            item = ChecklistItem.objects.filter(session=locked, code=code).first()
            if item is None:  # a session started before the item existed
                continue
            if item.state == CheckState.OVERRIDDEN and (state, detail) == (
                CheckState.BLOCKED,
                item.detail,
            ):
                continue
            if item.state == CheckState.DONE and (state, detail) == (
                CheckState.PENDING,
                item.detail,
            ):
                continue  # the same open events, already reviewed
            if (item.state, item.detail) != (state, detail):
                _set(item, state=state, detail=detail, actor=None, now=now)
                changed.append(item)
        if changed:
            _audit(actor, locked, AuditAction.UPDATE, "Checklist re-checked")
    return changed


# --- The medical history, re-confirmed ------------------------------------------------------


def session_confirm_history(
    *,
    actor: User,
    session: TreatmentSession,
    history: dict[str, Any],
    medications: str | None = None,
    now: datetime | None = None,
) -> SessionScreening:
    """Re-confirm the medical history at the chair and screen it again for today's treatment.

    Invariants: the history must answer every question (the core's shape); the run is kept as
    shown (``SessionScreening``, with what changed since the baseline); the screening item
    follows the outcome (a deferral or "do not treat" blocks; a doctor-review finding blocks
    when the history changed); the test-spot item follows the screening's precautions.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = session_lock_open(session)
        require(actor, locked, Capability.CONSULT, errors.NOT_A_CLINICIAN)
        baseline = baseline_for(locked)
        report = run_screening(locked, history)
        changes = changed_keys(baseline.history, history)
        record = _record_screening(actor, locked, history, report, changes, now)
        locked.history = history
        locked.medications = baseline.medications if medications is None else medications
        locked.save(update_fields=["history", "medications"])
        _follow_screening(actor, locked, report, changes, now)
        summary = f"Re-screened at the chair: {report.overall.value}; {len(changes)} change(s)"
        _audit(actor, locked, AuditAction.CREATE, summary, obj=record)
    return record


def _record_screening(actor: User, session, history, report, changes, now) -> SessionScreening:
    return SessionScreening.objects.create(
        session=session,
        screened_at=now,
        screened_by=actor,
        planned_on=report.planned_on,
        history=history,
        changed_keys=changes,
        policy_name=report.policy_name,
        overall=report.overall.value,
        blocks_approval=report.blocks_approval,
        needs_doctor_review=report.needs_doctor_review,
        report=report_to_dict(report),
    )


def _follow_screening(actor: User, session, report, changes, now) -> None:
    state, detail = screening_item_state(report, changed=changes)
    _set(_item(session, CheckCode.SCREENING), state=state, detail=detail, actor=actor, now=now)
    test_spot = _item(session, CheckCode.TEST_SPOT)
    if test_spot.state in (CheckState.PENDING, CheckState.NOT_APPLICABLE):
        precautions = [p.value for p in report.precautions]
        state, detail = checklist.test_spot_requirement(session, precautions=precautions)
        if (test_spot.state, test_spot.detail) != (state, detail):
            _set(test_spot, state=state, detail=detail, actor=None, now=now)


def checklists_recheck_for_plan(*, actor: User, plan) -> int:
    """Check approval, consent and events again on every open session of ``plan`` (a consent
    signed at the chair shows on the checklist it was taken for). Returns how many."""
    sessions = list(TreatmentSession.objects.filter(plan=plan, status=SessionStatus.OPEN))
    for session in sessions:
        checklist_recheck(actor=actor, session=session)
    return len(sessions)
