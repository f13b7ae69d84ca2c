"""Invitations in a real browser: the owner invites a front-desk colleague, who opens the link
from the local mail folder, sets a password and lands on Today; the front desk invites a
patient from the chart, who sets a password on a phone and sees the portal."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from picoclinic.accounts.models import Role
from tests import factories
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD

LINK = re.compile(r"https?://[^\s]+?(/invite/[A-Za-z0-9_\-]+/)")
NEW_PASSWORD = "plum orchard window 77"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def mail_folder(settings, tmp_path):
    """The local mode's own output: e-mails as files, SMS appended to sms.log."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.PICOCLINIC_SMS_SENDER = "picoclinic.notifications.sms.ConsoleSmsSender"
    return tmp_path / "mail"


def _link_in(folder: Path, *, to: str) -> str:
    for path in sorted(folder.glob("*.log")):
        text = path.read_text()
        if f"To: {to}" in text and (found := LINK.search(text)):
            return found.group(1)
    raise AssertionError(f"no invitation to {to} in {folder}")


def _shot(page, name: str) -> None:
    """With PICOCLINIC_SCREENSHOTS=1, keep a picture of the page to look at (under var/)."""
    if not os.environ.get("PICOCLINIC_SCREENSHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_owner_invites_a_front_desk_colleague(page, browser, live_server, world, mail_folder):
    owner = factories.staff(
        world.clinic_a, Role.CLINIC_ADMIN, full_name="Olive Owner", is_superuser=True
    )
    log_in(page, owner.email, PASSWORD)
    page.get_by_role("link", name="Staff").click()
    expect(page.get_by_role("heading", name="Staff", exact=True)).to_be_visible()
    # A mistake keeps what was typed.
    page.get_by_label("Full name").fill("Cara Colleague")
    page.get_by_label("E-mail").fill("cara@")
    page.get_by_label("Clinic").select_option(label="Alpha Clinic")
    page.get_by_label("Role").select_option(Role.FRONT_DESK)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Cara Colleague")
    page.get_by_label("E-mail").fill("cara@clinic.example")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Cara Colleague is invited.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Cara Colleague")
    expect(row).to_contain_text("Invitation pending")
    _shot(page, "invite-staff-list")

    link = _link_in(mail_folder, to="cara@clinic.example")
    colleague = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    colleague.goto(link)
    expect(colleague.get_by_role("heading", name="Set your password")).to_be_visible()
    colleague.locator("#id_new_password1").fill("password")
    colleague.locator("#id_new_password2").fill("password")
    colleague.get_by_role("button", name="Save password and sign in").click()
    expect(colleague.get_by_text("This password is too common.")).to_be_visible()
    _shot(colleague, "invite-landing")
    colleague.locator("#id_new_password1").fill(NEW_PASSWORD)
    colleague.locator("#id_new_password2").fill(NEW_PASSWORD)
    colleague.get_by_role("button", name="Save password and sign in").click()
    expect(colleague.get_by_role("heading", name="Today at Alpha Clinic")).to_be_visible()
    # The link works once.
    colleague.goto(link)
    expect(colleague.get_by_test_id("invite-problem")).to_contain_text("already been used")
    colleague.context.close()

    page.reload()
    expect(page.get_by_role("row").filter(has_text="Cara Colleague")).to_contain_text("Active")


def test_the_front_desk_invites_a_patient_from_the_chart(
    page, browser, live_server, world, mail_folder
):
    patient = factories.patient(
        world.clinic_a, given_name="Ivy", family_name="Nguyen", email="ivy@mail.example"
    )
    log_in(page, world.front_desk.email, PASSWORD)
    page.goto(f"/patients/{patient.pk}/")
    panel = page.locator("#portal-login")
    expect(panel).to_contain_text("No portal login yet")
    panel.get_by_role("button", name="Invite by e-mail and SMS").click()
    expect(page.get_by_text("Portal invitation sent.")).to_be_visible()
    expect(panel).to_contain_text("Invitation pending")
    _shot(page, "invite-chart-panel")
    assert "/invite/" in (mail_folder / "sms.log").read_text()

    link = _link_in(mail_folder, to="ivy@mail.example")
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="en-GB"
    ).new_page()
    phone.goto(link)
    phone.locator("#id_new_password1").fill(NEW_PASSWORD)
    phone.locator("#id_new_password2").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Save password and sign in").click()
    expect(phone.get_by_role("link", name="My care")).to_be_visible()
    expect(phone).to_have_url(re.compile(r"/me/$"))
    _shot(phone, "invite-portal")
    phone.context.close()

    page.reload()
    expect(panel).to_contain_text("Has a portal login.")
