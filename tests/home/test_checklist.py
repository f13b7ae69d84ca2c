"""The set-up checklist on the owner's and clinic admins' Today page, and why a day has no
free time (staff only)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse

from picoclinic.clinics.models import ClinicPolicy
from picoclinic.consent.models import ConsentKind
from picoclinic.home.checklist import setup_checklist
from picoclinic.scheduling.explain import no_time_reasons
from picoclinic.scheduling.models import AppointmentKind, Closure, SchedulingPolicy
from tests.consent.helpers import publish_texts
from tests.scheduling import factories as f
from tests.scheduling.conftest import sched  # noqa: F401 - the scheduling fixture

CHECKLIST_QUERIES = 8
# Next week's Monday and Sunday: days the booking page offers whenever the suite runs (a fixed
# date passes, and the page offers two years ahead at most).
_TODAY = datetime.now(tz=UTC).date()
MONDAY = _TODAY + timedelta(days=7 - _TODAY.weekday() + 7)
SUNDAY = MONDAY + timedelta(days=6)


def missing(checklist) -> list[str]:
    return [item.text for item in checklist.items if not item.done]


@pytest.mark.django_db
def test_an_empty_clinic_lacks_everything(world, django_assert_num_queries):
    with django_assert_num_queries(CHECKLIST_QUERIES):
        checklist = setup_checklist(clinic=world.clinic_a)

    assert missing(checklist) == [
        "Opening hours",
        "Appointment types",
        "A practitioner with working hours here",
        "A room",
        "A laser",
        "Consent text: Treatment course",
        "Consent text: Clinical photography",
        "Consent text: Marketing use of photographs",
        "Clinic policy",
    ]
    url = {item.text: item.url for item in checklist.items}
    # Hours are set on the week grid, not one admin row at a time.
    assert url["Opening hours"] == reverse("scheduling:hours", args=[world.clinic_a.pk])
    assert url["Clinic policy"].startswith(reverse("admin:clinics_clinicpolicy_add"))


@pytest.mark.django_db
def test_each_type_needs_a_practitioner_working_here_and_each_wavelength_a_laser(
    world, django_assert_num_queries
):
    clinic = world.clinic_a
    f.opening_hours(clinic)
    consultation = f.appointment_type(clinic, name="Consultation")
    f.appointment_type(
        clinic, AppointmentKind.TEST_SPOT, name="Test spot", needs_device=True, wavelength_nm=755
    )
    f.laser(clinic, wavelengths=[532, 1064])
    f.practitioner(world.practitioner, clinic, types=[consultation])
    # Offering the type at another clinic does not count here.
    f.practitioner(world.other_clinic_practitioner, world.clinic_b, types=[consultation])

    with django_assert_num_queries(CHECKLIST_QUERIES):
        checklist = setup_checklist(clinic=clinic)

    assert missing(checklist)[:3] == [
        "A practitioner with working hours here offers Test spot",
        "A room",
        "A laser delivering 755 nm",
    ]
    assert not checklist.complete


@pytest.mark.django_db
def test_a_clinic_set_up_is_complete(world, sched):  # noqa: F811
    clinic = world.clinic_a
    publish_texts(clinic)
    ClinicPolicy.objects.create(clinic=clinic)

    checklist = setup_checklist(clinic=clinic)

    assert missing(checklist) == []
    assert checklist.complete
    assert len(checklist.treatment) == len(ConsentKind) + 1


@pytest.mark.django_db
def test_today_shows_the_checklist_to_clinic_admins_and_owners_only(client, world):
    client.force_login(world.clinic_admin)
    page = client.get(reverse("home:today"))
    assert page.context["checklist"].clinic == world.clinic_a
    assert b'data-testid="setup-checklist"' in page.content

    client.force_login(world.front_desk)
    page = client.get(reverse("home:today"))
    assert page.context["checklist"] is None
    assert b"setup-checklist" not in page.content


@pytest.mark.django_db
def test_today_has_no_checklist_once_the_clinic_is_set_up(client, world, sched):  # noqa: F811
    publish_texts(world.clinic_a)
    ClinicPolicy.objects.create(clinic=world.clinic_a)
    client.force_login(world.clinic_admin)
    assert client.get(reverse("home:today")).context["checklist"] is None


# --- Why no free time --------------------------------------------------------------------


@pytest.mark.django_db
def test_no_free_time_is_explained_from_the_configuration(world, django_assert_max_num_queries):
    clinic = world.clinic_a
    consultation = f.appointment_type(clinic, name="Consultation")
    laser_type = f.appointment_type(
        clinic, AppointmentKind.TEST_SPOT, name="Test spot", needs_device=True, wavelength_nm=755
    )

    with django_assert_max_num_queries(5):
        reasons = no_time_reasons(clinic=clinic, appointment_type=consultation, day=MONDAY)
    assert reasons == [
        "Alpha Clinic has no opening hours on Monday.",
        "No practitioner offers Consultation at Alpha Clinic.",
        "Alpha Clinic has no room in use.",
    ]

    f.opening_hours(clinic, weekdays=range(5))
    f.room(clinic)
    sam = f.practitioner(world.practitioner, clinic, types=[consultation], weekdays=[0, 1])
    assert no_time_reasons(clinic=clinic, appointment_type=consultation, day=SUNDAY) == [
        "Alpha Clinic has no opening hours on Sunday.",
        "Nobody who offers Consultation works at Alpha Clinic on Sunday.",
    ]
    assert no_time_reasons(
        clinic=clinic, appointment_type=laser_type, day=MONDAY, practitioner=sam
    ) == [
        "Pat Practitioner does not offer Test spot at Alpha Clinic.",
        "Alpha Clinic has no laser in use.",
    ]
    f.laser(clinic, wavelengths=[1064])
    assert "Alpha Clinic has no laser delivering 755 nm." in no_time_reasons(
        clinic=clinic, appointment_type=laser_type, day=MONDAY
    )
    Closure.objects.create(clinic=clinic, starts_on=MONDAY, ends_on=MONDAY, reason="Refit")
    assert no_time_reasons(clinic=clinic, appointment_type=consultation, day=MONDAY) == [
        "Alpha Clinic is closed that day: Refit."
    ]
    Closure.objects.all().delete()
    # Configured, and still nothing free: the day is booked.
    assert no_time_reasons(clinic=clinic, appointment_type=consultation, day=MONDAY) == [
        "Every time that day is booked already, or too soon to book."
    ]


@pytest.mark.django_db
def test_the_front_desk_is_told_why_on_the_booking_page(client, world):
    clinic = world.clinic_a
    consultation = f.appointment_type(clinic, name="Consultation")
    f.opening_hours(clinic, opens=time(9), closes=time(17))
    client.force_login(world.front_desk)

    url = reverse("scheduling:new", kwargs={"patient_id": world.patient_a.pk})
    page = client.get(url, {"appointment_type": consultation.pk, "day": MONDAY.isoformat()})

    assert page.status_code == 200
    assert b"No practitioner offers Consultation at Alpha Clinic." in page.content


@pytest.mark.django_db
def test_patients_on_the_public_booking_page_are_not_told_the_internals(client, world):
    clinic = world.clinic_a
    SchedulingPolicy.objects.create(clinic=clinic, online_booking=True)
    f.appointment_type(clinic, name="Consultation", online_bookable=True)

    page = client.get(reverse("booking:book")).content.decode()

    assert "There are no free consultation times online" in page
    assert "No practitioner offers" not in page
    assert "opening hours" not in page
