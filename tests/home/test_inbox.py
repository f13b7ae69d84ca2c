"""The front desk's inbox: online requests with "same person?", patients' reports, the count
in the top bar; a fixed number of queries whatever the number of items."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from picoclinic.clinics.models import Clinic
from picoclinic.home.inbox import inbox_count
from tests import factories
from tests.scheduling.conftest import sched  # noqa: F401 (a fixture)
from tests.scheduling.helpers import NOW
from tests.scheduling.test_online_staff import _request

INBOX = reverse("home:inbox")


@pytest.fixture(autouse=True)
def _frozen(settings, world):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    cache.clear()
    Clinic.objects.filter(pk=world.clinic_a.pk).update(country="GB")
    world.clinic_a.refresh_from_db()
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_new_request_shows_with_the_patient_it_may_be(client, world, sched):  # noqa: F811
    known = factories.patient(
        world.clinic_a, given_name="Léna", family_name="PARK", phone="+44 7700 900321", email=""
    )
    _request(world, sched, phone="07700 900321", email="lena.new@mail.example")
    client.force_login(world.front_desk)

    page = client.get(INBOX)
    [item] = page.context["items"]
    assert item.title == "Lena Park"
    assert [m.patient for m in item.duplicates] == [known]
    assert {str(r) for r in item.duplicates[0].reasons} == {"same name", "same phone"}
    text = page.content.decode()
    assert "Same person?" in text
    assert known.patient_number in text
    assert 'data-testid="inbox-waiting"' in text


def test_same_person_is_found_by_email_in_any_case_and_not_by_a_different_birthday(
    world,
    sched,  # noqa: F811
):
    from datetime import date

    by_mail = factories.patient(
        world.clinic_a, given_name="X", family_name="Y", email="LENA@mail.example", phone=""
    )
    factories.patient(  # same name, another birthday, other contact: another person
        world.clinic_a,
        given_name="Lena",
        family_name="Park",
        date_of_birth=date(1970, 1, 1),
        email="other@mail.example",
        phone="",
    )
    factories.patient(world.clinic_b, given_name="Lena", family_name="Park")  # not visible
    _request(world, sched, date_of_birth=date(1991, 2, 3))
    from picoclinic.home.inbox import inbox_items

    [item] = inbox_items(clinic=world.clinic_a, user=world.front_desk)
    assert [m.patient for m in item.duplicates] == [by_mail]


def test_the_request_page_offers_to_link_the_same_person(client, world, sched):  # noqa: F811
    known = factories.patient(world.clinic_a, given_name="Lena", family_name="Park", email="")
    request = _request(world, sched)
    client.force_login(world.front_desk)
    url = reverse("scheduling:request", kwargs={"appointment_id": request.appointment_id})
    page = client.get(url)
    assert [m.patient for m in page.context["same_person"]] == [known]
    assert "Yes: link to Lena Park" in page.content.decode()

    client.post(url, {"action": "link", "patient": known.pk})
    request.appointment.refresh_from_db()
    assert request.appointment.patient == known
    assert client.get(INBOX).context["items"] == []


def test_reports_and_requests_are_counted_in_one_query(world, sched):  # noqa: F811
    assert inbox_count(clinic=world.clinic_a, user=world.front_desk) == 0
    _request(world, sched, hour=10)
    _request(world, sched, hour=11, email="b@mail.example", phone="07700 900999")
    with CaptureQueriesContext(connection) as ctx:
        assert inbox_count(clinic=world.clinic_a, user=world.front_desk) == 2
    assert len(ctx.captured_queries) == 1
    # Another clinic's staff see none of it.
    assert inbox_count(clinic=world.clinic_b, user=world.other_clinic_practitioner) == 0


def test_the_inbox_page_runs_a_fixed_number_of_queries(client, world, sched):  # noqa: F811
    client.force_login(world.front_desk)
    _request(world, sched, hour=10)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(INBOX).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for hour in (11, 12, 13):
        _request(world, sched, hour=hour, email=f"p{hour}@mail.example", phone=f"07700 9001{hour}")
        factories.patient(world.clinic_a, given_name=f"P{hour}", email=f"p{hour}@mail.example")
    assert count() == one


def test_only_staff_open_the_inbox(client, world):
    client.force_login(world.patient_user)
    assert client.get(INBOX).status_code == 404
