"""The doctor's instructions on the plan, enforced at the chair (issue #14, item 6): the
checklist waits for each one, and a setting above the doctor's fluence cap is blocked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from picoclinic.clinical.settings_check import TestSpotStatus
from picoclinic.plans.content import plan_content_hash
from picoclinic.plans.models import InstructionKind, PlanApproval, PlanInstruction
from picoclinic.treatments import checklist, errors
from picoclinic.treatments.models import CheckCode, CheckState
from picoclinic.treatments.services import checklist_override, checklist_tick, session_start
from picoclinic.treatments.services_record import settings_entry_add
from tests.treatments import helpers as h


def _instruct(world, plan, kind, **params):
    PlanInstruction.objects.create(
        plan=plan, kind=kind, added_by=world.doctor, confirmed_by=world.doctor, **params
    )
    PlanApproval.objects.filter(plan=plan).update(content_hash=plan_content_hash(plan))


def _start(world, prepared):
    return session_start(actor=world.practitioner, appointment=prepared.appointment)


def _state(session, code):
    return session.checks.get(code=code)


def test_a_first_tattoo_on_skin_type_iv_with_test_spot_first_waits_for_the_test_spot(world):
    prepared = h.ready(world, concern=h.TATTOO, fitzpatrick=4)
    _instruct(world, prepared.plan, InstructionKind.TEST_SPOT_FIRST, reading_days=14)
    session = _start(world, prepared)
    item = _state(session, CheckCode.TEST_SPOT)
    assert item.state == CheckState.PENDING
    assert item.detail != checklist.TEST_SPOT_NOT_REQUIRED
    assert "doctor's instruction" in item.detail
    assert "14 days" in item.detail
    # Still waiting after the history is re-confirmed (the screening asks for nothing).
    h.complete_checklist(world, session)
    checklist_tick(actor=world.practitioner, session=session, code=CheckCode.TEST_SPOT, done=False)
    assert _state(session, CheckCode.TEST_SPOT).state == CheckState.BLOCKED
    entry = h.TATTOO_OK | {"device": prepared.laser}
    with pytest.raises(errors.TreatmentError):
        settings_entry_add(actor=world.practitioner, session=session, values=entry)
    assert checklist.test_spot_status(list(session.checks.all())) == (
        TestSpotStatus.REQUIRED_NOT_DONE
    )
    checklist_tick(actor=world.practitioner, session=session, code=CheckCode.TEST_SPOT)
    assert checklist.is_complete(list(session.checks.all()))
    assert settings_entry_add(actor=world.practitioner, session=session, values=entry).pk


def test_without_the_instruction_no_instruction_items_appear(world):
    session = _start(world, h.ready(world))
    codes = set(session.checks.values_list("code", flat=True))
    assert not codes & set(checklist.INSTRUCTION_CODES.values())


def test_antiviral_not_taken_blocks_until_a_doctor_decides(world):
    prepared = h.ready(world)
    _instruct(world, prepared.plan, InstructionKind.ANTIVIRAL, note="Valaciclovir 500 mg")
    session = _start(world, prepared)
    item = _state(session, CheckCode.INSTR_ANTIVIRAL)
    assert item.state == CheckState.PENDING
    assert "Valaciclovir" in item.detail
    h.complete_checklist(world, session)
    assert not checklist.is_complete(list(session.checks.all()))
    by = world.practitioner
    checklist_tick(actor=by, session=session, code=CheckCode.INSTR_ANTIVIRAL, done=False)
    assert _state(session, CheckCode.INSTR_ANTIVIRAL).state == CheckState.BLOCKED
    with pytest.raises(errors.TreatmentError):
        checklist_override(
            actor=by, session=session, code=CheckCode.INSTR_ANTIVIRAL, reason="Patient says fine"
        )
    checklist_override(
        actor=world.doctor,
        session=session,
        code=CheckCode.INSTR_ANTIVIRAL,
        reason="No cold sores in ten years; treating the cheek, not the lips.",
    )
    assert checklist.is_complete(list(session.checks.all()))


def test_a_setting_above_the_fluence_cap_is_blocked_and_one_below_is_not(world):
    prepared = h.ready(world)
    _instruct(world, prepared.plan, InstructionKind.LOWER_FLUENCE, fluence_cap=Decimal("0.30"))
    session = _start(world, prepared)
    assert "at most 0.30 J/cm²" in _state(session, CheckCode.INSTR_FLUENCE).detail
    h.complete_checklist(world, session)
    checklist_tick(actor=world.practitioner, session=session, code=CheckCode.INSTR_FLUENCE)
    values = h.CLEAN | {"device": prepared.laser}
    above = settings_entry_add(actor=world.practitioner, session=session, values=values)
    assert above.blocked
    assert above.needs_override
    assert above.findings[0]["code"] == checklist.FLUENCE_CAP_CODE
    at_cap = values | {"fluence_j_cm2": Decimal("0.30"), "area": "Right cheek"}
    below = settings_entry_add(actor=world.practitioner, session=session, values=at_cap)
    assert not below.blocked
    assert all(f["code"] != checklist.FLUENCE_CAP_CODE for f in below.findings)
