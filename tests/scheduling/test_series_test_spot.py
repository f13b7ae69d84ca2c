"""A doctor's "test spot first": the course is proposed from the test spot's reading, and
session 1 is never booked before it (issue #14, item 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from picoclinic.plans.content import plan_content_hash
from picoclinic.plans.models import InstructionKind, PlanApproval, PlanInstruction
from picoclinic.scheduling import errors
from picoclinic.scheduling.models import Appointment, AppointmentKind
from picoclinic.scheduling.services import SessionChoice
from tests.scheduling.helpers import at, book
from tests.scheduling.plans import approved_item
from tests.scheduling.test_series import (
    NOW,
    TODAY,
    _book_series,
    _choices,
    _local,
    _propose,
)


def _test_spot_first(world, item, days=14):
    """The doctor's instruction on the plan, with the approval renewed for the new content."""
    PlanInstruction.objects.create(
        plan=item.plan,
        kind=InstructionKind.TEST_SPOT_FIRST,
        reading_days=days,
        added_by=world.doctor,
        confirmed_by=world.doctor,
    )
    plan = item.plan
    PlanApproval.objects.filter(plan=plan).update(content_hash=plan_content_hash(plan))
    return item


def test_without_a_test_spot_the_proposal_puts_it_first_and_session_1_after_its_reading(
    world, sched, treatment
):
    item = _test_spot_first(world, approved_item(world), days=14)
    proposal = _propose(world, treatment, item)
    assert proposal.gate is not None
    assert proposal.gate.held is None
    assert proposal.test_spot_type == sched.test_spot
    spot_day = _local(world, proposal.test_spot).date()
    assert TODAY <= spot_day <= TODAY + timedelta(days=14)
    first = _local(world, proposal.sessions[0]).date()
    assert first >= spot_day + timedelta(days=14)


def test_session_1_is_refused_while_no_test_spot_is_booked(world, sched, treatment):
    item = _test_spot_first(world, approved_item(world))
    choices = _choices(_propose(world, treatment, item))
    with pytest.raises(errors.BookingError) as refused:
        _book_series(world, treatment, item, choices)
    assert "test spot first" in refused.value.message
    assert not Appointment.objects.filter(plan_item=item).exists()


def test_session_1_before_the_reading_is_refused_then_booked_after_it(world, sched, treatment):
    item = _test_spot_first(world, approved_item(world), days=14)
    spot_day = TODAY + timedelta(days=3)
    book(world, sched.test_spot, at(world.clinic_a, 10, day=spot_day), practitioner=sched.sam)
    proposal = _propose(world, treatment, item)
    assert proposal.gate.ready_on == spot_day + timedelta(days=14)
    assert _local(world, proposal.sessions[0]).date() >= spot_day + timedelta(days=14)
    # Session 1 moved to the day after the test spot (its reading not yet possible): refused.
    early = at(world.clinic_a, 11, day=spot_day + timedelta(days=1))
    with pytest.raises(errors.BookingError) as refused:
        _book_series(world, treatment, item, [SessionChoice(1, early, sched.sam)])
    assert "cannot be before the test spot has been read" in refused.value.message
    booked = _book_series(world, treatment, item, _choices(proposal))
    assert len(booked) == item.sessions


def test_without_the_instruction_nothing_waits_for_a_test_spot(world, sched, treatment):
    item = approved_item(world)
    proposal = _propose(world, treatment, item)
    assert proposal.gate is None
    assert proposal.test_spot is None
    assert _local(world, proposal.sessions[0]).date() < TODAY + timedelta(days=7)


def test_a_cancelled_test_spot_does_not_count(world, sched, treatment):
    item = _test_spot_first(world, approved_item(world))
    spot = book(world, sched.test_spot, at(world.clinic_a, 10, day=TODAY + timedelta(days=2)))
    Appointment.objects.filter(pk=spot.pk).update(status="cancelled")
    assert _propose(world, treatment, item).gate.held is None
    assert spot.kind == AppointmentKind.TEST_SPOT


def test_moving_session_1_before_the_reading_is_refused(world, sched, treatment):
    from picoclinic.scheduling.services import appointment_reschedule

    item = _test_spot_first(world, approved_item(world), days=14)
    spot_day = TODAY + timedelta(days=3)
    book(world, sched.test_spot, at(world.clinic_a, 10, day=spot_day), practitioner=sched.sam)
    booked = _book_series(world, treatment, item, _choices(_propose(world, treatment, item)))
    first = next(a for a in booked if a.session_number == 1)
    # Only session 1 held, so no later session's window can be what refuses the move.
    Appointment.objects.filter(plan_item=item).exclude(pk=first.pk).delete()
    early = at(world.clinic_a, 11, day=spot_day + timedelta(days=2))
    with pytest.raises(errors.BookingError) as refused:
        appointment_reschedule(
            actor=world.doctor,
            appointment=first,
            starts_at=early,
            override_reason="patient asked",
            now=NOW,
        )
    assert "cannot be before the test spot has been read" in refused.value.message
    first.refresh_from_db()
    assert first.starts_at.astimezone(world.clinic_a.zone).date() >= spot_day + timedelta(days=14)
