"""Front-desk pages: the day calendar, booking for a patient, and changing an appointment.

The calendar is staff-only and always the clinic the user is working in (``request.clinic``);
every patient page fetches the patient (and appointment) through the access helpers.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.audit.opened import audit_searched
from picoclinic.patients.access import patient_get_for_user, patients_for_user
from picoclinic.patients.forms import PatientSearchForm
from picoclinic.patients.selectors import patients_search
from picoclinic.scheduling.access import appointment_get_for_user
from picoclinic.scheduling.availability import available_slots
from picoclinic.scheduling.day_view import calendar_day
from picoclinic.scheduling.errors import BookingError
from picoclinic.scheduling.explain import no_time_reasons
from picoclinic.scheduling.forms import BookingForm
from picoclinic.scheduling.models import Practitioner
from picoclinic.scheduling.selectors import (
    appointment_types_for_desk,
    appointments_of_patient,
    course_items_to_book,
)
from picoclinic.scheduling.services import (
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_mark_no_show,
)
from picoclinic.scheduling.week_view import calendar_week, week_start
from picoclinic.web.http import safe_next

EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)


def day_param(raw: str | None, default: date) -> date:
    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        return default
    return day if EARLIEST_DAY <= day <= LATEST_DAY else default


def _patient_page(patient_id: int) -> str:
    return reverse("scheduling:patient", kwargs={"patient_id": patient_id})


@staff_required(Capability.VIEW_PATIENTS)
def day_calendar(request: StaffHttpRequest):
    today = request.clinic_today
    day = day_param(request.GET.get("day"), today)
    now = timezone.now()
    calendar = calendar_day(clinic=request.clinic, day=day, now=now)
    listed = [a for a in calendar.appointments if a.patient_id or _is_request(a)]
    context = {
        "calendar": calendar,
        "listed": listed,
        "is_practitioner": Practitioner.objects.filter(user=request.user, is_active=True).exists(),
        "day": day,
        "today": today,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "now": now,
    }
    return render(request, "scheduling/day.html", context)


@staff_required(Capability.VIEW_PATIENTS)
def week_calendar(request: StaffHttpRequest):
    today = request.clinic_today
    monday = week_start(day_param(request.GET.get("day"), today))
    context = {
        "calendar": calendar_week(clinic=request.clinic, monday=monday),
        "today": today,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "this_week": week_start(today),
        "previous_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7),
    }
    return render(request, "scheduling/week.html", context)


def _is_request(appointment) -> bool:
    return hasattr(appointment, "booking_request")  # loaded with the appointment


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def book_find_patient(request: StaffHttpRequest):
    # Searched by POST, as on the patient list: the names typed never appear in an address.
    form = PatientSearchForm(request.POST if request.method == "POST" else None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    patients = patients_for_user(request.user, capability=Capability.EDIT_PATIENTS)
    results = list(patients_search(patients=patients, query=query))
    if query:
        audit_searched(request, results)
    day = day_param(request.POST.get("day") or request.GET.get("day"), request.clinic_today)
    context = {"form": form, "query": query, "results": results, "day": day}
    return render(request, "scheduling/book_find.html", context)


@staff_required(Capability.VIEW_PATIENTS)
def patient_appointments(request: StaffHttpRequest, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id)
    now = timezone.now()
    appointments = appointments_of_patient(patient=patient)
    context = {
        "patient": patient,
        "upcoming": [a for a in reversed(appointments) if a.ends_at > now and a.is_active],
        "history": [a for a in appointments if a.ends_at <= now or not a.is_active],
        "courses": course_items_to_book(patient=patient),
        "now": now,
        "today": request.clinic_today,
    }
    return render(request, "scheduling/patient_appointments.html", context)


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def appointment_new(request: StaffHttpRequest, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id, capability=Capability.EDIT_PATIENTS)
    clinic, today = request.clinic, request.clinic_today
    data = request.POST if request.method == "POST" else request.GET
    form = BookingForm(_with_defaults(data, clinic=clinic, today=today), clinic=clinic, today=today)
    refused = ""
    if request.method == "POST" and form.is_valid():
        try:
            starts_at, practitioner = form.chosen_slot()
            appointment = appointment_book(
                actor=request.user,
                clinic=clinic,
                patient=patient,
                appointment_type=form.cleaned_data["appointment_type"],
                starts_at=starts_at,
                practitioner=practitioner,
                notes=form.cleaned_data["notes"],
                site_url=settings.PICOCLINIC_BASE_URL or request.build_absolute_uri("/"),
            )
        except BookingError as exc:
            refused = exc.message
        except ValidationError as exc:  # the picked time could not be read
            refused = " ".join(exc.messages)
        else:
            local = timezone.localtime(appointment.starts_at)
            messages.success(
                request,
                f"Booked: {appointment.appointment_type.name} with {practitioner.name}, "
                f"{local:%A} {local.day} {local:%B} at {local:%H:%M}.",
            )
            return redirect(safe_next(request, _patient_page(patient.pk)))
    groups = _slot_groups(form, clinic) if form.is_valid() else []
    context = {
        "patient": patient,
        "form": form,
        "refused": refused,
        "groups": groups,
        "no_time_reasons": _no_time_reasons(form, clinic) if form.is_valid() and not groups else [],
        "next": safe_next(request, ""),
    }
    return render(request, "scheduling/book.html", context)


def _no_time_reasons(form: BookingForm, clinic) -> list[str]:
    return no_time_reasons(
        clinic=clinic,
        appointment_type=form.cleaned_data["appointment_type"],
        day=form.cleaned_data["day"],
        practitioner=form.cleaned_data.get("practitioner"),
    )


def _with_defaults(data, *, clinic, today) -> dict:
    values = {key: data.get(key) for key in data}
    if not values.get("appointment_type"):
        first = appointment_types_for_desk(clinic=clinic).first()
        values["appointment_type"] = first.pk if first else ""
    values.setdefault("day", today.isoformat())
    return values


def _slot_groups(form: BookingForm, clinic) -> list[tuple]:
    """The free times, grouped by practitioner: [(practitioner, [slot, ...]), ...]."""
    chosen = form.cleaned_data.get("practitioner")
    slots = available_slots(
        clinic=clinic,
        appointment_type=form.cleaned_data["appointment_type"],
        day=form.cleaned_data["day"],
        practitioner=chosen,
    )
    groups: dict[int, tuple] = {}
    for slot in slots:
        for practitioner in slot.practitioners:
            groups.setdefault(practitioner.pk, (practitioner, []))[1].append(slot)
    return sorted(groups.values(), key=lambda g: (g[0].name, g[0].pk))


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def appointment_cancel_view(request: StaffHttpRequest, patient_id: int, appointment_id: int):
    appointment = appointment_get_for_user(
        request.user, patient_id, appointment_id, capability=Capability.EDIT_PATIENTS
    )
    back = safe_next(request, _patient_page(patient_id))
    if request.method == "POST":
        try:
            appointment_cancel(
                actor=request.user,
                appointment=appointment,
                reason=request.POST.get("reason", "")[:200],
            )
        except BookingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Appointment cancelled. The time is free again.")
        return redirect(back)
    context = {"appointment": appointment, "patient": appointment.patient, "back": back}
    return render(request, "scheduling/cancel.html", context)


def _status_action(request, patient_id: int, appointment_id: int, service, done: str):
    appointment = appointment_get_for_user(
        request.user, patient_id, appointment_id, capability=Capability.EDIT_PATIENTS
    )
    back = safe_next(request, _patient_page(patient_id))
    if request.method == "POST":
        try:
            service(actor=request.user, appointment=appointment)
        except BookingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    return redirect(back)


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def appointment_no_show_view(request: StaffHttpRequest, patient_id: int, appointment_id: int):
    return _status_action(
        request, patient_id, appointment_id, appointment_mark_no_show, "Marked as not attended."
    )


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def appointment_check_in_view(request: StaffHttpRequest, patient_id: int, appointment_id: int):
    return _status_action(request, patient_id, appointment_id, appointment_check_in, "Checked in.")
