"""The chart's photos section: the latest photo of each area and view, through the protected
view, with upload and compare links; a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from picoclinic.accounts.selectors import memberships_for_user
from picoclinic.outcomes.chart import photos_chart_section
from picoclinic.outcomes.models import PhotoView
from tests.outcomes.helpers import photo_row
from tests.sections import render_section


def render(rf, user, patient) -> str:
    request = rf.get("/")
    request.user = user
    request.memberships = memberships_for_user(user)
    request.membership = request.memberships[0] if request.memberships else None
    return render_section(photos_chart_section(patient=patient, request=request), request)


def test_latest_photo_per_area_and_view_through_the_protected_view(rf, world, consented):
    patient = world.patient_a
    old = photo_row(patient, taken_at=timezone.now() - timedelta(days=60))
    latest = photo_row(patient, taken_at=timezone.now() - timedelta(days=2))
    side = photo_row(patient, view=PhotoView.LEFT_45)

    html = render(rf, world.practitioner, patient)

    assert reverse("photos:thumb", args=[patient.pk, latest.pk]) in html
    assert reverse("photos:thumb", args=[patient.pk, side.pk]) in html
    assert reverse("photos:thumb", args=[patient.pk, old.pk]) not in html
    assert "2 photos · latest" in html
    assert reverse("photos:new", args=[patient.pk]) in html
    assert reverse("photos:index", args=[patient.pk]) in html
    assert "/media/" not in html
    assert latest.thumb_file not in html


def test_without_consent_it_links_to_taking_consent_not_to_uploading(rf, world):
    html = render(rf, world.practitioner, world.patient_a)
    assert reverse("consent:take", args=[world.patient_a.pk]) in html
    assert reverse("photos:new", args=[world.patient_a.pk]) not in html
    assert "No photos yet." in html


def test_the_front_desk_sees_the_photos_but_no_upload_button(rf, world, consented):
    photo_row(world.patient_a)
    html = render(rf, world.front_desk, world.patient_a)
    assert reverse("photos:new", args=[world.patient_a.pk]) not in html
    assert reverse("photos:index", args=[world.patient_a.pk]) in html


def test_a_fixed_number_of_queries(rf, world, consented):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            render(rf, world.practitioner, world.patient_a)
        return len(queries)

    photo_row(world.patient_a)
    few = count()
    for n in range(12):
        photo_row(world.patient_a, view=list(PhotoView)[n % 7], body_area=["face", "neck"][n % 2])
    assert count() == few
