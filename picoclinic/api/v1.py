"""The JSON API, version 1 (``/api/v1/``), for a clinic's own systems: its website, its
accountant, an integrator. OpenAPI at ``/api/v1/openapi.json``, interactive docs at
``/api/v1/docs`` (served from the vendored django-ninja static files, no CDN).

Every operation goes through the same access helpers and services as the pages: a patient is
fetched with ``patient_get_for_user`` and must belong to one of the token's clinics (anything
else is answered 404, as for an id that does not exist); bookings go through the locking
booking service; every call leaves an audit entry naming the token.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer

from picoclinic.accounts.roles import Capability
from picoclinic.api import schemas
from picoclinic.api.tokens import token_authenticate, token_clinic_ids
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic
from picoclinic.patients.access import patient_get_for_user, patients_for_user
from picoclinic.patients.forms import PatientForm
from picoclinic.patients.selectors import patients_search
from picoclinic.patients.services import patient_create
from picoclinic.scheduling.access import appointment_get_for_user
from picoclinic.scheduling.availability import available_slots
from picoclinic.scheduling.models import AppointmentType, Practitioner
from picoclinic.scheduling.selectors import appointments_of_patient
from picoclinic.scheduling.services import appointment_cancel
from picoclinic.scheduling.services.booking import appointment_book
from picoclinic.web.http import client_ip
from picoclinic.web.ratelimit import Limit, limit_hit
from picoclinic.web.refusals import Refused

# Per token: generous for an integration, a wall for a runaway loop.
PER_TOKEN = Limit(scope="api-token", count=600, seconds=60)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pc_...``; the token's owner acts, within the token's clinics."""

    def authenticate(self, request, token: str):
        found = token_authenticate(token)
        if found is None:
            return None
        if limit_hit(PER_TOKEN, str(found.pk)):
            raise HttpError(429, _("Too many requests for this token: wait a minute."))
        request.user = found.user
        request.api_token = found
        return found


api = NinjaAPI(
    title="picoclinic API",
    version="1",
    description=(
        "A clinic's records for its own systems. Authenticate with a personal API token "
        "(made under “API tokens” in the top bar of the staff pages) as "
        "`Authorization: Bearer pc_...`. "
        "A token reaches only the clinics it names where its owner still works; a token that "
        "may not change records gets 403 on every write."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
    docs_url="/docs",
)


@api.exception_handler(Refused)
def refused(request, error: Refused):
    return api.create_response(request, {"detail": str(error.message)}, status=409)


def _audit(request, summary: str, *, action=AuditAction.VIEW, patient=None, clinic=None) -> None:
    token = request.api_token
    audit_record(
        actor=request.user,
        action=action,
        summary=f"{token.label}: {summary}",
        patient=patient,
        clinic=clinic,
        ip_address=client_ip(request),
    )


def _writes(request) -> None:
    if not request.api_token.can_write:
        raise HttpError(403, _("This token may read only."))


def _clinic(request, clinic_id: int, capability=Capability.VIEW_PATIENTS) -> Clinic:
    if clinic_id not in token_clinic_ids(request.api_token, capability):
        raise Http404
    return Clinic.objects.get(pk=clinic_id)


def _patient(request, patient_id: int, capability=Capability.VIEW_PATIENTS):
    patient = patient_get_for_user(request.user, patient_id, capability=capability)
    if patient.clinic_id not in token_clinic_ids(request.api_token, capability):
        raise Http404
    return patient


me = Router(tags=["token"])
clinics = Router(tags=["clinics"])
patients = Router(tags=["patients"])


@me.get("/me", response=schemas.Me, summary="Who this token acts for, and where")
def who_am_i(request):
    token = request.api_token
    reach = token_clinic_ids(token)
    _audit(request, "read its own scope")
    return {
        "user": request.user.email,
        "token": token.label,
        "can_write": token.can_write,
        "expires_at": token.expires_at,
        "clinics": list(Clinic.objects.filter(pk__in=reach).order_by("name")),
    }


@clinics.get("/", response=list[schemas.ClinicOut], summary="The token's clinics")
def clinic_list(request):
    _audit(request, "listed clinics")
    reach = token_clinic_ids(request.api_token)
    return list(Clinic.objects.filter(pk__in=reach).order_by("name"))


@clinics.get(
    "/{clinic_id}/resources",
    response=schemas.Resources,
    summary="A clinic's practitioners and appointment types",
)
def clinic_resources(request, clinic_id: int):
    clinic = _clinic(request, clinic_id)
    _audit(request, "read a clinic's resources", clinic=clinic)
    return {
        "practitioners": list(_practitioners(clinic).order_by("name")),
        "appointment_types": list(AppointmentType.objects.filter(clinic=clinic, is_active=True)),
    }


@clinics.get(
    "/{clinic_id}/availability",
    response=list[schemas.SlotOut],
    summary="Bookable starts of an appointment type on a day (the clinic's calendar day)",
)
def clinic_availability(request, clinic_id: int, appointment_type_id: int, day: date):
    clinic = _clinic(request, clinic_id)
    appointment_type = _type(clinic, appointment_type_id)
    _audit(request, "read availability", clinic=clinic)
    slots = available_slots(clinic=clinic, appointment_type=appointment_type, day=day)
    return [
        {
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
            "practitioner_ids": [p.pk for p in slot.practitioners],
        }
        for slot in slots
    ]


def _practitioners(clinic: Clinic):
    """The practitioners who work at ``clinic`` (they are the organisation's, not a clinic's)."""
    working = Practitioner.objects.filter(is_active=True, working_hours__clinic=clinic)
    return Practitioner.objects.filter(pk__in=working.values("pk"))


def _type(clinic: Clinic, appointment_type_id: int) -> AppointmentType:
    found = AppointmentType.objects.filter(clinic=clinic, pk=appointment_type_id).first()
    if found is None:
        raise HttpError(422, _("No such appointment type at this clinic."))
    return found


@patients.get("/", response=list[schemas.PatientOut], summary="Find patients")
def patient_search(request, q: str, limit: int = 20):
    """By name, patient number or phone, as the search on the pages (at most 50)."""
    reach = token_clinic_ids(request.api_token)
    found = patients_search(patients=patients_for_user(request.user), query=q.strip()[:100])
    results = [p for p in found if p.clinic_id in reach][: max(1, min(limit, 50))]
    _audit(request, f"searched patients: {len(results)} found")
    return results


@patients.get("/{patient_id}", response=schemas.PatientOut, summary="One patient")
def patient_read(request, patient_id: int):
    patient = _patient(request, patient_id)
    _audit(request, "read a patient", patient=patient)
    return patient


@patients.post("/", response={201: schemas.PatientOut}, summary="Register a patient")
def patient_register(request, payload: schemas.PatientIn):
    _writes(request)
    clinic = _clinic(request, payload.clinic_id, Capability.EDIT_PATIENTS)
    form = PatientForm(data=payload.form_data())
    if not form.is_valid():
        # The same shape as a schema error: one entry per field, the page's own words.
        raise ValidationError(
            [
                {"loc": ["body", "payload", field], "msg": str(message), "type": "value_error"}
                for field, messages in form.errors.items()
                for message in messages
            ]
        )
    patient = patient_create(actor=request.user, clinic=clinic, data=form.cleaned_data)
    _audit(request, "registered a patient", action=AuditAction.CREATE, patient=patient)
    return Status(201, patient)


@patients.get(
    "/{patient_id}/appointments",
    response=list[schemas.AppointmentOut],
    summary="A patient's appointments, latest first",
)
def patient_appointments(request, patient_id: int):
    patient = _patient(request, patient_id)
    _audit(request, "read a patient's appointments", patient=patient)
    return appointments_of_patient(patient=patient)


@patients.post(
    "/{patient_id}/appointments",
    response={201: schemas.AppointmentOut},
    summary="Book an appointment (the same locking booking as the front desk)",
)
def appointment_create(request, patient_id: int, payload: schemas.BookIn):
    _writes(request)
    patient = _patient(request, patient_id, Capability.EDIT_PATIENTS)
    clinic = _clinic(request, payload.clinic_id, Capability.EDIT_PATIENTS)
    practitioner = None
    if payload.practitioner_id is not None:
        practitioner = _practitioners(clinic).filter(pk=payload.practitioner_id).first()
        if practitioner is None:
            raise HttpError(422, _("No such practitioner at this clinic."))
    appointment = appointment_book(
        actor=request.user,
        clinic=clinic,
        patient=patient,
        appointment_type=_type(clinic, payload.appointment_type_id),
        starts_at=_aware(payload.starts_at),
        practitioner=practitioner,
        notes=payload.notes,
    )
    _audit(request, "booked an appointment", action=AuditAction.CREATE, patient=patient)
    return Status(201, appointment)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise HttpError(422, _("Give starts_at with its offset, e.g. 2031-06-11T10:00:00+01:00."))
    return moment


@patients.post(
    "/{patient_id}/appointments/{appointment_id}/cancel",
    response=schemas.AppointmentOut,
    summary="Cancel an appointment",
)
def appointment_cancel_call(
    request, patient_id: int, appointment_id: int, payload: schemas.CancelIn
):
    _writes(request)
    _patient(request, patient_id, Capability.EDIT_PATIENTS)
    appointment = appointment_get_for_user(
        request.user, patient_id, appointment_id, capability=Capability.EDIT_PATIENTS
    )
    appointment = appointment_cancel(
        actor=request.user, appointment=appointment, reason=payload.reason
    )
    _audit(
        request, "cancelled an appointment", action=AuditAction.UPDATE, patient=appointment.patient
    )
    return appointment


api.add_router("/", me)
api.add_router("/clinics", clinics)
api.add_router("/patients", patients)
