from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.patients.decorators import patient_login_required
from picoclinic.patients.requests import PatientHttpRequest
from picoclinic.portal.access import report_get_for_user
from picoclinic.portal.forms import ReportCloseForm, SideEffectForm
from picoclinic.portal.models import URGENT, SideEffectReport
from picoclinic.portal.selectors import portal_sections, report_roles
from picoclinic.portal.services import (
    ReportRefused,
    report_acknowledge,
    report_close,
    side_effect_report,
)

URGENT_CALL = (
    "Please also phone the clinic now on {phone}: this needs to be seen soon. If your eyesight "
    "changes suddenly or an eye is very painful, go to the nearest emergency department."
)


@patient_login_required
def home(request: PatientHttpRequest):
    patient = request.patient  # only ever the logged-in patient's own record
    context = {
        "patient": patient,
        "age": patient.age_on(request.clinic_today),
        "sections": portal_sections(patient=patient),
    }
    return render(request, "portal/home.html", context)


REPORT_SENT = "Thank you. The clinic has your report and will contact you."


@patient_login_required
@require_http_methods(["GET", "POST"])
def side_effect_new(request: PatientHttpRequest):
    """The patient tells the clinic of a side effect (their own record only)."""
    from picoclinic.treatments.selectors import sessions_to_link

    patient = request.patient
    form = SideEffectForm(
        request.POST or None, sessions=sessions_to_link(patient), today=request.clinic_today
    )
    if request.method == "POST" and form.is_valid():
        report = side_effect_report(user=request.user, patient=patient, values=form.cleaned_data)
        messages.success(request, REPORT_SENT)
        if report.urgent:
            messages.warning(request, URGENT_CALL.format(phone=patient.clinic.phone))
        return redirect("portal:side_effects")
    reports = SideEffectReport.objects.filter(patient=patient).select_related("session")[:20]
    context = {"patient": patient, "form": form, "reports": reports, "urgent": URGENT}
    status = 400 if form.errors else 200
    return render(request, "portal/side_effects.html", context, status=status)


@staff_required()
@require_http_methods(["GET", "POST"])
def side_effect_close(request: StaffHttpRequest, patient_id: int, report_id: int):
    report = report_get_for_user(request.user, patient_id, report_id)
    if request.method == "POST":
        form = ReportCloseForm(request.POST)
        try:
            if not form.is_valid():
                raise ReportRefused(form.errors["note"][0])
            report_close(actor=request.user, report=report, note=form.cleaned_data["note"])
        except ReportRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, "Report closed; your note is kept.")
    return redirect("worklist:adverse_events")


@staff_required()
def side_effect_detail(request: StaffHttpRequest, patient_id: int, report_id: int):
    """One report as staff handle it: acknowledge it, record it as an event, or close it."""
    report = report_get_for_user(request.user, patient_id, report_id)
    context = {"report": report, "patient": report.patient, **report_roles(request.user, report)}
    return render(request, "portal/report_detail.html", context)


@staff_required()
def side_effect_acknowledge(request: StaffHttpRequest, patient_id: int, report_id: int):
    report = report_get_for_user(request.user, patient_id, report_id)
    if request.method != "POST":
        return redirect("side_effects:detail", patient_id=report.patient_id, report_id=report.pk)
    try:
        report_acknowledge(actor=request.user, report=report)
    except ReportRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Acknowledged: the clinic can see you have it in hand."))
    return redirect("side_effects:detail", patient_id=report.patient_id, report_id=report.pk)
