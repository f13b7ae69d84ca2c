"""The patient's own appointments: book the next session of a course, move, cancel, ask for an
earlier time, answer an offer; and the reminders' confirm and cancel links (no login).

Thin: the patient's own objects through the access helpers, one service each; a refusal is
shown with the times that are still free, never a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from picoclinic.patients.decorators import patient_login_required
from picoclinic.portal.selfserve.forms import TimeForm
from picoclinic.scheduling.access import (
    appointment_get_for_patient,
    next_session_get_for_patient,
    offer_get_for_patient,
)
from picoclinic.scheduling.errors import BookingError, SlotUnavailable
from picoclinic.scheduling.links import CANCEL, LinkInvalid, link_read
from picoclinic.scheduling.selfserve import (
    move_times,
    move_window,
    notice_hours,
    overview,
    times_in_window,
    within_notice,
)
from picoclinic.scheduling.services.selfserve import (
    offer_accept,
    offer_decline,
    reminder_link_act,
    selfserve_book,
    selfserve_cancel,
    selfserve_move,
    waitlist_join,
    waitlist_leave,
)

BOOKED = _("Booked. We look forward to seeing you.")
MOVED = _("Moved. Your new time is below.")
CANCELLED = _("Cancelled. The time is free for someone else.")
WAITING = _("You are on the waitlist. If an earlier time frees, we will send you a message.")
LEFT = _("You are no longer waiting for an earlier time.")
TAKEN = _("Done: you have the earlier time. Your old time is free for someone else.")
DECLINED = _("Thank you. The time will be offered to someone else; you are still waiting.")


@patient_login_required
def appointments(request):
    """Book, move, cancel: what the patient may do, and when to call instead."""
    context = overview(patient=request.patient, now=timezone.now())
    return render(request, "portal/appointments.html", context)


def _refused_status(refused: BookingError) -> int:
    return 409 if isinstance(refused, SlotUnavailable) else 400


@patient_login_required
@require_http_methods(["GET", "POST"])
def book(request, plan_item_id: int):
    """The next session of a course: the free times in its window; choosing one books it."""
    patient, now = request.patient, timezone.now()
    found = next_session_get_for_patient(patient, plan_item_id, now)
    form, status = TimeForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        try:
            selfserve_book(
                user=request.user,
                patient=patient,
                next_session=found,
                starts_at=form.cleaned_data["starts_at"],
            )
        except BookingError as refused:
            form.add_error(None, refused.message)
            status = _refused_status(refused)
        else:
            messages.success(request, BOOKED)
            return redirect("portal:appointments")
    elif form.errors:
        status = 400
    days = times_in_window(
        clinic=found.plan_item.plan.clinic,
        appointment_type=found.appointment_type,
        window=found.window,
        plan_item=found.plan_item,
        now=timezone.now(),
    )
    context = {
        "patient": patient,
        "next": found,
        "window": found.window,
        "days": days,
        "form": form,
        "clinic": found.plan_item.plan.clinic,
    }
    return render(request, "portal/appointment_book.html", context, status=status)


def _call_page(request, appointment, what: str):
    context = {
        "patient": request.patient,
        "appointment": appointment,
        "clinic": appointment.clinic,
        "hours": notice_hours(appointment.clinic),
        "what": what,
    }
    return render(request, "portal/appointment_call.html", context)


@patient_login_required
@require_http_methods(["GET", "POST"])
def move(request, appointment_id: int):
    patient, now = request.patient, timezone.now()
    appointment = appointment_get_for_patient(patient, appointment_id)
    if within_notice(appointment, now):
        return _call_page(request, appointment, "move")
    form, status = TimeForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        try:
            selfserve_move(
                user=request.user, appointment=appointment, starts_at=form.cleaned_data["starts_at"]
            )
        except BookingError as refused:
            form.add_error(None, refused.message)
            status = _refused_status(refused)
            appointment = appointment_get_for_patient(patient, appointment_id)
        else:
            messages.success(request, MOVED)
            return redirect("portal:appointments")
    elif form.errors:
        status = 400
    context = {
        "patient": patient,
        "appointment": appointment,
        "window": move_window(appointment, now),
        "days": move_times(appointment, timezone.now()),
        "form": form,
        "clinic": appointment.clinic,
    }
    return render(request, "portal/appointment_move.html", context, status=status)


@patient_login_required
@require_http_methods(["GET", "POST"])
def cancel(request, appointment_id: int):
    patient, now = request.patient, timezone.now()
    appointment = appointment_get_for_patient(patient, appointment_id)
    if within_notice(appointment, now):
        return _call_page(request, appointment, "cancel")
    refused = None
    if request.method == "POST":
        try:
            selfserve_cancel(user=request.user, appointment=appointment)
        except BookingError as error:
            refused = error.message
        else:
            messages.success(request, CANCELLED)
            return redirect("portal:appointments")
    context = {"patient": patient, "appointment": appointment, "refused": refused}
    return render(
        request, "portal/appointment_cancel.html", context, status=400 if refused else 200
    )


@patient_login_required
@require_POST
def waitlist(request, appointment_id: int):
    """Join (``join``) or leave the waitlist for an earlier time than this appointment."""
    appointment = appointment_get_for_patient(request.patient, appointment_id)
    try:
        if request.POST.get("action") == "join":
            waitlist_join(user=request.user, appointment=appointment)
            messages.success(request, WAITING)
        else:
            waitlist_leave(user=request.user, appointment=appointment)
            messages.success(request, LEFT)
    except BookingError as refused:
        messages.error(request, refused.message)
    return redirect("portal:appointments")


@patient_login_required
@require_http_methods(["GET", "POST"])
def offer(request, offer_id: int):
    """An earlier time offered from the waitlist: take it or let it go."""
    found = offer_get_for_patient(request.patient, offer_id)
    refused, status = None, 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "accept":
                offer_accept(user=request.user, offer=found)
                messages.success(request, TAKEN)
            else:
                offer_decline(user=request.user, offer=found)
                messages.success(request, DECLINED)
        except BookingError as error:
            refused, status = error.message, _refused_status(error)
        else:
            return redirect("portal:appointments")
    context = {
        "patient": request.patient,
        "offer": found,
        "clinic": found.clinic,
        "open": found.status == "offered" and found.expires_at > timezone.now(),
        "refused": refused,
    }
    return render(request, "portal/offer.html", context, status=status)


@require_http_methods(["GET", "POST"])
def reminder_link(request, token: str):
    """A reminder's confirm or cancel link (no login: the signed token is the key). GET shows
    what it will do; the button (POST) does it, once."""
    now = timezone.now()
    try:
        appointment, kind, _digest = link_read(token, now)
    except LinkInvalid:
        return render(request, "portal/reminder_link.html", {"invalid": True}, status=404)
    context = {"appointment": appointment, "kind": kind, "clinic": appointment.clinic}
    context["cancel"] = kind == CANCEL
    context["inside_notice"] = kind == CANCEL and within_notice(appointment, now)
    context["hours"] = notice_hours(appointment.clinic)
    if request.method == "POST" and not context["inside_notice"]:
        try:
            reminder_link_act(token=token)
        except LinkInvalid:
            return render(request, "portal/reminder_link.html", {"invalid": True}, status=404)
        except BookingError as refused:
            context["refused"] = refused.message
            return render(request, "portal/reminder_link.html", context, status=400)
        context["done"] = True
    return render(request, "portal/reminder_link.html", context)
