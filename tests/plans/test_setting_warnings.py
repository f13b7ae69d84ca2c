"""A planned setting's warnings are the clinical core's own check (one set of rules)."""

from __future__ import annotations

from decimal import Decimal

from picoclinic.clinical.settings_check import (
    MSG_FLUENCE_FAR,
    MSG_WAVELENGTH,
    MSG_WAVELENGTH_AVOIDED,
)
from picoclinic.clinics.models import ClinicPolicy
from picoclinic.plans import errors
from picoclinic.plans.review import item_warnings, plan_routing
from tests.plans import builders


def _item(world, **kwargs):
    plan = builders.plan_for(world.patient_a, world.practitioner, **kwargs)
    return plan.items.select_related("plan", "concern").get()


def test_532_nm_planned_on_melasma_says_it_is_a_wavelength_to_avoid(world):
    item = _item(world, concerns=(builders.MELASMA,))
    item.wavelength_nm = 532
    warnings = item_warnings(item, fitzpatrick=3)
    assert any(w.startswith(MSG_WAVELENGTH_AVOIDED) for w in warnings)
    assert "melasma" in " ".join(warnings)  # the core's reason comes with it
    assert not any(w.startswith(MSG_WAVELENGTH) for w in warnings)


def test_the_prefilled_setting_raises_nothing(world):
    assert item_warnings(_item(world), fitzpatrick=3) == []


def test_a_fluence_far_above_the_published_range_sends_the_plan_to_a_doctor(world):
    item = _item(world)
    item.fluence_max = Decimal("5.00")
    warnings = item_warnings(item, fitzpatrick=3)
    assert [w for w in warnings if w.startswith(MSG_FLUENCE_FAR)]
    routing = plan_routing(
        items=[item], fitzpatrick=3, screenings={}, policy=ClinicPolicy(clinic=world.clinic_a)
    )
    reason = errors.WHY_SETTING.format(concern=item.concern, message=warnings[0])
    assert reason in routing.reasons
