"""The consultation services: drafts, audit, screening with the clinic's policy, completion."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.clinics.models import ClinicPolicy
from picoclinic.consultations.models import ConsultationStatus, ScreeningRecord
from picoclinic.consultations.sections import Section, concern_key
from picoclinic.consultations.selectors import latest_screenings
from picoclinic.consultations.services import (
    COMPLETED_READ_ONLY,
    NO_CONCERNS,
    SCREENING_OUT_OF_DATE,
    SECTION_HAS_ERRORS,
    SKIN_TYPE_MISSING,
    SKIN_TYPE_UNCONFIRMED,
    ConsultationError,
    concern_add,
    concern_remove,
    concern_save,
    consultation_complete,
    consultation_save_section,
    consultation_start,
)
from picoclinic.consultations.services.screening import (
    HISTORY_INCOMPLETE,
    NEEDS_CONCERNS,
    POLICY_INVALID,
    consultation_screen,
)
from tests.consultations.helpers import NO_HISTORY, concern_for

TODAY = date(2026, 11, 21)
pytestmark = pytest.mark.usefixtures("_frozen")


@pytest.fixture
def _frozen():
    with time_machine.travel("2026-11-21 10:00Z", tick=False):
        yield


@pytest.fixture
def consultation(world):
    return consultation_start(
        actor=world.practitioner, patient=world.patient_a, clinic=world.clinic_a
    )


def save(consultation, actor, section, values, raw=None):
    return consultation_save_section(
        actor=actor, consultation=consultation, section=section, raw=raw or {}, values=values
    )


def ready(consultation, actor, *, history=NO_HISTORY, **concern):
    """Skin type III, one concern, the history given: ready to screen."""
    save(
        consultation,
        actor,
        Section.SKIN_TYPE,
        {"fitzpatrick": 3, "fitzpatrick_source": "questionnaire"},
    )
    save(consultation, actor, Section.HISTORY, {"medical_history": history})
    return concern_for(consultation, **concern)


def test_starting_a_consultation_is_audited_and_never_doubled(world, consultation):
    again = consultation_start(actor=world.doctor, patient=world.patient_a, clinic=world.clinic_a)
    assert again == consultation
    assert consultation.status == ConsultationStatus.DRAFT
    event = AuditEvent.objects.get(
        object_type="consultations.Consultation", object_id=str(consultation.pk)
    )
    assert (event.actor, event.patient, event.summary) == (
        world.practitioner,
        world.patient_a,
        "Started consultation",
    )


def test_a_valid_save_writes_the_fields_and_keeps_the_draft(world, consultation):
    raw = {"goals": ["Clearer skin before the wedding"]}
    result = save(consultation, world.practitioner, Section.GOALS, {"goals": raw["goals"][0]}, raw)
    consultation.refresh_from_db()
    assert result.saved
    assert consultation.goals == "Clearer skin before the wedding"
    assert consultation.draft["goals"]["data"] == raw
    assert consultation.draft["goals"]["valid"] is True
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.summary == "Saved consultation section goals and expectations: goals"
    assert event.changes == {"goals": ["", "Clearer skin before the wedding"]}
    assert "Mia" not in event.summary
    assert "Stone" not in event.summary


def test_an_invalid_save_keeps_the_raw_input_only(world, consultation):
    save(consultation, world.practitioner, Section.GOALS, {"goals": "First"}, {"goals": ["First"]})
    result = save(consultation, world.practitioner, Section.GOALS, None, {"goals": ["x" * 6000]})
    consultation.refresh_from_db()
    assert not result.saved
    assert consultation.goals == "First"  # the record keeps the last valid value
    assert consultation.draft["goals"]["valid"] is False
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 1


def test_saving_the_same_values_again_writes_no_audit_entry(world, consultation):
    for _ in range(3):
        save(consultation, world.practitioner, Section.GOALS, {"goals": "Same"})
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 1


def test_the_history_audit_names_each_changed_answer(world, consultation):
    save(
        consultation, world.practitioner, Section.HISTORY, {"medical_history": {"pregnant": False}}
    )
    save(
        consultation,
        world.practitioner,
        Section.HISTORY,
        {"medical_history": {"pregnant": False, "hsv_history": True}},
    )
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).first()
    assert event.changes == {"medical_history.hsv_history": [None, "True"]}


def test_a_section_cannot_write_fields_of_another(world, consultation):
    with pytest.raises(ValueError, match="not fields of this section"):
        save(consultation, world.practitioner, Section.GOALS, {"fitzpatrick": 6})


def test_concerns_are_added_saved_and_removed(world, consultation):
    concern = concern_add(
        actor=world.practitioner,
        consultation=consultation,
        values={"indication": "tattoo", "body_site": "arm", "severity": "moderate"},
    )
    raw = {"c1-area_cm2": ["-3"]}
    concern_save(actor=world.practitioner, concern=concern, raw=raw, values=None)
    consultation.refresh_from_db()
    assert consultation.draft[concern_key(concern.pk)]["valid"] is False
    concern_save(
        actor=world.practitioner,
        concern=concern,
        raw={},
        values={"details": {"area_cm2": 30.0}, "periocular": False},
    )
    concern.refresh_from_db()
    assert concern.details == {"area_cm2": 30.0}
    concern_remove(actor=world.practitioner, concern=concern)
    consultation.refresh_from_db()
    assert not consultation.concerns.exists()
    assert concern_key(concern.pk) not in consultation.draft
    trail = AuditEvent.objects.filter(patient=world.patient_a, actor=world.practitioner)
    actions = list(trail.order_by("id").values_list("action", flat=True))
    assert actions == ["create", "create", "update", "delete"]


def test_screening_needs_concerns_and_a_complete_history(world, consultation):
    with pytest.raises(ConsultationError) as caught:
        consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    assert caught.value.message == NEEDS_CONCERNS
    concern_for(consultation)
    save(
        consultation,
        world.practitioner,
        Section.HISTORY,
        {"medical_history": {"hsv_history": True}},
    )
    with pytest.raises(ConsultationError) as caught:
        consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    assert caught.value.message == HISTORY_INCOMPLETE.format(count=len(NO_HISTORY) - 1)
    assert not ScreeningRecord.objects.exists()


def test_hsv_on_the_face_is_a_precaution_with_antiviral_prophylaxis(world, consultation):
    concern = ready(consultation, world.practitioner, history=NO_HISTORY | {"hsv_history": True})
    [record] = consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    assert (record.overall, record.blocks_approval, record.needs_doctor_review) == (
        "precaution",
        False,
        False,
    )
    assert record.report["precautions"] == ["antiviral_prophylaxis"]
    assert record.policy_name == "default"
    assert record.planned_on == TODAY
    assert record.inputs["treatment"]["facial_or_perioral"] is True
    assert latest_screenings(consultation) == {concern.pk: record}
    event = AuditEvent.objects.get(
        object_type="consultations.ScreeningRecord", object_id=str(record.pk)
    )
    assert event.summary == f"Screened concern {concern.pk}: precaution"


def test_the_clinics_policy_tightens_the_screening(world, consultation):
    ClinicPolicy.objects.create(
        clinic=world.clinic_a,
        name="Alpha strict",
        screening_rules={"isotretinoin": {"outcome": "defer"}},
    )
    history = NO_HISTORY | {"isotretinoin": {"stopped_on": "2026-10-01"}}
    ready(consultation, world.practitioner, history=history)
    [record] = consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    assert (record.overall, record.blocks_approval, record.policy_name) == (
        "defer",
        True,
        "Alpha strict",
    )
    [result] = [r for r in record.report["results"] if r["rule"] == "isotretinoin"]
    assert result["defer_until"] == "2027-04-01"
    assert result["policy_effect"] == "tightened"


def test_an_invalid_clinic_policy_stops_screening_instead_of_falling_back(world, consultation):
    ClinicPolicy.objects.create(
        clinic=world.clinic_a, screening_rules={"periocular": {"outcome": "proceed"}}
    )
    ready(consultation, world.practitioner)
    with pytest.raises(ConsultationError) as caught:
        consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    assert caught.value.message.startswith(POLICY_INVALID.split("(")[0])


def test_latest_screenings_keeps_the_newest_per_concern(world, consultation):
    first = ready(consultation, world.practitioner)
    second = concern_for(consultation, indication="melasma")
    consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    newer = consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    latest = latest_screenings(consultation)
    assert latest == {first.pk: newer[0], second.pk: newer[1]}


def test_completion_lists_every_problem(world, consultation):
    with pytest.raises(ConsultationError) as caught:
        consultation_complete(actor=world.practitioner, consultation=consultation, today=TODAY)
    assert caught.value.problems == [SKIN_TYPE_MISSING, NO_CONCERNS]


def test_a_screening_goes_out_of_date_when_the_history_changes(world, consultation):
    ready(consultation, world.practitioner)
    consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    save(
        consultation,
        world.practitioner,
        Section.HISTORY,
        {"medical_history": NO_HISTORY | {"keloid_history": True}},
    )
    with pytest.raises(ConsultationError) as caught:
        consultation_complete(actor=world.practitioner, consultation=consultation, today=TODAY)
    assert caught.value.problems == [SCREENING_OUT_OF_DATE.format(concern="Solar lentigines, face")]


def test_a_completed_consultation_is_read_only(world, consultation):
    ready(consultation, world.practitioner)
    consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    done = consultation_complete(actor=world.practitioner, consultation=consultation, today=TODAY)
    assert done.status == ConsultationStatus.COMPLETED
    assert done.completed_at is not None
    assert done.draft == {}
    assert AuditEvent.objects.filter(summary="Completed consultation").count() == 1
    with pytest.raises(ConsultationError) as caught:
        save(consultation, world.practitioner, Section.GOALS, {"goals": "Later edit"})
    assert caught.value.message == COMPLETED_READ_ONLY
    with pytest.raises(ConsultationError):
        concern_remove(actor=world.practitioner, concern=consultation.concerns.get())
    with pytest.raises(ConsultationError):
        consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    # A new consultation can be started for corrections.
    fresh = consultation_start(
        actor=world.practitioner, patient=world.patient_a, clinic=world.clinic_a
    )
    assert fresh != consultation


def test_a_questionnaire_v_vi_needs_the_clinician_to_confirm(world, consultation):
    ready(consultation, world.practitioner)
    consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    save(
        consultation,
        world.practitioner,
        Section.SKIN_TYPE,
        {"fitzpatrick": 5, "fitzpatrick_source": "questionnaire", "questionnaire_type": 5},
    )
    with pytest.raises(ConsultationError) as caught:
        consultation_complete(actor=world.practitioner, consultation=consultation, today=TODAY)
    assert caught.value.problems == [SKIN_TYPE_UNCONFIRMED]
    save(consultation, world.practitioner, Section.SKIN_TYPE, {"fitzpatrick_source": "clinician"})
    consultation_complete(actor=world.practitioner, consultation=consultation, today=TODAY)


def test_a_section_with_errors_blocks_completion(world, consultation):
    ready(consultation, world.practitioner)
    consultation_screen(actor=world.practitioner, consultation=consultation, today=TODAY)
    save(consultation, world.practitioner, Section.GOALS, None, {"goals": ["x" * 9000]})
    with pytest.raises(ConsultationError) as caught:
        consultation_complete(actor=world.practitioner, consultation=consultation, today=TODAY)
    assert caught.value.problems == [SECTION_HAS_ERRORS.format(section="Goals and expectations")]
