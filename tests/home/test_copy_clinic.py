"""A new clinic copied from an existing one by the owner: rooms, lasers, appointment types,
opening hours, booking rules, policy and consent texts; never patients or appointments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from picoclinic.accounts.models import Membership, Role, User
from picoclinic.audit.models import AuditEvent
from picoclinic.clinics.models import Clinic, ClinicPolicy
from picoclinic.consent.models import ConsentText
from picoclinic.patients.models import Patient
from picoclinic.scheduling.models import (
    AppointmentType,
    Device,
    OpeningHours,
    Room,
    SchedulingPolicy,
    WorkingHours,
)
from tests.consent.helpers import publish_texts
from tests.scheduling import factories as f

FORM = {"name": "Alpha North", "code": "aln", "address": "2 High St"}


@pytest.fixture
def owner(db):
    return User.objects.create_superuser("owner@example.org", "a-long-pass", full_name="Olive")


@pytest.fixture
def configured(world):
    clinic = world.clinic_a
    f.opening_hours(clinic, weekdays=range(5))
    f.room(clinic)
    f.laser(clinic, wavelengths=[532, 1064])
    consultation = f.appointment_type(clinic, name="Consultation")
    f.practitioner(world.practitioner, clinic, types=[consultation])
    SchedulingPolicy.objects.create(clinic=clinic, slot_minutes=20)
    ClinicPolicy.objects.create(clinic=clinic, review_all_plans=True)
    publish_texts(clinic)
    return clinic


def test_the_owner_copies_a_clinics_set_up(client, world, owner, configured):
    client.force_login(owner)
    page = client.get(reverse("home:setup", args=[configured.pk]))
    assert page.status_code == 200
    assert page.context["copy_form"] is not None

    response = client.post(reverse("home:copy", args=[configured.pk]), FORM)

    new = Clinic.objects.get(code="ALN")
    assert response.url == reverse("home:setup", args=[new.pk])
    assert (new.organisation, new.time_zone) == (configured.organisation, configured.time_zone)
    assert list(Room.objects.filter(clinic=new).values_list("name", flat=True)) == ["Room 1"]
    laser = Device.objects.get(clinic=new)
    assert (laser.wavelengths_nm, laser.serial_number) == ([532, 1064], "")
    assert list(AppointmentType.objects.filter(clinic=new).values_list("name", flat=True)) == [
        "Consultation"
    ]
    assert OpeningHours.objects.filter(clinic=new).count() == 5
    assert SchedulingPolicy.objects.get(clinic=new).slot_minutes == 20
    assert ClinicPolicy.objects.get(clinic=new).review_all_plans
    assert (
        ConsentText.objects.filter(clinic=new).count()
        == ConsentText.objects.filter(clinic=configured).values("kind").distinct().count()
    )
    # Never patients, appointments or anyone's working hours.
    assert not Patient.objects.filter(clinic=new).exists()
    assert not WorkingHours.objects.filter(clinic=new).exists()
    assert Membership.objects.get(clinic=new).role == Role.CLINIC_ADMIN
    assert AuditEvent.objects.filter(summary__startswith="Clinic copied").count() == 1
    # The originals are untouched.
    assert Room.objects.filter(clinic=configured).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "ALP"}, "Another clinic of the organisation already uses this code."),
        ({"code": "a-1"}, "Use 2 to 6 capital letters or digits"),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_keeps_what_was_typed_and_writes_nothing(
    client, world, owner, configured, change, message
):
    client.force_login(owner)
    before = Clinic.objects.count()

    response = client.post(reverse("home:copy", args=[configured.pk]), FORM | change)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "2 High St" in page
    assert Clinic.objects.count() == before


def test_only_the_owner_copies(client, world, configured):
    client.force_login(world.clinic_admin)
    page = client.get(reverse("home:setup", args=[configured.pk]))
    assert page.context["copy_form"] is None
    response = client.post(reverse("home:copy", args=[configured.pk]), FORM)
    assert response.status_code == 403
    assert not Clinic.objects.filter(code="ALN").exists()
    client.force_login(world.front_desk)
    assert client.post(reverse("home:copy", args=[configured.pk]), FORM).status_code == 404
