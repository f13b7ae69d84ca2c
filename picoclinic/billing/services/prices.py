"""The price list: appended to, never rewritten (a change is a new row from its date)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from picoclinic.billing import errors
from picoclinic.billing.models import AreaSize, Price, PriceKind, TaxRate
from picoclinic.billing.money import round_minor, show
from picoclinic.billing.roles import MoneyRight
from picoclinic.billing.services import MoneyRefused, audit_money, require


def price_add(
    *, actor, clinic, kind: str, label: str, amount: Decimal, effective_from: date,
    tax_rate: TaxRate | None = None, indication: str = "", area_size: str = "",
    appointment_type=None,
) -> Price:  # fmt: skip
    """A price from ``effective_from`` on (a clinic admin). Earlier rows stay as they were."""
    require(actor, clinic, MoneyRight.ADMIN)
    if amount is None or amount < 0:
        raise MoneyRefused(str(errors.AMOUNT_POSITIVE), field="amount")
    currency = clinic.money_currency
    with transaction.atomic():
        price = Price.objects.create(
            clinic=clinic, kind=kind, label=label.strip(), amount=round_minor(amount, currency),
            currency=currency, tax_rate=tax_rate, indication=indication, area_size=area_size,
            appointment_type=appointment_type, effective_from=effective_from, created_by=actor,
        )  # fmt: skip
        audit_money(
            actor, obj=price, patient=None, clinic=clinic,
            summary=f"Price {price.label}: {show(price.amount, currency)} from {effective_from}",
        )  # fmt: skip
    return price


def price_on(
    *, clinic, day: date, kind: str = PriceKind.TREATMENT, indication: str = "",
    area_size: str = "", appointment_type=None,
) -> Price | None:  # fmt: skip
    """The price in force on ``day``: the newest row from that day or earlier. A treatment
    price for the exact area size wins over one for any size."""
    rows = Price.objects.filter(clinic=clinic, kind=kind, effective_from__lte=day)
    if kind == PriceKind.APPOINTMENT:
        rows = rows.filter(appointment_type=appointment_type)
    else:
        rows = rows.filter(indication=indication, area_size__in=[area_size, ""])
    ordered = rows.select_related("tax_rate").order_by("-effective_from", "-area_size", "-id")
    return ordered.first()


AREA_SIZES = [choice for choice, _label in AreaSize.choices]
