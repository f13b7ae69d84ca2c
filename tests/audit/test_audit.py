from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.audit.services import audit_record


@pytest.fixture
def event(world) -> AuditEvent:
    return audit_record(
        actor=world.doctor,
        action=AuditAction.VIEW,
        summary="Opened chart",
        obj=world.patient_a,
        patient=world.patient_a,
        clinic=world.clinic_a,
    )


def test_entry_names_actor_object_and_time(event, world):
    assert event.actor_label == f"Dr Dora <{world.doctor.email}>"
    assert event.object_type == "patients.Patient"
    assert event.object_id == str(world.patient_a.pk)
    assert event.at is not None


def test_the_application_cannot_change_or_delete_an_entry(event):
    event.summary = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET summary = 'tampered'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_raw_changes(event, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).summary == "Opened chart"


def test_audit_is_written_in_the_same_transaction_as_the_change(world):
    from picoclinic.patients.services import patient_update

    def change_then_fail():
        with transaction.atomic():
            patient_update(actor=world.doctor, patient=world.patient_a, data={"phone": "+44 1"})
            raise RuntimeError("the request failed after the change")

    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        change_then_fail()
    assert AuditEvent.objects.count() == before
    world.patient_a.refresh_from_db()
    assert world.patient_a.phone == "+44 7700 900000"


def test_admin_browses_by_patient_and_has_no_edit_or_delete(client, world, event):
    audit_record(
        actor=world.doctor,
        action=AuditAction.VIEW,
        summary="Opened chart",
        patient=world.other_patient_a,
        clinic=world.clinic_a,
    )
    client.force_login(world.clinic_admin)
    url = "/admin/audit/auditevent/"
    page = client.get(url, {"patient": world.patient_a.pk})
    assert page.status_code == 200
    rows = list(page.context["cl"].result_list)
    assert event in rows
    assert {row.patient for row in rows} == {world.patient_a}
    assert client.get(f"{url}{event.pk}/change/").status_code == 200  # view only
    assert client.post(f"{url}{event.pk}/delete/").status_code == 403
    assert client.get(f"{url}add/").status_code == 403


def test_admin_filters_by_user_and_date(client, world, event):
    client.force_login(world.clinic_admin)
    url = "/admin/audit/auditevent/"
    by_user = client.get(url, {"actor": world.doctor.pk})
    assert event in by_user.context["cl"].result_list
    by_other = client.get(url, {"actor": world.front_desk.pk})
    assert event not in by_other.context["cl"].result_list
    day = event.at
    by_day = client.get(url, {"at__year": day.year, "at__month": day.month, "at__day": day.day})
    assert event in by_day.context["cl"].result_list


def test_clinic_admins_see_only_their_clinics_events(client, world, event):
    client.force_login(world.other_clinic_admin)
    page = client.get("/admin/audit/auditevent/")
    assert event not in page.context["cl"].result_list
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 302


def test_staff_without_admin_role_cannot_open_the_audit_admin(client, world, event):
    client.force_login(world.doctor)
    assert client.get("/admin/audit/auditevent/").status_code == 302  # to the admin login
