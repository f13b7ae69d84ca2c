"""Acne-scar scales recorded from lesion counts: Goodman & Baron quantitative and ECCA, computed
by the core (live as the clinician types, and again when recorded), stored with their inputs,
charted, and never used for the clearance re-estimate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from picoclinic.clinical.outcomes_scars import COUNT_INVALID, ECCA_MAXIMUM_NOTE
from picoclinic.outcomes.progress import NO_SCAR_MODEL, progress_for_patient
from picoclinic.outcomes.scores.models import OutcomeScore, Rater, Scale
from picoclinic.outcomes.scores.services import score_record
from tests.outcomes.scoring import item_of, plan_in_progress

SCARS = {"indication": "acne_scars", "body_site": "face", "severity": "moderate"}
# Row A x1 band 1 (1) + row B x2 band 2 (4) + row C x3 band 3 (9) + keloid 5-20 cm2 (12) = 26.
GB_COUNTS = {"macular": 5, "moderate_dish": 12, "punched_deep_normal_base": 25}
# Icepick 3 (grade 1 x 15) + boxcar 10 (grade 2 x 20) + rolling 25 (grade 3 x 25) = 130.
ECCA_COUNTS = {"icepick": 3, "boxcar": 10, "rolling": 25}


@pytest.fixture
def scars(world):
    return item_of(plan_in_progress(world, concern=SCARS))


def _record(world, item, scale, inputs):
    return score_record(
        actor=world.practitioner,
        item=item,
        scale=scale,
        rater=Rater.CLINICIAN,
        assessed_on=timezone.localdate(),
        inputs=inputs,
    )


def test_goodman_baron_counts_are_scored_and_kept(world, scars):
    score = _record(
        world, scars, Scale.GOODMAN_BARON_QUANTITATIVE, GB_COUNTS | {"keloidal_area_cm2": 6}
    )
    assert score.value == Decimal("26")
    assert score.unverified is True
    assert "UNVERIFIED" in score.label
    assert score.inputs == GB_COUNTS | {"keloidal_area_cm2": 6}


def test_ecca_counts_become_grades_and_the_maximum_is_420(world, scars):
    score = _record(world, scars, Scale.ECCA, ECCA_COUNTS)
    assert score.value == Decimal("130")
    assert score.label == "130 of 420 (reference states 540)"
    assert score.inputs == ECCA_COUNTS


def _url(world, item, scale, name="photos:score_new"):
    return f"{reverse(name, args=[world.patient_a.pk])}?item={item.pk}&scale={scale}"


def test_the_entry_form_offers_the_counts_and_says_what_is_unverified(client, world, scars):
    client.force_login(world.practitioner)
    html = client.get(_url(world, scars, "ecca")).content.decode()
    assert "U-shaped atrophic, 2-4 mm (boxcar) (number)" in html
    assert ECCA_MAXIMUM_NOTE in html
    assert "UNVERIFIED" in html
    assert reverse("photos:score_preview", args=[world.patient_a.pk]) in html


def test_the_live_preview_computes_without_storing(client, world, scars):
    client.force_login(world.practitioner)
    url = reverse("photos:score_preview", args=[world.patient_a.pk])
    which = {"item": scars.pk, "scale": "goodman_baron_quantitative"}
    page = client.get(url, which | GB_COUNTS | {"keloidal_area_cm2": "6"})
    assert page.status_code == 200
    assert "26 of 84" in page.content.decode()
    assert not OutcomeScore.objects.exists()
    # A negative count shows the core's message; junk shows the form's; never a 500.
    assert COUNT_INVALID in client.get(url, which | {"macular": "-3"}).content.decode()
    assert client.get(url, which | {"macular": "lots"}).status_code == 200
    assert "as you type" in client.get(url, which).content.decode()


def test_preview_of_another_patients_item_or_a_scale_not_offered_is_404(client, world, scars):
    other = item_of(plan_in_progress(world, patient=world.other_patient_a, concern=SCARS))
    client.force_login(world.practitioner)
    assert client.get(_url(world, other, "ecca", "photos:score_preview")).status_code == 404
    assert client.get(_url(world, scars, "mmasi", "photos:score_preview")).status_code == 404
    assert client.post(_url(world, scars, "ecca", "photos:score_preview")).status_code == 405


def test_recording_from_the_page_then_the_chart_shows_it(client, world, scars):
    client.force_login(world.doctor)
    form = {"rater": "clinician", "assessed_on": timezone.localdate().isoformat()}
    response = client.post(_url(world, scars, "ecca"), form | {"icepick": "-1"})
    assert response.status_code == 200
    assert COUNT_INVALID in response.content.decode()
    response = client.post(_url(world, scars, "ecca"), form | ECCA_COUNTS)
    assert response.status_code == 302
    [progress] = progress_for_patient(patient=world.patient_a)
    assert progress.primary.axis_label.startswith("ECCA (0-420")
    assert progress.estimate.remaining is None
    assert progress.estimate.reason == NO_SCAR_MODEL
