"""The desk's clinic-wide money pages: the day's takings (and their CSV for the accountant)
and the price list. They show the clinic the user is working at (``request.clinic``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.audit.opened import audit_opened
from picoclinic.billing import takings_csv
from picoclinic.billing.forms import DayForm, PriceForm
from picoclinic.billing.roles import MoneyRight, money_rights
from picoclinic.billing.selectors import invoices_for_day, prices_for_clinic, takings_for_day
from picoclinic.billing.services import MoneyRefused
from picoclinic.billing.services.prices import price_add
from picoclinic.web.refusals import refusal_on_form


def _day(request):
    form = DayForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["day"]:
        return form.cleaned_data["day"]
    return timezone.localdate()


@staff_required()
def takings(request):
    day = _day(request)
    clinic = request.clinic
    report = takings_for_day(clinic=clinic, day=day)
    invoices = invoices_for_day(clinic=clinic, day=day)
    audit_opened(request, summary=f"Takings of {day}", changes={"payments": len(report.payments)})
    context = {"clinic": clinic, "report": report, "invoices": invoices, "day": day}
    return render(request, "billing/takings.html", context)


@staff_required()
def takings_export(request):
    day = _day(request)
    report = takings_for_day(clinic=request.clinic, day=day)
    audit_opened(
        request, summary=f"Takings CSV of {day}", changes={"payments": len(report.payments)}
    )
    response = HttpResponse(takings_csv.render(report), content_type="text/csv; charset=utf-8")
    name = f"takings-{request.clinic.code}-{day.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _prices(request, form=None, status: int = 200):
    clinic = request.clinic
    context = {
        "clinic": clinic,
        "prices": prices_for_clinic(clinic=clinic),
        "today": timezone.localdate(),
        "can_admin": MoneyRight.ADMIN in money_rights(request.user, clinic),
        "form": form or PriceForm(clinic=clinic, initial={"effective_from": timezone.localdate()}),
    }
    return render(request, "billing/prices.html", context, status=status)


@staff_required()
@require_http_methods(["GET", "POST"])
def prices(request):
    if request.method != "POST":
        return _prices(request)
    form = PriceForm(request.POST, clinic=request.clinic)
    if form.is_valid():
        try:
            price_add(actor=request.user, clinic=request.clinic, **form.cleaned_data)
        except MoneyRefused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(request, _("Price added."))
            return redirect("billing_desk:prices")
    return _prices(request, form=form, status=400)
