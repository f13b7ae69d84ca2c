"""The plan services: prefill, the item rules, versioning, the state machine and approvals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.clinical.common import Indication
from picoclinic.clinical.indications import profile_for
from picoclinic.clinical.screening import Precaution
from picoclinic.clinics.models import ClinicPolicy
from picoclinic.plans import errors
from picoclinic.plans.models import PlanApproval, PlanEvent, PlanItem, PlanStatus
from picoclinic.plans.prefill import DAILY_SPF, PRECAUTION_ADJUNCTS
from picoclinic.plans.selectors import plan_approval_valid
from picoclinic.plans.services import (
    SELF_APPROVAL_COMMENT,
    PlanRefused,
    plan_approve,
    plan_complete,
    plan_create_from_consultation,
    plan_details_update,
    plan_item_update,
    plan_return,
    plan_start,
    plan_stop,
    plan_submit,
)
from tests.plans import builders


def _plan(world, **kwargs):
    return builders.plan_for(world.patient_a, world.practitioner, **kwargs)


def _item(plan) -> PlanItem:
    return plan.items.select_related("plan", "concern").first()


def _refresh(plan):
    plan.refresh_from_db()
    return plan


# --- creating ------------------------------------------------------------------------------


def test_a_plan_is_prefilled_from_the_catalogue_and_the_estimate(world):
    plan = _plan(world)
    item = _item(plan)
    assert plan.status == PlanStatus.DRAFT
    assert plan.version == 1
    # Solar lentigines, skin type III: 532 nm flat beam first; I-III get the published top.
    assert (item.wavelength_nm, item.handpiece) == (532, "flat_beam")
    assert (item.fluence_min, item.fluence_max) == (Decimal("0.10"), Decimal("0.60"))
    assert item.sessions == item.estimate["sessions"]["typical"]
    window = item.estimate["interval_days"]
    assert (item.interval_min_days, item.interval_target_days, item.interval_max_days) == (
        window["min"],
        window["target"],
        window["max"],
    )
    assert "Published results" in item.expected_outcome
    assert item.estimate["estimate_note"].startswith("Estimate only")
    event = plan.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "draft", world.practitioner)
    audit = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="plans.TreatmentPlan")
    assert audit.patient == world.patient_a
    assert "Mia" not in audit.summary


def test_dark_skin_avoids_532_nm(world):
    plan = _plan(world, fitzpatrick=5)
    assert _item(plan).wavelength_nm == 730  # the next listed flat-beam wavelength
    # V-VI start at the bottom of the published range.
    assert _item(plan).fluence_max == Decimal("0.80")


def test_melasma_gets_topicals_and_sunscreen(world):
    adjuncts = _item(_plan(world, concerns=(builders.MELASMA,))).adjuncts
    assert DAILY_SPF in adjuncts
    assert "Kligman" in adjuncts


def test_a_cold_sore_history_adds_antiviral_prophylaxis(world):
    plan = _plan(world, history={"hsv_history": True})
    assert PRECAUTION_ADJUNCTS[Precaution.ANTIVIRAL_PROPHYLAXIS] in _item(plan).adjuncts


def test_a_prefilled_window_outside_the_published_range_says_why(world):
    # Tattoos in skin type V: 8-12 weeks (convention), beyond the published 70 days.
    item = _item(_plan(world, fitzpatrick=5, concerns=(builders.TATTOO,)))
    assert item.interval_max_days > profile_for(indication=Indication.TATTOO).interval.max_days
    assert "longer interval" in item.interval_reason


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"completed": False}, errors.ERR_CONSULTATION_NOT_COMPLETED),
        ({"fitzpatrick": None}, errors.ERR_NO_SKIN_TYPE),
        ({"concerns": ()}, errors.ERR_NO_CONCERNS),
    ],
)
def test_a_plan_needs_a_finished_consultation(world, kwargs, message):
    consultation = builders.consultation(world.patient_a, world.practitioner, **kwargs)
    with pytest.raises(PlanRefused) as refused:
        plan_create_from_consultation(actor=world.practitioner, consultation=consultation)
    assert refused.value.message == message


def test_front_desk_cannot_write_a_plan(world):
    consultation = builders.consultation(world.patient_a, world.practitioner)
    with pytest.raises(PlanRefused, match="practitioner or doctor"):
        plan_create_from_consultation(actor=world.front_desk, consultation=consultation)


def test_details_that_cannot_be_estimated_are_a_message(world):
    broken = {"indication": "tattoo", "body_site": "arm", "severity": "mild"}  # no tattoo details
    consultation = builders.consultation(world.patient_a, world.practitioner, concerns=(broken,))
    with pytest.raises(PlanRefused, match="tattoo details are required"):
        plan_create_from_consultation(actor=world.practitioner, consultation=consultation)


# --- the item rules ------------------------------------------------------------------------


def test_an_interval_outside_the_published_range_needs_a_reason(world):
    plan = _plan(world)
    item = _item(plan)
    published = profile_for(indication=Indication.SOLAR_LENTIGINES).interval
    outside = {"interval_max_days": published.max_days + 14, "interval_reason": ""}
    with pytest.raises(ValidationError) as invalid:
        plan_item_update(actor=world.practitioner, item=item, data=outside)
    assert invalid.value.message_dict == {"interval_reason": [errors.ERR_INTERVAL_REASON_REQUIRED]}
    assert _refresh(plan).version == 1

    outside["interval_reason"] = "Slow healer: PIH after the test spot."
    saved = plan_item_update(actor=world.practitioner, item=_item(plan), data=outside)
    assert saved.interval_max_days == published.max_days + 14
    assert _refresh(plan).version == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"interval_min_days": 40, "interval_target_days": 30},
            "interval_target_days",
            errors.ERR_INTERVAL_ORDER,
        ),
        ({"sessions": 0}, "sessions", errors.ERR_SESSIONS_MIN),
        (
            {"fluence_min": Decimal("0.9"), "fluence_max": Decimal("0.5")},
            "fluence_min",
            errors.ERR_FLUENCE_ORDER,
        ),
        ({"fluence_min": None}, "fluence_max", errors.ERR_FLUENCE_ONE_SIDED),
    ],
)
def test_item_rules(world, data, field, message):
    plan = _plan(world)
    with pytest.raises(ValidationError) as invalid:
        plan_item_update(actor=world.practitioner, item=_item(plan), data=data)
    assert invalid.value.message_dict[field] == [message]


def test_saving_the_same_values_changes_nothing(world):
    plan = _plan(world)
    item = _item(plan)
    plan_item_update(actor=world.practitioner, item=item, data={"sessions": item.sessions})
    assert _refresh(plan).version == 1
    assert plan.events.count() == 1


def test_every_content_change_is_a_version_with_an_event_and_audit(world):
    plan = _plan(world)
    plan_item_update(actor=world.practitioner, item=_item(plan), data={"sessions": 4})
    plan_details_update(
        actor=world.practitioner,
        plan=plan,
        data={"price": Decimal("1200.005"), "currency": "gbp", "package_sessions": 4},
    )
    plan = _refresh(plan)
    assert plan.version == 3
    assert (plan.price, plan.currency) == (Decimal("1200.01"), "GBP")  # one rounding rule
    versions = list(plan.events.values_list("version", flat=True))
    assert versions == [1, 2, 3]
    audit = AuditEvent.objects.filter(action=AuditAction.UPDATE).order_by("id").first()
    assert audit.changes["sessions"][1] == "4"


def test_a_price_needs_a_currency(world):
    plan = _plan(world)
    with pytest.raises(ValidationError) as invalid:
        plan_details_update(actor=world.practitioner, plan=plan, data={"price": Decimal("10")})
    assert invalid.value.message_dict == {"currency": [errors.ERR_PRICE_CURRENCY]}


# --- submission and review routing ---------------------------------------------------------


def test_without_review_the_submission_is_the_approval(world):
    plan = plan_submit(actor=world.practitioner, plan=_plan(world))
    assert plan.status == PlanStatus.APPROVED
    assert plan.review_required is False
    assert plan.review_reasons == []
    approval = PlanApproval.objects.get(plan=plan)
    assert (approval.approved_by, approval.version, approval.comment) == (
        world.practitioner,
        1,
        SELF_APPROVAL_COMMENT,
    )
    assert plan_approval_valid(plan)
    assert AuditEvent.objects.filter(action=AuditAction.SIGN, patient=world.patient_a).exists()


def _policy(world, **fields) -> ClinicPolicy:
    defaults = {"review_on_precaution": False, "review_periocular": False}
    return ClinicPolicy.objects.create(clinic=world.clinic_a, **(defaults | fields))


@pytest.mark.parametrize(
    ("policy", "plan_kwargs", "expected"),
    [
        ({"review_skin_types": [4, 5]}, {"fitzpatrick": 4}, "Skin type IV"),
        ({"review_on_precaution": True}, {"history": {"hsv_history": True}}, "precaution"),
        (
            {"review_indications": ["melasma"]},
            {"concerns": (builders.MELASMA,)},
            "every melasma plan",
        ),
        (
            {"review_periocular": True},
            {"concerns": (builders.LENTIGINES | {"periocular": True},)},
            "periocular",
        ),
        ({"review_all_plans": True}, {}, errors.WHY_ALL_PLANS),
        ({}, {"history": {"breastfeeding": True}}, "screening asks for a doctor"),
    ],
    ids=["skin-type", "precaution", "indication", "periocular", "all-plans", "screening"],
)
def test_review_routing_follows_the_policy(world, policy, plan_kwargs, expected):
    _policy(world, **policy)
    plan = plan_submit(actor=world.practitioner, plan=_plan(world, **plan_kwargs))
    assert plan.status == PlanStatus.AWAITING_REVIEW
    assert plan.review_required
    assert any(expected in reason for reason in plan.review_reasons), plan.review_reasons
    assert not PlanApproval.objects.filter(plan=plan).exists()


def test_a_policy_that_does_not_ask_routes_nothing(world):
    _policy(world, review_skin_types=[5, 6])
    plan = plan_submit(actor=world.practitioner, plan=_plan(world, fitzpatrick=4))
    assert plan.status == PlanStatus.APPROVED


def test_departing_from_published_guidance_needs_a_doctor(world):
    plan = _plan(world)
    published = profile_for(indication=Indication.SOLAR_LENTIGINES).interval
    data = {"interval_max_days": published.max_days + 7, "interval_reason": "Holiday"}
    plan_item_update(actor=world.practitioner, item=_item(plan), data=data)
    plan = plan_submit(actor=world.practitioner, plan=plan)
    assert plan.status == PlanStatus.AWAITING_REVIEW
    assert any("outside the published range (Holiday)" in r for r in plan.review_reasons)


def test_a_deferring_screening_refuses_the_submission_with_reasons(world):
    plan = _plan(world, history={"active_infection_at_site": True})
    with pytest.raises(PlanRefused) as refused:
        plan_submit(actor=world.practitioner, plan=plan)
    assert refused.value.message == errors.ERR_SCREENING_BLOCKS
    assert any("infection" in reason.lower() for reason in refused.value.reasons)
    assert _refresh(plan).status == PlanStatus.DRAFT
    assert plan.events.count() == 1


def test_an_unscreened_concern_refuses_the_submission(world):
    consultation = builders.consultation(world.patient_a, world.practitioner)
    plan = plan_create_from_consultation(actor=world.practitioner, consultation=consultation)
    with pytest.raises(PlanRefused) as refused:
        plan_submit(actor=world.practitioner, plan=plan)
    assert "has not been screened" in refused.value.reasons[0]


# --- approval by a doctor ------------------------------------------------------------------


def _awaiting(world, **kwargs):
    _policy(world, review_all_plans=True)
    return plan_submit(actor=world.practitioner, plan=_plan(world, **kwargs))


def test_only_a_doctor_of_the_clinic_approves(world):
    from picoclinic.accounts.models import Membership, Role

    plan = _awaiting(world)
    with pytest.raises(PlanRefused, match="Only a doctor"):
        plan_approve(actor=world.practitioner, plan=plan, version=plan.version)
    elsewhere = builders_doctor_elsewhere(world)
    with pytest.raises(PlanRefused, match="Only a doctor"):
        plan_approve(actor=elsewhere, plan=plan, version=plan.version)
    assert Membership.objects.filter(user=elsewhere, role=Role.DOCTOR).exists()

    approval = plan_approve(actor=world.doctor, plan=plan, version=plan.version, comment=" Fine. ")
    plan = _refresh(plan)
    assert plan.status == PlanStatus.APPROVED
    assert (approval.version, approval.approved_by, approval.comment) == (1, world.doctor, "Fine.")
    assert len(approval.content_hash) == 64
    assert plan_approval_valid(plan)
    sign = AuditEvent.objects.get(action=AuditAction.SIGN)
    assert sign.actor == world.doctor
    assert "awaiting" in sign.summary.lower()


def builders_doctor_elsewhere(world):
    from picoclinic.accounts.models import Role
    from tests import factories

    return factories.staff(world.clinic_b, Role.DOCTOR, full_name="Dr Elsewhere")


def test_returning_needs_a_comment_and_goes_back_to_draft(world):
    plan = _awaiting(world)
    with pytest.raises(PlanRefused) as refused:
        plan_return(actor=world.doctor, plan=plan, comment="  ")
    assert refused.value.message == errors.ERR_RETURN_COMMENT
    plan = plan_return(actor=world.doctor, plan=plan, comment="Lower the fluence.")
    assert plan.status == PlanStatus.DRAFT
    event = plan.events.order_by("id").last()
    assert (event.from_status, event.to_status, event.comment) == (
        "awaiting_review",
        "draft",
        "Lower the fluence.",
    )


def test_approval_checks_the_screening_again(world):
    plan = _awaiting(world)
    concern = plan.consultation.concerns.get()
    builders.screen_concern(concern, by=world.practitioner, active_infection_at_site=True)
    with pytest.raises(PlanRefused) as refused:
        plan_approve(actor=world.doctor, plan=plan, version=plan.version)
    assert refused.value.message == errors.ERR_SCREENING_BLOCKS


def test_a_doctor_signs_only_the_version_they_read(world):
    plan = _awaiting(world)
    read = plan.version
    plan_item_update(actor=world.practitioner, item=_item(plan), data={"sessions": 3})
    plan = plan_submit(actor=world.practitioner, plan=plan)
    with pytest.raises(PlanRefused) as refused:
        plan_approve(actor=world.doctor, plan=plan, version=read)
    assert refused.value.message == errors.ERR_VERSION_CHANGED.format(version=2)
    assert not PlanApproval.objects.exists()


def test_editing_an_approved_plan_needs_approval_again(world):
    plan = _awaiting(world)
    plan_approve(actor=world.doctor, plan=plan, version=plan.version)
    saved = plan_item_update(actor=world.practitioner, item=_item(plan), data={"sessions": 5})
    plan = _refresh(plan)
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, 2)
    assert saved.plan.status == PlanStatus.DRAFT
    assert not plan_approval_valid(plan)  # the old approval names version 1
    event = plan.events.order_by("id").last()
    assert (event.from_status, event.to_status, event.version) == ("approved", "draft", 2)
    with pytest.raises(PlanRefused) as refused:
        plan_start(actor=world.practitioner, plan=plan)
    assert "draft" in refused.value.message


def test_editing_a_plan_awaiting_review_takes_it_back(world):
    plan = _awaiting(world)
    plan_item_update(actor=world.practitioner, item=_item(plan), data={"areas": "Cheeks"})
    assert _refresh(plan).status == PlanStatus.DRAFT
    with pytest.raises(PlanRefused):
        plan_approve(actor=world.doctor, plan=plan, version=plan.version)


# --- the content hash ----------------------------------------------------------------------


def test_the_hash_is_stable_and_sensitive_to_content(world):
    from picoclinic.plans.content import plan_content_hash

    plan = _plan(world)
    first = plan_content_hash(plan)
    assert plan_content_hash(_refresh(plan)) == first
    item = _item(plan)
    # A decimal written differently is the same content.
    PlanItem.objects.filter(pk=item.pk).update(fluence_max=Decimal("0.6"))
    assert plan_content_hash(plan) == first
    for change in (
        {"sessions": item.sessions + 1},
        {"interval_target_days": item.interval_target_days + 1},
        {"fluence_max": Decimal("0.59")},
        {"wavelength_nm": 730},
        {"adjuncts": "Something else"},
    ):
        PlanItem.objects.filter(pk=item.pk).update(**change)
        assert plan_content_hash(plan) != first, change
        PlanItem.objects.filter(pk=item.pk).update(**{k: getattr(item, k) for k in change})
    assert plan_content_hash(plan) == first
    plan.price, plan.currency = Decimal("100"), "GBP"
    assert plan_content_hash(plan) != first


def test_content_changed_behind_the_services_back_voids_the_approval(world):
    plan = plan_submit(actor=world.practitioner, plan=_plan(world))
    builders.treatment_consent(plan, witness=world.front_desk)
    PlanItem.objects.filter(plan=plan).update(sessions=9)  # not through a service
    assert not plan_approval_valid(_refresh(plan))
    with pytest.raises(PlanRefused) as refused:
        plan_start(actor=world.practitioner, plan=plan)
    assert refused.value.message == errors.ERR_APPROVAL_NOT_VALID


# --- start, complete, stop -----------------------------------------------------------------


def test_starting_needs_a_valid_approval_and_consent(world):
    plan = plan_submit(actor=world.practitioner, plan=_plan(world))
    with pytest.raises(PlanRefused) as refused:
        plan_start(actor=world.practitioner, plan=plan)
    assert refused.value.message == errors.ERR_NO_CONSENT
    builders.treatment_consent(plan, witness=world.front_desk)
    plan = plan_start(actor=world.practitioner, plan=plan)
    assert plan.status == PlanStatus.IN_PROGRESS
    with pytest.raises(PlanRefused) as locked:
        plan_item_update(actor=world.practitioner, item=_item(plan), data={"sessions": 2})
    assert "in progress" in locked.value.message
    plan = plan_complete(actor=world.practitioner, plan=plan)
    assert plan.status == PlanStatus.COMPLETED
    with pytest.raises(PlanRefused):
        plan_stop(actor=world.practitioner, plan=plan, reason="Too late")
    changes = [(e.from_status, e.to_status) for e in plan.events.order_by("id")]
    assert changes == [
        ("", "draft"),
        ("draft", "approved"),
        ("approved", "in_progress"),
        ("in_progress", "completed"),
    ]


def test_consent_for_an_older_version_does_not_start_the_course(world):
    plan = _awaiting(world)
    builders.treatment_consent(plan, witness=world.front_desk)  # signed on version 1
    plan_item_update(actor=world.practitioner, item=_item(plan), data={"sessions": 6})
    plan = plan_submit(actor=world.practitioner, plan=plan)
    plan_approve(actor=world.doctor, plan=plan, version=plan.version)
    with pytest.raises(PlanRefused) as refused:
        plan_start(actor=world.practitioner, plan=_refresh(plan))
    assert refused.value.message == errors.ERR_NO_CONSENT


def test_stopping_needs_a_reason(world):
    plan = _plan(world)
    with pytest.raises(PlanRefused) as refused:
        plan_stop(actor=world.practitioner, plan=plan, reason=" ")
    assert refused.value.message == errors.ERR_STOP_REASON
    plan = plan_stop(actor=world.practitioner, plan=plan, reason="Patient moved away.")
    assert plan.status == PlanStatus.STOPPED
    assert PlanEvent.objects.filter(plan=plan, comment="Patient moved away.").exists()
    with pytest.raises(PlanRefused):
        plan_submit(actor=world.practitioner, plan=plan)


def test_a_consultation_gets_one_live_plan(world):
    from picoclinic.plans import errors as plan_errors
    from picoclinic.plans.selectors import completed_consultations
    from picoclinic.plans.services import PlanRefused, plan_create_from_consultation, plan_stop

    plan = builders.plan_for(world.patient_a, world.practitioner)
    assert completed_consultations(patient=world.patient_a) == []
    with pytest.raises(PlanRefused, match=plan_errors.ERR_CONSULTATION_HAS_PLAN):
        plan_create_from_consultation(actor=world.practitioner, consultation=plan.consultation)
    plan_stop(actor=world.practitioner, plan=plan, reason="Patient moved away.")
    assert completed_consultations(patient=world.patient_a) == [plan.consultation]
    again = plan_create_from_consultation(actor=world.practitioner, consultation=plan.consultation)
    assert again.pk != plan.pk
