"""Plan pages. Each view reaches the plan through ``plan_get_for_user`` and calls one service.

Action URLs answer POST; a GET (a bookmark, a reload) goes back to the plan page. A role that may
see the plan but not change it (front desk, clinic admin) is sent back with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import NOT_IN_ROLE, staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.patients.access import patient_get_for_user
from picoclinic.plans import errors, services
from picoclinic.plans.access import plan_get_for_user, plan_item_get
from picoclinic.plans.forms import (
    ApproveForm,
    InstructionsForm,
    PlanCreateForm,
    PlanDetailsForm,
    PlanItemForm,
    ReturnForm,
    StopForm,
)
from picoclinic.plans.instructions import plan_instructions
from picoclinic.plans.models import PlanStatus
from picoclinic.plans.pages import plan_page, user_can
from picoclinic.plans.printout import printout_pdf
from picoclinic.plans.selectors import completed_consultations
from picoclinic.plans.services import PlanRefused


def _plan_url(plan) -> str:
    return reverse("plans:detail", kwargs={"patient_id": plan.patient_id, "plan_id": plan.pk})


def _render_plan(request, plan, *, status: int = 200, **extra):
    context = plan_page(plan, user=request.user)
    context |= {
        "approve_form": ApproveForm(initial={"version": plan.version}),
        "instructions_form": InstructionsForm(prefix="instr", instructions=plan_instructions(plan)),
        "return_form": ReturnForm(),
        "stop_form": StopForm(),
    }
    return render(request, "plans/detail.html", context | extra, status=status)


def _form_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@staff_required()
def plan_detail(request: StaffHttpRequest, patient_id: int, plan_id: int):
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    return _render_plan(request, plan)


@staff_required()
@require_http_methods(["GET", "POST"])
def plan_new(request: StaffHttpRequest, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id)
    if not user_can(request.user, patient.clinic, Capability.CONSULT):
        messages.error(request, NOT_IN_ROLE)
        return redirect("patients:chart", patient_id=patient.pk)
    consultations = completed_consultations(patient=patient, limit=20)
    form = PlanCreateForm(
        request.POST or None, consultations=consultations, initial=_preselect(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create_from_consultation(
                actor=request.user, consultation=data["consultation"], details=data
            )
        except PlanRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, errors.MSG_CREATED)
            return redirect(_plan_url(plan))
    context = {"patient": patient, "form": form, "consultations": consultations}
    return render(request, "plans/new.html", context)


def _preselect(request) -> dict:
    wanted = request.GET.get("consultation", "")
    return {"consultation": int(wanted)} if wanted.isdigit() and len(wanted) < 18 else {}


def _may_change(request, plan) -> bool:
    if user_can(request.user, plan.clinic, Capability.CONSULT):
        return True
    messages.error(request, NOT_IN_ROLE)
    return False


def _saved_message(request, plan, before_version: int, before_status: str) -> None:
    if plan.version == before_version:
        messages.info(request, errors.MSG_NO_CHANGE)
    elif before_status != plan.status:
        messages.warning(request, errors.MSG_SAVED_BACK_TO_DRAFT.format(version=plan.version))
    else:
        messages.success(request, errors.MSG_SAVED.format(version=plan.version))


@staff_required()
@require_http_methods(["GET", "POST"])
def plan_item_edit(request: StaffHttpRequest, patient_id: int, plan_id: int, item_id: int):
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    item = plan_item_get(plan, item_id)
    if not _may_change(request, plan):
        return redirect(_plan_url(plan))
    form = PlanItemForm(
        request.POST or None, instance=item, fitzpatrick=plan.consultation.fitzpatrick
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.plan_item_update(actor=request.user, item=item, data=form.cleaned_data)
        except PlanRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            _saved_message(request, saved.plan, plan.version, plan.status)
            return redirect(f"{_plan_url(plan)}#item-{item.pk}")
    context = {"plan": plan, "patient": plan.patient, "item": item, "form": form}
    return render(request, "plans/item_form.html", context)


@staff_required()
@require_http_methods(["GET", "POST"])
def plan_details_edit(request: StaffHttpRequest, patient_id: int, plan_id: int):
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    if not _may_change(request, plan):
        return redirect(_plan_url(plan))
    form = PlanDetailsForm(request.POST or None, instance=plan)
    version, status = plan.version, plan.status
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.plan_details_update(
                actor=request.user, plan=plan, data=form.cleaned_data
            )
        except PlanRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            _saved_message(request, saved, version, status)
            return redirect(_plan_url(plan))
    context = {"plan": plan, "patient": plan.patient, "form": form}
    return render(request, "plans/details_form.html", context)


def _act(request, patient_id: int, plan_id: int, *, run, done: str, form_class=None):
    """Run one state-changing service from a POST; refusals are shown on the plan page."""
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    if request.method != "POST":
        return redirect(_plan_url(plan))
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        name = f"{form_class.__name__[:-4].lower()}_form"
        return _render_plan(request, plan, **{name: form, "open_form": name})
    try:
        result = run(plan, form.cleaned_data if form else {})
    except PlanRefused as refused:
        return _render_plan(request, plan, refusal=refused)
    messages.success(request, done.format(version=getattr(result, "version", plan.version)))
    return redirect(_plan_url(plan))


@staff_required()
@require_http_methods(["GET", "POST"])
def plan_submit(request: StaffHttpRequest, patient_id: int, plan_id: int):
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    if request.method == "POST":
        # The message depends on where the submission went.
        try:
            submitted = services.plan_submit(actor=request.user, plan=plan)
        except PlanRefused as refused:
            return _render_plan(request, plan, refusal=refused)
        approved = submitted.status == PlanStatus.APPROVED
        messages.success(
            request, errors.MSG_APPROVED_ON_SUBMIT if approved else errors.MSG_SUBMITTED_FOR_REVIEW
        )
    return redirect(_plan_url(plan))


@staff_required()
@require_http_methods(["GET", "POST"])
def plan_approve(request: StaffHttpRequest, patient_id: int, plan_id: int):
    """The doctor approves the version they read, with the instructions they set beside it."""
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    if request.method != "POST":
        return redirect(_plan_url(plan))
    form = ApproveForm(request.POST)
    instructions = InstructionsForm(request.POST, prefix="instr")
    if not (form.is_valid() and instructions.is_valid()):
        extra = {"approve_form": form, "instructions_form": instructions}
        return _render_plan(request, plan, status=400, **extra)
    try:
        approval = services.plan_approve(
            actor=request.user,
            plan=plan,
            version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
            instructions=instructions.instructions(),
        )
    except PlanRefused as refused:
        return _render_plan(request, plan, refusal=refused, instructions_form=instructions)
    except ValidationError as error:
        _form_errors(instructions, error)
        return _render_plan(request, plan, status=400, instructions_form=instructions)
    messages.success(request, errors.MSG_APPROVED.format(version=approval.version))
    return redirect(_plan_url(plan))


@staff_required()
@require_http_methods(["GET", "POST"])
def plan_instructions_edit(request: StaffHttpRequest, patient_id: int, plan_id: int):
    """The practitioner writes the doctor's instructions with the plan (a doctor confirms)."""
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    if not _may_change(request, plan):
        return redirect(_plan_url(plan))
    form = InstructionsForm(request.POST or None, instructions=plan_instructions(plan))
    version, status = plan.version, plan.status
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.plan_instructions_set(
                actor=request.user, plan=plan, instructions=form.instructions()
            )
        except PlanRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            _saved_message(request, saved, version, status)
            return redirect(f"{_plan_url(plan)}#instructions")
    context = {"plan": plan, "patient": plan.patient, "form": form}
    return render(request, "plans/instructions_form.html", context)


@staff_required()
@require_http_methods(["GET", "POST"])
def plan_return(request: StaffHttpRequest, patient_id: int, plan_id: int):
    def run(plan, data):
        return services.plan_return(actor=request.user, plan=plan, comment=data["comment"])

    return _act(
        request, patient_id, plan_id, run=run, done=errors.MSG_RETURNED, form_class=ReturnForm
    )


@staff_required()
@require_http_methods(["GET", "POST"])
def plan_start(request: StaffHttpRequest, patient_id: int, plan_id: int):
    def run(plan, data):
        return services.plan_start(actor=request.user, plan=plan)

    return _act(request, patient_id, plan_id, run=run, done=errors.MSG_STARTED)


@staff_required()
@require_http_methods(["GET", "POST"])
def plan_complete(request: StaffHttpRequest, patient_id: int, plan_id: int):
    def run(plan, data):
        return services.plan_complete(actor=request.user, plan=plan)

    return _act(request, patient_id, plan_id, run=run, done=errors.MSG_COMPLETED)


@staff_required()
@require_http_methods(["GET", "POST"])
def plan_stop(request: StaffHttpRequest, patient_id: int, plan_id: int):
    def run(plan, data):
        return services.plan_stop(actor=request.user, plan=plan, reason=data["reason"])

    return _act(request, patient_id, plan_id, run=run, done=errors.MSG_STOPPED, form_class=StopForm)


@staff_required()
def plan_pdf(request: StaffHttpRequest, patient_id: int, plan_id: int):
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    services.plan_printed(actor=request.user, plan=plan)
    pdf = printout_pdf(plan, today=request.clinic_today)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"treatment-plan-{plan.patient.patient_number}-v{plan.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
