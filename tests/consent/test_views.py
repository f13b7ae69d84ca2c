"""The consent pages through real requests: bad input gets a message, never a 500."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from picoclinic.consent import signatures
from picoclinic.consent.chart import consent_chart_section, consent_portal_section
from picoclinic.consent.forms import CHOICE_REQUIRED, REASON_REQUIRED
from picoclinic.consent.models import ConsentRecord
from picoclinic.consent.selectors import valid_treatment_consent
from picoclinic.consent.services import MARKETING_NEEDS_PHOTOS, TEXT_CHANGED, consent_text_publish
from tests.consent.helpers import hashes, make_plan, png_data_url, publish_texts, sign
from tests.sections import render_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    publish_texts(world.clinic_a)
    return make_plan(world)


def take_url(patient, plan=None) -> str:
    url = reverse("consent:take", kwargs={"patient_id": patient.pk})
    return f"{url}?plan={plan.pk}" if plan is not None else url


def form_data(world, plan=None, **overrides) -> dict:
    shown = hashes(world.clinic_a, plan)
    data = {f"{kind}_hash": value for kind, value in shown.items()}
    data |= {
        "photography": "yes",
        "marketing": "no",
        "signature_method": "typed",
        "signature_typed": "Mia Stone",
    }
    return data | overrides


def test_take_page_shows_each_text_with_the_plan_course(client, world, plan):
    client.force_login(world.practitioner)
    response = client.get(take_url(world.patient_a, plan))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Consent to a course of picosecond laser treatment" in page
    assert "cheeks: 6 sessions, one about every 4 weeks" in page
    assert "Clinical photographs" in page
    assert "Marketing use of photographs" in page
    for kind, value in hashes(world.clinic_a, plan).items():
        assert f'name="{kind}_hash" value="{value}"' in page
    assert "signature_pad.umd.min.js" in page


def test_signing_for_a_plan_records_and_returns_to_the_chart(client, world, plan):
    client.force_login(world.practitioner)
    response = client.post(take_url(world.patient_a, plan), form_data(world, plan))
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:chart", args=[world.patient_a.pk])
    treatment = valid_treatment_consent(plan=plan)
    assert treatment is not None
    assert treatment.witness == world.practitioner
    follow = client.get(response["Location"])
    assert "Consent signed and witnessed: treatment course, clinical photography yes" in (
        follow.content.decode()
    )


@pytest.mark.parametrize(
    ("next_path", "back_to_chart"),
    [("/patients/{pk}/sessions/7/", False), ("https://evil.example/", True), ("sessions", True)],
)
def test_taken_at_the_chair_it_returns_to_the_session(
    client, world, plan, next_path, back_to_chart
):
    client.force_login(world.practitioner)
    target = next_path.format(pk=world.patient_a.pk)
    url = f"{take_url(world.patient_a, plan)}&next={target}"
    response = client.post(url, form_data(world, plan))
    chart = reverse("patients:chart", args=[world.patient_a.pk])
    assert response["Location"] == (chart if back_to_chart else target)


def test_drawn_signature_through_the_form(client, world, plan):
    client.force_login(world.practitioner)
    data = form_data(
        world, plan, signature_method="drawn", signature_typed="", signature_image=png_data_url()
    )
    assert client.post(take_url(world.patient_a, plan), data).status_code == 302
    assert ConsentRecord.objects.filter(signature_method="drawn").count() == 3


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"signature_typed": "Someone Else"},
            signatures.TYPED_NAME_MISMATCH.format(name="Mia Stone"),
        ),
        ({"signature_method": ""}, signatures.SIGNATURE_METHOD_REQUIRED),
        ({"signature_method": "drawn", "signature_image": ""}, signatures.SIGNATURE_EMPTY),
        (
            {"signature_method": "drawn", "signature_image": "data:image/gif;base64,R0lG"},
            signatures.SIGNATURE_NOT_PNG,
        ),
        (
            {
                "signature_method": "drawn",
                "signature_image": "data:image/png;base64," + "A" * 450_000,
            },
            signatures.SIGNATURE_TOO_LARGE,
        ),
        ({"signature_method": "scribble"}, "Select a valid choice"),
        ({"photography": ""}, CHOICE_REQUIRED),
        ({"photography": "maybe"}, "Select a valid choice"),
        ({"photography": "no", "marketing": "yes"}, MARKETING_NEEDS_PHOTOS),
    ],
    ids=[
        "wrong-name",
        "no-method",
        "empty-drawing",
        "not-png",
        "oversized",
        "odd-method",
        "no-photo-choice",
        "odd-choice",
        "marketing-without-photos",
    ],
)
def test_bad_input_is_a_message_not_a_500(client, world, plan, overrides, message):
    client.force_login(world.practitioner)
    response = client.post(take_url(world.patient_a, plan), form_data(world, plan, **overrides))
    assert response.status_code == 200
    assert html.escape(message) in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_text_changed_while_on_screen_is_refused_and_shows_the_new_text(client, world, plan):
    client.force_login(world.practitioner)
    data = form_data(world, plan)
    consent_text_publish(
        actor=world.clinic_admin,
        clinic=world.clinic_a,
        kind="photography",
        title="Clinical photographs (revised)",
        body="Now also for teaching.",
    )
    response = client.post(take_url(world.patient_a, plan), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert TEXT_CHANGED in page
    assert "Now also for teaching." in page
    assert not ConsentRecord.objects.exists()


def test_tampered_hash_is_refused(client, world, plan):
    client.force_login(world.practitioner)
    data = form_data(world, plan, treatment_hash="0" * 64)
    response = client.post(take_url(world.patient_a, plan), data)
    assert TEXT_CHANGED in response.content.decode()
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize("plan_param", ["abc", "99999999", "99999999999999999999999"])
def test_unknown_plan_is_404(client, world, plan, plan_param):
    client.force_login(world.practitioner)
    url = reverse("consent:take", kwargs={"patient_id": world.patient_a.pk})
    assert client.get(f"{url}?plan={plan_param}").status_code == 404


def test_another_patients_plan_is_404(client, world, plan):
    client.force_login(world.practitioner)
    assert client.get(take_url(world.other_patient_a, plan)).status_code == 404


def test_page_without_texts_says_what_to_do(client, world):
    client.force_login(world.practitioner)
    response = client.get(take_url(world.patient_a))
    assert "has no consent texts yet" in response.content.decode()
    response = client.post(take_url(world.patient_a), {"photography": "yes"})
    assert response.status_code == 200
    assert not ConsentRecord.objects.exists()


def test_plan_without_a_treatment_text_cannot_be_consented(client, world):
    publish_texts(world.clinic_a, kinds={"photography", "marketing"})
    plan = make_plan(world)
    client.force_login(world.practitioner)
    response = client.get(take_url(world.patient_a, plan))
    assert "has no treatment consent text yet" in response.content.decode()
    response = client.post(take_url(world.patient_a, plan), form_data(world, plan))
    assert response.status_code == 200
    assert not ConsentRecord.objects.exists()


class TestWithdrawView:
    def test_withdraw_with_a_reason(self, client, world, plan):
        treatment = sign(world, plan=plan)[0]
        client.force_login(world.front_desk)
        url = reverse("consent:withdraw", args=[world.patient_a.pk, treatment.pk])
        assert "Record the withdrawal" in client.get(url).content.decode()
        response = client.post(url, {"reason": "Moving abroad"})
        assert response.status_code == 302
        assert valid_treatment_consent(plan=plan) is None

    def test_reason_required(self, client, world, plan):
        treatment = sign(world, plan=plan)[0]
        client.force_login(world.front_desk)
        url = reverse("consent:withdraw", args=[world.patient_a.pk, treatment.pk])
        response = client.post(url, {"reason": ""})
        assert response.status_code == 200
        assert REASON_REQUIRED in response.content.decode()
        assert valid_treatment_consent(plan=plan) == treatment

    def test_twice_is_a_message(self, client, world, plan):
        treatment = sign(world, plan=plan)[0]
        client.force_login(world.front_desk)
        url = reverse("consent:withdraw", args=[world.patient_a.pk, treatment.pk])
        client.post(url, {"reason": "Once"})
        response = client.post(url, {"reason": "Twice"})
        assert response.status_code == 200
        assert "Already withdrawn" in response.content.decode()

    def test_a_record_of_another_patient_is_404(self, client, world, plan):
        treatment = sign(world, plan=plan)[0]
        client.force_login(world.front_desk)
        url = reverse("consent:withdraw", args=[world.other_patient_a.pk, treatment.pk])
        assert client.post(url, {"reason": "x"}).status_code == 404

    def test_a_patient_cannot_withdraw_through_the_staff_page(self, client, world, plan):
        treatment = sign(world, plan=plan)[0]
        client.force_login(world.patient_user)
        url = reverse("consent:withdraw", args=[world.patient_a.pk, treatment.pk])
        assert client.post(url, {"reason": "x"}).status_code == 404


class TestChartSection:
    def test_shows_status_records_and_actions(self, client, world, plan):
        treatment, _photo, marketing = sign(world, plan=plan, photography=True, marketing=False)
        client.force_login(world.practitioner)
        page = client.get(reverse("patients:chart", args=[world.patient_a.pk])).content.decode()
        assert "Treatment · plan of " in page
        assert "consent-badge--valid" in page
        assert "consent-badge--declined" in page
        assert reverse("consent:pdf", args=[world.patient_a.pk, treatment.pk]) in page
        assert reverse("consent:withdraw", args=[world.patient_a.pk, treatment.pk]) in page
        assert reverse("consent:withdraw", args=[world.patient_a.pk, marketing.pk]) not in page
        # The plan is covered: no "take treatment consent" for it; photos and marketing, yes.
        assert take_url(world.patient_a, plan) not in page
        assert f'href="{take_url(world.patient_a)}"' in page

    def test_take_consent_for_a_plan_without_one_and_superseded_records(self, client, world, plan):
        older = sign(world, photography=True, marketing=False)
        newer = sign(world, photography=True, marketing=False)
        client.force_login(world.practitioner)
        page = client.get(reverse("patients:chart", args=[world.patient_a.pk])).content.decode()
        assert take_url(world.patient_a, plan) in page
        assert reverse("consent:withdraw", args=[world.patient_a.pk, newer[0].pk]) in page
        assert reverse("consent:withdraw", args=[world.patient_a.pk, older[0].pk]) not in page
        assert "Replaced by a later decision" in page

    def test_a_fixed_number_of_queries(self, rf, world, plan, django_assert_num_queries):
        request = rf.get("/")
        request.membership = world.practitioner.memberships.get()
        sign(world, plan=plan)
        with django_assert_num_queries(2):
            first = render_section(consent_chart_section(patient=world.patient_a, request=request))
        for _ in range(3):
            sign(world, plan=make_plan(world))
        with django_assert_num_queries(2):
            more = render_section(consent_chart_section(patient=world.patient_a, request=request))
        assert more.count("<tr") > first.count("<tr")


def test_portal_section_lists_own_records_with_pdf_links(rf, world, plan):
    records = sign(world, plan=plan)
    html = render_section(consent_portal_section(patient=world.patient_a))
    assert "My consents" in html
    for record in records:
        assert reverse("consent:pdf", args=[world.patient_a.pk, record.pk]) in html


def test_a_closed_plan_says_so_instead_of_offering_a_form(client, world):
    from picoclinic.consent.services import PLAN_CLOSED
    from picoclinic.plans.models import PlanStatus

    publish_texts(world.clinic_a)
    plan = make_plan(world, status=PlanStatus.COMPLETED)
    client.force_login(world.practitioner)
    page = client.get(take_url(world.patient_a, plan)).content.decode()
    assert PLAN_CLOSED.format(status="completed") in page
    assert "Sign consent" not in page
    response = client.post(take_url(world.patient_a, plan), form_data(world, plan))
    assert response.status_code == 200
    assert not ConsentRecord.objects.exists()
