"""The rules a plan's content obeys, checked by the forms (errors beside the fields) and again by
the services (so no caller can store a plan that breaks them)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from picoclinic.consultations.models import Concern
from picoclinic.plans import errors
from picoclinic.plans.catalogue import interval_outside_published

CURRENCY_CODE = re.compile(r"[A-Z]{3}")
CENT = Decimal("0.01")


def round_money(value: Decimal) -> Decimal:
    """The one rounding rule for money: to the cent, halves away from zero."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _interval_errors(concern: Concern, values: dict[str, Any]) -> dict[str, str]:
    low, target, high = (
        values.get("interval_min_days"),
        values.get("interval_target_days"),
        values.get("interval_max_days"),
    )
    if None in (low, target, high):
        return {}  # the form has already said which one is missing
    if not 1 <= low <= target <= high:
        return {"interval_target_days": errors.ERR_INTERVAL_ORDER}
    outside = interval_outside_published(concern=concern, min_days=low, max_days=high)
    if outside and not (values.get("interval_reason") or "").strip():
        return {"interval_reason": errors.ERR_INTERVAL_REASON_REQUIRED}
    return {}


def _fluence_errors(values: dict[str, Any]) -> dict[str, str]:
    low, high = values.get("fluence_min"), values.get("fluence_max")
    if (low is None) != (high is None):
        return {"fluence_max": errors.ERR_FLUENCE_ONE_SIDED}
    if low is not None and low > high:
        return {"fluence_min": errors.ERR_FLUENCE_ORDER}
    return {}


def item_errors(*, concern: Concern, values: dict[str, Any]) -> dict[str, str]:
    """``{field: message}`` for every rule ``values`` (a plan item's fields) breaks.

    Rules: sessions >= 1; 1 <= interval min <= target <= max; a window reaching outside the
    published range for the indication needs a reason; fluence given as both ends, min <= max.
    """
    found: dict[str, str] = {}
    sessions = values.get("sessions")
    if sessions is not None and sessions < 1:
        found["sessions"] = errors.ERR_SESSIONS_MIN
    return found | _interval_errors(concern, values) | _fluence_errors(values)


def details_errors(values: dict[str, Any]) -> dict[str, str]:
    """``{field: message}`` for the plan's price and package: a price needs a currency code."""
    price, currency = values.get("price"), (values.get("currency") or "")
    if price is not None and not CURRENCY_CODE.fullmatch(currency):
        return {"currency": errors.ERR_PRICE_CURRENCY}
    if price is None and currency:
        return {"currency": errors.ERR_CURRENCY_WITHOUT_PRICE}
    return {}
