"""The course summary PDF, for the clinic's staff (from the progress page) and for the patient
(from the portal): the same view, behind the patient's access helper."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone

from picoclinic.accounts.requests import AuthenticatedHttpRequest
from picoclinic.outcomes.summary import (
    course_summary,
    summary_generated,
    summary_pdf,
    summary_plan_allowed,
)
from picoclinic.plans.access import plan_get_for_user
from picoclinic.web.http import client_ip

NOT_STARTED = "A course summary is made once the course has started."


@login_required
def course_summary_pdf(request: AuthenticatedHttpRequest, patient_id: int, plan_id: int):
    """The PDF of one plan's course; generating it is audited (who, which plan)."""
    plan = plan_get_for_user(request.user, patient_id, plan_id)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not summary_plan_allowed(plan):
        messages.info(request, NOT_STARTED)
        if request.membership is None:
            return redirect("portal:home")
        return redirect("photos:progress", patient_id=plan.patient_id)
    today = timezone.localdate(timezone.now(), plan.clinic.zone)
    pdf = summary_pdf(course_summary(plan=plan, today=today))
    summary_generated(actor=request.user, plan=plan, ip_address=client_ip(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"course-summary-{plan.patient.patient_number}-plan-{plan.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
