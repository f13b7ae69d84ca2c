"""Outcome scores: the service (core-computed, audited, refused where it must be) and the pages
(bad input shows the core's message, never a 500; the progress page in fixed queries)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from picoclinic.audit.models import AuditEvent
from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.outcomes_clearance import PERCENT_INVALID
from picoclinic.clinical.outcomes_masi import AREA_OUT_OF_RANGE
from picoclinic.outcomes.scores import errors as score_errors
from picoclinic.outcomes.scores.errors import ScoreRefused
from picoclinic.outcomes.scores.models import OutcomeScore, Rater, Scale
from picoclinic.outcomes.scores.services import score_record
from picoclinic.plans.models import PlanStatus
from tests.outcomes.scoring import MELASMA, clearance, item_of, plan_in_progress, session

MMASI_OK = {
    f"{region}_{part}": 2
    for region in ("forehead", "right_malar", "left_malar", "chin")
    for part in ("area", "darkness")
}


@pytest.fixture
def item(world):
    return item_of(plan_in_progress(world))


def test_clearance_is_graded_by_the_core_and_audited(world, item):
    score = clearance(world, item, Decimal("40"))
    assert (score.value, score.grade, score.label) == (Decimal("40.00"), 1, "26-50%")
    assert score.coding == "quartile_4_point_0_3"
    event = AuditEvent.objects.get(object_id=str(score.pk), object_type="outcomes.OutcomeScore")
    assert event.patient_id == world.patient_a.pk
    assert event.actor_id == world.practitioner.pk


def test_mmasi_sums_the_four_regions(world):
    melasma = item_of(plan_in_progress(world, concern=MELASMA))
    score = score_record(
        actor=world.practitioner,
        item=melasma,
        scale=Scale.MMASI,
        rater=Rater.CLINICIAN,
        assessed_on=timezone.localdate(),
        inputs=MMASI_OK,
    )
    # 0.3*4 + 0.3*4 + 0.3*4 + 0.1*4 (area x darkness per region, Kimbrough-Green weights)
    assert score.value == Decimal("4.0")


@pytest.mark.parametrize(
    ("scale", "rater", "message"),
    [
        (Scale.MMASI, Rater.CLINICIAN, score_errors.SCALE_NOT_FOR_CONCERN),
        (Scale.PAIN_NRS, Rater.CLINICIAN, score_errors.PATIENT_REPORTED),
    ],
)
def test_refused_scales(world, item, scale, rater, message):
    with pytest.raises(ScoreRefused, match=message):
        score_record(
            actor=world.practitioner,
            item=item,
            scale=scale,
            rater=rater,
            assessed_on=timezone.localdate(),
            inputs={"score": 3},
        )
    assert not OutcomeScore.objects.exists()


def test_future_date_and_draft_plan_are_refused(world, item):
    with pytest.raises(ScoreRefused, match=score_errors.ASSESSED_IN_FUTURE):
        clearance(world, item, 10, on=timezone.localdate() + timedelta(days=2))
    draft = item_of(plan_in_progress(world, status=PlanStatus.DRAFT))
    with pytest.raises(ScoreRefused, match=score_errors.PLAN_NOT_STARTED):
        clearance(world, draft, 10)


def test_out_of_range_is_the_cores_error(world, item):
    with pytest.raises(ClinicalInputError, match=PERCENT_INVALID):
        clearance(world, item, 140)


def _new_url(world, item, scale):
    base = reverse("photos:score_new", args=[world.patient_a.pk])
    return f"{base}?item={item.pk}&scale={scale}"


def _form(**extra):
    return {"rater": "clinician", "assessed_on": timezone.localdate().isoformat()} | extra


@pytest.mark.parametrize("bad", ["140", "-5", "abc", ""])
def test_bad_clearance_shows_a_message_not_a_500(client, world, item, bad):
    client.force_login(world.practitioner)
    url = _new_url(world, item, "pigment_clearance")
    response = client.post(url, _form(percentage=bad, scheme="quartile_4_point_0_3"))
    assert response.status_code == 200
    assert not OutcomeScore.objects.exists()
    if bad in {"140", "-5", ""}:
        assert PERCENT_INVALID in response.content.decode()


def test_bad_mmasi_region_shows_the_cores_message(client, world):
    melasma = item_of(plan_in_progress(world, concern=MELASMA))
    client.force_login(world.doctor)
    response = client.post(
        _new_url(world, melasma, "mmasi"), _form(**(MMASI_OK | {"chin_area": 9}))
    )
    assert response.status_code == 200
    assert AREA_OUT_OF_RANGE in response.content.decode()


def test_unverified_scale_is_flagged_and_not_offered_outside_the_indication(client, world):
    scars = {"indication": "acne_scars", "body_site": "face", "severity": "moderate"}
    item = item_of(plan_in_progress(world, concern=scars))
    client.force_login(world.practitioner)
    page = client.get(f"{reverse('photos:score_new', args=[world.patient_a.pk])}?item={item.pk}")
    assert "UNVERIFIED" in page.content.decode()
    assert "Pigment clearance" not in page.content.decode()
    # A scale from another indication is not offered: the chooser is shown again.
    assert client.get(_new_url(world, item, "pigment_clearance")).templates[0].name == (
        "outcomes/score_pick.html"
    )


def test_a_clinician_records_a_score_then_sees_it(client, world, item):
    client.force_login(world.practitioner)
    response = client.post(
        _new_url(world, item, "pigment_clearance"),
        _form(percentage="55", scheme="quartile_4_point_0_3"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("photos:progress", args=[world.patient_a.pk])
    assert OutcomeScore.objects.get().value == Decimal("55.00")
    listing = client.get(reverse("photos:scores", args=[world.patient_a.pk]))
    assert "51-75%" in listing.content.decode()


def test_front_desk_cannot_record(client, world, item):
    client.force_login(world.front_desk)
    response = client.post(_new_url(world, item, "gais"), _form(score="2"))
    assert response.status_code == 302
    assert not OutcomeScore.objects.exists()


def test_item_of_another_patient_is_404(client, world):
    other = item_of(plan_in_progress(world, patient=world.other_patient_a))
    client.force_login(world.practitioner)
    assert client.get(_new_url(world, other, "gais")).status_code == 404


def test_estimate_drops_after_a_strong_response(client, world, item):
    # Given one session done and a weak 20% clearance: slower than published.
    client.force_login(world.practitioner)
    first = session(world, item, number=1, days_ago=40)
    clearance(world, item, 20, on=timezone.localdate() - timedelta(days=35), appointment=first)
    url = reverse("photos:progress", args=[world.patient_a.pk])
    before = client.get(url).context["items"][0].estimate.remaining.remaining
    # When a second session brings 70% clearance.
    second = session(world, item, number=2, days_ago=5)
    clearance(world, item, 70, appointment=second)
    after = client.get(url)
    estimate = after.context["items"][0].estimate
    # Then the core expects fewer sessions, and the page says so as an estimate.
    assert (before, estimate.remaining.remaining, estimate.done) == (3, 1, 2)
    html = after.content.decode()
    assert "Likely 1 more session" in html
    assert "Estimate" in html
    # A running course is changed through the plans app's course change, not the plan editor
    # (which refuses a plan in progress).
    editor = reverse("plans:item", args=[world.patient_a.pk, item.plan_id, item.pk])
    assert f'href="{editor}"' not in html
    course = reverse("plans:course_change", args=[world.patient_a.pk, item.plan_id, item.pk])
    assert course in html
    assert html.count("<circle") == 2


def test_progress_page_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.practitioner)
    for _ in range(3):
        item = item_of(plan_in_progress(world))
        session(world, item, number=1, days_ago=10)
        clearance(world, item, 30)
        clearance(world, item, 60)
    url = reverse("photos:progress", args=[world.patient_a.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_a_refused_score_is_shown_by_the_field_it_names(client, world, item):
    client.force_login(world.practitioner)
    tomorrow = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        _new_url(world, item, "pigment_clearance"),
        _form(percentage="55", scheme="quartile_4_point_0_3", assessed_on=tomorrow),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["assessed_on"] == [score_errors.ASSESSED_IN_FUTURE]
    assert not OutcomeScore.objects.exists()
