"""The plan pages through real requests: bad input is a message beside the field, never a 500."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from picoclinic.accounts.decorators import NOT_IN_ROLE
from picoclinic.clinics.models import ClinicPolicy
from picoclinic.plans import errors
from picoclinic.plans.chart import plans_chart_section
from picoclinic.plans.models import PlanStatus, TreatmentPlan
from picoclinic.plans.services import ITEM_FIELDS, plan_submit
from tests.plans import builders
from tests.sections import render_section


def _url(plan, suffix: str = "") -> str:
    return f"/patients/{plan.patient_id}/plans/{plan.pk}/{suffix}"


def _item_url(plan) -> str:
    return _url(plan, f"items/{plan.items.first().pk}/")


def _item_form(plan, **changes) -> dict:
    item = plan.items.first()
    return {name: "" if (v := getattr(item, name)) is None else v for name in ITEM_FIELDS} | changes


@pytest.fixture
def plan(world):
    return builders.plan_for(world.patient_a, world.practitioner)


def test_the_practitioner_creates_a_plan_from_a_completed_consultation(client, world):
    consultation = builders.consultation(world.patient_a, world.practitioner)
    builders.screen_all(consultation, by=world.practitioner)
    client.force_login(world.practitioner)
    page = client.get(f"/patients/{world.patient_a.pk}/plans/new/?consultation={consultation.pk}")
    assert page.status_code == 200
    response = client.post(
        f"/patients/{world.patient_a.pk}/plans/new/",
        {"consultation": consultation.pk, "price": "450", "currency": "gbp"},
    )
    plan = TreatmentPlan.objects.get()
    assert response["Location"] == _url(plan)
    assert (plan.price, plan.currency) == (450, "GBP")
    body = client.get(_url(plan)).content.decode()
    assert "Solar lentigines" in body
    assert errors.MSG_CREATED in body


def test_a_draft_consultation_is_not_offered(client, world):
    draft = builders.consultation(world.patient_a, world.practitioner, completed=False)
    client.force_login(world.practitioner)
    response = client.post(f"/patients/{world.patient_a.pk}/plans/new/", {"consultation": draft.pk})
    assert response.status_code == 200
    assert "There is no completed consultation" in response.content.decode()
    assert not TreatmentPlan.objects.exists()


def test_another_patients_consultation_cannot_be_used(client, world):
    theirs = builders.consultation(world.other_patient_a, world.practitioner)
    builders.consultation(world.patient_a, world.practitioner)
    client.force_login(world.practitioner)
    response = client.post(
        f"/patients/{world.patient_a.pk}/plans/new/", {"consultation": theirs.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not TreatmentPlan.objects.exists()


def test_interval_outside_the_range_shows_the_reason_error_beside_the_field(client, world, plan):
    client.force_login(world.practitioner)
    response = client.post(_item_url(plan), _item_form(plan, interval_max_days=120))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_interval_reason-error">{errors.ERR_INTERVAL_REASON_REQUIRED}' in body
    assert 'value="120"' in body  # what was typed is kept
    response = client.post(
        _item_url(plan), _item_form(plan, interval_max_days=120, interval_reason="Travel")
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.version == 2


@pytest.mark.parametrize(
    "changes",
    [
        {"sessions": "abc"},
        {"sessions": "0"},
        {"sessions": "99999999999999999999"},
        {"interval_min_days": "-5"},
        {"wavelength_nm": "x"},
        {"handpiece": "laser-sword"},
        {"fluence_min": "1e400"},
        {"fluence_max": "NaN"},
        {"interval_target_days": "9" * 30},
    ],
)
def test_garbage_item_input_is_a_message_not_a_500(client, world, plan, changes):
    client.force_login(world.practitioner)
    response = client.post(_item_url(plan), _item_form(plan, **changes))
    assert response.status_code == 200
    assert "Please correct the highlighted fields" in response.content.decode()
    plan.refresh_from_db()
    assert plan.version == 1


def test_editing_an_approved_plan_says_it_needs_approval_again(client, world, plan):
    plan_submit(actor=world.practitioner, plan=plan)
    client.force_login(world.practitioner)
    response = client.post(_item_url(plan), _item_form(plan, sessions=2), follow=True)
    assert errors.MSG_SAVED_BACK_TO_DRAFT.format(version=2) in response.content.decode()


def test_price_without_currency_is_refused_beside_the_field(client, world, plan):
    client.force_login(world.practitioner)
    response = client.post(_url(plan, "details/"), {"price": "100", "currency": ""})
    assert errors.ERR_PRICE_CURRENCY in response.content.decode()
    response = client.post(_url(plan, "details/"), {"price": "-1", "currency": "GBP"})
    assert response.status_code == 200
    response = client.post(
        _url(plan, "details/"), {"price": "100", "currency": "hkd", "package_sessions": "6"}
    )
    assert response.status_code == 302


def test_a_blocked_submission_shows_the_reasons(client, world):
    plan = builders.plan_for(
        world.patient_a, world.practitioner, history={"active_infection_at_site": True}
    )
    client.force_login(world.practitioner)
    response = client.post(_url(plan, "submit/"))
    body = response.content.decode()
    assert response.status_code == 200
    assert errors.ERR_SCREENING_BLOCKS in body
    assert "infection" in body.lower()


def test_submit_approve_and_return_through_the_pages(client, world, plan):
    ClinicPolicy.objects.create(clinic=world.clinic_a, review_all_plans=True)
    client.force_login(world.practitioner)
    response = client.post(_url(plan, "submit/"), follow=True)
    assert errors.MSG_SUBMITTED_FOR_REVIEW in response.content.decode()
    assert "Approve plan" not in response.content.decode()  # not for a practitioner

    client.force_login(world.doctor)
    page = client.get(_url(plan)).content.decode()
    assert "Approve plan" in page
    assert errors.WHY_ALL_PLANS in page
    response = client.post(_url(plan, "return/"), {"comment": ""})
    assert response.status_code == 200
    assert errors.ERR_RETURN_COMMENT in response.content.decode()
    response = client.post(_url(plan, "approve/"), {"comment": "OK", "version": 1}, follow=True)
    assert errors.MSG_APPROVED.format(version=1) in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_a_practitioner_cannot_approve_by_posting(client, world, plan):
    ClinicPolicy.objects.create(clinic=world.clinic_a, review_all_plans=True)
    plan_submit(actor=world.practitioner, plan=plan)
    client.force_login(world.practitioner)
    response = client.post(_url(plan, "approve/"), {"comment": "", "version": 1})
    assert errors.ERR_NOT_A_REVIEWER in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AWAITING_REVIEW


def test_front_desk_sees_the_plan_but_cannot_change_it(client, world, plan):
    client.force_login(world.front_desk)
    assert client.get(_url(plan)).status_code == 200
    response = client.get(_item_url(plan), follow=True)
    assert NOT_IN_ROLE in response.content.decode()
    response = client.post(_url(plan, "submit/"))
    assert errors.ERR_NOT_A_CLINICIAN in response.content.decode()
    response = client.post(_url(plan, "stop/"), {"reason": "No"})
    assert errors.ERR_NOT_A_CLINICIAN in response.content.decode()


def test_action_urls_answer_a_get_with_the_plan_page(client, world, plan):
    client.force_login(world.practitioner)
    for action in ("submit", "approve", "return", "start", "complete", "stop"):
        response = client.get(_url(plan, f"{action}/"))
        assert response["Location"] == _url(plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_stop_needs_a_reason_on_the_page(client, world, plan):
    client.force_login(world.practitioner)
    response = client.post(_url(plan, "stop/"), {"reason": ""})
    assert errors.ERR_STOP_REASON in response.content.decode()
    response = client.post(_url(plan, "stop/"), {"reason": "Moved away"}, follow=True)
    assert errors.MSG_STOPPED in response.content.decode()


def test_start_without_consent_is_explained(client, world, plan):
    plan_submit(actor=world.practitioner, plan=plan)
    client.force_login(world.practitioner)
    page = client.get(_url(plan)).content.decode()
    assert "the patient signs the treatment consent" in page
    response = client.post(_url(plan, "start/"))
    assert errors.ERR_NO_CONSENT in response.content.decode()


def test_ids_of_another_plan_or_item_are_404(client, world, plan):
    other = builders.plan_for(world.other_patient_a, world.practitioner)
    client.force_login(world.practitioner)
    assert client.get(f"/patients/{plan.patient_id}/plans/{other.pk}/").status_code == 404
    wrong_item = f"{_url(plan)}items/{other.items.first().pk}/"
    assert client.get(wrong_item).status_code == 404
    assert client.get(f"/patients/{plan.patient_id}/plans/{2**63}/").status_code == 404


# --- the chart section ---------------------------------------------------------------------


def _render_section(world, patient):
    request = RequestFactory().get("/")
    request.user = world.practitioner
    request.membership = world.practitioner.memberships.get()
    with CaptureQueriesContext(connection) as queries:
        html = render_section(plans_chart_section(patient=patient, request=request))
    return html, len(queries)


def test_the_chart_section_lists_plans_with_a_fixed_number_of_queries(world):
    patient = world.patient_a
    builders.plan_for(patient, world.practitioner)
    builders.consultation(patient, world.practitioner)  # completed, no plan yet
    html, one = _render_section(world, patient)
    assert "Create plan" in html
    assert "Not approved yet" in html
    for _ in range(3):
        plan = builders.plan_for(patient, world.practitioner)
    plan_submit(actor=world.practitioner, plan=plan)
    html, four = _render_section(world, patient)
    assert one == four
    assert "Approved (version 1) by Pat Practitioner" in html
