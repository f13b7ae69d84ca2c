"""Step 2: the booking service holds every resource an appointment needs, and refuses clearly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.scheduling import errors
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Booking,
    SchedulingPolicy,
)
from picoclinic.scheduling.services import (
    appointment_cancel,
    appointment_check_in,
    appointment_mark_no_show,
)
from tests import factories
from tests.scheduling import factories as f
from tests.scheduling.helpers import DAY, NOW, at, book


def _held(appointment) -> dict[str, tuple[str, str]]:
    zone = appointment.clinic.zone
    return {
        b.resource.kind: (
            f"{b.starts_at.astimezone(zone):%H:%M}",
            f"{b.ends_at.astimezone(zone):%H:%M}",
        )
        for b in appointment.bookings.select_related("resource")
    }


def test_a_consultation_holds_practitioner_and_room_with_the_buffer(world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.room == sched.room_1  # the first free room, by name
    assert appointment.device is None
    # 30 minutes and 10 minutes after for tidying: both held until 10:40.
    assert _held(appointment) == {"practitioner": ("10:00", "10:40"), "room": ("10:00", "10:40")}


def test_a_test_spot_holds_the_laser_for_its_clean_up(world, sched):
    appointment = book(world, sched.test_spot, at(world.clinic_a, 10), practitioner=sched.sam)
    assert appointment.device == sched.laser
    assert appointment.wavelength_nm == 1064
    assert _held(appointment) == {
        "practitioner": ("09:55", "10:40"),
        "room": ("09:55", "10:40"),
        "device": ("10:00", "10:40"),
    }


def test_the_same_practitioner_twice_is_no_longer_available(world, sched):
    book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    with pytest.raises(errors.SlotUnavailable) as caught:
        book(
            world,
            sched.consultation,
            at(world.clinic_a, 10, 30),  # inside the first one's 10 minutes of tidying
            practitioner=sched.sam,
            patient=world.other_patient_a,
        )
    assert caught.value.message == errors.SLOT_UNAVAILABLE
    assert Appointment.objects.count() == 1


def test_another_practitioner_gets_the_other_room(world, sched):
    book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.sam)
    second = book(world, sched.consultation, at(world.clinic_a, 10), practitioner=sched.dora)
    assert second.room == sched.room_2


def test_with_no_practitioner_named_the_first_free_one_is_taken(world, sched):
    first = book(world, sched.consultation, at(world.clinic_a, 10))
    second = book(world, sched.consultation, at(world.clinic_a, 10))
    assert {first.practitioner, second.practitioner} == {sched.sam, sched.dora}
    with pytest.raises(errors.SlotUnavailable):
        book(world, sched.consultation, at(world.clinic_a, 10))


def test_one_laser_means_one_laser_visit_at_a_time(world, sched):
    book(world, sched.test_spot, at(world.clinic_a, 10), practitioner=sched.sam)
    with pytest.raises(errors.SlotUnavailable):
        book(world, sched.test_spot, at(world.clinic_a, 10, 30), practitioner=sched.dora)
    # 10:40 the laser is clean again.
    book(world, sched.test_spot, at(world.clinic_a, 10, 40), practitioner=sched.dora)


def test_outside_opening_hours_is_refused(world, sched):
    with pytest.raises(errors.SlotUnavailable):
        book(world, sched.consultation, at(world.clinic_a, 17, 45))  # would end 18:15


def test_minimum_notice_is_kept(world, sched):
    SchedulingPolicy.objects.create(clinic=world.clinic_a, min_notice_minutes=120)
    starts_at = at(world.clinic_a, 10)
    with pytest.raises(errors.SlotUnavailable):
        book(world, sched.consultation, starts_at, now=starts_at - timedelta(minutes=90))
    book(world, sched.consultation, starts_at, now=starts_at - timedelta(minutes=120))


def test_booking_is_audited_without_describing_the_patient(world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE,
        object_type="scheduling.Appointment",
        object_id=str(appointment.pk),
    )
    assert event.actor == world.front_desk
    assert event.patient == world.patient_a
    assert event.summary == "Booked consultation"
    assert world.patient_a.family_name not in event.summary


def test_refusals_name_the_reason(world, sched):
    other_type = f.appointment_type(world.clinic_b, name="Harbour consultation")
    with pytest.raises(errors.BookingError, match=errors.TYPE_NOT_OFFERED):
        book(world, other_type, at(world.clinic_a, 10))
    review = f.appointment_type(world.clinic_a, AppointmentKind.REVIEW, name="Review")
    with pytest.raises(errors.BookingError, match=errors.PRACTITIONER_CANNOT_PERFORM):
        book(world, review, at(world.clinic_a, 10), practitioner=sched.sam)
    treatment = f.appointment_type(world.clinic_a, AppointmentKind.TREATMENT, name="Session")
    sched.sam.appointment_types.add(treatment)
    with pytest.raises(errors.BookingError, match=errors.TREATMENT_NEEDS_PLAN):
        book(world, treatment, at(world.clinic_a, 10), practitioner=sched.sam)
    elsewhere = factories.ClinicFactory(
        organisation=factories.OrganisationFactory(slug="other-org", name="Other org")
    )
    stranger = factories.patient(elsewhere)
    with pytest.raises(errors.BookingError, match=errors.PATIENT_ELSEWHERE):
        book(world, sched.consultation, at(world.clinic_a, 10), patient=stranger)
    assert not Appointment.objects.exists()


def test_cancelling_frees_the_time_at_once(world, sched):
    first = book(world, sched.test_spot, at(world.clinic_a, 10), practitioner=sched.sam)
    appointment_cancel(actor=world.front_desk, appointment=first, reason="Patient unwell")
    first.refresh_from_db()
    assert first.status == AppointmentStatus.CANCELLED
    assert first.cancel_reason == "Patient unwell"
    assert not Booking.objects.filter(appointment=first, active=True).exists()
    again = book(
        world,
        sched.test_spot,
        at(world.clinic_a, 10),
        practitioner=sched.sam,
        patient=world.other_patient_a,
    )
    assert again.device == sched.laser
    with pytest.raises(errors.BookingError, match=errors.CANNOT_CANCEL):
        appointment_cancel(actor=world.front_desk, appointment=first)
    assert AuditEvent.objects.filter(summary="Cancelled appointment").count() == 1


def test_no_show_only_once_the_appointment_has_started(world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    with pytest.raises(errors.BookingError, match=errors.CANNOT_NO_SHOW):
        appointment_mark_no_show(actor=world.front_desk, appointment=appointment, now=NOW)
    appointment_mark_no_show(
        actor=world.front_desk, appointment=appointment, now=at(world.clinic_a, 10, 15)
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


def test_check_in_on_the_day(world, sched):
    appointment = book(world, sched.consultation, at(world.clinic_a, 10))
    with pytest.raises(errors.BookingError, match=errors.CANNOT_CHECK_IN_YET):
        appointment_check_in(actor=world.front_desk, appointment=appointment, now=NOW)
    appointment_check_in(
        actor=world.front_desk, appointment=appointment, now=at(world.clinic_a, 9, 50)
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CHECKED_IN
    assert appointment.starts_at.astimezone(world.clinic_a.zone).date() == DAY


def test_a_booking_takes_at_most_ten_queries(transactional_db, world, sched):
    # Given the clinic's set-up already read (by the calendar or an earlier booking)
    book(world, sched.consultation, at(world.clinic_a, 9))
    # When a test spot (practitioner, room and laser) is booked in a real transaction
    with CaptureQueriesContext(connection) as ctx:
        appointment = book(world, sched.test_spot, at(world.clinic_a, 10), practitioner=sched.sam)
    # Then ten statements at most did it all: the locks in id order first, the re-check, the
    # inserts and the audit entry
    statements = [q["sql"] for q in ctx.captured_queries]
    assert len(statements) <= 10, "\n".join(statements)
    locks = [i for i, sql in enumerate(statements) if 'FROM "scheduling_resource"' in sql]
    assert locks
    assert "ORDER BY 1 ASC" in statements[locks[0]]
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in statements[locks[0]]
    audit = [i for i, sql in enumerate(statements) if 'INTO "audit_auditevent"' in sql]
    assert audit
    assert audit[0] > locks[0]
    assert appointment.bookings.count() == 3
    mine = AuditEvent.objects.filter(
        object_type="scheduling.Appointment", object_id=str(appointment.pk)
    )
    assert mine.count() == 1
