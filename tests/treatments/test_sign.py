"""Sign and lock: the signature covers a hash of the record; afterwards nothing changes it
(service, model or queryset); corrections are addenda; a doctor co-signs where policy asks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.scheduling.models import Appointment, AppointmentStatus
from picoclinic.treatments import errors
from picoclinic.treatments.content import session_hash
from picoclinic.treatments.models import (
    Addendum,
    AdverseEvent,
    CheckCode,
    ChecklistItem,
    ImmediateResponse,
    SessionStatus,
    SettingsEntry,
    TreatmentPolicy,
    TreatmentSession,
)
from picoclinic.treatments.services import checklist_override, checklist_tick
from picoclinic.treatments.services.record import (
    adverse_event_record,
    response_record,
    settings_entry_add,
)
from picoclinic.treatments.services.sign import (
    addendum_add,
    session_cosign,
    session_not_treated,
    session_sign,
    sign_problems,
)
from tests.treatments import helpers as h


def test_signing_needs_the_checklist_a_setting_and_the_response(world):
    session = h.started(world)
    assert sign_problems(session) == [
        errors.SIGN_NEEDS_CHECKLIST,
        errors.SIGN_NEEDS_SETTINGS,
        errors.SIGN_NEEDS_RESPONSE,
    ]
    with pytest.raises(errors.TreatmentError, match="checklist is not complete"):
        session_sign(actor=world.practitioner, session=session)
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


def test_a_blocked_setting_stops_signing_until_overridden(world):
    session = h.complete_checklist(world, h.started(world))
    far = h.CLEAN | {"device": h.laser(session.clinic), "fluence_j_cm2": Decimal("1.0")}
    settings_entry_add(actor=world.practitioner, session=session, values=far)
    response_record(actor=world.practitioner, session=session, values=h.RESPONSE)
    assert sign_problems(session) == [errors.SIGN_BLOCKED_SETTINGS]


def test_signing_locks_hashes_completes_the_appointment_and_audits(world):
    session = h.treated(world, h.started(world))

    signed = session_sign(actor=world.practitioner, session=session)

    assert signed.status == SessionStatus.SIGNED
    assert signed.signed_by == world.practitioner
    assert len(signed.content_hash) == 64
    assert session_hash(signed) == signed.content_hash
    appointment = Appointment.objects.get(pk=signed.appointment_id)
    assert appointment.status == AppointmentStatus.COMPLETED
    assert appointment.occurred_on == signed.treated_on
    assert AuditEvent.objects.filter(
        action=AuditAction.SIGN, object_type="treatments.TreatmentSession", actor=world.practitioner
    ).exists()


def test_the_front_desk_cannot_sign(world):
    session = h.treated(world, h.started(world))
    with pytest.raises(errors.TreatmentError) as refused:
        session_sign(actor=world.front_desk, session=session)
    assert refused.value.message == errors.SIGN_NOT_YOURS


# --- Immutable afterwards ---------------------------------------------------------------------


@pytest.fixture
def signed(world):
    return h.signed(world)


def test_every_service_refuses_a_signed_session(world, signed):
    device = h.laser(signed.clinic)
    attempts = [
        lambda: checklist_tick(actor=world.practitioner, session=signed, code=CheckCode.PHOTOS),
        lambda: checklist_override(
            actor=world.doctor, session=signed, code=CheckCode.PHOTOS, reason="x"
        ),
        lambda: settings_entry_add(
            actor=world.practitioner, session=signed, values=h.CLEAN | {"device": device}
        ),
        lambda: response_record(actor=world.practitioner, session=signed, values=h.RESPONSE),
        lambda: adverse_event_record(
            actor=world.practitioner,
            session=signed,
            values={
                "kind": "burn",
                "grade": 1,
                "onset_at": timezone.now(),
                "description": "x",
                "settings_entry": None,
            },
        ),
        lambda: session_sign(actor=world.practitioner, session=signed),
        lambda: session_not_treated(actor=world.practitioner, session=signed, reason="x"),
    ]
    for attempt in attempts:
        with pytest.raises(errors.RecordLocked) as refused:
            attempt()
        assert refused.value.message == errors.SESSION_LOCKED


def test_the_models_refuse_changes_whatever_the_path(signed):
    session = TreatmentSession.objects.get(pk=signed.pk)
    session.tanned = True
    with pytest.raises(errors.RecordLocked):
        session.save()
    with pytest.raises(errors.RecordLocked):
        TreatmentSession.objects.filter(pk=signed.pk).update(tanned=True)
    with pytest.raises(errors.RecordLocked):
        session.delete()

    entry = SettingsEntry.objects.get(session=signed)
    entry.fluence_j_cm2 = Decimal("9")
    with pytest.raises(errors.RecordLocked):
        entry.save()
    with pytest.raises(errors.RecordLocked):
        SettingsEntry.objects.filter(session=signed).update(fluence_j_cm2=Decimal("9"))
    with pytest.raises(errors.RecordLocked):
        ChecklistItem.objects.filter(session=signed).delete()
    response = ImmediateResponse.objects.get(session=signed)
    response.pain_score = 9
    with pytest.raises(errors.RecordLocked):
        response.save()
    with pytest.raises(errors.RecordLocked):
        SettingsEntry(session=signed, area="x").save()

    assert session_hash(signed) == signed.content_hash


def test_an_adverse_event_of_the_session_can_still_be_resolved(world):
    session = h.treated(world, h.started(world))
    event = adverse_event_record(
        actor=world.practitioner,
        session=session,
        values={
            "kind": "blistering",
            "grade": 1,
            "onset_at": timezone.now(),
            "description": "Two small blisters at the edge.",
            "settings_entry": session.entries.get(),
        },
    )
    session_sign(actor=world.practitioner, session=session)

    event.resolved, event.resolved_on = True, timezone.localdate()
    event.save(update_fields=["resolved", "resolved_on"])
    event.description = "rewritten"
    with pytest.raises(errors.RecordLocked):
        event.save()
    AdverseEvent.objects.filter(pk=event.pk).update(resolved=False)


def test_corrections_are_dated_addenda_by_named_users(world, signed):
    addendum = addendum_add(
        actor=world.doctor, session=signed, text="Pulses were 140, not 120, on the left cheek."
    )

    assert addendum.author == world.doctor
    assert addendum.created_at is not None
    addendum.text = "changed"
    with pytest.raises(errors.RecordLocked):
        addendum.save()
    with pytest.raises(errors.RecordLocked):
        Addendum.objects.all().delete()
    with pytest.raises(errors.TreatmentError) as empty:
        addendum_add(actor=world.doctor, session=signed, text="  ")
    assert empty.value.message == errors.ADDENDUM_EMPTY
    assert session_hash(signed) == signed.content_hash  # the record itself is as signed


def test_addenda_follow_a_signature(world):
    session = h.started(world)
    with pytest.raises(errors.TreatmentError) as refused:
        addendum_add(actor=world.practitioner, session=session, text="Early note")
    assert refused.value.message == errors.ADDENDUM_BEFORE_SIGNING


# --- Co-signature -----------------------------------------------------------------------------


def test_no_co_signature_by_default_for_a_plain_session(signed):
    assert not signed.cosign_required


def test_the_clinic_policy_can_ask_a_doctor_to_co_sign_every_session(world):
    TreatmentPolicy.objects.create(clinic=world.clinic_a, cosign_all_sessions=True)
    session = h.signed(world)
    assert session.cosign_required
    assert session.awaiting_cosign

    with pytest.raises(errors.TreatmentError) as not_doctor:
        session_cosign(actor=world.practitioner, session=session)
    assert not_doctor.value.message == errors.DOCTOR_ONLY

    cosigned = session_cosign(actor=world.doctor, session=session)

    assert cosigned.cosigned_by == world.doctor
    assert cosigned.cosign_hash == cosigned.content_hash
    assert not cosigned.awaiting_cosign
    with pytest.raises(errors.TreatmentError) as twice:
        session_cosign(actor=world.doctor, session=cosigned)
    assert twice.value.message == errors.COSIGN_DONE


def test_an_override_sends_the_session_for_co_signature_by_default(world):
    session = h.started(world, consent=False)
    checklist_override(
        actor=world.doctor, session=session, code=CheckCode.CONSENT, reason="Paper consent seen."
    )
    h.treated(world, session)

    signed = session_sign(actor=world.practitioner, session=session)

    assert signed.cosign_required
    assert "passed a blocked" in " ".join(signed.cosign_reasons)


def test_a_doctor_who_signs_does_not_co_sign_their_own_record(world):
    TreatmentPolicy.objects.create(clinic=world.clinic_a, cosign_all_sessions=True)
    session = h.treated(world, h.started(world))
    signed = session_sign(actor=world.doctor, session=session)
    assert not signed.cosign_required


def test_a_record_changed_behind_the_lock_is_not_co_signed(world):
    TreatmentPolicy.objects.create(clinic=world.clinic_a, cosign_all_sessions=True)
    session = h.signed(world)
    # Something bypassed every guard, the database's triggers too (someone with DDL rights
    # dropped them): the hash no longer matches.
    from django.db import connection

    from tests.treatments.locks import locks_lifted

    with locks_lifted(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE treatments_immediateresponse SET pain_score = 9 WHERE session_id = %s",
            [session.pk],
        )
    with pytest.raises(errors.TreatmentError) as refused:
        session_cosign(actor=world.doctor, session=session)
    assert refused.value.message == errors.CONTENT_CHANGED


# --- Not treated ------------------------------------------------------------------------------


def test_a_session_closed_as_not_treated_frees_its_session_number(world):
    session = h.started(world)
    closed = session_not_treated(
        actor=world.practitioner, session=session, reason="Sunburnt face; rebooked."
    )
    assert closed.status == SessionStatus.NOT_TREATED
    assert closed.is_locked
    appointment = Appointment.objects.get(pk=session.appointment_id)
    assert appointment.status == AppointmentStatus.CANCELLED
    assert not hasattr(closed, "aftercare") or closed.aftercare is None
