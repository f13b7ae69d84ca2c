from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability, role_can
from picoclinic.audit.opened import audit_searched
from picoclinic.patients.access import patient_get_for_user, patients_for_user
from picoclinic.patients.forms import PatientForm, PatientSearchForm
from picoclinic.patients.selectors import chart_sections_for, patients_search
from picoclinic.patients.services import patient_chart_open, patient_create, patient_update
from picoclinic.web.http import client_ip


@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def patient_list(request: StaffHttpRequest):
    # Searched by POST: the names typed never appear in an address (history, logs, referrers).
    form = PatientSearchForm(request.POST if request.method == "POST" else None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = list(
        patients_search(
            patients=patients_for_user(request.user), query=query, region=request.clinic.country
        )
    )
    if query:
        audit_searched(request, results)
    can_import = role_can(request.membership.role, Capability.IMPORT_PATIENTS)
    context = {"form": form, "query": query, "results": results, "can_import": can_import}
    if request.htmx:
        return render(request, "patients/_search_results.html", context)
    return render(request, "patients/list.html", context)


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def patient_new(request: StaffHttpRequest):
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        patient = patient_create(actor=request.user, clinic=request.clinic, data=form.cleaned_data)
        messages.success(request, f"Registered {patient.full_name} as {patient.patient_number}.")
        return redirect("patients:chart", patient_id=patient.pk)
    return render(request, "patients/form.html", {"form": form, "patient": None})


@staff_required(Capability.VIEW_PATIENTS)
def patient_chart(request: StaffHttpRequest, patient_id: int):
    patient = patient_chart_open(
        actor=request.user, patient_id=patient_id, ip_address=client_ip(request)
    )
    today = request.clinic_today
    sections = chart_sections_for(patient=patient, request=request)
    return render(
        request,
        "patients/chart.html",
        {"patient": patient, "age": patient.age_on(today), "sections": sections},
    )


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def patient_edit(request: StaffHttpRequest, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id, capability=Capability.EDIT_PATIENTS)
    form = PatientForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        # The form filled ``patient`` in place; the service compares against the stored row.
        fresh = patient_get_for_user(request.user, patient_id, capability=Capability.EDIT_PATIENTS)
        patient_update(actor=request.user, patient=fresh, data=form.cleaned_data)
        messages.success(request, "Details saved.")
        return redirect("patients:chart", patient_id=patient_id)
    return render(request, "patients/form.html", {"form": form, "patient": patient})
