"""Photos on the tablet: staff add two photos of the same area and view for a consented
patient, compare them (overlay slider, swap, zoom), and outsiders get 404 for the picture."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from picoclinic.outcomes.models import Photo
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD
from tests.outcomes import images
from tests.outcomes.helpers import consent_to_photos


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def add_photo(page, patient, *, colour, taken_at: str = "", name: str = "photo.jpg") -> None:
    page.goto(reverse("photos:new", args=[patient.pk]))
    page.get_by_label("Or choose a photo file").set_input_files(
        {"name": name, "mimeType": "image/jpeg", "buffer": images.jpeg((600, 800), colour)}
    )
    expect(page.get_by_alt_text("Preview of the chosen photo")).to_be_visible()
    page.get_by_label("Body area").select_option("face")
    page.get_by_label("Front", exact=True).check()
    if taken_at:
        page.get_by_label("Taken at").fill(taken_at)
    page.get_by_role("button", name="Add photo").click()
    expect(page.get_by_text(re.compile(r"^Photo added: Face · Front"))).to_be_visible()


def opacity(page, pane: str) -> str:
    return page.locator(f'[data-pane="{pane}"] img').evaluate("img => img.style.opacity")


def test_compare_two_sessions_then_outsiders_get_404(page, world):
    patient = world.patient_a
    consent_to_photos(world, patient)
    log_in(page, world.practitioner.email, PASSWORD)

    # Given a baseline eight weeks ago and a photo today, same area and view.
    weeks_ago = timezone.localtime(timezone.now() - timedelta(weeks=8), world.clinic_a.zone)
    add_photo(page, patient, colour=(150, 100, 80), taken_at=f"{weeks_ago:%Y-%m-%dT10:00}")
    add_photo(page, patient, colour=(225, 190, 160))
    first, latest = Photo.objects.order_by("taken_at")

    # When staff open the comparison: the baseline on the left, the latest on the right.
    page.get_by_role("link", name="Compare photos").click()
    expect(page.get_by_role("heading", name="Compare · Face · Front")).to_be_visible()
    pane_a, pane_b = page.locator('[data-pane="a"] img'), page.locator('[data-pane="b"] img')
    expect(pane_a).to_have_attribute("src", reverse("photos:display", args=[patient.pk, first.pk]))
    expect(pane_b).to_have_attribute("src", reverse("photos:display", args=[patient.pk, latest.pk]))
    for image in (pane_a, pane_b):  # really served through the protected view
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
    expect(page.locator(".photo-strip__item")).to_have_count(2)

    # Overlay: the slider (by keyboard) fades the latest photo in and out over the baseline.
    page.get_by_label("Overlay", exact=True).check()
    slider = page.get_by_role("slider", name="Fade between the two photos")
    expect(slider).to_be_visible()
    assert opacity(page, "b") == "0.5"
    slider.focus()
    page.keyboard.press("End")
    assert opacity(page, "b") == "1"
    page.keyboard.press("Home")
    assert opacity(page, "b") == "0"
    slider.fill("30")
    assert opacity(page, "b") == "0.3"

    # Swap: the latest underneath, the baseline on top; the slider keeps its meaning.
    page.get_by_role("link", name="⇄ Swap").click()
    expect(pane_a).to_have_attribute("src", reverse("photos:display", args=[patient.pk, latest.pk]))
    expect(pane_b).to_have_attribute("src", reverse("photos:display", args=[patient.pk, first.pk]))
    assert opacity(page, "b") == "0.3"
    assert opacity(page, "a") == ""
    expect(page).to_have_url(re.compile(f"a={latest.pk}&b={first.pk}"))

    # Zoom: both photos together, by button and by keyboard.
    page.get_by_role("button", name="Zoom in").click()
    expect(page.locator("[data-zoom-level]")).to_have_text("150%")
    page.locator("[data-stage]").focus()
    page.keyboard.press("+")
    expect(page.locator("[data-zoom-level]")).to_have_text("225%")
    page.keyboard.press("ArrowLeft")
    transforms = [img.evaluate("i => i.style.transform") for img in (pane_a, pane_b)]
    assert transforms[0] == transforms[1]
    assert "scale(2.25)" in transforms[0]
    page.get_by_role("button", name="Reset zoom").click()
    expect(page.locator("[data-zoom-level]")).to_have_text("100%")

    # Then a patient of another clinic's staff, and another patient, get 404 for the picture.
    full = reverse("photos:full", args=[patient.pk, latest.pk])
    assert page.goto(full).status == 200
    for outsider in (world.other_clinic_practitioner, world.other_patient_user):
        page.context.clear_cookies()
        log_in(page, outsider.email, PASSWORD)
        assert page.goto(full).status == 404
        assert page.goto(reverse("photos:thumb", args=[patient.pk, first.pk])).status == 404
