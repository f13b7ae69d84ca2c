"""The aftercare sheet (staff and the patient's portal), its PDF, and the front desk's work list.

Each view reaches its object through the access helpers; the work list is the user's current
clinic's.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import AuthenticatedHttpRequest, StaffHttpRequest
from picoclinic.accounts.roles import Capability, role_can
from picoclinic.aftercare.access import sheet_get_for_user, task_get_for_user
from picoclinic.aftercare.forms import DoneForm
from picoclinic.aftercare.pdf import sheet_pdf
from picoclinic.aftercare.selectors import Show, worklist, worklist_counts
from picoclinic.aftercare.services import AftercareError, aftercare_pdf_downloaded, task_done

TASK_DONE = "Done: {kind}."


@login_required
def sheet_detail(request: AuthenticatedHttpRequest, patient_id: int, sheet_id: int):
    sheet = sheet_get_for_user(request.user, patient_id, sheet_id)
    context = {
        "sheet": sheet,
        "patient": sheet.patient,
        "content": sheet.content,
        "staff": request.membership is not None,
    }
    return render(request, "aftercare/sheet.html", context)


@login_required
def sheet_download(request: AuthenticatedHttpRequest, patient_id: int, sheet_id: int):
    sheet = sheet_get_for_user(request.user, patient_id, sheet_id)
    aftercare_pdf_downloaded(actor=request.user, sheet=sheet)
    response = HttpResponse(sheet_pdf(sheet), content_type="application/pdf")
    name = f"aftercare-{sheet.treated_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@staff_required()
def worklist_page(request: StaffHttpRequest):
    wanted = request.GET.get("show", Show.OPEN)
    show = wanted if wanted in Show.ALL else Show.OPEN
    today = timezone.localdate()
    clinic = request.clinic
    context = {
        "show": show,
        "views": [(key, Show.LABELS[key]) for key in Show.ALL],
        "counts": worklist_counts(clinic=clinic, today=today),
        "tasks": worklist(clinic=clinic, user=request.user, today=today, show=show),
        "today": today,
        "cosign": _cosign_queue(request),
    }
    return render(request, "aftercare/worklist.html", context)


def _cosign_queue(request) -> list:
    """Doctors see the sessions waiting for their co-signature beside the tasks."""
    if not role_can(request.membership.role, Capability.REVIEW_PLANS):
        return []
    from picoclinic.treatments.selectors import sessions_awaiting_cosign

    return sessions_awaiting_cosign(clinic=request.clinic)


@staff_required()
def task_mark_done(request: StaffHttpRequest, task_id: int):
    task = task_get_for_user(request.user, task_id)
    form = DoneForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("worklist:list")
    try:
        done = task_done(actor=request.user, task=task, note=form.cleaned_data["note"])
    except AftercareError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, TASK_DONE.format(kind=done.get_kind_display().lower()))
    show = form.cleaned_data.get("show") or Show.OPEN
    return redirect(f"{reverse('worklist:list')}?show={show}")
