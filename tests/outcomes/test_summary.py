"""The course summary PDF (staff from the progress page, the patient from the portal) and the
patient's results section of the portal: what they show, the photos only with photography
consent, the patient's own record only, audited, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from picoclinic.audit.models import AuditEvent
from picoclinic.consent.selectors import photo_consent
from picoclinic.consent.services import consent_withdraw
from picoclinic.outcomes.chart import outcomes_portal_section
from picoclinic.outcomes.summary import NO_PHOTO_CONSENT_NOTE, course_summary, summary_html
from picoclinic.plans.models import PlanStatus
from tests.outcomes.helpers import add_photo, consent_to_photos
from tests.outcomes.scoring import clearance, item_of, plan_in_progress, session
from tests.sections import render_section


@pytest.fixture
def course(world):
    """Patient A, lentigines, two sessions done with clearance scored at each."""
    plan = plan_in_progress(world)
    item = item_of(plan)
    first = session(world, item, number=1, days_ago=40)
    second = session(world, item, number=2, days_ago=5)
    clearance(world, item, 20, on=timezone.localdate() - timedelta(days=35), appointment=first)
    clearance(world, item, 70, appointment=second)
    return plan, item, (first, second)


def _photos(world, item):
    consent_to_photos(world, world.patient_a)
    before = add_photo(world, concern=item.concern, taken_at=timezone.now() - timedelta(days=40))
    after = add_photo(world, concern=item.concern, taken_at=timezone.now() - timedelta(days=5))
    return before, after


def _withdraw(world):
    record = photo_consent(patient=world.patient_a)
    consent_withdraw(actor=world.practitioner, record=record, reason="Changed my mind")


def _html(plan):
    return summary_html(course_summary(plan=plan, today=timezone.localdate()))


def test_the_summary_says_what_was_done_and_what_next(world, course):
    plan, _item, (first, _second) = course
    html = _html(plan)
    assert "Your course summary" in html
    assert "2 sessions" in html
    assert first.starts_at.astimezone(plan.clinic.zone).strftime("%-d %B %Y") in html
    # Scores first vs latest, the scale saying what it measures (the patient's words).
    assert "How much of the pigment has cleared" in html
    for words in ("first 20", "latest 70", ": better.", "Estimate", "not a promise"):
        assert words in html
    assert "Source:" in html  # the maintenance advice carries its source
    assert plan.clinic.name in html


def test_photos_only_with_photography_consent(world, course):
    plan, item, _ = course
    _photos(world, item)
    html = _html(plan)
    assert html.count('src="data:image/jpeg;base64,') == 2
    assert NO_PHOTO_CONSENT_NOTE not in html
    # When the patient withdraws photography consent, the next summary has no photos.
    _withdraw(world)
    html = _html(plan)
    assert "data:image" not in html
    assert NO_PHOTO_CONSENT_NOTE in html


def test_staff_download_the_pdf_and_it_is_audited(client, world, course):
    plan, item, _ = course
    _photos(world, item)
    client.force_login(world.front_desk)
    response = client.get(reverse("photos:summary", args=[world.patient_a.pk, plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/Image" in response.content  # the two photos are embedded
    event = AuditEvent.objects.filter(summary__contains="course summary generated").get()
    assert (event.actor_id, event.patient_id) == (world.front_desk.pk, world.patient_a.pk)


def test_the_patient_downloads_their_own_and_no_one_elses(client, world, course):
    plan, *_ = course
    other = plan_in_progress(world, patient=world.other_patient_a)
    client.force_login(world.patient_user)
    own = client.get(reverse("photos:summary", args=[world.patient_a.pk, plan.pk]))
    assert own.status_code == 200
    assert (
        client.get(reverse("photos:summary", args=[world.patient_a.pk, other.pk])).status_code
        == 404
    )
    theirs = reverse("photos:summary", args=[world.other_patient_a.pk, other.pk])
    assert client.get(theirs).status_code == 404


def test_a_plan_not_started_has_no_summary(client, world):
    draft = plan_in_progress(world, status=PlanStatus.DRAFT)
    client.force_login(world.practitioner)
    response = client.get(reverse("photos:summary", args=[world.patient_a.pk, draft.pk]))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(summary__contains="course summary").exists()


def test_the_progress_page_links_the_summary(client, world, course):
    plan, *_ = course
    client.force_login(world.practitioner)
    html = client.get(reverse("photos:progress", args=[world.patient_a.pk])).content.decode()
    assert reverse("photos:summary", args=[world.patient_a.pk, plan.pk]) in html


# --- the portal section -----------------------------------------------------------------------


def _portal(world):
    return render_section(outcomes_portal_section(patient=world.patient_a))


def test_portal_section_in_plain_words_with_own_photos(world, course):
    plan, item, _ = course
    before, _after = _photos(world, item)
    html = _portal(world)
    assert "Your results" in html
    for words in (
        "rated by your clinician",
        "<strong>better</strong>",
        "Estimate",
        "not a promise",
    ):
        assert words in html
    assert reverse("photos:thumb", args=[world.patient_a.pk, before.pk]) in html
    assert reverse("photos:summary", args=[world.patient_a.pk, plan.pk]) in html
    assert html == _portal(world)  # the same record reads the same


def test_portal_hides_photos_without_consent(world, course):
    _plan, item, _ = course
    before, _after = _photos(world, item)
    _withdraw(world)
    html = _portal(world)
    assert reverse("photos:thumb", args=[world.patient_a.pk, before.pk]) not in html
    assert "only while you agree to clinical photographs" in html


def test_the_patient_fetches_only_their_own_photos(client, world, course):
    _plan, item, _ = course
    mine, _ = _photos(world, item)
    consent_to_photos(world, world.other_patient_a)
    theirs = add_photo(world, world.other_patient_a)
    client.force_login(world.patient_user)
    assert (
        client.get(reverse("photos:thumb", args=[world.patient_a.pk, mine.pk])).status_code == 200
    )
    assert (
        client.get(reverse("photos:display", args=[world.patient_a.pk, mine.pk])).status_code == 200
    )
    # Another patient's photo: under their id, or smuggled under mine, is the same 404.
    for patient_id in (world.other_patient_a.pk, world.patient_a.pk):
        for name in ("photos:thumb", "photos:display", "photos:full"):
            assert client.get(reverse(name, args=[patient_id, theirs.pk])).status_code == 404
    # The staff pages of photos stay staff-only.
    assert client.get(reverse("photos:index", args=[world.patient_a.pk])).status_code == 404


def test_portal_section_queries_do_not_grow(world, course, django_assert_max_num_queries):
    _plan, item, _ = course
    _photos(world, item)
    for _ in range(3):
        extra = item_of(plan_in_progress(world))
        clearance(world, extra, 30)
    with django_assert_max_num_queries(8):
        _portal(world)
