"""The consultation workspace and its autosave endpoints.

Every view fetches through ``consultation_get_for_user``; reading needs the patient, writing
needs ``Capability.CONSULT``. A GET on a write endpoint goes back to the workspace. The autosave
endpoints answer htmx with the save indicator, the field errors and the panels that depend on
what was saved (out-of-band swaps), and leave the inputs alone, so typing is never disturbed.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.consultations.access import (
    concern_of,
    consultation_get_for_user,
    may_consult,
    patient_for_consultation,
    reported_item_of,
)
from picoclinic.consultations.forms.concern import ConcernAddForm
from picoclinic.consultations.sections import Section, concern_key, raw_values
from picoclinic.consultations.services import (
    ConsultationError,
    concern_add,
    concern_remove,
    concern_save,
    consultation_complete,
    consultation_open,
    consultation_save_section,
    consultation_start,
)
from picoclinic.consultations.services.reported import reported_item_decide
from picoclinic.consultations.services.screening import consultation_screen
from picoclinic.consultations.workspace import (
    build_workspace,
    concern_form,
    reported_card,
    section_form,
    status_of,
)
from picoclinic.web.http import client_ip

AUTOSAVE_HEADER = "X-Autosave"
ADD_INCOMPLETE = "Choose the concern, the body site and the severity."
CONCERN_REMOVED = "Concern removed."
COMPLETED = "Consultation completed. It is now read-only."
CONSULT = Capability.CONSULT


def _workspace_url(patient_id: int, consultation_id: int, anchor: str = "") -> str:
    url = reverse(
        "consultations:workspace",
        kwargs={"patient_id": patient_id, "consultation_id": consultation_id},
    )
    return f"{url}#{anchor}" if anchor else url


def _back_to_workspace(request, patient_id: int, consultation_id: int, anchor: str = ""):
    """A GET on a write endpoint (or a save without htmx): back to the workspace."""
    consultation_get_for_user(request.user, patient_id, consultation_id)
    return redirect(_workspace_url(patient_id, consultation_id, anchor))


def _workspace(request, consultation):
    editable = may_consult(request, consultation.patient)
    return build_workspace(consultation, today=request.clinic_today, editable=editable)


@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def consultation_new(request: StaffHttpRequest, patient_id: int):
    if request.method == "GET":
        patient_for_consultation(request.user, patient_id)
        return redirect("patients:chart", patient_id=patient_id)
    patient = patient_for_consultation(request.user, patient_id, capability=CONSULT)
    consultation = consultation_start(actor=request.user, patient=patient, clinic=request.clinic)
    return redirect(_workspace_url(patient_id, consultation.pk))


@staff_required(Capability.VIEW_PATIENTS)
def consultation_workspace(request: StaffHttpRequest, patient_id: int, consultation_id: int):
    # Access first: an outsider's POST is a 404 like any other, not a 405 that confirms the id.
    if request.method != "GET":
        consultation_get_for_user(request.user, patient_id, consultation_id)
        return HttpResponseNotAllowed(["GET"])
    consultation = consultation_open(
        actor=request.user,
        patient_id=patient_id,
        consultation_id=consultation_id,
        ip_address=client_ip(request),
    )
    workspace = _workspace(request, consultation)
    return render(request, "consultations/workspace.html", {"ws": workspace})


def _autosaved(request, result, form, key: str):
    """The answer to an autosave: indicator, field errors and the dependent panels."""
    consultation = result.consultation
    if not request.htmx:
        anchor = key.replace(":", "-")
        return redirect(_workspace_url(consultation.patient_id, consultation.pk, anchor))
    context = {
        "ws": _workspace(request, consultation),
        "form": form,
        "status": status_of(key, form, result.saved_at),
        "key": key,
    }
    response = render(request, "consultations/_autosaved.html", context)
    response[AUTOSAVE_HEADER] = "saved" if result.saved else "kept"
    return response


def _refused(request, consultation, error: ConsultationError, anchor: str = ""):
    """A write the consultation refuses: say why, never a 500."""
    if request.htmx:
        response = render(request, "consultations/_refused.html", {"error": error})
        response[AUTOSAVE_HEADER] = "refused"
        return reswap(response, "none")
    for problem in error.problems:
        messages.error(request, problem)
    return redirect(_workspace_url(consultation.patient_id, consultation.pk, anchor))


@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def section_save(request: StaffHttpRequest, patient_id: int, consultation_id: int, section: str):
    if request.method == "GET":
        return _back_to_workspace(request, patient_id, consultation_id, section)
    consultation = consultation_get_for_user(
        request.user, patient_id, consultation_id, capability=CONSULT
    )
    form = section_form(section, data=request.POST, today=request.clinic_today)
    valid = form.is_valid()
    try:
        result = consultation_save_section(
            actor=request.user,
            consultation=consultation,
            section=Section(section),
            raw=raw_values(request.POST),
            values=form.section_values() if valid else None,
        )
    except ConsultationError as error:
        return _refused(request, consultation, error, section)
    return _autosaved(request, result, form, section)


@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def concern_create(request: StaffHttpRequest, patient_id: int, consultation_id: int):
    if request.method == "GET":
        return _back_to_workspace(request, patient_id, consultation_id, "concerns")
    consultation = consultation_get_for_user(
        request.user, patient_id, consultation_id, capability=CONSULT
    )
    form = ConcernAddForm(request.POST)
    if not form.is_valid():
        if not request.htmx:
            messages.error(request, ADD_INCOMPLETE)
            return redirect(_workspace_url(patient_id, consultation_id, "concerns"))
        context = {"add_form": form, "consultation": consultation}
        response = render(request, "consultations/_concern_add.html", context)
        return reswap(retarget(response, "#concern-add"), "outerHTML")
    try:
        concern = concern_add(
            actor=request.user, consultation=consultation, values=form.cleaned_data
        )
    except ConsultationError as error:
        return _refused(request, consultation, error, "concerns")
    if not request.htmx:
        return redirect(_workspace_url(patient_id, consultation_id, f"concern-{concern.pk}"))
    workspace = _workspace(request, consultation)
    card = next(card for card in workspace.cards if card.concern.pk == concern.pk)
    return render(request, "consultations/_concern_added.html", {"ws": workspace, "card": card})


@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def concern_update(
    request: StaffHttpRequest, patient_id: int, consultation_id: int, concern_id: int
):
    if request.method == "GET":
        return _back_to_workspace(request, patient_id, consultation_id, f"concern-{concern_id}")
    consultation = consultation_get_for_user(
        request.user, patient_id, consultation_id, capability=CONSULT
    )
    concern = concern_of(consultation, concern_id)
    form = concern_form(concern, data=request.POST)
    valid = form.is_valid()
    try:
        result = concern_save(
            actor=request.user,
            concern=concern,
            raw=raw_values(request.POST),
            values=form.section_values() if valid else None,
        )
    except ConsultationError as error:
        return _refused(request, consultation, error, f"concern-{concern_id}")
    return _autosaved(request, result, form, concern_key(concern_id))


@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def concern_delete(
    request: StaffHttpRequest, patient_id: int, consultation_id: int, concern_id: int
):
    if request.method == "GET":
        return _back_to_workspace(request, patient_id, consultation_id, "concerns")
    consultation = consultation_get_for_user(
        request.user, patient_id, consultation_id, capability=CONSULT
    )
    concern = concern_of(consultation, concern_id)
    try:
        consultation = concern_remove(actor=request.user, concern=concern)
    except ConsultationError as error:
        return _refused(request, consultation, error, f"concern-{concern_id}")
    if not request.htmx:
        messages.success(request, CONCERN_REMOVED)
        return redirect(_workspace_url(patient_id, consultation_id, "concerns"))
    context = {"ws": _workspace(request, consultation)}
    return render(request, "consultations/_concern_removed.html", context)


@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def screening_run(request: StaffHttpRequest, patient_id: int, consultation_id: int):
    if request.method == "GET":
        return _back_to_workspace(request, patient_id, consultation_id, "screening")
    consultation = consultation_get_for_user(
        request.user, patient_id, consultation_id, capability=CONSULT
    )
    error = None
    try:
        consultation_screen(
            actor=request.user, consultation=consultation, today=request.clinic_today
        )
    except ConsultationError as refused:
        error = refused
    if not request.htmx:
        for problem in error.problems if error else []:
            messages.error(request, problem)
        return redirect(_workspace_url(patient_id, consultation_id, "screening"))
    context = {"ws": _workspace(request, consultation), "screening_error": error}
    return render(request, "consultations/_screened.html", context)


@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def consultation_finish(request: StaffHttpRequest, patient_id: int, consultation_id: int):
    if request.method == "GET":
        return _back_to_workspace(request, patient_id, consultation_id, "complete")
    consultation = consultation_get_for_user(
        request.user, patient_id, consultation_id, capability=CONSULT
    )
    try:
        consultation_complete(
            actor=request.user, consultation=consultation, today=request.clinic_today
        )
    except ConsultationError as error:
        return _refused(request, consultation, error, "complete")
    messages.success(request, COMPLETED)
    return redirect(_workspace_url(patient_id, consultation_id))


@staff_required(Capability.VIEW_PATIENTS)
@require_http_methods(["GET", "POST"])
def reported_decide(request, patient_id: int, consultation_id: int, reported_item_id: int):
    """Confirm or correct one thing the patient reported before the visit."""
    if request.method == "GET":
        return _back_to_workspace(request, patient_id, consultation_id, "reported")
    consultation = consultation_get_for_user(
        request.user, patient_id, consultation_id, capability=CONSULT
    )
    item = reported_item_of(consultation, reported_item_id)
    confirm = request.POST.get("decision") != "corrected"
    card = reported_card(item, data=request.POST if confirm else None)
    if card.concern_form is not None and not card.concern_form.is_valid():
        return _refused(request, consultation, ConsultationError(ADD_INCOMPLETE), "reported")
    values = card.concern_form.cleaned_data if card.concern_form is not None else None
    if values is not None:
        values = {**values, "periocular": bool((item.value or {}).get("periocular"))}
    try:
        reported_item_decide(actor=request.user, item=item, confirm=confirm, concern_values=values)
    except ConsultationError as error:
        return _refused(request, consultation, error, "reported")
    return redirect(_workspace_url(patient_id, consultation_id, "reported"))
