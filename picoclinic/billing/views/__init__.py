"""A patient's money pages: their account (packages, invoices), an invoice with its payments,
and settling a package. Each view reaches its object through the access helpers and calls one
service. Action URLs answer POST; a GET goes back to the page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from picoclinic.accounts.decorators import staff_required
from picoclinic.billing import pages
from picoclinic.billing.access import invoice_get_for_user, package_get_for_user
from picoclinic.billing.forms import (
    CreditForm,
    LineForm,
    PackageSellForm,
    PaymentForm,
    RefundForm,
    SettleForm,
)
from picoclinic.billing.pdf import receipt_pdf
from picoclinic.billing.selectors import prices_in_force
from picoclinic.billing.services import MoneyRefused
from picoclinic.billing.services import invoices as invoice_services
from picoclinic.billing.services import packages as package_services
from picoclinic.patients.access import patient_get_for_user
from picoclinic.plans.models import TreatmentPlan
from picoclinic.web.refusals import refusal_on_form


def _account(request, patient, status: int = 200, **forms):
    context = pages.account_page(patient=patient, user=request.user)
    context["sell_form"] = forms.get("sell_form") or PackageSellForm(plans=context["plans_to_sell"])
    return render(request, "billing/account.html", context, status=status)


@staff_required()
def account(request, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id)
    return _account(request, patient)


@staff_required()
@require_http_methods(["GET", "POST"])
def package_sell(request, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id)
    if request.method != "POST":
        return redirect("billing:account", patient_id=patient.pk)
    plans = pages.sellable_plans(patient)
    form = PackageSellForm(request.POST, plans=plans)
    if form.is_valid():
        data = form.cleaned_data
        plan = next(p for p in plans if p.pk == data["plan"])
        try:
            package_services.package_sell(
                actor=request.user, plan=plan, sessions=data["sessions"], price=data["price"],
                expires_on=data["expires_on"],
            )  # fmt: skip
        except MoneyRefused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(request, _("Package sold; its invoice is ready for payment."))
            return redirect("billing:account", patient_id=patient.pk)
    return _account(request, patient, status=400, sell_form=form)


@staff_required()
@require_http_methods(["GET", "POST"])
def invoice_new(request, patient_id: int):
    patient = patient_get_for_user(request.user, patient_id)
    if request.method != "POST":
        return redirect("billing:account", patient_id=patient.pk)
    try:
        invoice = invoice_services.invoice_create(actor=request.user, patient=patient)
    except MoneyRefused as refused:
        messages.error(request, refused.message)
        return redirect("billing:account", patient_id=patient.pk)
    return redirect("billing:invoice", patient_id=patient.pk, invoice_id=invoice.pk)


def _invoice(request, invoice, status: int = 200, **forms):
    context = pages.invoice_page(invoice=invoice, user=request.user)
    context |= {
        "line_form": forms.get("line_form") or _line_form(invoice),
        "payment_form": forms.get("payment_form")
        or PaymentForm(initial={"amount": context["invoice"].due}),
        "refund_form": forms.get("refund_form") or RefundForm(),
        "credit_form": forms.get("credit_form") or CreditForm(),
    }
    return render(request, "billing/invoice.html", context, status=status)


def _line_form(invoice, data=None) -> LineForm:
    prices = prices_in_force(clinic=invoice.clinic, day=timezone.localdate())
    return LineForm(data, clinic=invoice.clinic, prices=prices)


def _back(invoice):
    return redirect("billing:invoice", patient_id=invoice.patient_id, invoice_id=invoice.pk)


@staff_required()
def invoice_detail(request, patient_id: int, invoice_id: int):
    invoice = invoice_get_for_user(request.user, patient_id, invoice_id)
    return _invoice(request, invoice)


@staff_required()
@require_http_methods(["GET", "POST"])
def invoice_line_add(request, patient_id: int, invoice_id: int):
    invoice = invoice_get_for_user(request.user, patient_id, invoice_id)
    if request.method != "POST":
        return _back(invoice)
    form = _line_form(invoice, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        tax = data["tax_rate"].percent if data["tax_rate"] else None
        try:
            invoice_services.invoice_add_line(
                actor=request.user, invoice=invoice, description=data["description"],
                quantity=data["quantity"], unit_price=data["unit_price"], tax_percent=tax,
                discount=data["discount"] or 0, discount_reason=data["discount_reason"],
                price=data["price"],
            )  # fmt: skip
        except MoneyRefused as refused:
            refusal_on_form(form, refused)
        else:
            return _back(invoice)
    return _invoice(request, invoice, status=400, line_form=form)


@staff_required()
@require_http_methods(["GET", "POST"])
def invoice_finalise(request, patient_id: int, invoice_id: int):
    invoice = invoice_get_for_user(request.user, patient_id, invoice_id)
    if request.method == "POST":
        try:
            invoice_services.invoice_finalise(actor=request.user, invoice=invoice)
        except MoneyRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Invoice finalised and numbered."))
    return _back(invoice)


@staff_required()
@require_http_methods(["GET", "POST"])
def payment_take(request, patient_id: int, invoice_id: int):
    invoice = invoice_get_for_user(request.user, patient_id, invoice_id)
    if request.method != "POST":
        return _back(invoice)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            invoice_services.payment_take(actor=request.user, invoice=invoice, **form.cleaned_data)
        except MoneyRefused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(request, _("Payment recorded."))
            return _back(invoice)
    return _invoice(request, invoice, status=400, payment_form=form)


@staff_required()
@require_http_methods(["GET", "POST"])
def payment_refund(request, patient_id: int, invoice_id: int):
    invoice = invoice_get_for_user(request.user, patient_id, invoice_id)
    if request.method != "POST":
        return _back(invoice)
    form = RefundForm(request.POST)
    if form.is_valid():
        try:
            invoice_services.payment_refund(
                actor=request.user, invoice=invoice, **form.cleaned_data
            )
        except MoneyRefused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(request, _("Refund recorded."))
            return _back(invoice)
    return _invoice(request, invoice, status=400, refund_form=form)


@staff_required()
@require_http_methods(["GET", "POST"])
def credit_note(request, patient_id: int, invoice_id: int):
    invoice = invoice_get_for_user(request.user, patient_id, invoice_id)
    if request.method != "POST":
        return _back(invoice)
    form = CreditForm(request.POST)
    if form.is_valid():
        try:
            note = invoice_services.credit_note_issue(
                actor=request.user, invoice=invoice, reason=form.cleaned_data["reason"]
            )
        except MoneyRefused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(request, _("Credit note issued."))
            return _back(note)
    return _invoice(request, invoice, status=400, credit_form=form)


@staff_required()
def receipt(request, patient_id: int, invoice_id: int):
    invoice = invoice_get_for_user(request.user, patient_id, invoice_id)
    context = pages.invoice_page(invoice=invoice, user=request.user)
    response = HttpResponse(receipt_pdf(context), content_type="application/pdf")
    name = context["number"] or f"draft-{invoice.pk}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def _settle(request, package, status: int = 200, form=None):
    context = pages.settle_page(package=package, user=request.user)
    context["form"] = form or SettleForm(plans=context["other_plans"])
    return render(request, "billing/settle.html", context, status=status)


@staff_required()
@require_http_methods(["GET", "POST"])
def package_settle(request, patient_id: int, package_id: int):
    package = package_get_for_user(request.user, patient_id, package_id)
    if request.method != "POST":
        return _settle(request, package)
    others = pages.sellable_plans(package.patient)
    form = SettleForm(request.POST, plans=[p for p in others if p.pk != package.plan_id])
    if form.is_valid():
        data = form.cleaned_data
        to_plan = (
            TreatmentPlan.objects.filter(pk=data["to_plan"]).first() if data["to_plan"] else None
        )
        try:
            package_services.package_settle(
                actor=request.user, package=package, kind=data["kind"], reason=data["reason"],
                method=data["method"] or "card", to_plan=to_plan,
            )  # fmt: skip
        except MoneyRefused as refused:
            refusal_on_form(form, refused)
        else:
            messages.success(request, _("Unused sessions settled."))
            return redirect("billing:account", patient_id=package.patient_id)
    return _settle(request, package, status=400, form=form)
