"""Step 1: resources, hours and appointment types, their rules, and their admin."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from picoclinic.scheduling.models import (
    AppointmentType,
    Device,
    OpeningHours,
    Practitioner,
    Resource,
    ResourceKind,
    Room,
    WorkingHours,
)
from tests.scheduling import factories as f
from tests.scheduling.helpers import at


def test_each_resource_kind_is_one_row_of_the_resource_table(world, sched):
    kinds = dict(Resource.objects.values_list("pk", "kind"))
    assert kinds[sched.room_1.pk] == ResourceKind.ROOM
    assert kinds[sched.laser.pk] == ResourceKind.DEVICE
    assert kinds[sched.sam.pk] == ResourceKind.PRACTITIONER
    # A practitioner is one resource for the organisation, not one per clinic.
    assert sched.sam.clinic_id is None


def test_a_room_belongs_to_a_clinic(world):
    with pytest.raises(ValidationError):
        Room(name="Loose room").full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Room.objects.create(name="Loose room")


def test_laser_details_are_validated(world):
    device = Device(
        clinic=world.clinic_a,
        name="Bad",
        model_name="X",
        wavelengths_nm=["green"],
        handpieces=["magic"],
        cleanup_minutes=7,
    )
    with pytest.raises(ValidationError) as caught:
        device.full_clean()
    assert set(caught.value.message_dict) == {"wavelengths_nm", "handpieces", "cleanup_minutes"}
    assert f.laser(world.clinic_a).delivers(532)
    assert not f.laser(world.clinic_a, "Other", wavelengths=[1064]).delivers(532)


def test_durations_are_whole_steps_and_bounded(world):
    bad = AppointmentType(
        clinic=world.clinic_a,
        name="Odd",
        kind="review",
        duration_minutes=17,
        buffer_after_minutes=500,
    )
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    assert set(caught.value.message_dict) == {"duration_minutes", "buffer_after_minutes"}


def test_a_wavelength_is_only_asked_of_a_type_that_needs_a_laser(world):
    with transaction.atomic(), pytest.raises(IntegrityError):
        f.appointment_type(world.clinic_a, needs_device=False, wavelength_nm=532)


def test_hours_must_end_after_they_start(world):
    with transaction.atomic(), pytest.raises(IntegrityError):
        OpeningHours.objects.create(
            clinic=world.clinic_a, weekday=0, opens=time(18), closes=time(9)
        )


def test_nobody_works_two_overlapping_shifts_even_at_two_clinics(world, sched):
    shift = WorkingHours(
        practitioner=sched.sam, clinic=world.clinic_b, weekday=0, starts=time(17), ends=time(20)
    )
    with pytest.raises(ValidationError, match="overlap"):
        shift.full_clean()
    shift.starts = time(18)
    shift.full_clean()


# --- Admin: clinic admins configure their own clinics only ---------------------------------

ADMIN_MODELS = [
    "openinghours",
    "closure",
    "room",
    "device",
    "appointmenttype",
    "schedulingpolicy",
    "practitioner",
    "leave",
]


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_clinic_admin_opens_each_admin_page(client, world, sched, model):
    client.force_login(world.clinic_admin)
    assert client.get(f"/admin/scheduling/{model}/").status_code == 200
    assert client.get(f"/admin/scheduling/{model}/add/").status_code == 200


def test_clinic_admin_sees_only_their_clinics_rooms(client, world, sched):
    f.room(world.clinic_b, "Harbour room")
    client.force_login(world.clinic_admin)
    body = client.get("/admin/scheduling/room/").content.decode()
    assert "Room 1" in body
    assert "Harbour room" not in body
    client.force_login(world.other_clinic_admin)
    assert client.get(f"/admin/scheduling/room/{sched.room_1.pk}/change/").status_code == 302


def test_clinic_admin_adds_a_room_only_at_their_clinic(client, world):
    client.force_login(world.clinic_admin)
    data = {"name": "Room 9", "is_active": "on"}
    response = client.post("/admin/scheduling/room/add/", data | {"clinic": world.clinic_b.pk})
    assert response.status_code == 200  # the form refuses another clinic
    assert not Room.objects.filter(name="Room 9").exists()
    response = client.post("/admin/scheduling/room/add/", data | {"clinic": world.clinic_a.pk})
    assert response.status_code == 302
    assert Room.objects.get(name="Room 9").kind == ResourceKind.ROOM


def test_saving_a_practitioner_keeps_types_of_other_clinics(client, world, sched):
    # Dr Dora also works at clinic B, whose admin edits her there.
    from picoclinic.accounts.models import Membership, Role

    Membership.objects.create(user=world.doctor, clinic=world.clinic_b, role=Role.DOCTOR)
    harbour_type = f.appointment_type(world.clinic_b, name="Harbour consultation")
    sched.dora.appointment_types.add(harbour_type)
    client.force_login(world.clinic_admin)
    data = _practitioner_form(world.doctor, "Dr Dora", [sched.consultation]) | {"is_active": "on"}
    response = client.post(f"/admin/scheduling/practitioner/{sched.dora.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    dora = Practitioner.objects.get(pk=sched.dora.pk)
    assert set(dora.appointment_types.all()) == {sched.consultation, harbour_type}
    # Her hours at clinic B were not offered to clinic A's admin and are still there.
    assert dora.working_hours.filter(clinic=world.clinic_a).count() == 7


def _practitioner_form(user, name, types) -> dict:
    """The admin's practitioner form with no inline rows ("is_active" left unticked)."""
    return {
        "user": user.pk,
        "name": name,
        "appointment_types": [t.pk for t in types],
        "working_hours-TOTAL_FORMS": "0",
        "working_hours-INITIAL_FORMS": "0",
        "leave-TOTAL_FORMS": "0",
        "leave-INITIAL_FORMS": "0",
    }


def _share_dora(world):
    from picoclinic.accounts.models import Membership, Role

    Membership.objects.create(user=world.doctor, clinic=world.clinic_b, role=Role.DOCTOR)


def test_one_clinics_admin_cannot_deactivate_a_practitioner_shared_with_another(
    client, world, sched
):
    _share_dora(world)
    client.force_login(world.clinic_admin)
    data = _practitioner_form(world.doctor, "Someone Else", [sched.consultation])  # not active
    response = client.post(f"/admin/scheduling/practitioner/{sched.dora.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    dora = Practitioner.objects.get(pk=sched.dora.pk)
    assert dora.is_active
    assert dora.name == sched.dora.name
    # A practitioner of this clinic only is theirs to deactivate.
    sam = sched.sam
    data |= {"user": sam.user_id, "name": sam.name}
    client.post(f"/admin/scheduling/practitioner/{sam.pk}/change/", data)
    assert not Practitioner.objects.get(pk=sam.pk).is_active


def test_one_clinics_admin_cannot_edit_a_shared_practitioners_leave(client, world, sched):
    from datetime import timedelta

    from picoclinic.scheduling.models import Leave

    _share_dora(world)
    starts = at(world.clinic_a, 9)
    leave = Leave.objects.create(
        practitioner=sched.dora, starts_at=starts, ends_at=starts + timedelta(days=2)
    )
    client.force_login(world.clinic_admin)
    url = f"/admin/scheduling/leave/{leave.pk}/change/"
    moved = {
        "practitioner": sched.dora.pk,
        "starts_at_0": "2031-07-01",
        "starts_at_1": "09:00",
        "ends_at_0": "2031-07-02",
        "ends_at_1": "09:00",
        "reason": "moved",
    }
    assert client.post(url, moved).status_code == 403
    assert (
        client.post(f"/admin/scheduling/leave/{leave.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    leave.refresh_from_db()
    assert leave.starts_at == starts
    assert leave.reason == ""
    # Nor add new leave for her.
    add = client.post("/admin/scheduling/leave/add/", moved)
    assert add.status_code == 200  # the form refuses her
    assert Leave.objects.count() == 1
    client.force_login(world.other_clinic_admin)
    assert client.post(url, moved).status_code == 403
    leave.refresh_from_db()
    assert leave.reason == ""
