"""Booking the rest of a treatment course from its plan: propose, adjust, book all at once."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.patients.access import patient_get_for_user
from picoclinic.scheduling.errors import BookingError
from picoclinic.scheduling.models import AppointmentKind, AppointmentType, Practitioner, Weekday
from picoclinic.scheduling.series import PARTS_OF_DAY, SeriesPreferences, series_propose
from picoclinic.scheduling.services import SessionChoice, plan_ready_for_sessions, series_book
from picoclinic.web.forms import ModelChoiceField
from picoclinic.web.lookup import get_or_404

WHEN_INVALID = "Session {number}: the date and time could not be read."


class SeriesPreferencesForm(forms.Form):
    appointment_type = ModelChoiceField(queryset=None, empty_label=None, label="Type")
    weekdays = forms.TypedMultipleChoiceField(
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Preferred days",
    )
    part_of_day = forms.ChoiceField(
        choices=[(key, value[0]) for key, value in PARTS_OF_DAY.items()],
        initial="any",
        required=False,
        label="Preferred time",
    )
    practitioner = ModelChoiceField(
        queryset=None, required=False, empty_label="As last time, else anyone"
    )

    def __init__(self, data, *, clinic, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["appointment_type"].queryset = _treatment_types(clinic)
        self.fields["practitioner"].queryset = _practitioners(clinic)

    def preferences(self) -> SeriesPreferences:
        data = self.cleaned_data
        return SeriesPreferences(
            weekdays=frozenset(data.get("weekdays") or ()),
            part_of_day=data.get("part_of_day") or "any",
            practitioner=data.get("practitioner"),
        )


def _practitioners(clinic):
    return (
        Practitioner.objects.filter(is_active=True, working_hours__clinic=clinic)
        .distinct()
        .order_by("name", "id")
    )


def _plan_item(patient, item_id: int):
    from picoclinic.plans.models import PlanItem

    return get_or_404(
        PlanItem.objects.select_related("plan", "concern"),
        "No such plan item",
        pk=item_id,
        plan__patient=patient,
    )


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def series_view(request: StaffHttpRequest, patient_id: int, item_id: int):
    patient = patient_get_for_user(request.user, patient_id, capability=Capability.EDIT_PATIENTS)
    item = _plan_item(patient, item_id)
    clinic = request.clinic
    data = (request.POST if request.method == "POST" else request.GET).copy()
    if not data.get("appointment_type"):
        data["appointment_type"] = _first_type(clinic)
    data.setdefault("part_of_day", "any")
    form = SeriesPreferencesForm(data, clinic=clinic)
    context = {"patient": patient, "item": item, "form": form, "blocked": "", "refused": ""}
    try:
        plan_ready_for_sessions(plan=item.plan)
    except BookingError as exc:
        context["blocked"] = exc.message
        return render(request, "scheduling/series.html", context)
    if request.method == "POST" and form.is_valid():
        try:
            booked = series_book(
                actor=request.user,
                clinic=clinic,
                patient=patient,
                plan_item=item,
                appointment_type=form.cleaned_data["appointment_type"],
                sessions=_posted_choices(request.POST, clinic),
            )
        except BookingError as exc:
            context["refused"] = exc.message
        else:
            messages.success(request, f"Booked {len(booked)} sessions of the course.")
            return redirect(reverse("scheduling:patient", kwargs={"patient_id": patient.pk}))
    if form.is_valid():
        proposal = series_propose(
            clinic=clinic,
            plan_item=item,
            appointment_type=form.cleaned_data["appointment_type"],
            preferences=form.preferences(),
        )
        context |= {"proposal": proposal, "practitioners": list(_practitioners(clinic))}
    return render(request, "scheduling/series.html", context)


def _treatment_types(clinic):
    return AppointmentType.objects.filter(
        clinic=clinic, is_active=True, kind=AppointmentKind.TREATMENT
    )


def _first_type(clinic) -> str:
    first = _treatment_types(clinic).first()
    return str(first.pk) if first else ""


def _posted_choices(post, clinic) -> list[SessionChoice]:
    """The sessions ticked on the page, as adjusted: wall-clock times in the clinic's zone."""
    people = {str(p.pk): p for p in _practitioners(clinic)}
    choices = []
    for number in post.getlist("session"):
        when = post.get(f"when_{number}", "")
        try:
            starts_at = datetime.fromisoformat(when).replace(tzinfo=clinic.zone)
            practitioner = people[post.get(f"who_{number}", "")]
            choices.append(SessionChoice(int(number), starts_at, practitioner))
        except (ValueError, KeyError, OverflowError):
            raise BookingError(WHEN_INVALID.format(number=number[:3])) from None
    return choices
