"""The session page and its actions. Each view reaches the session through
``session_get_for_user``, validates with a form and calls one service.

Action URLs answer POST; a GET (a bookmark, a reload) goes back to the session page. A refusal
comes back as a message on the page; a form with errors is shown again with its errors.
Forms on the page post with htmx and swap the page's main region, so the practitioner keeps
their place at the chair; every form works without JavaScript too.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.patients.access import patient_get_for_user
from picoclinic.scheduling.access import appointment_get_for_user
from picoclinic.treatments import errors, pages
from picoclinic.treatments.access import session_get_for_user
from picoclinic.treatments.chart import sessions_chart_section
from picoclinic.treatments.forms import ItemOverrideForm, NotTreatedForm, TickForm
from picoclinic.treatments.screening import baseline_for, outcome_words
from picoclinic.treatments.selectors import carry_forward_entry
from picoclinic.treatments.services import (
    checklist_override,
    checklist_recheck,
    checklist_tick,
    session_confirm_history,
    session_open,
    session_start,
)
from picoclinic.treatments.services.sign import session_not_treated
from picoclinic.web.http import client_ip

STARTED = "Session {number} started: the patient is checked in. Work through the checklist."
TICKED = "Checklist updated."
OVERRIDDEN = "Item passed with your reason; it is kept in the record."
RECHECKED = "Plan approval, consent and open adverse events checked again."
UNCHANGED = "History confirmed unchanged and screened again: {outcome}."
NOT_TREATED = "Session closed as not treated; the appointment is cancelled."
FORM_INVALID = "That was not understood; nothing changed. Please try again."


def render_session(request, session, *, status: int = 200, carried=None, **forms):
    """The session page in the session clinic's time zone, whichever clinic is selected."""
    with timezone.override(session.clinic.zone):
        context = pages.session_page(session, user=request.user, carried=carried, **forms)
        return render(request, "treatments/session.html", context, status=status)


def back(session, anchor: str = ""):
    return redirect(pages.session_url(session, anchor))


def refused(request, session, message: str, anchor: str = ""):
    messages.error(request, message)
    return back(session, anchor)


@staff_required()
def session_list(request: StaffHttpRequest, patient_id: int):
    """Today's treatment appointments to start and every session of the patient."""
    patient = patient_get_for_user(request.user, patient_id)
    section = sessions_chart_section(patient=patient, request=request, limit=200)
    return render(request, "treatments/list.html", {"patient": patient, "section": section})


@staff_required()
def session_begin(request: StaffHttpRequest, patient_id: int, appointment_id: int):
    appointment = appointment_get_for_user(request.user, patient_id, appointment_id)
    if request.method != "POST":
        return redirect("patients:chart", patient_id=appointment.patient_id)
    try:
        session = session_start(actor=request.user, appointment=appointment)
    except errors.TreatmentError as error:
        messages.error(request, error.message)
        return redirect("patients:chart", patient_id=appointment.patient_id)
    messages.success(request, STARTED.format(number=session.session_number))
    return back(session)


@staff_required()
def session_detail(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_open(
        actor=request.user,
        patient_id=patient_id,
        session_id=session_id,
        ip_address=client_ip(request),
    )
    carried = carry_forward_entry(session, request.GET.get("from"))
    return render_session(request, session, carried=carried)


@staff_required()
def checklist_item_tick(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    form = TickForm(request.POST or None)
    if request.method != "POST":
        return back(session, "checklist")
    if not form.is_valid():
        return refused(request, session, FORM_INVALID, "checklist")
    data = form.cleaned_data
    try:
        checklist_tick(
            actor=request.user,
            session=session,
            code=data["code"],
            done=data["done"],
            tanned=data["tanned"],
        )
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "checklist")
    return back(session, "checklist")


@staff_required()
def checklist_item_override(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    form = ItemOverrideForm(request.POST or None)
    if request.method != "POST":
        return back(session, "checklist")
    if not form.is_valid():
        message = errors.REASON_REQUIRED if "reason" in form.errors else FORM_INVALID
        return refused(request, session, message, "checklist")
    data = form.cleaned_data
    try:
        checklist_override(
            actor=request.user, session=session, code=data["code"], reason=data["reason"]
        )
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "checklist")
    messages.success(request, OVERRIDDEN)
    return back(session, "checklist")


@staff_required()
def checklist_check_again(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    if request.method != "POST":
        return back(session, "checklist")
    try:
        checklist_recheck(actor=request.user, session=session)
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "checklist")
    messages.info(request, RECHECKED)
    return back(session, "checklist")


@staff_required()
def history_unchanged(request: StaffHttpRequest, patient_id: int, session_id: int):
    """One tap at the chair: "nothing changed since the last visit" (screened again)."""
    session = session_get_for_user(request.user, patient_id, session_id)
    if request.method != "POST":
        return back(session, "checklist")
    baseline = baseline_for(session)
    try:
        record = session_confirm_history(
            actor=request.user, session=session, history=baseline.history
        )
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "checklist")
    messages.success(request, UNCHANGED.format(outcome=outcome_words(record.overall)))
    return back(session, "checklist")


@staff_required()
def not_treated(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    form = NotTreatedForm(request.POST or None, prefix="not_treated")
    if request.method != "POST":
        return back(session, "sign")
    if not form.is_valid():
        return render_session(request, session, not_treated_form=form)
    try:
        session_not_treated(actor=request.user, session=session, reason=form.cleaned_data["reason"])
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "sign")
    messages.success(request, NOT_TREATED)
    return back(session)
