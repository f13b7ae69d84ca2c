"""The database itself refuses a double booking, whatever code writes it (both databases)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from picoclinic.scheduling.models import Appointment, AppointmentStatus, Booking
from picoclinic.scheduling.models.resources import MAX_OCCUPANCY
from picoclinic.scheduling.services.booking import is_overlap_violation
from tests.scheduling.helpers import at, book


def _raw_booking(appointment, resource, starts_at, ends_at, active=True) -> Booking:
    # Straight to the ORM: no service, no lock, no availability check.
    return Booking.objects.create(
        appointment=appointment,
        resource=resource,
        starts_at=starts_at,
        ends_at=ends_at,
        active=active,
    )


def _raw_appointment(world, sched, starts_at) -> Appointment:
    return Appointment.objects.create(
        clinic=world.clinic_a,
        patient=world.other_patient_a,
        appointment_type=sched.consultation,
        kind=sched.consultation.kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        practitioner=sched.sam,
    )


@pytest.fixture
def taken(world, sched):
    """Sam is held 10:00-10:40 by a booked consultation."""
    return book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)


def test_an_overlapping_insert_is_refused(world, sched, taken):
    start = at(world.clinic_a, 10, 20)
    other = _raw_appointment(world, sched, start)
    with transaction.atomic(), pytest.raises(IntegrityError) as caught:
        _raw_booking(other, sched.sam, start, start + timedelta(minutes=30))
    assert is_overlap_violation(caught.value)


def test_touching_ranges_and_other_resources_are_allowed(world, sched, taken):
    start = at(world.clinic_a, 10, 40)  # the first booking ends exactly here: [) ranges
    other = _raw_appointment(world, sched, start)
    _raw_booking(other, sched.sam, start, start + timedelta(minutes=30))
    _raw_booking(other, sched.dora, at(world.clinic_a, 10), at(world.clinic_a, 11))


def test_inactive_bookings_do_not_count_but_cannot_come_back_over_another(world, sched, taken):
    start = at(world.clinic_a, 10, 20)
    other = _raw_appointment(world, sched, start)
    released = _raw_booking(other, sched.sam, start, start + timedelta(minutes=30), active=False)
    released.active = True
    with transaction.atomic(), pytest.raises(IntegrityError):
        released.save()


def test_moving_a_booking_onto_another_is_refused(world, sched, taken):
    start = at(world.clinic_a, 12)
    other = _raw_appointment(world, sched, start)
    moved = _raw_booking(other, sched.sam, start, start + timedelta(minutes=30))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Booking.objects.filter(pk=moved.pk).update(starts_at=at(world.clinic_a, 10, 30))


def test_cancelled_time_can_be_taken_by_raw_insert(world, sched, taken):
    Booking.objects.filter(appointment=taken).update(active=False)
    Appointment.objects.filter(pk=taken.pk).update(status=AppointmentStatus.CANCELLED)
    start = at(world.clinic_a, 10)
    _raw_booking(_raw_appointment(world, sched, start), sched.sam, start, at(world.clinic_a, 11))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
def test_the_sqlite_triggers_survive_a_table_rebuild(transactional_db, world, sched):
    # A later migration that alters the bookings table makes SQLite copy it into a new table;
    # the triggers are rendered from the model's constraint, so they come back with it.
    with connection.schema_editor() as editor:
        editor._remake_table(Booking)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [Booking._meta.db_table],
        )
        assert {row[0] for row in cursor.fetchall()} == {
            "booking_no_overlap_ins",
            "booking_no_overlap_upd",
        }
    book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    other = _raw_appointment(world, sched, at(world.clinic_a, 10))
    with pytest.raises(IntegrityError):
        _raw_booking(other, sched.sam, at(world.clinic_a, 10), at(world.clinic_a, 11))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite trigger's bounded search")
def test_sqlite_refuses_a_booking_longer_than_the_search_bound(world, sched, taken):
    # The trigger only looks back MAX_OCCUPANCY for overlaps; that is safe only because no
    # booking may be longer.
    start = at(world.clinic_a, 0)
    other = _raw_appointment(world, sched, start)
    with transaction.atomic(), pytest.raises(IntegrityError, match="longer than"):
        _raw_booking(other, sched.dora, start, start + MAX_OCCUPANCY + timedelta(minutes=5))
    # At the bound it is fine, and an overlap that starts long before is still caught.
    _raw_booking(other, sched.dora, start, start + MAX_OCCUPANCY)
    late = _raw_appointment(world, sched, start + MAX_OCCUPANCY - timedelta(minutes=30))
    with transaction.atomic(), pytest.raises(IntegrityError, match="overlapping"):
        _raw_booking(
            late,
            sched.dora,
            start + MAX_OCCUPANCY - timedelta(minutes=30),
            start + MAX_OCCUPANCY + timedelta(hours=1),
        )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite trigger's bounded search")
def test_the_sqlite_overlap_search_is_an_index_range_scan(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT 1 FROM scheduling_booking AS other "
            "WHERE other.resource_id = 1 "
            "AND other.starts_at >= datetime('2031-01-01 10:00:00', '-721 minutes') "
            "AND other.starts_at < '2031-01-01 11:00:00' "
            "AND '2031-01-01 10:00:00' < other.ends_at AND other.active"
        )
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    expected = (
        "COVERING INDEX booking_resource_start (resource_id=? AND starts_at>? AND starts_at<?)"
    )
    assert expected in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own constraint")
def test_postgresql_has_the_exclusion_constraint(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s",
            ["booking_no_overlap"],
        )
        (definition,) = cursor.fetchone()
    assert "EXCLUDE USING gist" in definition
    assert "tstzrange(starts_at, ends_at, '[)'::text) WITH &&" in definition
    assert "resource_id WITH =" in definition
    assert "WHERE (active)" in definition
