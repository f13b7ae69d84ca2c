from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.middleware import session_mark_refreshed
from picoclinic.accounts.requests import (
    AuthenticatedHttpRequest,
    ClinicHttpRequest,
    StaffHttpRequest,
)
from picoclinic.accounts.roles import Capability, role_can
from picoclinic.audit.opened import audit_opened
from picoclinic.clinics.selectors import clinic_day_bounds
from picoclinic.home.checklist import setup_checklist
from picoclinic.home.forms import FirstRunForm
from picoclinic.home.inbox import inbox_items
from picoclinic.home.selectors import (
    clinic_team,
    clinics_to_set_up,
    patients_registered_on,
    recent_charts_for_user,
    with_questionnaires,
)
from picoclinic.home.services import installation_is_empty, installation_set_up
from picoclinic.patients.access import patients_for_user
from picoclinic.patients.forms import PatientSearchForm
from picoclinic.patients.selectors import patient_for_login
from picoclinic.portal.selectors import side_effects_new
from picoclinic.scheduling.selectors import appointments_of_day, self_service_changes
from picoclinic.web.refusals import Refused, refusal_on_form


def home(request):
    """Send each login to a start page that exists for it."""
    if not request.user.is_authenticated:
        return redirect("first_run" if installation_is_empty() else "accounts:login")
    if request.membership is not None:
        return redirect("home:today")
    if patient_for_login(request.user) is not None:
        return redirect("portal:home")
    return redirect("home:start")


@login_required
def start(request: AuthenticatedHttpRequest):
    """A login that works at no clinic (yet): the owner sees every clinic's set-up checklist
    and the configuration; anyone else is told to ask their clinic."""
    if request.membership is not None:
        return redirect("home:today")
    checklists = [setup_checklist(clinic=c) for c in clinics_to_set_up(user=request.user)]
    return render(request, "home/start.html", {"checklists": checklists})


@require_http_methods(["GET", "POST"])
def first_run(request: ClinicHttpRequest):
    """The first-run page: only while the installation holds no organisation."""
    if not installation_is_empty():
        raise Http404("The installation is set up")
    form = FirstRunForm(request.POST or None, initial={"country": request.GET.get("country", "")})
    if request.method == "POST" and form.is_valid():
        try:
            installation = installation_set_up(**form.service_arguments())
        except Refused as refused:
            refusal_on_form(form, refused)
        else:
            login(request, installation.owner, backend="django.contrib.auth.backends.ModelBackend")
            session_mark_refreshed(request.session)
            return redirect("home:today")
    status = 400 if request.method == "POST" else 200
    return render(request, "home/first_run.html", {"form": form}, status=status)


def _may_configure(request) -> bool:
    return request.user.is_superuser or role_can(
        request.membership.role, Capability.CONFIGURE_CLINIC
    )


SELF_SERVED = timedelta(days=2)


@staff_required()
def today(request: StaffHttpRequest):
    clinic = request.clinic
    start, end = clinic_day_bounds(clinic, request.clinic_today)
    may_configure = _may_configure(request)
    checklist = setup_checklist(clinic=clinic) if may_configure else None
    context = {
        "may_configure": may_configure,
        "now": timezone.localtime(),
        "checklist": checklist if checklist is not None and not checklist.complete else None,
        # First on the page: what patients reported, urgent kinds first (one query).
        "side_effects": side_effects_new(clinic=clinic, user=request.user),
        "appointments": with_questionnaires(
            appointments_of_day(clinic=clinic, start=start, end=end)
        ),
        # Patients' own bookings, moves and cancellations of the last two days (one query).
        "self_service": self_service_changes(clinic=clinic, since=timezone.now() - SELF_SERVED),
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


@staff_required(Capability.EDIT_PATIENTS)
def inbox(request):
    """What came in and needs the front desk, each with what to do next."""
    items = inbox_items(clinic=request.clinic, user=request.user)
    shown = sorted({pk for item in items for pk in item.patient_ids})
    audit_opened(
        request, summary=f"Opened the inbox: {len(items)} items", changes={"patients": shown}
    )
    return render(request, "home/inbox.html", {"items": items})
