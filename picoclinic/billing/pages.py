"""What the money pages show, gathered here so the views stay thin."""

from __future__ import annotations

from picoclinic.billing.models import InvoiceKind, InvoiceStatus, PackageStatus
from picoclinic.billing.roles import MoneyRight, money_rights
from picoclinic.billing.selectors import invoices_for_patient, packages_for_patient, with_balance
from picoclinic.billing.services import settings_for
from picoclinic.billing.services.invoices import invoice_number
from picoclinic.billing.services.packages import SELLABLE, plan_course_sessions, unused_value
from picoclinic.plans.models import TreatmentPlan


def plan_label(plan: TreatmentPlan) -> str:
    concerns = ", ".join(str(item.concern) for item in plan.items.all())
    return f"{concerns or plan} · {plan.get_status_display()}"


def sellable_plans(patient) -> list[TreatmentPlan]:
    plans = list(
        TreatmentPlan.objects.filter(patient=patient, status__in=SELLABLE).prefetch_related(
            "items__concern"
        )
    )
    for plan in plans:
        plan.label = plan_label(plan)
        plan.course_sessions = plan_course_sessions(plan)
    return plans


def account_page(*, patient, user) -> dict:
    rights = money_rights(user, patient.clinic)
    plans = sellable_plans(patient)
    packages = packages_for_patient(patient=patient)
    sold = {p.plan_id for p in packages if p.status == PackageStatus.ACTIVE}
    for invoice in (invoices := invoices_for_patient(patient=patient)):
        invoice.display_number = invoice_number(invoice)
    return {
        "patient": patient,
        "packages": packages,
        "invoices": invoices,
        "plans_to_sell": [p for p in plans if p.pk not in sold],
        "currency": patient.clinic.money_currency,
        "can_take": MoneyRight.TAKE in rights,
        "can_admin": MoneyRight.ADMIN in rights,
    }


def invoice_page(*, invoice, user) -> dict:
    rights = money_rights(user, invoice.clinic)
    shown = with_balance(type(invoice).objects.filter(pk=invoice.pk)).get()
    shown.due = shown.total - shown.paid + shown.credited
    final_invoice = shown.status == InvoiceStatus.FINAL and shown.kind == InvoiceKind.INVOICE
    return {
        "patient": invoice.patient,
        "invoice": shown,
        "number": invoice_number(shown),
        "lines": list(shown.lines.all()),
        "payments": list(shown.payments.select_related("taken_by")),
        "credit_notes": [(n, invoice_number(n)) for n in shown.credit_notes.all()],
        "credits_number": invoice_number(shown.credits) if shown.credits else "",
        "can_take": MoneyRight.TAKE in rights,
        "can_admin": MoneyRight.ADMIN in rights,
        "can_pay": final_invoice and shown.due > 0 and MoneyRight.TAKE in rights,
        "can_refund": final_invoice and shown.paid > 0 and MoneyRight.ADMIN in rights,
        "can_credit": final_invoice and shown.credited == 0 and MoneyRight.ADMIN in rights,
        "limit": settings_for(invoice.clinic).discount_limit_percent,
    }


def settle_page(*, package, user) -> dict:
    used = package.redemptions.count()
    policy = settings_for(package.clinic).refund_policy
    others = [p for p in sellable_plans(package.patient) if p.pk != package.plan_id]
    return {
        "patient": package.patient,
        "package": package,
        "used": used,
        "left": package.sessions - used,
        "value": unused_value(package, used=used, policy=policy),
        "policy": policy,
        "other_plans": others,
        "can_admin": MoneyRight.ADMIN in money_rights(user, package.clinic),
        "open": package.status == PackageStatus.ACTIVE and used < package.sessions,
    }
