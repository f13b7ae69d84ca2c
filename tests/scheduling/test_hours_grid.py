"""The week grid: opening hours and working hours in one form, copy-to-days without
JavaScript, clear messages for bad input (kept as typed), saved all or nothing."""

from __future__ import annotations

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from picoclinic.audit.models import AuditEvent
from picoclinic.scheduling.models import OpeningHours, WorkingHours
from picoclinic.scheduling.setup_cache import clinic_setup
from tests.scheduling import factories as f


def _grid(**days) -> dict:
    """A posted grid: every day closed unless given as ``d0=("09:00", "17:00")`` or with a
    second span ``d2=("09:00", "12:00", "13:00", "18:00")``."""
    data = {}
    for day in range(7):
        spans = days.get(f"d{day}")
        if not spans:
            data[f"d{day}_closed"] = "on"
            continue
        for name, value in zip(("starts", "ends", "starts2", "ends2"), spans, strict=False):
            data[f"d{day}_{name}"] = value
    return data


def _url(clinic) -> str:
    return reverse("scheduling:hours", args=[clinic.pk])


@pytest.mark.django_db
def test_opening_hours_are_saved_as_a_week_and_replace_the_old(client, world):
    clinic = world.clinic_a
    f.opening_hours(clinic, weekdays=[6])  # Sundays, to be replaced
    assert clinic_setup(clinic).opening.get(6)
    client.force_login(world.clinic_admin)

    page = client.get(_url(clinic))
    assert page.status_code == 200
    assert b'data-testid="week-grid"' in page.content

    data = _grid(d0=("09:00", "18:00"), d2=("09:00", "12:30", "13:30", "19:00"))
    response = client.post(_url(clinic), data)

    assert response.url == _url(clinic)
    rows = list(
        OpeningHours.objects.filter(clinic=clinic).values_list("weekday", "opens", "closes")
    )
    assert rows == [
        (0, time(9), time(18)),
        (2, time(9), time(12, 30)),
        (2, time(13, 30), time(19)),
    ]
    # The cached set-up of every process is retired (bulk writes send no signals).
    assert not clinic_setup(clinic).opening.get(6)
    assert len(clinic_setup(clinic).opening[2]) == 2
    assert AuditEvent.objects.filter(summary__startswith="Opening hours set").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "message", "typed"),
    [
        ({"d0": ("18:00", "09:00")}, "The end must be after the start.", "18:00"),
        ({"d0": ("09:00", "")}, "Give both times, or leave both empty.", "09:00"),
        (
            {"d0": ("09:00", "13:00", "12:00", "18:00")},
            "The two spans of this day overlap.",
            "12:00",
        ),
        ({"d0": ("9 o'clock", "18:00")}, "Enter a valid time.", "9 o&#x27;clock"),
        ({"d0": ("", "")}, "Give the hours, or tick “closed”.", None),
    ],
)
def test_bad_hours_are_refused_with_a_message_and_nothing_is_written(
    client, world, days, message, typed
):
    clinic = world.clinic_a
    f.opening_hours(clinic, weekdays=[4])
    client.force_login(world.clinic_admin)
    data = _grid(d1=("10:00", "16:00"), **days)
    if days.get("d0") == ("", ""):
        data |= {"d0_starts": "", "d0_ends": ""}

    response = client.post(_url(clinic), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if typed:
        assert f'value="{typed}"' in page
    assert 'value="10:00"' in page  # the rest of the week is kept as typed
    assert list(OpeningHours.objects.filter(clinic=clinic).values_list("weekday", flat=True)) == [4]


@pytest.mark.django_db
def test_copy_monday_to_weekdays_and_to_chosen_days_without_saving(client, world):
    clinic = world.clinic_a
    client.force_login(world.clinic_admin)
    data = _grid(d0=("08:30", "12:00", "13:00", "17:30"), d5=("10:00", "14:00"))

    copied = client.post(_url(clinic), data | {"copy": "weekdays"})

    assert copied.status_code == 200
    form = copied.context["form"]
    for day in range(1, 5):
        assert form.initial[f"d{day}_starts"] == "08:30"
        assert form.initial[f"d{day}_ends2"] == "17:30"
        assert not form.initial[f"d{day}_closed"]
    assert form.initial["d5_starts"] == "10:00"  # Saturday as typed
    assert form.initial["d6_closed"]
    assert not OpeningHours.objects.filter(clinic=clinic).exists()  # nothing saved yet

    copied = client.post(
        _url(clinic), data | {"copy": "days", "copy_from": "5", "copy_to": ["6", "0"]}
    )
    form = copied.context["form"]
    assert (form.initial["d6_starts"], form.initial["d0_starts"]) == ("10:00", "10:00")
    assert form.initial["d1_closed"]


@pytest.mark.django_db
def test_working_hours_are_refused_where_they_overlap_another_clinics(client, world):
    sam = f.practitioner(
        world.practitioner, world.clinic_b, weekdays=[0], starts=time(9), ends=time(13)
    )
    sam.user.memberships.create(clinic=world.clinic_b, role="practitioner")
    url = reverse("scheduling:working_hours", args=[world.clinic_a.pk, sam.pk])
    client.force_login(world.clinic_admin)
    assert client.get(url).status_code == 200

    response = client.post(url, _grid(d0=("12:00", "18:00"), d1=("09:00", "17:00")))

    assert response.status_code == 400
    assert (
        "overlap this person&#x27;s hours at Beta Clinic (09:00-13:00)" in response.content.decode()
    )
    assert not WorkingHours.objects.filter(clinic=world.clinic_a).exists()

    response = client.post(url, _grid(d0=("13:00", "18:00"), d1=("09:00", "17:00")))
    assert response.status_code == 302
    assert WorkingHours.objects.filter(practitioner=sam, clinic=world.clinic_a).count() == 2
    assert WorkingHours.objects.filter(practitioner=sam, clinic=world.clinic_b).count() == 1


@pytest.mark.django_db
def test_only_the_clinics_admins_and_the_owner_reach_the_grids(client, world):
    url = _url(world.clinic_a)
    for user in (world.front_desk, world.doctor, world.other_clinic_admin, world.patient_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, _grid(d0=("09:00", "17:00"))).status_code == 404
    assert not OpeningHours.objects.exists()
    # A practitioner who does not work at the clinic is not on its grid.
    outsider = f.practitioner(world.other_clinic_practitioner, world.clinic_b)
    client.force_login(world.clinic_admin)
    url = reverse("scheduling:working_hours", args=[world.clinic_a.pk, outsider.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_hours_page_runs_a_fixed_number_of_queries(client, world):
    clinic = world.clinic_a
    f.opening_hours(clinic, weekdays=range(5))
    client.force_login(world.clinic_admin)
    f.practitioner(world.practitioner, clinic)
    client.get(_url(clinic))  # warm the session and the caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(clinic)).status_code == 200
        return len(queries)

    one = count()
    f.practitioner(world.doctor, clinic)
    f.practitioner(world.front_desk, clinic)
    assert count() == one
