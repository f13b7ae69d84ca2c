from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone

from picoclinic.accounts.decorators import staff_required
from picoclinic.clinics.selectors import clinic_day_bounds
from picoclinic.home.selectors import (
    clinic_team,
    patients_registered_on,
    recent_charts_for_user,
)
from picoclinic.patients.access import patients_for_user
from picoclinic.patients.forms import PatientSearchForm
from picoclinic.portal.selectors import side_effects_new
from picoclinic.scheduling.selectors import appointments_of_day


def home(request):
    """Send each login to its own start page."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.membership is not None:
        return redirect("home:today")
    return redirect("portal:home")


@staff_required()
def today(request):
    clinic = request.clinic
    start, end = clinic_day_bounds(clinic, request.clinic_today)
    context = {
        "now": timezone.localtime(),
        # First on the page: what patients reported, urgent kinds first (one query).
        "side_effects": side_effects_new(clinic=clinic, user=request.user),
        "appointments": appointments_of_day(clinic=clinic, start=start, end=end),
        "search_form": PatientSearchForm(),
        "recent": recent_charts_for_user(
            user=request.user, clinic=clinic, patients=patients_for_user(request.user)
        ),
        "registered_today": list(
            patients_registered_on(clinic=clinic, day=request.clinic_today)[:20]
        ),
        "team": list(clinic_team(clinic=clinic)),
    }
    return render(request, "home/today.html", context)
