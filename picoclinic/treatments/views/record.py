"""Actions that record the treatment and sign it: the history page, settings (with the live
safety check), the response, adverse events, signing, co-signing and addenda."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.consultations.forms.history import HistoryForm, history_initial
from picoclinic.treatments import errors, pages
from picoclinic.treatments.access import entry_get, session_get_for_user
from picoclinic.treatments.forms import AddendumForm, OverrideForm, ResponseForm
from picoclinic.treatments.screening import (
    baseline_for,
    change_labels,
    changed_keys,
    current_history,
    outcome_words,
)
from picoclinic.treatments.selectors import carry_forward_entry
from picoclinic.treatments.services import session_confirm_history
from picoclinic.treatments.services.record import (
    adverse_event_record,
    response_record,
    settings_entry_add,
    settings_entry_delete,
    settings_entry_override,
)
from picoclinic.treatments.services.sign import addendum_add, session_cosign, session_sign
from picoclinic.treatments.views import FORM_INVALID, back, refused, render_session
from picoclinic.web.refusals import refusal_on_form

SCREENED = "History confirmed and screened again: {outcome}."
ENTRY_SAVED = "Settings for {area}, pass {number}, recorded."
ENTRY_OVERRIDDEN = "Setting allowed with your reason; it is kept in the record."
ENTRY_DELETED = "Setting removed."
RESPONSE_SAVED = "Immediate response recorded."
EVENT_SAVED = "Adverse event recorded and linked to the session."
SIGNED = "Session signed and locked. The aftercare goes to the patient now."
SIGNED_COSIGN = SIGNED + " A doctor's co-signature is required."
COSIGNED = "Session co-signed."
ADDENDUM_SAVED = "Addendum added."


@staff_required()
def history_confirm(request: StaffHttpRequest, patient_id: int, session_id: int):
    """The full medical history, to record what changed since the last visit."""
    session = session_get_for_user(request.user, patient_id, session_id)
    if session.is_locked:
        return back(session, "checklist")
    history = current_history(session)
    form = HistoryForm(
        request.POST or None,
        today=session.treated_on,
        initial=history_initial(history) | {"medications": session.medications},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = session_confirm_history(
                actor=request.user,
                session=session,
                history=data["history"],
                medications=data["medications"],
            )
        except errors.TreatmentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, SCREENED.format(outcome=outcome_words(record.overall)))
            return back(session, "checklist")
    baseline = baseline_for(session)
    context = {
        "session": session,
        "patient": session.patient,
        "form": form,
        "baseline": baseline,
        "changes": change_labels(changed_keys(baseline.history, history)),
    }
    return render(request, "treatments/history.html", context)


@staff_required()
def entry_add(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    if request.method != "POST":
        return back(session, "settings")
    form = pages.entry_form_for(session, request.POST)
    if not form.is_valid():
        return render_session(request, session, entry_form=form)
    carried = carry_forward_entry(session, form.cleaned_data.get("carried_from"))
    try:
        entry = settings_entry_add(
            actor=request.user,
            session=session,
            values=form.values(),
            override_reason=form.cleaned_data.get("override_reason") or "",
            carried_from=carried,
        )
    except errors.FieldRefused as error:
        refusal_on_form(form, error)
        return render_session(request, session, entry_form=form)
    except errors.TreatmentError as error:
        form.add_error(None, error.message)
        return render_session(request, session, entry_form=form)
    if entry.needs_override:
        messages.warning(request, errors.SAVED_BLOCKED)
    else:
        messages.success(request, ENTRY_SAVED.format(area=entry.area, number=entry.pass_number))
    return back(session, "settings")


@staff_required()
def entry_check(request: StaffHttpRequest, patient_id: int, session_id: int):
    """The live safety check as values are typed (htmx): the core's findings, saved nowhere."""
    session = session_get_for_user(request.user, patient_id, session_id)
    if request.method != "POST":
        return back(session, "settings")
    form = pages.entry_form_for(session, request.POST)
    checks = list(session.checks.all())
    findings, problem = pages.live_check(session, form, checks)
    context = {
        "findings": findings,
        "findings_error": problem,
        "session": session,
        "is_doctor": Capability.REVIEW_PLANS in pages.roles_at(request.user, session.clinic),
    }
    return render(request, "treatments/_findings_body.html", context)


@staff_required()
def entry_override(request: StaffHttpRequest, patient_id: int, session_id: int, entry_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    entry = entry_get(session, entry_id)
    form = OverrideForm(request.POST or None, prefix=f"override-{entry.pk}")
    if request.method != "POST":
        return back(session, "settings")
    if not form.is_valid():
        return refused(request, session, errors.REASON_REQUIRED, "settings")
    try:
        settings_entry_override(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "settings")
    messages.success(request, ENTRY_OVERRIDDEN)
    return back(session, "settings")


@staff_required()
def entry_delete(request: StaffHttpRequest, patient_id: int, session_id: int, entry_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    entry = entry_get(session, entry_id)
    if request.method != "POST":
        return back(session, "settings")
    try:
        settings_entry_delete(actor=request.user, entry=entry)
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "settings")
    messages.info(request, ENTRY_DELETED)
    return back(session, "settings")


@staff_required()
def response_save(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    if request.method != "POST":
        return back(session, "response")
    form = ResponseForm(request.POST, prefix="response")
    if not form.is_valid():
        return render_session(request, session, response_form=form)
    try:
        response_record(actor=request.user, session=session, values=form.cleaned_data)
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "response")
    messages.success(request, RESPONSE_SAVED)
    return back(session, "response")


@staff_required()
def event_add(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    if request.method != "POST":
        return back(session, "events")
    with timezone.override(session.clinic.zone):  # the onset is typed in the clinic's time
        form = pages.event_form_for(session, request.POST)
        valid = form.is_valid()
    if not valid:
        return render_session(request, session, event_form=form)
    try:
        adverse_event_record(actor=request.user, session=session, values=form.cleaned_data)
    except errors.FieldRefused as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return render_session(request, session, event_form=form)
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "events")
    messages.success(request, EVENT_SAVED)
    return back(session, "events")


@staff_required()
def sign(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    if request.method != "POST":
        return back(session, "sign")
    try:
        signed = session_sign(actor=request.user, session=session)
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "sign")
    messages.success(request, SIGNED_COSIGN if signed.cosign_required else SIGNED)
    return back(session)


@staff_required()
def cosign(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    if request.method != "POST":
        return back(session, "sign")
    try:
        session_cosign(actor=request.user, session=session)
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "sign")
    messages.success(request, COSIGNED)
    return back(session, "sign")


@staff_required()
def addendum(request: StaffHttpRequest, patient_id: int, session_id: int):
    session = session_get_for_user(request.user, patient_id, session_id)
    if request.method != "POST":
        return back(session, "addenda")
    form = AddendumForm(request.POST, prefix="addendum")
    if not form.is_valid():
        if session.is_locked:
            return render_session(request, session, addendum_form=form)
        return refused(request, session, errors.ADDENDUM_BEFORE_SIGNING, "addenda")
    try:
        addendum_add(actor=request.user, session=session, text=form.cleaned_data["text"])
    except errors.TreatmentError as error:
        return refused(request, session, error.message, "addenda")
    messages.success(request, ADDENDUM_SAVED)
    return back(session, "addenda")


__all__ = ["FORM_INVALID"]
