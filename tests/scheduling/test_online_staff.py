"""The front desk's side of online requests: seen on the calendar and the Today page with the
contact details, linked to an existing patient or to a newly registered one."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from picoclinic.audit.models import AuditEvent
from picoclinic.patients.models import Patient
from picoclinic.scheduling import errors
from picoclinic.scheduling.models import BookingRequest, SchedulingPolicy
from picoclinic.scheduling.online import online_clinics
from picoclinic.scheduling.services.online import (
    ALREADY_LINKED,
    Contact,
    booking_request_create,
    booking_request_link,
)
from tests.scheduling.helpers import NOW, at, book
from tests.scheduling.test_online import MONDAY


@pytest.fixture(autouse=True)
def _frozen(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


def _request(world, sched, hour=10, **contact) -> BookingRequest:
    SchedulingPolicy.objects.get_or_create(clinic=world.clinic_a, online_booking=True)
    sched.consultation.online_bookable = True
    sched.consultation.save()
    data = {
        "given_name": "Lena",
        "family_name": "Park",
        "email": "lena@mail.example",
        "phone": "07700 900321",
        "date_of_birth": None,
        "concerns": ["tattoo"],
        "concerns_text": "A small wrist tattoo.",
    } | contact
    return booking_request_create(
        online=online_clinics()[0],
        starts_at=at(world.clinic_a, hour, day=MONDAY),
        contact=Contact(**data),
        site_url="http://testserver/",
        now=NOW,
    )


def _url(request: BookingRequest) -> str:
    return reverse("scheduling:request", kwargs={"appointment_id": request.appointment_id})


def test_the_calendar_shows_the_request_with_its_contact_details(client, world, sched):
    request = _request(world, sched)
    client.force_login(world.front_desk)
    page = client.get(reverse("scheduling:day") + f"?day={MONDAY.isoformat()}")
    text = page.content.decode()
    assert "Online request: Lena Park" in text  # the grid
    assert "07700 900321" in text  # the day list
    assert "lena@mail.example" in text
    assert _url(request) in text


def test_the_calendar_reads_the_same_queries_with_requests(client, world, sched):
    client.force_login(world.front_desk)
    book(world, sched.consultation, at(world.clinic_a, 9, day=MONDAY))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("scheduling:day") + f"?day={MONDAY.isoformat()}")
        return len(ctx.captured_queries)

    before = count()
    _request(world, sched, hour=11)
    _request(world, sched, hour=12, email="b@mail.example", phone="07700 111222")
    assert count() == before


def test_the_today_page_lists_the_request(client, world, sched):
    _request(world, sched)
    with time_machine.travel(at(world.clinic_a, 8, day=MONDAY), tick=False):
        client.force_login(world.front_desk)
        page = client.get(reverse("home:today"))
    appointments = [appointment for appointment, _questionnaire in page.context["appointments"]]
    with CaptureQueriesContext(connection) as ctx:
        assert appointments[0].booking_request.full_name == "Lena Park"  # already loaded
    assert ctx.captured_queries == []


@pytest.mark.parametrize(
    "persona", ["other_clinic_practitioner", "other_clinic_admin", "patient_user"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_get_404(client, world, sched, persona, method):
    request = _request(world, sched)
    client.force_login(getattr(world, persona))
    assert getattr(client, method)(_url(request)).status_code == 404


def test_an_appointment_that_is_not_a_request_is_404(client, world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 9, day=MONDAY))
    client.force_login(world.front_desk)
    url = reverse("scheduling:request", kwargs={"appointment_id": appointment.pk})
    assert client.get(url).status_code == 404


def test_front_desk_links_the_request_to_an_existing_patient(client, world, sched):
    request = _request(world, sched)
    client.force_login(world.front_desk)
    page = client.post(_url(request), {"action": "search", "q": "stone"})
    assert "Link to Mia Stone" in page.content.decode()
    response = client.post(_url(request), {"action": "link", "patient": world.patient_a.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:chart", args=[world.patient_a.pk])
    request.refresh_from_db()
    assert request.appointment.patient == world.patient_a
    assert request.linked_by == world.front_desk
    event = AuditEvent.objects.get(summary__startswith="Linked online consultation request")
    assert event.patient == world.patient_a
    # Now a normal appointment of the patient: on their appointments page.
    listed = client.get(reverse("scheduling:patient", args=[world.patient_a.pk]))
    assert listed.context["upcoming"] == [request.appointment]


def test_it_cannot_be_linked_twice(world, sched):
    request = _request(world, sched)
    booking_request_link(actor=world.front_desk, booking_request=request, patient=world.patient_a)
    with pytest.raises(errors.BookingError, match=ALREADY_LINKED):
        booking_request_link(
            actor=world.front_desk, booking_request=request, patient=world.other_patient_a
        )


def test_a_patient_the_user_cannot_reach_cannot_be_linked(client, world, sched):
    request = _request(world, sched)
    client.force_login(world.front_desk)
    response = client.post(_url(request), {"action": "link", "patient": world.patient_b.pk})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.appointment.patient is None


def test_front_desk_registers_a_new_patient_from_the_request(client, world, sched):
    request = _request(world, sched)
    client.force_login(world.front_desk)
    page = client.get(_url(request))
    register = page.context["register"]
    assert register.initial["given_name"] == "Lena"
    assert register.initial["phone"] == "07700 900321"
    response = client.post(
        _url(request),
        {
            "action": "register",
            "given_name": "Lena",
            "family_name": "Park",
            "date_of_birth": "1990-04-02",
            "sex": "female",
            "email": "lena@mail.example",
            "phone": "07700 900321",
            "preferred_language": "en",
        },
    )
    patient = Patient.objects.get(family_name="Park")
    assert response.status_code == 302
    assert patient.clinic == world.clinic_a
    assert patient.patient_number.startswith("ALP-")
    request.refresh_from_db()
    assert request.appointment.patient == patient
    assert AuditEvent.objects.filter(patient=patient, summary="Registered patient").exists()


def test_an_incomplete_registration_keeps_the_input_and_registers_nobody(client, world, sched):
    request = _request(world, sched)
    client.force_login(world.front_desk)
    response = client.post(
        _url(request), {"action": "register", "given_name": "Lena", "family_name": "Park"}
    )
    assert response.status_code == 200
    assert 'value="Lena"' in response.content.decode()
    assert not Patient.objects.filter(family_name="Park").exists()
    request.refresh_from_db()
    assert request.appointment.patient is None


@pytest.mark.parametrize("junk", ["x" * 5000, "-1", "99999999999999999999999", "", "<script>"])
def test_junk_is_never_a_500(client, world, sched, junk):
    request = _request(world, sched)
    client.force_login(world.front_desk)
    for action in ("link", "register", junk):
        data = {"action": action, "patient": junk, "given_name": junk, "date_of_birth": junk}
        assert client.post(_url(request), data).status_code < 500
    assert client.post(_url(request), {"action": "search", "q": junk[:100]}).status_code == 200


def test_a_request_not_linked_yet_is_reminded_at_its_contact(
    world, sched, django_capture_on_commit_callbacks
):
    from django.core import mail

    from picoclinic.scheduling import reminders

    request = _request(world, sched)
    due = request.appointment.starts_at - timedelta(hours=23)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = reminders.reminder_send(appointment_id=request.appointment_id, now=due)
    assert outcome == reminders.SENT
    assert [m.to for m in mail.outbox] == [["lena@mail.example"]]
    assert reminders.reminders_due(now=due) == []
