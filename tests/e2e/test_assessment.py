""" "Is one session enough for me?" on a phone in a real browser: answer the questions, read
the answer with a source opened, book a consultation with these answers, and the front desk
finds them on the request, marked as reported by the patient."""

from __future__ import annotations

import os

from playwright.sync_api import expect

from picoclinic.clinical.skin import QUESTIONNAIRE_ITEMS
from picoclinic.scheduling.models import BookingRequest
from tests.e2e.conftest import log_in
from tests.e2e.test_booking_online import _online_clinic, _quick, phone  # noqa: F401
from tests.factories import PASSWORD

SHOTS = os.environ.get("PICOCLINIC_SCREENSHOTS")  # a folder: keep screenshots to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _answer(page) -> None:
    page.get_by_text("Tattoo removal").click()
    page.get_by_role("group", name="Where is it?").get_by_text("Forearm").click()
    page.get_by_role("group", name="Is it close to the eyes").get_by_text("No", exact=True).click()
    page.get_by_text("1 to 5 years").first.click()
    page.get_by_text("About the size of a coin").click()
    page.get_by_text("Clearly visible").click()
    earlier = page.get_by_role("group", name="Have you had laser treatment")
    earlier.get_by_text("No", exact=True).click()
    page.get_by_role("group", name="How old is the tattoo?").get_by_text("1 to 5 years").click()
    page.get_by_text("Black or dark blue").click()
    page.get_by_text("A professional tattoo artist").click()
    for item in QUESTIONNAIRE_ITEMS:
        page.get_by_role("group", name=item.question).locator("label").nth(2).click()
    for question in ("Are you pregnant", "Do you get cold sores", "Do you have a cold sore"):
        page.get_by_role("group", name=question).get_by_text("No", exact=True).click()
    page.get_by_role("group", name="Have you taken isotretinoin").get_by_text("No, never").click()
    page.get_by_text("No, not in the last 4 weeks").click()
    page.get_by_role("group", name="Do you take medicines").get_by_text("No", exact=True).click()
    page.get_by_role("group", name="Do cuts or spots").get_by_text("No", exact=True).click()


def test_a_person_answers_on_a_phone_books_with_the_answers_and_the_desk_sees_them(
    phone,  # noqa: F811 - the booking page's phone-sized fixture
    world,
    browser,
    live_server,
):
    _online_clinic(world)
    phone.goto("/assess/")
    expect(phone.get_by_role("heading", name="Is one session enough for me?")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone, "assess-questions-390")

    # A question left out is asked for; what was chosen stays chosen.
    phone.get_by_text("Tattoo removal").click()
    phone.get_by_role("button", name="Show what to expect").click()
    expect(phone.get_by_role("alert")).to_contain_text("Please check the highlighted answers")
    expect(phone.get_by_label("Tattoo removal")).to_be_checked()

    _answer(phone)
    phone.get_by_role("button", name="Show what to expect").click()
    expect(phone.get_by_role("heading", name="What to expect")).to_be_visible()
    expect(
        phone.get_by_text("Probably not: tattoos fade over a course of sessions.")
    ).to_be_visible()
    expect(phone.get_by_text("The consultation decides", exact=False)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # Every number's source is one tap away.
    sessions = phone.locator(".assess-facts dd").first
    sessions.get_by_text("Where this comes from").click()
    expect(sessions.get_by_text("Kirby-Desai 2009", exact=False)).to_be_visible()
    _shot(phone, "assess-answer-390")
    if SHOTS:  # the same answer at desktop width, to look at
        phone.set_viewport_size({"width": 1280, "height": 900})
        _shot(phone, "assess-answer-1280")
        phone.set_viewport_size({"width": 390, "height": 844})
    assert not BookingRequest.objects.exists()

    phone.get_by_role("button", name="Book a consultation with these answers").click()
    expect(phone.get_by_role("heading", name="Book a consultation")).to_be_visible()
    expect(phone.get_by_test_id("assessment-attached")).to_be_visible()
    expect(phone.get_by_label("Tattoo removal")).to_be_checked()
    phone.locator("label.slot").first.click()
    phone.get_by_label("First name").fill("Lena")
    phone.get_by_label("Last name").fill("Park")
    phone.get_by_label("E-mail").fill("lena@mail.example")
    phone.get_by_label("Mobile phone").fill("07700 900321")
    phone.get_by_text("I have read how the clinic uses my details").click()
    phone.get_by_role("button", name="Request").click()
    expect(phone.get_by_text("Thank you, Lena.")).to_be_visible()

    request = BookingRequest.objects.get()
    assert request.assessment["answers"]["tattoo_maker"] == "professional"

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = desk.new_page()
    log_in(page, world.front_desk.email, PASSWORD)
    page.goto(f"/schedule/requests/{request.appointment_id}/")
    reported = page.get_by_test_id("reported-answers")
    expect(reported).to_contain_text("reported by the patient, to confirm")
    expect(reported).to_contain_text("A professional tattoo artist")
    expect(reported).to_contain_text("Probably not: tattoos fade over a course of sessions.")
    _shot(page, "request-reported-1280")
    desk.close()
