"""The week grids: a clinic's opening hours, and each practitioner's working hours there.

Only the owner and the clinic's admins reach them (``clinic_for_configuring``); "copy to days"
buttons post the grid back and show it copied, unsaved, so it works without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from picoclinic.scheduling.access import (
    clinic_for_configuring,
    practitioner_for_configuring,
    practitioners_of_clinic,
)
from picoclinic.scheduling.forms.hours import (
    DAYS,
    WeekHoursForm,
    copy_days,
    copy_request,
    initial_from_rows,
)
from picoclinic.scheduling.models import OpeningHours, WorkingHours
from picoclinic.scheduling.services.hours import opening_hours_replace, working_hours_replace
from picoclinic.web.refusals import Refused, refusal_on_form


def _grid(request, initial: dict, save) -> tuple[WeekHoursForm, bool, int]:
    """The grid form for this request: (form, saved, status)."""
    if request.method != "POST":
        return WeekHoursForm(initial=initial), False, 200
    copy = copy_request(request.POST)
    if copy is not None:
        source, targets = copy
        return (
            WeekHoursForm(initial=copy_days(request.POST, source=source, targets=targets)),
            False,
            200,
        )
    form = WeekHoursForm(request.POST)
    if form.is_valid():
        try:
            save(form.week())
        except Refused as refused:
            refusal_on_form(form, refused)
        else:
            return form, True, 200
    return form, False, 400


@login_required
@require_http_methods(["GET", "POST"])
def opening_hours(request, clinic_id: int):
    clinic = clinic_for_configuring(request.user, clinic_id)
    rows = OpeningHours.objects.filter(clinic=clinic).values_list("weekday", "opens", "closes")
    form, saved, status = _grid(
        request,
        initial_from_rows(list(rows)),
        lambda week: opening_hours_replace(actor=request.user, clinic=clinic, week=week),
    )
    if saved:
        messages.success(request, _("Opening hours saved."))
        return redirect("scheduling:hours", clinic_id=clinic.pk)
    context = {
        "clinic": clinic,
        "form": form,
        "days": DAYS,
        "title": _("Opening hours of %(clinic)s") % {"clinic": clinic.name},
        "show_practitioners": True,
        "practitioners": list(practitioners_of_clinic(clinic).order_by("name")),
    }
    return render(request, "scheduling/hours.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def working_hours(request, clinic_id: int, practitioner_id: int):
    clinic = clinic_for_configuring(request.user, clinic_id)
    practitioner = practitioner_for_configuring(clinic, practitioner_id)
    rows = WorkingHours.objects.filter(practitioner=practitioner, clinic=clinic).values_list(
        "weekday", "starts", "ends"
    )
    form, saved, status = _grid(
        request,
        initial_from_rows(list(rows)),
        lambda week: working_hours_replace(
            actor=request.user, practitioner=practitioner, clinic=clinic, week=week
        ),
    )
    if saved:
        messages.success(
            request, _("Working hours of %(name)s saved.") % {"name": practitioner.name}
        )
        return redirect("scheduling:hours", clinic_id=clinic.pk)
    title = _("Working hours of %(name)s at %(clinic)s") % {
        "name": practitioner.name,
        "clinic": clinic.name,
    }
    context = {"clinic": clinic, "form": form, "days": DAYS, "title": title}
    return render(request, "scheduling/hours.html", context, status=status)
