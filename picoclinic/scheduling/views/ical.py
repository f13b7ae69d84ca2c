"""iCalendar downloads: a practitioner's private feed (no login: the secret URL is the key),
an appointment's .ics for the patient, and the page where a practitioner manages their link."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import ClinicHttpRequest, StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.patients.decorators import patient_login_required
from picoclinic.patients.requests import PatientHttpRequest
from picoclinic.scheduling.access import appointment_get_for_patient, appointment_get_for_user
from picoclinic.scheduling.ical import (
    appointment_ics,
    calendar_feed_for_token,
    calendar_feed_issue,
    calendar_feed_revoke,
    practitioner_feed_ics,
)
from picoclinic.scheduling.models import CalendarFeed, Practitioner

CALENDAR_TYPE = "text/calendar; charset=utf-8"


@require_GET
def feed(request: ClinicHttpRequest, token: str):
    found = calendar_feed_for_token(token)
    if found is None:
        raise Http404("No such calendar")
    response = HttpResponse(practitioner_feed_ics(found.practitioner), content_type=CALENDAR_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    return response


@staff_required(Capability.VIEW_PATIENTS)
def appointment_ics_view(request: StaffHttpRequest, patient_id: int, appointment_id: int):
    # Access first: to an outsider this URL does not exist, whatever the method.
    appointment = appointment_get_for_user(request.user, patient_id, appointment_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _ics_download(appointment)


@patient_login_required
def my_appointment_ics(request: PatientHttpRequest, appointment_id: int):
    """The portal's "Add to calendar": the logged-in patient's own appointment only."""
    appointment = appointment_get_for_patient(request.patient, appointment_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _ics_download(appointment)


def _ics_download(appointment) -> HttpResponse:
    response = HttpResponse(appointment_ics(appointment), content_type=CALENDAR_TYPE)
    day = appointment.local_day.isoformat()
    response["Content-Disposition"] = f'attachment; filename="appointment-{day}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required()
@require_http_methods(["GET", "POST"])
def my_calendar(request: StaffHttpRequest):
    practitioner = Practitioner.objects.filter(user=request.user, is_active=True).first()
    context = {"practitioner": practitioner, "feed_url": ""}
    if practitioner is not None and request.method == "POST":
        if request.POST.get("action") == "issue":
            token = calendar_feed_issue(actor=request.user, practitioner=practitioner)
            path = reverse("scheduling:feed", kwargs={"token": token})
            context["feed_url"] = request.build_absolute_uri(path)
        else:
            calendar_feed_revoke(actor=request.user, practitioner=practitioner)
    if practitioner is not None:
        context["in_force"] = CalendarFeed.objects.filter(
            practitioner=practitioner, revoked_at__isnull=True
        ).first()
    return render(request, "scheduling/my_calendar.html", context)
