"""Money: a ``Decimal`` with its currency (py-moneyed's ``Money``), rounded to the currency's
minor unit by the one helper here, never a float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from moneyed import Money, get_currency
from moneyed.l10n import format_money

__all__ = ["Money", "money", "quantum", "round_minor", "show"]


def quantum(currency: str) -> Decimal:
    """The currency's minor unit as a Decimal exponent (0.01 for GBP, HKD, SGD)."""
    sub_unit = get_currency(currency).sub_unit or 1
    return Decimal(1).scaleb(-(len(str(sub_unit)) - 1))


def round_minor(amount: Decimal, currency: str) -> Decimal:
    """Commercial rounding (half away from zero) to the currency's minor unit."""
    if isinstance(amount, float):
        raise TypeError("Money is never a float")
    return Decimal(amount).quantize(quantum(currency), rounding=ROUND_HALF_UP)


def money(amount: Decimal, currency: str) -> Money:
    return Money(round_minor(amount, currency), currency)


def show(amount: Decimal | None, currency: str) -> str:
    """An amount as the clinic reads it: "£1,234.50", "HK$980.00"."""
    if amount is None:
        return ""
    return format_money(money(amount, currency), locale="en_GB")
