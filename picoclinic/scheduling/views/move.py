"""Moving an appointment: pick a new time, see what it changes in the course, then apply."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.scheduling.access import appointment_get_for_user
from picoclinic.scheduling.availability import available_slots
from picoclinic.scheduling.errors import BookingError
from picoclinic.scheduling.models import Practitioner
from picoclinic.scheduling.rescheduling import reschedule_preview
from picoclinic.scheduling.services import SessionChoice, appointment_reschedule
from picoclinic.scheduling.views import day_param


@staff_required(Capability.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def appointment_move(request: StaffHttpRequest, patient_id: int, appointment_id: int):
    appointment = appointment_get_for_user(
        request.user, patient_id, appointment_id, capability=Capability.EDIT_PATIENTS
    )
    data = request.POST if request.method == "POST" else request.GET
    day = day_param(data.get("day"), appointment.local_day)
    chosen = _slot(data.get("slot", ""), appointment.clinic)
    context: dict[str, object] = {
        "appointment": appointment,
        "patient": appointment.patient,
        "day": day,
    }
    if request.method == "POST" and chosen is not None:
        try:
            appointment_reschedule(
                actor=request.user,
                appointment=appointment,
                starts_at=chosen[0],
                practitioner=chosen[1],
                later=_later(data, appointment.clinic),
                override_reason=data.get("override_reason", ""),
            )
        except BookingError as exc:
            context["refused"] = exc.message
        else:
            messages.success(request, "Appointment moved.")
            return redirect(reverse("scheduling:patient", kwargs={"patient_id": patient_id}))
    if chosen is not None:
        context["preview"] = reschedule_preview(
            appointment=appointment, starts_at=chosen[0], practitioner=chosen[1]
        )
        context["slot_value"] = data.get("slot")
        context["chosen_start"], context["chosen_practitioner"] = chosen[0], chosen[1].pk
    context["groups"] = _free_times(appointment, day)
    return render(request, "scheduling/move.html", context)


def _free_times(appointment, day) -> list[tuple]:
    item = appointment.plan_item
    slots = available_slots(
        clinic=appointment.clinic,
        appointment_type=appointment.appointment_type,
        day=day,
        wavelength_nm=item.wavelength_nm if item else None,
        indication=item.concern.indication if item else None,
        ignoring=[appointment.pk],
    )
    groups: dict[int, tuple] = {}
    for slot in slots:
        for practitioner in slot.practitioners:
            groups.setdefault(practitioner.pk, (practitioner, []))[1].append(slot)
    return sorted(groups.values(), key=lambda g: (g[0].name, g[0].pk))


def _slot(raw: str, clinic) -> tuple[datetime, Practitioner] | None:
    """ "<ISO start>|<practitioner id>" as posted by a time chip, or None if unreadable."""
    try:
        when, practitioner_id = raw.split("|")
        starts_at = datetime.fromisoformat(when)
        practitioner = Practitioner.objects.get(pk=int(practitioner_id), is_active=True)
    except (ValueError, OverflowError, Practitioner.DoesNotExist):
        return None
    if timezone.is_naive(starts_at):
        return None
    return starts_at, practitioner


def _later(data, clinic) -> list[SessionChoice]:
    choices = []
    for number in data.getlist("later"):
        found = _slot(data.get(f"later_{number}", ""), clinic)
        if found is not None and number.isdigit():
            choices.append(SessionChoice(int(number), found[0], found[1]))
    return choices
