"""Step 4: the day calendar and booking from the front desk, through the real pages."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from picoclinic.scheduling import errors
from picoclinic.scheduling.chart import appointments_chart_section
from picoclinic.scheduling.models import Appointment, AppointmentStatus, Closure
from tests.scheduling.helpers import DAY, NOW, at, book
from tests.sections import render_section

CALENDAR = f"/schedule/?day={DAY.isoformat()}"


@pytest.fixture(autouse=True)
def _frozen():
    # "Today" is 1 June 2031 (the tests' DAY is ten days later), the clock keeps running.
    with time_machine.travel(NOW, tick=True):
        yield


def _new_url(patient) -> str:
    return f"/schedule/patients/{patient.pk}/appointments/new/"


def _slot(world, sched, hour: int, practitioner) -> dict:
    return {
        "appointment_type": sched.consultation.pk,
        "day": DAY.isoformat(),
        "slot": f"{at(world.clinic_a, hour).isoformat()}|{practitioner.pk}",
    }


def test_the_calendar_has_a_column_per_practitioner_room_and_laser(client, world, sched):
    book(world, sched.test_spot, at(world.clinic_a, 10), practitioner=sched.sam)
    client.force_login(world.front_desk)
    response = client.get(CALENDAR)
    body = response.content.decode()
    assert response.status_code == 200
    for name in ["Dr Dora", "Pat Practitioner", "Room 1", "Room 2", "PicoWay", "532 · 1064 nm"]:
        assert name in body
    assert "Mia Stone" in body
    assert 'class="cal__buffer cal__buffer--clean"' in body  # the laser's clean-up
    assert "1 appointment" in body


def test_the_calendar_takes_a_fixed_number_of_queries(client, world, sched):
    client.force_login(world.front_desk)
    with CaptureQueriesContext(connection) as cold:
        assert client.get(CALENDAR).status_code == 200
    with CaptureQueriesContext(connection) as empty:
        assert client.get(CALENDAR).status_code == 200
    for hour in range(9, 17):
        book(world, sched.test_spot, at(world.clinic_a, hour), practitioner=sched.sam)
        book(world, sched.consultation, at(world.clinic_a, hour), practitioner=sched.dora)
    with CaptureQueriesContext(connection) as full:
        body = client.get(CALENDAR).content.decode()
    assert body.count('class="cal__appt ') == 16 * 2 + 8  # practitioner + room, + laser
    # Session, user, memberships, closures, appointments, bookings, leave, whether the user is
    # a practitioner, the top bar's count of side-effect reports waiting, the audit entry.
    assert len(full.captured_queries) == len(empty.captured_queries) == 10
    # The clinic's set-up (hours, practitioners, rooms, lasers, types) only when not cached.
    assert len(cold.captured_queries) == len(empty.captured_queries) + 6


def test_the_calendar_shows_only_the_current_clinic(client, world, sched):
    book(world, sched.consultation, at(world.clinic_a, 10))
    client.force_login(world.other_clinic_practitioner)
    body = client.get(CALENDAR).content.decode()
    assert "Mia Stone" not in body
    assert "Beta Clinic" in body


def test_a_practitioner_busy_at_another_clinic_shows_where_not_with_whom(client, world, sched):
    from datetime import time

    from picoclinic.accounts.models import Membership, Role
    from tests.scheduling import factories as f

    # Dr Dora also works at Beta Clinic (Hong Kong) on Wednesday evenings there.
    Membership.objects.create(user=world.doctor, clinic=world.clinic_b, role=Role.DOCTOR)
    visit = f.appointment_type(world.clinic_b, name="Harbour consultation")
    f.opening_hours(world.clinic_b, opens=time(9), closes=time(21))
    f.practitioner(world.doctor, world.clinic_b, types=[visit], starts=time(16), ends=time(20))
    f.room(world.clinic_b, "Harbour room")
    harbour_17 = at(world.clinic_b, 17)  # 10:00 in London
    book(world, visit, harbour_17, clinic=world.clinic_b, patient=world.patient_b)
    client.force_login(world.front_desk)
    body = client.get(CALENDAR).content.decode()
    assert "At Beta Clinic" in body
    assert "Kai Lam" not in body
    # And she cannot be booked at Alpha Clinic at that moment.
    with pytest.raises(errors.SlotUnavailable):
        book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.dora)


def test_a_closed_day_says_so(client, world, sched):
    Closure.objects.create(clinic=world.clinic_a, starts_on=DAY, ends_on=DAY, reason="Refit")
    client.force_login(world.front_desk)
    body = client.get(CALENDAR).content.decode()
    assert "Closed" in body
    assert "Refit" in body


def test_nonsense_days_show_today(client, world, sched):
    client.force_login(world.front_desk)
    for day in ["yesterday", "2031-02-30", "99999-01-01"]:
        response = client.get(f"/schedule/?day={day}")
        assert response.status_code == 200
        assert "Today, Sunday 1 June 2031" in response.content.decode()


def test_patients_cannot_open_the_calendar(client, world):
    client.force_login(world.patient_user)
    assert client.get("/schedule/").status_code == 404
    assert client.get("/schedule/book/").status_code == 404


def test_finding_the_patient_to_book_for(client, world, sched):
    client.force_login(world.front_desk)
    body = client.post("/schedule/book/", {"q": "stone", "day": DAY.isoformat()}).content.decode()
    assert "Mia Stone" in body
    assert f"{_new_url(world.patient_a)}?day={DAY.isoformat()}" in body
    assert "Kai Lam" not in client.post("/schedule/book/", {"q": "lam"}).content.decode()


def test_the_booking_page_offers_free_times_by_practitioner(client, world, sched):
    book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    client.force_login(world.front_desk)
    response = client.get(f"{_new_url(world.patient_a)}?day={DAY.isoformat()}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<legend>Pat Practitioner</legend>" in body
    assert "<legend>Dr Dora</legend>" in body
    sam_10 = f'value="{at(world.clinic_a, 10).isoformat()}|{sched.sam.pk}"'
    dora_10 = f'value="{at(world.clinic_a, 10).isoformat()}|{sched.dora.pk}"'
    assert sam_10 not in body
    assert dora_10 in body


def test_booking_from_the_page_and_a_second_try_at_the_same_time(client, world, sched):
    client.force_login(world.front_desk)
    response = client.post(_new_url(world.patient_a), _slot(world, sched, 10, sched.sam))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.patient == world.patient_a
    assert appointment.practitioner == sched.sam
    assert response["Location"] == f"/schedule/patients/{world.patient_a.pk}/appointments/"
    # A colleague had the same page open for another patient and picks the same time.
    response = client.post(_new_url(world.other_patient_a), _slot(world, sched, 10, sched.sam))
    assert response.status_code == 200
    assert errors.SLOT_UNAVAILABLE in response.content.decode()
    assert Appointment.objects.count() == 1


def test_a_garbled_time_is_a_message_not_a_500(client, world, sched):
    client.force_login(world.front_desk)
    data = _slot(world, sched, 10, sched.sam) | {"slot": "tomorrow|x"}
    response = client.post(_new_url(world.patient_a), data)
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()


def test_cancel_check_in_and_no_show_from_the_pages(client, world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    base = f"/schedule/patients/{world.patient_a.pk}/appointments/{appointment.pk}"
    client.force_login(world.front_desk)
    assert "Cancel this appointment?" in client.get(f"{base}/cancel/").content.decode()
    with time_machine.travel(at(world.clinic_a, 9, 55), tick=False):
        client.force_login(world.front_desk)  # ten days later: a new session
        response = client.post(f"{base}/check-in/", {"next": CALENDAR})
        assert response["Location"] == CALENDAR
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CHECKED_IN
    client.force_login(world.front_desk)
    response = client.post(f"{base}/cancel/", {"reason": "Felt unwell"})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert response["Location"] == f"/schedule/patients/{world.patient_a.pk}/appointments/"
    # Not again, and an offsite "next" is ignored.
    response = client.post(f"{base}/no-show/", {"next": "https://evil.example/"}, follow=True)
    assert errors.CANNOT_NO_SHOW in response.content.decode()


def test_the_chart_section_lists_upcoming_appointments_in_one_query(world, sched):
    book(world, sched.consultation, at(world.clinic_a, 10))
    cancelled = book(world, sched.consultation, at(world.clinic_a, 11))
    Appointment.objects.filter(pk=cancelled.pk).update(status=AppointmentStatus.CANCELLED)
    request = RequestFactory().get("/")
    request.user = world.front_desk
    with CaptureQueriesContext(connection) as queries:
        section = appointments_chart_section(patient=world.patient_a, request=request)
        html = render_section(section, request)
    assert len(queries.captured_queries) == 1
    assert "Wed 11 Jun 2031, 10:00\u201310:30" in html  # an en dash
    assert "11:00" not in html
    assert f"/schedule/patients/{world.patient_a.pk}/appointments/new/" in html


def test_the_calendar_grid_escapes_what_people_typed(client, world, sched):
    world.patient_a.given_name = '<img src=x onerror="alert(1)">'
    world.patient_a.save()
    book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    client.force_login(world.front_desk)
    body = client.get(CALENDAR).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body


def test_the_day_lists_forms_carry_a_working_csrf_token(world, sched):
    import re

    from django.test import Client

    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.front_desk)
    with time_machine.travel(at(world.clinic_a, 9, 50), tick=False):
        client.force_login(world.front_desk)
        body = client.get(CALENDAR).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        action = f"/schedule/patients/{world.patient_a.pk}/appointments/{appointment.pk}/check-in/"
        assert f'action="{action}"' in body
        response = client.post(action, {"csrfmiddlewaretoken": token, "next": CALENDAR})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "checked_in"


def test_someone_booked_here_without_hours_today_and_a_retired_room_still_show(
    client, world, sched
):
    from picoclinic.scheduling.models import WorkingHours

    book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    appointment = book(world, sched.consultation, at(world.clinic_a, 11), practitioner=sched.dora)
    # Since then: Sam's hours that weekday removed, the room Dora uses retired.
    WorkingHours.objects.filter(practitioner=sched.sam).delete()
    appointment.room.is_active = False
    appointment.room.save()
    client.force_login(world.front_desk)
    calendar = client.get(CALENDAR).context["calendar"]
    names = [c.resource.name for c in calendar.columns]
    assert "Pat Practitioner" in names
    assert appointment.room.name not in names  # retired: no column of its own
    listed = {a.pk: a for a in calendar.appointments}
    assert listed[appointment.pk].room.name == appointment.room.name
    assert listed[appointment.pk].practitioner.name == "Dr Dora"


def test_finding_the_patient_to_book_is_searched_by_post_and_audited(client, world, sched):
    from picoclinic.audit.models import AuditEvent

    client.force_login(world.front_desk)
    response = client.post("/schedule/book/", {"q": "stone", "day": DAY.isoformat()})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Book for Mia" in body
    assert f"?day={DAY.isoformat()}" in body  # the day chosen on the calendar is kept
    searched = AuditEvent.objects.filter(actor=world.front_desk).latest("pk")
    assert searched.summary == "Searched patients: 1 found"
    assert "stone" not in str(searched.changes).lower()
    # A name put in the address is not searched for (it would sit in history and logs).
    assert "Book for Mia" not in client.get("/schedule/book/?q=stone").content.decode()
