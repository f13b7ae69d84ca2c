"""Reads for the money pages and the panels on the chart, plan and portal (fixed queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from picoclinic.billing.models import Invoice, InvoiceStatus, Package, Payment, Price
from picoclinic.clinics.selectors import clinic_day_bounds

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=12, decimal_places=2))


def packages_for_patient(*, patient) -> list[Package]:
    """The patient's packages, newest first, each with ``used`` (one query)."""
    rows = Package.objects.filter(patient=patient).annotate(used=Count("redemptions"))
    packages = list(rows.select_related("plan").order_by("-sold_at", "-id"))
    for package in packages:
        package.left = package.sessions - package.used
    return packages


def package_for_plan(*, plan) -> Package | None:
    """The plan's package (active first, else the latest), with ``used`` and ``left``."""
    rows = Package.objects.filter(plan=plan).annotate(used=Count("redemptions"))
    packages = sorted(rows, key=lambda p: (p.status != "active", -p.pk))
    package = packages[0] if packages else None
    if package is not None:
        package.left = package.sessions - package.used
    return package


def _paid_subquery():
    paid = (
        Payment.objects.filter(invoice=OuterRef("pk"))
        .values("invoice")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Coalesce(Subquery(paid), ZERO)


def _credited_subquery():
    credited = (
        Invoice.objects.filter(credits=OuterRef("pk"), status=InvoiceStatus.FINAL)
        .values("credits")
        .annotate(s=Sum("total"))
        .values("s")
    )
    return Coalesce(Subquery(credited), ZERO)


def with_balance(queryset):
    """Invoices with ``paid``, ``credited`` (negative) and ``due`` annotated (no extra query)."""
    rows = queryset.annotate(paid=_paid_subquery(), credited=_credited_subquery())
    return rows.select_related("clinic", "patient", "credits")


def invoices_for_patient(*, patient, limit: int = 50) -> list[Invoice]:
    rows = list(with_balance(Invoice.objects.filter(patient=patient))[:limit])
    for invoice in rows:
        invoice.due = invoice.total - invoice.paid + invoice.credited
    return rows


def invoices_for_day(*, clinic, day: date) -> list[Invoice]:
    """The clinic's invoices made on ``day`` (its own time zone), with their balances."""
    start, end = clinic_day_bounds(clinic, day)
    made = Invoice.objects.filter(clinic=clinic, created_at__gte=start, created_at__lt=end)
    rows = list(with_balance(made).order_by("-created_at", "-id"))
    for invoice in rows:
        invoice.due = invoice.total - invoice.paid + invoice.credited
    return rows


def prices_for_clinic(*, clinic) -> list[Price]:
    return list(
        Price.objects.filter(clinic=clinic)
        .select_related("tax_rate", "appointment_type")
        .order_by("kind", "label", "-effective_from", "-id")
    )


def prices_in_force(*, clinic, day: date) -> list[Price]:
    """Each priced item's price on ``day``: the newest row from that day or earlier."""
    rows = (
        Price.objects.filter(clinic=clinic, effective_from__lte=day)
        .select_related("tax_rate")
        .order_by("-effective_from", "-id")
    )
    seen, found = set(), []
    for price in rows:
        key = (price.kind, price.appointment_type_id, price.indication, price.area_size)
        if key not in seen:
            seen.add(key)
            found.append(price)
    return sorted(found, key=lambda p: (p.kind, p.label))


@dataclass(frozen=True)
class Takings:
    day: date
    currency: str
    payments: list[Payment]
    by_method: list[tuple[str, Decimal]]
    by_practitioner: list[tuple[str, Decimal]]
    total: Decimal


def takings_for_day(*, clinic, day: date) -> Takings:
    """Every payment and refund taken at ``clinic`` on ``day`` (its zone), with the totals by
    method and by practitioner, which both add up to the day's total (one query)."""
    start, end = clinic_day_bounds(clinic, day)
    payments = list(
        Payment.objects.filter(clinic=clinic, taken_at__gte=start, taken_at__lt=end)
        .select_related("invoice__patient", "invoice__practitioner", "invoice__clinic", "taken_by")
        .order_by("taken_at", "id")
    )
    by_method: dict[str, Decimal] = {}
    by_practitioner: dict[str, Decimal] = {}
    for payment in payments:
        method = payment.get_method_display()
        by_method[method] = by_method.get(method, Decimal(0)) + payment.amount
        who = str(payment.invoice.practitioner or "—")
        by_practitioner[who] = by_practitioner.get(who, Decimal(0)) + payment.amount
    total = sum((p.amount for p in payments), Decimal(0))
    return Takings(
        day=day,
        currency=clinic.money_currency,
        payments=payments,
        by_method=sorted(by_method.items()),
        by_practitioner=sorted(by_practitioner.items()),
        total=total,
    )
