"""The doctor's queue: plans and course changes of the current clinic awaiting review."""

from __future__ import annotations

from django.shortcuts import render

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.requests import StaffHttpRequest
from picoclinic.accounts.roles import Capability
from picoclinic.plans.pages import submitted
from picoclinic.plans.selectors import course_changes_awaiting_review, plans_awaiting_review


@staff_required(Capability.REVIEW_PLANS)
def review_queue(request: StaffHttpRequest):
    plans = plans_awaiting_review(clinic=request.clinic, user=request.user)
    rows = [(plan, submitted(plan)) for plan in plans]
    changes = course_changes_awaiting_review(clinic=request.clinic, user=request.user)
    return render(request, "plans/review_queue.html", {"rows": rows, "changes": changes})
