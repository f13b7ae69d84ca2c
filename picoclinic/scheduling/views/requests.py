"""The front desk's page for an online consultation request: see who asked and for what, then
link it to a patient found by search, or register a new patient prefilled from the request."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.audit.opened import audit_opened
from picoclinic.patients.access import patient_get_for_user, patients_for_user
from picoclinic.patients.duplicates import same_person_candidates
from picoclinic.patients.forms import PatientForm, PatientSearchForm
from picoclinic.patients.selectors import patients_search
from picoclinic.scheduling.access import booking_request_get_for_user
from picoclinic.scheduling.errors import BookingError
from picoclinic.scheduling.online import concern_labels
from picoclinic.scheduling.services.online import booking_request_link, booking_request_register

LINKED = "Linked: the consultation is now {name}'s, on their chart."
REGISTERED = "Registered {name} ({number}) and linked the consultation to them."


def _prefill(booking_request) -> dict:
    return {
        "given_name": booking_request.given_name,
        "family_name": booking_request.family_name,
        "email": booking_request.email,
        "phone": booking_request.phone,
        "date_of_birth": booking_request.date_of_birth,
    }


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def request_view(request: StaffHttpRequest, appointment_id: int):
    booking_request = booking_request_get_for_user(
        request.user, appointment_id, capability=Capability.EDIT_PATIENTS
    )
    appointment = booking_request.appointment
    here = reverse("scheduling:request", kwargs={"appointment_id": appointment_id})
    # Searched by POST (names stay out of addresses); at first, by the requester's family name.
    searching = request.method == "POST" and request.POST.get("action") == "search"
    search = PatientSearchForm(request.POST if searching else {"q": booking_request.family_name})
    query = search.cleaned_data["q"] if search.is_valid() else ""
    register = PatientForm(initial=_prefill(booking_request))
    refused = ""
    if request.method == "POST" and appointment.patient_id is None:
        action = request.POST.get("action")
        try:
            if action == "link":
                patient = _link(request, booking_request)
                messages.success(request, LINKED.format(name=patient.full_name))
                return redirect(reverse("patients:chart", kwargs={"patient_id": patient.pk}))
            if action == "register":
                register = PatientForm(request.POST)
                if register.is_valid():
                    patient = booking_request_register(
                        actor=request.user,
                        booking_request=booking_request,
                        data=register.cleaned_data,
                        site_url=settings.PICOCLINIC_BASE_URL or request.build_absolute_uri("/"),
                    )
                    messages.success(
                        request,
                        REGISTERED.format(name=patient.full_name, number=patient.patient_number),
                    )
                    return redirect(reverse("patients:chart", kwargs={"patient_id": patient.pk}))
        except BookingError as exc:
            refused = exc.message
    patients = patients_for_user(request.user, capability=Capability.EDIT_PATIENTS)
    region = appointment.clinic.country
    results = list(patients_search(patients=patients, query=query, region=region))
    same_person = []
    if appointment.patient_id is None:
        [same_person] = same_person_candidates(
            patients=patients, people=[booking_request.person(region=region)]
        )
    audit_opened(
        request,
        summary=f"Opened online request {booking_request.reference}",
        obj=booking_request,
        patient=appointment.patient,
        changes={"patients": sorted({p.pk for p in results} | {m.patient.pk for m in same_person})},
    )
    context = {
        "booking_request": booking_request,
        "appointment": appointment,
        "concerns": concern_labels(booking_request.concerns),
        "search": search,
        "query": query,
        "results": results,
        "same_person": same_person,
        "register": register,
        "refused": refused,
        "here": here,
    }
    return render(request, "scheduling/request.html", context)


def _link(request, booking_request):
    # The patient comes through the access helper: only someone this user may edit.
    patient = patient_get_for_user(
        request.user, _int(request.POST.get("patient")), capability=Capability.EDIT_PATIENTS
    )
    booking_request_link(actor=request.user, booking_request=booking_request, patient=patient)
    return patient


def _int(raw) -> int:
    try:
        return int(raw or 0)
    except ValueError:
        return 0
