"""Extending or shortening a course in progress (``plans.course``): the practitioner's request
and the doctor's decision. Refusals are shown with the user's input kept."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import NOT_IN_ROLE, staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.plans import course, errors
from picoclinic.plans.access import course_change_get, plan_get_for_user, plan_item_get
from picoclinic.plans.forms import CourseChangeForm, CourseDecisionForm
from picoclinic.plans.models import CourseChangeStatus, PlanStatus
from picoclinic.plans.pages import user_can
from picoclinic.plans.services import PlanRefused
from picoclinic.plans.views import _plan_url


@staff_required()
@require_http_methods(["GET", "POST"])
def course_change(request: StaffHttpRequest, patient_id: int, plan_id: int, item_id: int):
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    item = plan_item_get(plan, item_id)
    if plan.status != PlanStatus.IN_PROGRESS:
        messages.error(request, errors.ERR_COURSE_NOT_IN_PROGRESS)
        return redirect(_plan_url(plan))
    if not user_can(request.user, plan.clinic, Capability.CONSULT):
        messages.error(request, NOT_IN_ROLE)
        return redirect(_plan_url(plan))
    form = CourseChangeForm(request.POST or None, initial={"sessions": item.sessions})
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = course.course_change_request(
                actor=request.user, item=item, sessions=data["sessions"], reason=data["reason"]
            )
        except PlanRefused as refused:
            refusal = refused
        else:
            if change.status == CourseChangeStatus.APPLIED:
                text = errors.MSG_COURSE_APPLIED.format(
                    sessions=change.sessions_after, version=change.version
                )
                messages.success(request, text)
            else:
                messages.info(request, errors.MSG_COURSE_PENDING)
            return redirect(_plan_url(plan))
    context = {
        "plan": plan,
        "patient": plan.patient,
        "item": item,
        "done": course.sessions_done(item),
        "pending": course.pending_change(plan),
        "high": ((item.estimate or {}).get("sessions") or {}).get("high"),
        "form": form,
        "refusal": refusal,
    }
    return render(request, "plans/course_change.html", context, status=400 if refusal else 200)


@staff_required()
@require_http_methods(["GET", "POST"])
def course_change_decide(request: StaffHttpRequest, patient_id: int, plan_id: int, change_id: int):
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    change = course_change_get(plan, change_id)
    if request.method != "POST":  # a bookmark or a reload: the plan page shows the change
        return redirect(f"{_plan_url(plan)}#course-changes")
    form = CourseDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to approve or decline the change.")
        return redirect(_plan_url(plan))
    data = form.cleaned_data
    try:
        if data["decision"] == "approve":
            done = course.course_change_approve(
                actor=request.user, change=change, comment=data["comment"]
            )
            text = errors.MSG_COURSE_APPLIED.format(
                sessions=done.sessions_after, version=done.version
            )
            messages.success(request, text)
        else:
            course.course_change_decline(actor=request.user, change=change, comment=data["comment"])
            messages.success(request, errors.MSG_COURSE_DECLINED)
    except PlanRefused as refused:
        messages.error(request, refused.message)
    return redirect(_plan_url(plan))
