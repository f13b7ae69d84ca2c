"""The first-run page exists only while the installation is empty; every login then lands on
a page that exists for it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from picoclinic.accounts.models import User
from picoclinic.clinics.models import Clinic, Organisation
from picoclinic.home.forms import FirstRunForm
from tests import factories
from tests.home.test_setup import ARGS, PASSWORD, nothing_written

FORM = {
    "organisation": "Lumen Skin",
    "clinic": "Lumen Leeds",
    "code": "lds",
    "address": "1 Park Row, Leeds",
    "country": "GB",
    "time_zone": "Europe/London",
    "owner_name": "Ann Owner",
    "owner_email": "Ann@Example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


@pytest.mark.django_db
def test_an_empty_installation_sends_visitors_to_the_first_run_page(client):
    assert client.get("/").url == reverse("first_run")
    page = client.get(reverse("first_run"))
    assert page.status_code == 200
    assert b"Set up your clinic" in page.content


@pytest.mark.django_db
def test_the_first_run_page_sets_up_and_signs_the_owner_in(client):
    response = client.post(reverse("first_run"), FORM)

    assert response.url == reverse("home:today")
    clinic = Clinic.objects.get()
    assert (clinic.code, clinic.time_zone) == ("LDS", "Europe/London")
    owner = User.objects.get()
    assert owner.email == "ann@example.org"
    today = client.get(reverse("home:today"))
    assert today.status_code == 200
    assert today.context["checklist"] is not None
    # Once set up, the page is gone and the start goes to the login page.
    client.logout()
    assert client.get(reverse("first_run")).status_code == 404
    assert client.post(reverse("first_run"), FORM).status_code == 404
    assert client.get("/").url == reverse("accounts:login")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time_zone": "Asia/Hong_Kong"}, "time_zone"),
        ({"time_zone": "Not/AZone"}, "time_zone"),
        ({"country": "ZZ"}, "country"),
        ({"code": "C-1"}, "code"),
        ({"password2": "something-else-entirely"}, "password2"),
        ({"password1": "password", "password2": "password"}, "password1"),
        ({"owner_email": ""}, "owner_email"),
    ],
)
def test_bad_input_keeps_what_was_typed_and_writes_nothing(client, change, field):
    response = client.post(reverse("first_run"), FORM | change)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert b"1 Park Row, Leeds" in response.content
    assert b'value="Lumen Skin"' in response.content
    assert nothing_written()


@pytest.mark.django_db
def test_choosing_the_country_narrows_the_time_zones(client):
    page = client.get(reverse("first_run"), {"country": "US"}).content.decode()
    assert "America/New_York" in page
    assert "Europe/London" not in page


@pytest.mark.django_db
def test_an_email_in_use_is_refused_on_its_field(client):
    factories.UserFactory(email="ann@example.org")
    response = client.post(reverse("first_run"), FORM)
    assert "owner_email" in response.context["form"].errors
    assert not Organisation.objects.exists()


# --- Landing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_login_lands_on_a_page_that_exists_for_it(client, world):
    for user in world.staff_of_a():
        client.force_login(user)
        assert client.get("/").url == reverse("home:today")
    client.force_login(world.patient_user)
    assert client.get("/").url == reverse("portal:home")


@pytest.mark.django_db
def test_an_owner_without_a_membership_lands_on_the_start_page_with_every_checklist(client, world):
    owner = User.objects.create_superuser("owner@example.org", PASSWORD, full_name="Olive Owner")
    client.force_login(owner)

    assert client.get("/").url == reverse("home:start")
    page = client.get(reverse("home:start"))

    assert page.status_code == 200
    clinics = [checklist.clinic for checklist in page.context["checklists"]]
    assert clinics == [world.clinic_a, world.clinic_b]
    assert reverse("admin:index").encode() in page.content
    assert reverse("portal:home").encode() not in page.content  # no "My care" that 404s


@pytest.mark.django_db
def test_a_login_of_no_clinic_and_no_patient_is_told_to_ask_the_clinic(client, world):
    left = factories.UserFactory(full_name="Lee Left")
    client.force_login(left)

    assert client.get("/").url == reverse("home:start")
    page = client.get(reverse("home:start"))
    assert page.status_code == 200
    assert page.context["checklists"] == []
    assert b"not linked to a clinic" in page.content


@pytest.mark.django_db
def test_staff_of_a_clinic_are_sent_from_the_start_page_to_today(client, world):
    client.force_login(world.front_desk)
    assert client.get(reverse("home:start")).url == reverse("home:today")


@pytest.mark.django_db
def test_the_start_page_needs_a_login(client, world):
    assert reverse("accounts:login") in client.get(reverse("home:start")).url


@pytest.mark.django_db
def test_the_service_arguments_match_the_form(client):
    # The page and the command share the form; its mapping names every service argument.
    form = FirstRunForm(FORM)
    assert form.is_valid(), form.errors
    assert set(form.service_arguments()) == set(ARGS)


@pytest.mark.django_db
def test_the_clinic_admin_form_offers_the_countrys_time_zones_as_choices(client, world):
    owner = User.objects.create_superuser("owner@example.org", PASSWORD, full_name="Olive Owner")
    client.force_login(owner)
    url = reverse("admin:clinics_clinic_change", args=[world.clinic_a.pk])
    data = {
        "organisation": world.clinic_a.organisation_id,
        "name": "Alpha Clinic",
        "code": "ALP",
        "address": "",
        "country": "GB",
        "phone": "",
        "email": "",
        "time_zone": "Europe/Manchester",
    }

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "time_zone" in refused.context["adminform"].form.errors
    assert client.post(url, data | {"time_zone": "Europe/London"}).status_code == 302
    world.clinic_a.refresh_from_db()
    assert world.clinic_a.country == "GB"
    page = client.get(url).content.decode()
    assert '<option value="Europe/London" selected>' in page
    assert "Asia/Hong_Kong" not in page  # narrowed to the country's own zones


@pytest.mark.django_db
def test_the_first_run_page_offers_starter_content_ticked(client):
    from picoclinic.consent.models import ConsentText

    page = client.get(reverse("first_run"))
    assert page.context["form"]["starter"].value() is True

    client.post(reverse("first_run"), FORM | {"starter": "on"})

    assert ConsentText.objects.filter(starter=True).count() == 3
    today = client.get(reverse("home:today"))
    assert "Review before use" in today.content.decode()
