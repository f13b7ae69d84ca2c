"""The clinic's scheduling set-up is cached per process and retired by any change to it, in
this process or another (the shared version stamp)."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.cache import cache

from picoclinic.scheduling import errors
from picoclinic.scheduling.availability import available_slots
from picoclinic.scheduling.models import Room, SchedulingPolicy, WorkingHours
from picoclinic.scheduling.setup_cache import VERSION_KEY, clinic_setup
from tests.scheduling.helpers import DAY, NOW, at, book


def _starts(world, sched, **kwargs) -> list[str]:
    slots = available_slots(
        clinic=world.clinic_a, appointment_type=sched.consultation, day=DAY, now=NOW, **kwargs
    )
    return [f"{s.starts_at.astimezone(world.clinic_a.zone):%H:%M}" for s in slots]


def test_the_set_up_is_read_once_then_served_from_memory(world, sched, django_assert_num_queries):
    clinic_setup(world.clinic_a)
    with django_assert_num_queries(0):
        assert clinic_setup(world.clinic_a).rooms == [sched.room_1, sched.room_2]


def test_a_policy_saved_in_configuration_applies_at_once(world, sched):
    assert _starts(world, sched)[:2] == ["09:00", "09:15"]
    SchedulingPolicy.objects.update_or_create(clinic=world.clinic_a, defaults={"slot_minutes": 30})
    assert _starts(world, sched)[:2] == ["09:00", "09:30"]


def test_new_working_hours_and_a_retired_room_apply_at_once(world, sched):
    assert "18:00" not in _starts(world, sched, practitioner=sched.sam)
    WorkingHours.objects.filter(practitioner=sched.sam, weekday=DAY.weekday()).delete()
    assert _starts(world, sched, practitioner=sched.sam) == []
    WorkingHours.objects.create(
        practitioner=sched.sam,
        clinic=world.clinic_a,
        weekday=DAY.weekday(),
        starts=time(12),
        ends=time(14),
    )
    assert _starts(world, sched, practitioner=sched.sam)[0] == "12:00"
    for room in Room.objects.all():
        room.is_active = False
        room.save()
    assert _starts(world, sched) == []


def test_a_type_taken_from_a_practitioner_is_refused_at_once(world, sched):
    book(world, sched.consultation, at(world.clinic_a, 9), practitioner=sched.sam)
    sched.sam.appointment_types.remove(sched.consultation)
    with pytest.raises(errors.BookingError) as caught:
        book(world, sched.consultation, at(world.clinic_a, 11), practitioner=sched.sam)
    assert caught.value.message == errors.PRACTITIONER_CANNOT_PERFORM


def test_another_process_change_is_seen_through_the_shared_stamp(world, sched):
    assert _starts(world, sched)[0] == "09:00"
    # Another server process changes the hours (no signal here) and replaces the stamp.
    WorkingHours.objects.filter(clinic=world.clinic_a).update(starts=time(10))
    assert _starts(world, sched)[0] == "09:00"  # this process's copy, until told
    cache.set(VERSION_KEY, "changed elsewhere", timeout=None)
    assert _starts(world, sched)[0] == "10:00"


def test_the_stamp_is_replaced_again_when_the_change_commits(
    world, sched, django_capture_on_commit_callbacks
):
    clinic_setup(world.clinic_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Room.objects.create(clinic=world.clinic_a, name="Room 3")
    before_commit = cache.get(VERSION_KEY)
    for callback in callbacks:
        callback()
    assert cache.get(VERSION_KEY) != before_commit
