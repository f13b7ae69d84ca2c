"""Check-in turns an appointment into a session; the checklist blocks until done or passed by a
doctor with a reason; the history re-confirmed at the chair re-runs the screening."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.plans.models import PlanStatus
from picoclinic.scheduling.models import AppointmentKind, AppointmentStatus
from picoclinic.treatments import checklist, errors
from picoclinic.treatments.models import CheckCode, CheckState, SessionScreening, TreatmentSession
from picoclinic.treatments.services import (
    checklist_override,
    checklist_recheck,
    checklist_tick,
    session_confirm_history,
    session_start,
)
from tests.treatments import helpers as h


def states(session) -> dict[str, str]:
    return dict(session.checks.values_list("code", "state"))


# --- Starting ---------------------------------------------------------------------------------


def test_start_checks_the_patient_in_and_opens_one_session(world):
    ready = h.ready(world)

    session = session_start(actor=world.practitioner, appointment=ready.appointment)
    again = session_start(actor=world.front_desk, appointment=ready.appointment)

    assert again.pk == session.pk
    assert TreatmentSession.objects.count() == 1
    ready.appointment.refresh_from_db()
    assert ready.appointment.status == AppointmentStatus.CHECKED_IN
    assert session.session_number == 1
    assert session.fitzpatrick == 3
    assert session.practitioner == world.practitioner
    assert session.treated_on == timezone.localdate(
        ready.appointment.starts_at, session.clinic.zone
    )
    assert AuditEvent.objects.filter(
        object_type="treatments.TreatmentSession", action=AuditAction.CREATE
    ).exists()


def test_the_first_session_starts_an_approved_course(world):
    ready = h.ready(world)
    assert ready.plan.status == PlanStatus.APPROVED

    session_start(actor=world.practitioner, appointment=ready.appointment)

    ready.plan.refresh_from_db()
    assert ready.plan.status == PlanStatus.IN_PROGRESS


def test_the_checklist_exists_from_the_start_with_approval_and_consent_checked(world):
    session = h.started(world)

    assert states(session) == {
        CheckCode.PLAN_APPROVED: CheckState.DONE,
        CheckCode.CONSENT: CheckState.DONE,
        CheckCode.SCREENING: CheckState.PENDING,
        CheckCode.ADVERSE_EVENTS: CheckState.NOT_APPLICABLE,
        CheckCode.PHOTOS: CheckState.PENDING,
        CheckCode.SKIN_PREPARED: CheckState.PENDING,
        CheckCode.EYE_PROTECTION: CheckState.PENDING,
        CheckCode.CORNEAL_SHIELDS: CheckState.NOT_APPLICABLE,
        CheckCode.TEST_SPOT: CheckState.NOT_APPLICABLE,
    }


def test_a_booked_appointment_on_another_day_cannot_be_started(world):
    plan = h.approved_plan(world)
    tomorrow = h.appointment(world, plan, starts_at=timezone.now() + timedelta(days=1))

    with pytest.raises(errors.TreatmentError) as refused:
        session_start(actor=world.practitioner, appointment=tomorrow)

    assert "not today" in refused.value.message
    assert not TreatmentSession.objects.exists()


def test_a_cancelled_appointment_cannot_be_started(world):
    plan = h.approved_plan(world)
    cancelled = h.appointment(world, plan, status=AppointmentStatus.CANCELLED)

    with pytest.raises(errors.TreatmentError, match="cancelled or missed"):
        session_start(actor=world.practitioner, appointment=cancelled)


def test_a_consultation_is_not_a_treatment_session(world):
    appointment = h.ready(world).appointment
    appointment.kind = AppointmentKind.CONSULTATION
    appointment.save()

    with pytest.raises(errors.TreatmentError) as refused:
        session_start(actor=world.practitioner, appointment=appointment)
    assert refused.value.message == errors.NOT_A_TREATMENT


# --- Blocking items and the doctor's override -------------------------------------------------


def test_missing_consent_blocks_and_only_a_doctor_passes_it_with_a_reason(world):
    session = h.started(world, consent=False)
    assert states(session)[CheckCode.CONSENT] == CheckState.BLOCKED

    with pytest.raises(errors.TreatmentError) as not_doctor:
        checklist_override(
            actor=world.practitioner, session=session, code=CheckCode.CONSENT, reason="ok"
        )
    assert not_doctor.value.message == errors.DOCTOR_ONLY
    with pytest.raises(errors.TreatmentError) as no_reason:
        checklist_override(actor=world.doctor, session=session, code=CheckCode.CONSENT, reason=" ")
    assert no_reason.value.message == errors.REASON_REQUIRED

    item = checklist_override(
        actor=world.doctor,
        session=session,
        code=CheckCode.CONSENT,
        reason="Verbal consent witnessed; paper form to be scanned.",
    )

    assert item.state == CheckState.OVERRIDDEN
    assert item.override_by == world.doctor
    assert item.override_reason.startswith("Verbal consent")
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, summary__contains="Doctor passed", actor=world.doctor
    ).exists()


def test_an_item_that_is_not_blocked_cannot_be_overridden(world):
    session = h.started(world)
    with pytest.raises(errors.TreatmentError) as refused:
        checklist_override(actor=world.doctor, session=session, code=CheckCode.PHOTOS, reason="x")
    assert refused.value.message == errors.ITEM_NOT_BLOCKED


def test_checking_again_clears_a_block_once_consent_is_signed(world):
    session = h.started(world, consent=False)
    h.builders.treatment_consent(session.plan, witness=world.front_desk)

    checklist_recheck(actor=world.practitioner, session=session)

    assert states(session)[CheckCode.CONSENT] == CheckState.DONE


def test_automatic_items_are_not_ticked_by_hand(world):
    session = h.started(world, consent=False)
    with pytest.raises(errors.TreatmentError) as refused:
        checklist_tick(actor=world.practitioner, session=session, code=CheckCode.CONSENT)
    assert refused.value.message == errors.ITEM_AUTOMATIC


def test_the_front_desk_cannot_tick_clinical_items(world):
    session = h.started(world)
    with pytest.raises(errors.TreatmentError) as refused:
        checklist_tick(actor=world.front_desk, session=session, code=CheckCode.PHOTOS)
    assert refused.value.message == errors.NOT_A_CLINICIAN


def test_the_skin_item_records_the_tan_status_the_settings_check_reads(world):
    session = h.started(world)
    with pytest.raises(errors.TreatmentError) as refused:
        checklist_tick(actor=world.practitioner, session=session, code=CheckCode.SKIN_PREPARED)
    assert refused.value.message == errors.SKIN_TAN_REQUIRED

    checklist_tick(
        actor=world.practitioner, session=session, code=CheckCode.SKIN_PREPARED, tanned=True
    )

    session.refresh_from_db()
    assert session.tanned is True
    assert states(session)[CheckCode.SKIN_PREPARED] == CheckState.DONE


def test_ticks_can_be_taken_back(world):
    session = h.started(world)
    checklist_tick(actor=world.practitioner, session=session, code=CheckCode.PHOTOS)
    checklist_tick(actor=world.practitioner, session=session, code=CheckCode.PHOTOS, done=False)
    assert states(session)[CheckCode.PHOTOS] == CheckState.PENDING


def test_the_checklist_is_complete_only_when_every_item_passed(world):
    session = h.started(world)
    assert not checklist.is_complete(list(session.checks.all()))

    h.complete_checklist(world, session)

    assert checklist.is_complete(list(session.checks.all()))


# --- Periocular work and the test spot --------------------------------------------------------


def test_periocular_work_needs_corneal_shields(world):
    session = h.started(world, concern=h.PERIOCULAR)
    assert states(session)[CheckCode.CORNEAL_SHIELDS] == CheckState.PENDING


def test_a_catalogue_test_spot_is_required_before_the_first_session_only(world):
    session = h.started(world, concern=h.RED_TATTOO, fitzpatrick=2)
    item = session.checks.get(code=CheckCode.TEST_SPOT)
    assert item.state == CheckState.PENDING
    assert "catalogue" in item.detail

    checklist_tick(actor=world.practitioner, session=session, code=CheckCode.TEST_SPOT, done=False)
    assert states(session)[CheckCode.TEST_SPOT] == CheckState.BLOCKED
    checklist_tick(actor=world.practitioner, session=session, code=CheckCode.TEST_SPOT)
    assert states(session)[CheckCode.TEST_SPOT] == CheckState.DONE


# --- Re-confirming the history ----------------------------------------------------------------


def test_an_unchanged_history_is_screened_again_and_passes(world):
    session = h.started(world)
    history = session.plan.consultation.medical_history

    record = session_confirm_history(actor=world.practitioner, session=session, history=history)

    assert record.changed_keys == []
    assert record.overall == "proceed"
    item = session.checks.get(code=CheckCode.SCREENING)
    assert item.state == CheckState.DONE
    assert "No change" in item.detail


def test_a_new_pregnancy_re_runs_the_screening_and_blocks(world):
    session = h.started(world)
    history = session.plan.consultation.medical_history | {"pregnant": True}

    record = session_confirm_history(actor=world.practitioner, session=session, history=history)

    assert record.changed_keys == ["pregnant"]
    assert record.blocks_approval
    item = session.checks.get(code=CheckCode.SCREENING)
    assert item.state == CheckState.BLOCKED
    assert "Pregnant" in item.detail
    session.refresh_from_db()
    assert session.history["pregnant"] is True


def test_a_recent_tan_defers_and_a_doctor_can_pass_it(world):
    session = h.started(world)
    last_week = (timezone.localdate() - timedelta(days=7)).isoformat()
    history = session.plan.consultation.medical_history | {
        "sun_exposures": [{"kind": "tan", "last_on": last_week}]
    }
    session_confirm_history(actor=world.practitioner, session=session, history=history)
    assert states(session)[CheckCode.SCREENING] == CheckState.BLOCKED

    checklist_override(
        actor=world.doctor,
        session=session,
        code=CheckCode.SCREENING,
        reason="Tan on the legs only; the face was covered.",
    )

    assert states(session)[CheckCode.SCREENING] == CheckState.OVERRIDDEN


def test_a_doctor_review_finding_blocks_only_when_the_history_changed(world):
    session = h.started(world)
    base = session.plan.consultation.medical_history
    session_confirm_history(
        actor=world.practitioner, session=session, history=base | {"breastfeeding": True}
    )
    assert states(session)[CheckCode.SCREENING] == CheckState.BLOCKED

    other = h.started(world, patient=world.other_patient_a, history={"breastfeeding": True})
    same = other.plan.consultation.medical_history
    session_confirm_history(actor=world.practitioner, session=other, history=same)
    assert states(other)[CheckCode.SCREENING] == CheckState.DONE


def test_the_next_visit_compares_with_the_history_confirmed_last_time(world):
    first = h.signed(world)
    changed = first.history | {"hsv_history": True}
    second = session_start(
        actor=world.practitioner,
        appointment=h.appointment(world, first.plan, number=2),
    )
    session_confirm_history(actor=world.practitioner, session=second, history=changed)
    session_confirm_history(actor=world.practitioner, session=second, history=changed)

    latest = SessionScreening.objects.filter(session=second).order_by("-id").first()
    assert latest.changed_keys == ["hsv_history"]  # against the first session, not itself


def test_an_incomplete_history_is_refused(world):
    session = h.started(world)
    history = dict(session.plan.consultation.medical_history)
    history.pop("pregnant")
    with pytest.raises(errors.TreatmentError, match="1 not answered"):
        session_confirm_history(actor=world.practitioner, session=session, history=history)
    assert not SessionScreening.objects.exists()


def test_no_test_spot_once_the_area_was_treated_at_an_earlier_session(world):
    first = h.signed(world, concern=h.RED_TATTOO, fitzpatrick=2, values=h.TATTOO_OK)
    second = session_start(
        actor=world.practitioner, appointment=h.appointment(world, first.plan, number=2)
    )
    item = second.checks.get(code=CheckCode.TEST_SPOT)
    assert item.state == CheckState.NOT_APPLICABLE
    assert item.detail == checklist.TEST_SPOT_EARLIER
