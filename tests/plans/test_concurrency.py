"""Real concurrent changes of one plan: threads with their own connections, committing for real.

The plan row is locked before its state is read, so two submissions never both approve, and
an approval racing an edit never leaves a signed plan whose content moved on.
"""

from __future__ import annotations

import pytest

from picoclinic.clinics.models import ClinicPolicy
from picoclinic.plans import errors
from picoclinic.plans.models import PlanApproval, PlanStatus, TreatmentPlan
from picoclinic.plans.selectors import plan_approval_valid
from picoclinic.plans.services import PlanRefused, plan_approve, plan_item_update, plan_submit
from tests.concurrency import race
from tests.plans import builders

pytestmark = [pytest.mark.concurrency]


def _race(*calls) -> list[str]:
    """Run the calls at once; each result is "ok" or the refusal's message."""
    return race(list(calls), refusals=(PlanRefused,))


def test_two_submissions_approve_once(transactional_db, world):
    plan = builders.plan_for(world.patient_a, world.practitioner)
    results = _race(*[lambda: plan_submit(actor=world.practitioner, plan=plan)] * 4)
    refused = errors.ERR_WRONG_STATE.format(status="approved", action="submitted")
    assert sorted(results) == sorted(["ok"] + [refused] * 3)
    assert PlanApproval.objects.filter(plan=plan).count() == 1
    assert plan.events.filter(to_status=PlanStatus.APPROVED).count() == 1


def test_an_approval_racing_an_edit_never_signs_changed_content(transactional_db, world):
    ClinicPolicy.objects.create(clinic=world.clinic_a, review_all_plans=True)
    plan = plan_submit(
        actor=world.practitioner, plan=builders.plan_for(world.patient_a, world.practitioner)
    )
    item = plan.items.get()
    results = _race(
        lambda: plan_approve(actor=world.doctor, plan=plan, version=1),
        lambda: plan_item_update(actor=world.practitioner, item=item, data={"sessions": 3}),
    )
    assert "ok" in results
    plan = TreatmentPlan.objects.get(pk=plan.pk)
    # Whichever came first, the plan ends as an unapproved draft of version 2.
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, 2)
    assert not plan_approval_valid(plan)
