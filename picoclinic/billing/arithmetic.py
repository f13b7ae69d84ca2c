"""The arithmetic of an invoice line, in one place: each line is rounded to the minor unit
once, and a document's totals are the sums of its lines (so totals = lines + tax exactly, and
no drift creeps in over many lines)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from picoclinic.billing.money import round_minor

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    tax: Decimal
    gross: Decimal


def line_amounts(
    *,
    quantity: int,
    unit_price: Decimal,
    discount: Decimal,
    tax_percent: Decimal | None,
    tax_inclusive: bool,
    currency: str,
) -> LineAmounts:
    """Net, tax and gross of one line. ``tax_percent`` None: the item is exempt. Inclusive
    prices hold their tax (UK VAT fraction: rate / (100 + rate)); exclusive ones add it."""
    amount = round_minor(unit_price * quantity - discount, currency)
    if not tax_percent:
        return LineAmounts(net=amount, tax=Decimal(0) * amount, gross=amount)
    if tax_inclusive:
        tax = round_minor(amount * tax_percent / (HUNDRED + tax_percent), currency)
        return LineAmounts(net=amount - tax, tax=tax, gross=amount)
    tax = round_minor(amount * tax_percent / HUNDRED, currency)
    return LineAmounts(net=amount, tax=tax, gross=amount + tax)


def pro_rata(*, price: Decimal, sessions: int, unused: int, currency: str) -> Decimal:
    """The share of a package's price for its unused sessions."""
    return round_minor(price * unused / sessions, currency)


def at_single_price(*, price: Decimal, used: int, single: Decimal, currency: str) -> Decimal:
    """What is left of a package's price once the used sessions are charged at the single
    session's price (never below nothing)."""
    return max(round_minor(price - single * used, currency), Decimal(0))
