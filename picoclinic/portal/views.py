from __future__ import annotations

from django.shortcuts import render

from picoclinic.accounts.decorators import patient_login_required


@patient_login_required
def home(request):
    patient = request.patient
    return render(
        request,
        "portal/home.html",
        {"patient": patient, "age": patient.age_on(request.clinic_today)},
    )
