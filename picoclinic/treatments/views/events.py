"""Adverse events at any time: recorded from the chart or from a follow-up task, resolved later,
acknowledged by a doctor when serious; and the clinic's list of events needing attention.

Every event is reached through ``event_get_for_user``; the onset is typed in the clinic's time.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability, role_can
from picoclinic.patients.access import patient_get_for_user
from picoclinic.treatments import errors, signals
from picoclinic.treatments.access import event_get_for_user
from picoclinic.treatments.adverse import WHY_SERIOUS
from picoclinic.treatments.forms import EventAcknowledgeForm, EventReportForm, EventResolveForm
from picoclinic.treatments.models import AdverseEventSource
from picoclinic.treatments.permissions import roles_at
from picoclinic.treatments.selectors import (
    entries_to_link,
    events_needing_attention,
    sessions_to_link,
)
from picoclinic.treatments.services.events import (
    adverse_event_acknowledge,
    adverse_event_record_after,
    adverse_event_resolve,
)
from picoclinic.web.refusals import Refused, refusal_on_form
from picoclinic.web.signals import ask

RECORDED = "Adverse event recorded."
RECORDED_SERIOUS = "Serious adverse event recorded: the clinic's doctors are notified by e-mail."
RESOLVED = "Resolution recorded."
ACKNOWLEDGED = "Acknowledged; your note is kept in the record."


def _task_of(request, patient):
    """The follow-up task the event is recorded from (``?task=``), the patient's, else 404."""
    raw = request.POST.get("task") or request.GET.get("task") or ""
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Http404("No such task")
    return ask(
        signals.follow_up_task_for_event, user=request.user, patient=patient, task_id=int(raw)
    )


def _side_effect_of(request, patient):
    """The patient's portal report the event is recorded from (``?report=``), else 404."""
    raw = request.POST.get("report") or request.GET.get("report") or ""
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Http404("No such report")
    return ask(
        signals.side_effect_report_for_event,
        user=request.user,
        patient=patient,
        report_id=int(raw),
    )


def _report_form(patient, data=None, *, task=None, report=None) -> EventReportForm:
    sessions = sessions_to_link(patient)
    initial = {"onset_at": timezone.localtime().replace(second=0, microsecond=0)}
    if task is not None:
        initial |= {"source": AdverseEventSource.FOLLOW_UP, "session": task.session_id}
    elif report is not None:
        initial |= {"source": AdverseEventSource.PATIENT_REPORT}
        initial |= ask(signals.side_effect_prefill, report=report)
    else:
        initial |= {"source": AdverseEventSource.PATIENT_REPORT}
        latest = sessions.first()
        initial["session"] = latest.pk if latest else None
    form = EventReportForm(
        data, sessions=sessions, entries=entries_to_link(patient), initial=initial
    )
    if task is not None:
        form.fields["source"].choices = [
            (AdverseEventSource.FOLLOW_UP, AdverseEventSource.FOLLOW_UP.label)
        ]
    return form


@staff_required()
def event_new(request: StaffHttpRequest, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id)
    task = _task_of(request, patient)
    side_effect = None if task is not None else _side_effect_of(request, patient)
    with timezone.override(patient.clinic.zone):  # the onset is typed in the clinic's time
        form = _report_form(patient, request.POST or None, task=task, report=side_effect)
        valid = request.method == "POST" and form.is_valid()
    if valid:
        try:
            event = adverse_event_record_after(
                actor=request.user,
                patient=patient,
                values=form.cleaned_data,
                task=task,
                report=side_effect,
            )
        except Refused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(request, RECORDED_SERIOUS if event.serious else RECORDED)
            if task is not None:
                return redirect("worklist:list")
            return redirect("treatments:event_detail", patient_id=patient.pk, event_id=event.pk)
    with timezone.override(patient.clinic.zone):
        context = {
            "patient": patient,
            "form": form,
            "task": task,
            "side_effect": side_effect,
            "why_serious": WHY_SERIOUS,
        }
        return render(request, "treatments/event_form.html", context, status=_status(request, form))


def _status(request, form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


def _detail(request, event, **forms):
    roles = roles_at(request.user, event.clinic)
    context = {
        "event": event,
        "patient": event.patient,
        "can_resolve": Capability.CONSULT in roles and not event.resolved,
        "can_acknowledge": Capability.REVIEW_PLANS in roles and event.awaiting_acknowledgement,
        "resolve_form": forms.get("resolve_form")
        or EventResolveForm(
            initial={"resolved_on": timezone.localdate(timezone.now(), event.clinic.zone)}
        ),
        "acknowledge_form": forms.get("acknowledge_form") or EventAcknowledgeForm(),
        "why_serious": WHY_SERIOUS,
    }
    with timezone.override(event.clinic.zone):
        status = 400 if forms else 200
        return render(request, "treatments/event_detail.html", context, status=status)


def _back(event):
    return redirect("treatments:event_detail", patient_id=event.patient_id, event_id=event.pk)


@staff_required()
def event_detail(request: StaffHttpRequest, patient_id: int, event_id: int):
    return _detail(request, event_get_for_user(request.user, patient_id, event_id))


@staff_required()
def event_resolve(request: StaffHttpRequest, patient_id: int, event_id: int):
    event = event_get_for_user(request.user, patient_id, event_id)
    if request.method != "POST":
        return _back(event)
    form = EventResolveForm(request.POST)
    if not form.is_valid():
        return _detail(request, event, resolve_form=form)
    data = form.cleaned_data
    try:
        adverse_event_resolve(
            actor=request.user, event=event, resolved_on=data["resolved_on"], note=data["note"]
        )
    except errors.FieldRefused as error:
        refusal_on_form(form, error)
        return _detail(request, event, resolve_form=form)
    except errors.TreatmentError as error:
        messages.error(request, error.message)
        return _back(event)
    messages.success(request, RESOLVED)
    return _back(event)


@staff_required()
def event_acknowledge(request: StaffHttpRequest, patient_id: int, event_id: int):
    event = event_get_for_user(request.user, patient_id, event_id)
    if request.method != "POST":
        return _back(event)
    form = EventAcknowledgeForm(request.POST)
    if not form.is_valid():
        return _detail(request, event, acknowledge_form=form)
    try:
        adverse_event_acknowledge(actor=request.user, event=event, note=form.cleaned_data["note"])
    except errors.FieldRefused as error:
        form.add_error("note", error.message)
        return _detail(request, event, acknowledge_form=form)
    except errors.TreatmentError as error:
        messages.error(request, error.message)
        return _back(event)
    messages.success(request, ACKNOWLEDGED)
    return _back(event)


@staff_required()
def events_page(request: StaffHttpRequest):
    """The clinic's open adverse events and serious ones awaiting a doctor, serious first."""
    events = events_needing_attention(clinic=request.clinic, user=request.user)
    context = {
        "events": events,
        "side_effects": ask(
            signals.side_effects_to_handle, clinic=request.clinic, user=request.user
        ),
        "is_doctor": role_can(request.membership.role, Capability.REVIEW_PLANS),
        "why_serious": WHY_SERIOUS,
    }
    return render(request, "treatments/adverse_events.html", context)
