"""Step 3: availability from the rows — hours, closures, leave, bookings with buffers, laser
clean-up and downtime, notice — in the clinic's zone and right across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from picoclinic.scheduling.availability import available_slots
from picoclinic.scheduling.models import (
    Closure,
    DeviceDowntime,
    DowntimeKind,
    Leave,
    OpeningHours,
    WorkingHours,
)
from picoclinic.scheduling.setup_cache import setup_changed
from tests.scheduling import factories as f
from tests.scheduling.helpers import DAY, NOW, at, book


def _slots(world, appointment_type, day=DAY, **kwargs):
    return available_slots(
        clinic=kwargs.pop("clinic", world.clinic_a),
        appointment_type=appointment_type,
        day=day,
        now=kwargs.pop("now", NOW),
        **kwargs,
    )


def _times(slots, zone, who=None) -> list[str]:
    return [
        f"{s.starts_at.astimezone(zone):%H:%M}"
        for s in slots
        if who is None or who in s.practitioners
    ]


def test_an_open_day_offers_every_quarter_hour_that_fits(world, sched):
    slots = _slots(world, sched.consultation)
    zone = world.clinic_a.zone
    assert _times(slots, zone)[:3] == ["09:00", "09:15", "09:30"]
    assert _times(slots, zone)[-1] == "17:30"  # 30 minutes must fit before 18:00
    assert len(slots) == 35
    assert slots[0].practitioners == (sched.dora, sched.sam)  # by name
    assert slots[0].rooms == (sched.room_1, sched.room_2)
    assert slots[0].starts_at == datetime(2031, 6, 11, 8, 0, tzinfo=UTC)  # BST


def test_a_booking_and_its_buffer_take_the_practitioner_out(world, sched):
    book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)  # 10:00-10:40
    sam = _times(_slots(world, sched.consultation), world.clinic_a.zone, sched.sam)
    assert "09:15" in sam  # ends 09:45, tidied by 09:55
    for taken in ["09:30", "09:45", "10:00", "10:15", "10:30"]:
        assert taken not in sam
    assert "10:45" in sam
    # Dora is still free at 10:00, and so is room 2.
    dora = _times(_slots(world, sched.consultation), world.clinic_a.zone, sched.dora)
    assert "10:00" in dora


def test_the_laser_is_out_for_its_clean_up_and_downtime(world, sched):
    book(world, sched.test_spot, at(world.clinic_a, 10), practitioner=sched.sam)  # laser to 10:40
    times = _times(_slots(world, sched.test_spot), world.clinic_a.zone)
    assert "10:30" not in times
    assert "10:45" in times
    DeviceDowntime.objects.create(
        device=sched.laser,
        kind=DowntimeKind.CALIBRATION,
        starts_at=at(world.clinic_a, 13),
        ends_at=at(world.clinic_a, 15),
    )
    times = _times(_slots(world, sched.test_spot), world.clinic_a.zone)
    # 12:15 ends 12:45 and is clean by 12:55; 12:30 would still be cleaning at 13:00.
    assert "12:15" in times
    assert "15:00" in times
    assert not any("12:30" <= t < "15:00" for t in times)


def test_only_lasers_with_the_wavelength_count(world, sched):
    assert _slots(world, sched.test_spot, wavelength_nm=1064)
    assert not _slots(world, sched.test_spot, wavelength_nm=755)


def test_working_hours_and_leave_shape_each_practitioner(world, sched):
    WorkingHours.objects.filter(practitioner=sched.sam).update(ends=time(13))
    setup_changed()  # update() sends no signal
    Leave.objects.create(
        practitioner=sched.dora, starts_at=at(world.clinic_a, 0), ends_at=at(world.clinic_a, 12)
    )
    slots = _slots(world, sched.consultation)
    zone = world.clinic_a.zone
    assert _times(slots, zone, sched.sam)[-1] == "12:30"
    assert _times(slots, zone, sched.dora)[0] == "12:00"
    assert _times(_slots(world, sched.consultation, practitioner=sched.dora), zone)[0] == "12:00"


def test_closed_days_and_days_without_hours_have_no_slots(world, sched):
    Closure.objects.create(clinic=world.clinic_a, starts_on=DAY, ends_on=DAY, reason="Holiday")
    assert _slots(world, sched.consultation) == []
    assert _slots(world, sched.consultation, day=DAY + timedelta(days=1))
    OpeningHours.objects.filter(clinic=world.clinic_a, weekday=DAY.weekday() + 1).delete()
    assert _slots(world, sched.consultation, day=DAY + timedelta(days=1)) == []


def test_minimum_notice_hides_slots_too_soon(world, sched):
    now = at(world.clinic_a, 12, 5)
    times = _times(_slots(world, sched.consultation, now=now), world.clinic_a.zone)
    assert times[0] == "12:15"
    times = _times(
        _slots(world, sched.consultation, now=now, notice=timedelta(hours=2)),
        world.clinic_a.zone,
    )
    assert times[0] == "14:15"


def test_a_hong_kong_clinic_works_in_its_own_zone(world):
    clinic = world.clinic_b
    f.opening_hours(clinic, opens=time(10), closes=time(19))
    visit = f.appointment_type(clinic, name="Consultation", duration_minutes=45)
    f.practitioner(
        world.other_clinic_practitioner, clinic, types=[visit], starts=time(10), ends=time(19)
    )
    f.room(clinic)
    slots = _slots(world, visit, clinic=clinic)
    assert slots[0].starts_at == datetime(2031, 6, 11, 2, 0, tzinfo=UTC)  # 10:00 HKT
    assert _times(slots, clinic.zone)[-1] == "18:15"


# --- Across DST (Europe/London) ------------------------------------------------------------


@pytest.fixture
def night_clinic(world, sched):
    """Clinic A, and its practitioners, 00:00-04:00 as well: the hours the clocks change."""
    OpeningHours.objects.all().delete()
    WorkingHours.objects.all().delete()
    f.opening_hours(world.clinic_a, opens=time(0), closes=time(4))
    for person in (sched.sam, sched.dora):
        WorkingHours.objects.bulk_create(
            WorkingHours(
                practitioner=person, clinic=world.clinic_a, weekday=d, starts=time(0), ends=time(4)
            )
            for d in range(7)
        )
    setup_changed()  # bulk_create sends no signal
    return world.clinic_a


def test_spring_forward_has_no_one_oclock_and_one_hour_less(world, sched, night_clinic):
    day = date(2026, 3, 29)  # 01:00 GMT becomes 02:00 BST
    slots = _slots(world, sched.consultation, day=day, now=datetime(2026, 3, 1, tzinfo=UTC))
    labels = _times(slots, night_clinic.zone)
    assert not any(label.startswith("01:") for label in labels)
    assert labels[:6] == ["00:00", "00:15", "00:30", "00:45", "02:00", "02:15"]
    assert labels[-1] == "03:30"
    # 00:00 GMT to 04:00 BST is three real hours: 11 half-hour starts a quarter apart.
    assert len(slots) == len({s.starts_at for s in slots}) == 11
    assert slots[-1].ends_at - slots[0].starts_at == timedelta(hours=3)


def test_fall_back_offers_the_repeated_hour_twice(world, sched, night_clinic):
    day = date(2026, 10, 25)  # 02:00 BST becomes 01:00 GMT
    slots = _slots(world, sched.consultation, day=day, now=datetime(2026, 10, 1, tzinfo=UTC))
    labels = _times(slots, night_clinic.zone)
    assert labels.count("01:15") == 2  # once in BST, once in GMT: two different instants
    assert len(slots) == len({s.starts_at for s in slots}) == 19  # five real hours
    assert slots[0].starts_at == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)


def test_ordinary_hours_on_change_days_start_at_the_right_instant(world, sched):
    spring = _slots(
        world, sched.consultation, day=date(2026, 3, 29), now=datetime(2026, 3, 1, tzinfo=UTC)
    )
    autumn = _slots(
        world, sched.consultation, day=date(2026, 10, 25), now=datetime(2026, 10, 1, tzinfo=UTC)
    )
    assert spring[0].starts_at == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # 09:00 BST
    assert autumn[0].starts_at == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)  # 09:00 GMT
    assert len(spring) == len(autumn) == 35


def test_booking_across_the_gap_holds_real_minutes(world, sched, night_clinic):
    starts_at = datetime(2026, 3, 29, 0, 45, tzinfo=night_clinic.zone)
    appointment = book(
        world,
        sched.consultation,
        starts_at,
        practitioner=sched.sam,
        now=datetime(2026, 3, 1, tzinfo=UTC),
    )
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=30)
    assert f"{appointment.ends_at.astimezone(night_clinic.zone):%H:%M}" == "02:15"


# --- A fixed number of queries ----------------------------------------------------------------


def test_queries_do_not_grow_with_bookings(world, sched, django_assert_num_queries):
    # The clinic's set-up is read once (six queries), then a day is one query (closures, leave,
    # downtime and bookings together).
    with django_assert_num_queries(7):
        _slots(world, sched.test_spot)
    with django_assert_num_queries(1):
        _slots(world, sched.test_spot)
    for hour in range(9, 17):
        book(world, sched.test_spot, at(world.clinic_a, hour), practitioner=sched.sam)
        book(world, sched.consultation, at(world.clinic_a, hour, 30), practitioner=sched.dora)
    with django_assert_num_queries(1):
        slots = _slots(world, sched.test_spot)
    assert slots  # Dora is free for a test spot at some point


def test_a_range_of_days_reads_one_query_and_agrees(world, sched, django_assert_num_queries):
    from picoclinic.scheduling.availability import days_plan_load, resources_free_at

    Leave.objects.create(
        practitioner=sched.sam,
        starts_at=at(world.clinic_a, 0, day=DAY + timedelta(days=2)),
        ends_at=at(world.clinic_a, 0, day=DAY + timedelta(days=9)),
    )
    Closure.objects.create(
        clinic=world.clinic_a, starts_on=DAY + timedelta(days=5), ends_on=DAY + timedelta(days=5)
    )
    for offset in (0, 1, 3, 20):
        book(world, sched.test_spot, at(world.clinic_a, 10, day=DAY + timedelta(days=offset)))
    # The set-up is cached by the bookings: closures, leave, downtime and bookings in one read.
    with django_assert_num_queries(1):
        plans = days_plan_load(
            clinic=world.clinic_a,
            appointment_type=sched.test_spot,
            first_day=DAY,
            last_day=DAY + timedelta(days=20),
        )
    for day, plan in plans.items():
        from_range = [s for s in plan.candidate_starts() if resources_free_at(plan, s)]
        one_day = [s.starts_at for s in _slots(world, sched.test_spot, day=day)]
        assert from_range == one_day, day
    assert plans[DAY + timedelta(days=5)].open_windows == []
