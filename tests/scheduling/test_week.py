"""The week view: a clinic's week by practitioner, room and laser, in a fixed number of
queries, every appointment on its wall-clock day and time across the DST weeks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from picoclinic.scheduling.models import Closure, Leave
from picoclinic.scheduling.services import appointment_cancel
from picoclinic.scheduling.week_view import calendar_week, week_start
from tests.scheduling.helpers import DAY, at, book


def _week(client, day: date):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("scheduling:week") + f"?day={day.isoformat()}")
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def _cell(calendar, name: str, day: date):
    row = next(r for r in calendar.rows if r.resource.name == name)
    return next(c for c in row.cells if c.day == day)


def test_the_week_reads_a_fixed_number_of_queries(client, world, sched):
    client.force_login(world.front_desk)
    book(world, sched.consultation, at(world.clinic_a, 9))
    _, one = _week(client, DAY)
    for offset in range(-2, 5):
        for hour in (10, 11, 12, 14):
            book(world, sched.test_spot, at(world.clinic_a, hour, day=DAY + timedelta(days=offset)))
    response, many = _week(client, DAY)
    # What every signed-in page reads (session, user, clinic context, ...), then the closures,
    # the appointments, their patients' names, leave and downtime (the set-up is cached), the
    # top bar's count of side-effect reports waiting, and the audit entry of the page showing
    # patients' names.
    assert many == one == 9
    assert response.context["calendar"].appointments == 1 + 7 * 4


def test_each_resource_has_a_row_and_each_day_a_column(client, world, sched):
    appointment = book(world, sched.test_spot, at(world.clinic_a, 10), practitioner=sched.sam)
    calendar = calendar_week(clinic=world.clinic_a, monday=week_start(DAY))
    assert [r.resource.name for r in calendar.rows] == [
        "Dr Dora",
        "Pat Practitioner",
        "Room 1",
        "Room 2",
        "PicoWay",
    ]
    assert calendar.days[0] == date(2031, 6, 9)  # a Monday
    assert len(calendar.days) == 7
    (item,) = _cell(calendar, "Pat Practitioner", DAY).items
    assert (item.starts, item.text, item.sub) == ("10:00", "Mia Stone", "Test spot")
    room = appointment.room.name
    assert _cell(calendar, room, DAY).items[0].sub == "Pat Practitioner"
    assert _cell(calendar, "PicoWay", DAY).items[0].sub == "Pat Practitioner · 1064 nm"


def test_cancelled_appointments_are_not_shown(world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    appointment_cancel(actor=world.front_desk, appointment=appointment)
    calendar = calendar_week(clinic=world.clinic_a, monday=week_start(DAY))
    assert calendar.appointments == 0


def test_closures_and_leave_are_noted(world, sched):
    Closure.objects.create(clinic=world.clinic_a, starts_on=DAY, ends_on=DAY, reason="Refit")
    friday = DAY + timedelta(days=2)
    zone = world.clinic_a.zone
    Leave.objects.create(
        practitioner=sched.dora,
        starts_at=datetime.combine(friday, time(0), tzinfo=zone),
        ends_at=datetime.combine(friday + timedelta(days=1), time(0), tzinfo=zone),
    )
    Leave.objects.create(
        practitioner=sched.sam,
        starts_at=datetime.combine(friday, time(14), tzinfo=zone),
        ends_at=datetime.combine(friday, time(18), tzinfo=zone),
    )
    calendar = calendar_week(clinic=world.clinic_a, monday=week_start(DAY))
    assert _cell(calendar, "Room 1", DAY).note == "Closed"
    assert calendar.closed == {DAY: "Refit"}
    assert _cell(calendar, "Dr Dora", friday).note == "On leave"
    assert _cell(calendar, "Pat Practitioner", friday).note == "On leave from 14:00"


@pytest.mark.parametrize(
    ("sunday", "offset_before", "offset_after"),
    [
        (date(2031, 3, 30), 0, 1),  # clocks go forward at 01:00 GMT
        (date(2031, 10, 26), 1, 0),  # clocks go back at 02:00 BST
    ],
)
def test_dst_weeks_keep_every_appointment_on_its_wall_clock_day(
    world, sched, sunday, offset_before, offset_after
):
    clinic = world.clinic_a
    saturday, monday = sunday - timedelta(days=1), sunday + timedelta(days=1)
    with time_machine.travel(datetime(2031, 1, 1, tzinfo=clinic.zone), tick=False):
        for day in (saturday, sunday, monday):
            book(world, sched.consultation, at(clinic, 9, day=day), now=at(clinic, 0, day=day))
            book(world, sched.consultation, at(clinic, 17, day=day), now=at(clinic, 0, day=day))
    calendar = calendar_week(clinic=clinic, monday=week_start(sunday))
    assert calendar.days[-1] == sunday
    for day in (saturday, sunday):
        starts = [i.starts for c in calendar.rows[:2] for i in c.cells[day.weekday()].items]
        assert sorted(starts) == ["09:00", "17:00"], day
    # Monday belongs to the next week, and is there at its wall-clock times too.
    assert calendar.appointments == 4
    following = calendar_week(clinic=clinic, monday=monday)
    starts = [i.starts for r in following.rows[:2] for i in r.cells[0].items]
    assert sorted(starts) == ["09:00", "17:00"]
    # The UTC hour differs before and after the change: 09:00 is 08:00 UTC in summer.
    assert at(clinic, 9, day=saturday).utcoffset() == timedelta(hours=offset_before)
    assert at(clinic, 9, day=monday).utcoffset() == timedelta(hours=offset_after)


def test_week_navigation_and_bad_days(client, world, sched):
    client.force_login(world.front_desk)
    response, _ = _week(client, DAY)
    text = response.content.decode()
    assert "?day=2031-06-02" in text  # previous week
    assert "?day=2031-06-16" in text  # next week
    for junk in ("2026-02-30", "x" * 500, "99999-01-01", ""):
        assert client.get(reverse("scheduling:week") + f"?day={junk}").status_code == 200


def test_staff_only(client, world, sched):
    url = reverse("scheduling:week")
    assert client.get(url).status_code == 302
    client.force_login(world.patient_user)
    assert client.get(url).status_code == 404


def test_other_clinics_staff_see_their_own_clinic(client, world, sched):
    book(world, sched.consultation, at(world.clinic_a, 10))
    client.force_login(world.other_clinic_practitioner)
    response, _ = _week(client, DAY)
    assert response.context["calendar"].clinic == world.clinic_b
    assert "Mia Stone" not in response.content.decode()


def test_laser_downtime_and_leave_show_on_the_day_and_the_week(client, world, sched):
    from picoclinic.scheduling.models import DeviceDowntime, DowntimeKind

    DeviceDowntime.objects.create(
        device=sched.laser,
        kind=DowntimeKind.CALIBRATION,
        starts_at=at(world.clinic_a, 12),
        ends_at=at(world.clinic_a, 13),
    )
    Leave.objects.create(
        practitioner=sched.dora, starts_at=at(world.clinic_a, 9), ends_at=at(world.clinic_a, 11)
    )
    calendar = calendar_week(clinic=world.clinic_a, monday=week_start(DAY))
    assert _cell(calendar, "PicoWay", DAY).note == "Calibration from 12:00"
    assert _cell(calendar, "Dr Dora", DAY).note == "On leave from 09:00"
    client.force_login(world.front_desk)
    body = client.get(reverse("scheduling:day") + f"?day={DAY.isoformat()}").content.decode()
    assert '<span class="cal__fill">Calibration</span>' in body
    assert '<span class="cal__fill">On leave</span>' in body
