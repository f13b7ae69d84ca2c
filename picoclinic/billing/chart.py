"""What billing shows on the chart, the plan page and the portal (fixed queries each)."""

from __future__ import annotations

from decimal import Decimal

from picoclinic.billing.roles import MoneyRight, money_rights
from picoclinic.billing.selectors import (
    invoices_for_patient,
    package_for_plan,
    packages_for_patient,
)
from picoclinic.patients.signals import ChartSection


def billing_chart_section(*, patient, request) -> ChartSection:
    """Packages with the sessions left and invoices with what is due; who may take money."""
    rights = money_rights(request.user, patient.clinic)
    invoices = invoices_for_patient(patient=patient, limit=5)
    context = {
        "patient": patient,
        "packages": packages_for_patient(patient=patient),
        "invoices": invoices,
        "due": sum((i.due for i in invoices if i.is_final and i.due > 0), Decimal(0)),
        "currency": patient.clinic.money_currency,
        "can_take": MoneyRight.TAKE in rights,
    }
    return ChartSection(55, "billing/_chart_section.html", context)


def billing_plan_section(*, plan, user) -> ChartSection:
    package = package_for_plan(plan=plan)
    can_take = MoneyRight.TAKE in money_rights(user, plan.clinic)
    context = {"plan": plan, "patient": plan.patient, "package": package, "can_take": can_take}
    return ChartSection(10, "billing/_plan_section.html", context)


def billing_portal_section(*, patient) -> ChartSection:
    """The patient's own packages: sessions used and left (no prices of other people)."""
    packages = [p for p in packages_for_patient(patient=patient) if p.status == "active"]
    return ChartSection(15, "billing/_portal_section.html", {"packages": packages})
