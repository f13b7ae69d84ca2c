"""Every admin page a clinic admin can open shows only their own clinics' rows.

Walks the admin registry: a model registered later fails here until it says which clinics a row
belongs to (``BELONGS``). Runs on the demo chain, where the doctor works at both clinics and
the clinic admin at one: the audit trail's events about the other clinic's patients, written by
the shared doctor, must stay hidden.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic
from picoclinic.demo import demo_load
from picoclinic.patients.models import Patient


def _member_clinics(user) -> set[int]:
    return set(user.memberships.values_list("clinic_id", flat=True))


def _audit_clinics(event: AuditEvent) -> set[int]:
    # The event's subject decides: its patient's clinic, else the clinic it names.
    if event.patient_id is not None:
        return {event.patient.clinic_id}
    return {event.clinic_id}


BELONGS = {
    "clinics.Clinic": lambda obj: {obj.pk},
    "audit.AuditEvent": _audit_clinics,
    "scheduling.Practitioner": lambda obj: _member_clinics(obj.user) if obj.user_id else set(),
    "scheduling.Leave": lambda obj: (
        _member_clinics(obj.practitioner.user) if obj.practitioner.user_id else set()
    ),
}
# Everything else a clinic admin reaches belongs to the clinic its ``clinic`` field names.
BY_CLINIC_FIELD = lambda obj: {obj.clinic_id}  # noqa: E731


@pytest.fixture
def demo(db):
    demo_load()
    clinic_admin = User.objects.get(email__startswith="admin@")
    # The shared doctor opens a chart at the other clinic.
    doctor = User.objects.get(email__startswith="doctor@")
    patient = Patient.objects.exclude(clinic__in=_member_clinics(clinic_admin)).first()
    audit_record(actor=doctor, action=AuditAction.VIEW, patient=patient, summary="Opened chart")
    return clinic_admin


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_admin_page_a_clinic_admin_reaches_is_scoped_to_their_clinics(demo):
    request = _request(demo)
    theirs = _member_clinics(demo)
    assert Clinic.objects.exclude(pk__in=theirs).exists()  # there is another clinic to hide
    reached = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        label = model._meta.label
        belongs = BELONGS.get(label)
        if belongs is None:
            assert any(f.name == "clinic" for f in model._meta.fields), (
                f"{label}: say in BELONGS which clinics its rows belong to"
            )
            belongs = BY_CLINIC_FIELD
        rows = list(model_admin.get_queryset(request))
        outside = [row.pk for row in rows if not belongs(row) & theirs]
        assert outside == [], f"{label} shows rows of other clinics: {outside}"
        reached.append(label)
    assert "audit.AuditEvent" in reached


def test_the_audit_trail_hides_the_other_clinics_patients_even_by_shared_staff(demo, client):
    doctor = User.objects.get(email__startswith="doctor@")
    theirs = _member_clinics(demo)
    assert _member_clinics(doctor) - theirs  # the doctor works elsewhere too
    elsewhere = AuditEvent.objects.filter(actor=doctor, patient__isnull=False).exclude(
        patient__clinic__in=theirs
    )
    assert elsewhere.exists()
    client.force_login(demo)
    page = client.get("/admin/audit/auditevent/", {"actor": doctor.pk})
    assert page.status_code == 200
    shown = {e.pk for e in page.context["cl"].result_list}
    assert shown.isdisjoint(set(elsewhere.values_list("pk", flat=True)))
    event = elsewhere.first()
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 302
