"""The doctor's structured instructions on a plan (issue #14, item 6): part of the approved
content, written by the practitioner for a doctor to confirm, or by the doctor at review."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from picoclinic.audit.models import AuditEvent
from picoclinic.clinics.models import ClinicPolicy
from picoclinic.plans.content import plan_content_hash
from picoclinic.plans.instructions import READING_DAYS_DEFAULT, instruction_words
from picoclinic.plans.models import InstructionKind, PlanInstruction, PlanStatus
from picoclinic.plans.printout import printout_context
from picoclinic.plans.selectors import plan_approval_valid
from picoclinic.plans.services import (
    plan_approve,
    plan_instructions_set,
    plan_submit,
)
from tests.plans import builders

TEST_SPOT = {"kind": InstructionKind.TEST_SPOT_FIRST, "reading_days": 14}
CAP = {"kind": InstructionKind.LOWER_FLUENCE, "fluence_cap": Decimal("0.40")}


def _plan(world, **kwargs):
    return builders.plan_for(world.patient_a, world.practitioner, **kwargs)


def _awaiting(world):
    ClinicPolicy.objects.update_or_create(
        clinic=world.clinic_a, defaults={"review_all_plans": True}
    )
    plan = plan_submit(actor=world.practitioner, plan=_plan(world))
    assert plan.status == PlanStatus.AWAITING_REVIEW
    return plan


def test_a_practitioners_instruction_is_a_new_version_that_a_doctor_must_confirm(world):
    plan = _plan(world)
    before = plan_content_hash(plan)
    plan = plan_instructions_set(actor=world.practitioner, plan=plan, instructions=[TEST_SPOT])
    assert plan.version == 2
    assert plan_content_hash(plan) != before
    written = PlanInstruction.objects.get(plan=plan)
    assert written.confirmed_by is None
    submitted = plan_submit(actor=world.practitioner, plan=plan)
    assert submitted.status == PlanStatus.AWAITING_REVIEW
    assert any("instructions for a doctor to confirm" in r for r in submitted.review_reasons)
    assert AuditEvent.objects.filter(summary__contains="doctor's instructions").exists()


def test_the_same_instructions_again_change_nothing(world):
    plan = plan_instructions_set(actor=world.practitioner, plan=_plan(world), instructions=[CAP])
    again = plan_instructions_set(actor=world.practitioner, plan=plan, instructions=[CAP])
    assert again.version == plan.version


def test_the_doctor_sets_instructions_when_approving_and_approves_that_content(world):
    plan = _awaiting(world)
    approval = plan_approve(
        actor=world.doctor, plan=plan, version=plan.version, instructions=[TEST_SPOT, CAP]
    )
    plan.refresh_from_db()
    assert approval.version == plan.version == 2
    assert plan.status == PlanStatus.APPROVED
    assert plan_approval_valid(plan)
    kinds = set(PlanInstruction.objects.filter(plan=plan).values_list("kind", "confirmed_by"))
    assert kinds == {
        (InstructionKind.TEST_SPOT_FIRST, world.doctor.pk),
        (InstructionKind.LOWER_FLUENCE, world.doctor.pk),
    }


def test_changing_an_approved_plans_instructions_needs_a_new_approval(world):
    plan = _awaiting(world)
    plan_approve(actor=world.doctor, plan=plan, version=plan.version, instructions=[TEST_SPOT])
    plan.refresh_from_db()
    changed = plan_instructions_set(actor=world.practitioner, plan=plan, instructions=[])
    assert changed.status == PlanStatus.DRAFT
    assert not plan_approval_valid(changed)


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": InstructionKind.LOWER_FLUENCE, "fluence_cap": None},
        {"kind": InstructionKind.LOWER_FLUENCE, "fluence_cap": Decimal("0")},
        {"kind": InstructionKind.TEST_SPOT_FIRST, "reading_days": 3},
    ],
)
def test_an_instruction_without_its_parameter_is_refused_and_nothing_is_written(world, bad):
    plan = _plan(world)
    with pytest.raises(ValidationError):
        plan_instructions_set(actor=world.practitioner, plan=plan, instructions=[bad])
    plan.refresh_from_db()
    assert plan.version == 1
    assert not PlanInstruction.objects.filter(plan=plan).exists()


def test_the_printout_says_the_instructions_in_plain_words(world):
    plan = plan_instructions_set(
        actor=world.practitioner,
        plan=_plan(world),
        instructions=[{"kind": InstructionKind.TEST_SPOT_FIRST}],
    )
    context = printout_context(plan, today=plan.created_at.date())
    assert any(f"after {READING_DAYS_DEFAULT} days" in w for w in context["instructions"])
    written = PlanInstruction.objects.get(plan=plan)
    assert "Test spot first" in instruction_words(written)
