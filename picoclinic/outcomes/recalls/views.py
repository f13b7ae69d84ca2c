"""The recall list for the front desk (/recalls/, patient-independent) and its two actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.outcomes.recalls import RecallRefused, recall_mark
from picoclinic.outcomes.recalls.selectors import RecallState, recall_get_for_clinic, recall_rows
from picoclinic.outcomes.scores.models import RecallStatus
from picoclinic.patients.access import patient_get_for_user

MARKED = "Recall marked {status}."
ACTIONS = {
    "contacted": RecallStatus.CONTACTED,
    "booked": RecallStatus.BOOKED,
    "closed": RecallStatus.CLOSED,
}


@staff_required(Capability.VIEW_PATIENTS)
def recall_index(request: StaffHttpRequest):
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    state = request.GET.get("state", "")
    state = state if state in RecallState.values else ""
    context = {
        "rows": recall_rows(clinic=request.clinic, state=state),
        "states": RecallState.choices,
        "state": state,
    }
    return render(request, "outcomes/recall_list.html", context)


@staff_required(Capability.VIEW_PATIENTS)
@require_POST
def recall_action(request: StaffHttpRequest, recall_id: int, action: str):
    recall = recall_get_for_clinic(request.clinic, recall_id)
    patient_get_for_user(request.user, recall.patient_id)  # the patient's own rules apply too
    if action not in ACTIONS:
        raise Http404("No such action")
    try:
        recall_mark(actor=request.user, recall=recall, status=ACTIONS[action])
    except RecallRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, MARKED.format(status=ACTIONS[action].label.lower()))
    return redirect("recalls:index")
