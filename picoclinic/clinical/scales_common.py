"""Input checks shared by the skin-typing and outcome-scale modules.

Every check either returns a clean value or raises ``ClinicalInputError`` carrying the caller's
message and field; no other exception escapes for any input (strings, ``None``, ``bool``, NaN,
infinities, signalling-NaN decimals, huge integers, containers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from picoclinic.clinical.common import ClinicalInputError

RealInput = int | float | Decimal | Fraction
"""Numbers a measurement may arrive as; all are converted to ``float`` once validated."""


def require_int(value: object, *, field: str, low: int, high: int | None, message: str) -> int:
    """Return ``value`` if it is an ``int`` (not ``bool``) in ``low..high``; ``None`` = no cap."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ClinicalInputError(message, field=field)
    if value < low or (high is not None and value > high):
        raise ClinicalInputError(message, field=field)
    return int(value)


def require_real(
    value: object, *, field: str, low: float, high: float | None, message: str
) -> float:
    """Return ``value`` as a finite ``float`` in ``low..high`` (inclusive); ``high=None`` is open.

    Accepts ``int``, ``float``, ``Decimal`` and ``Fraction``; rejects ``bool``, NaN and infinities.
    The range is checked before conversion, so huge integers cannot overflow.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        raise ClinicalInputError(message, field=field)
    if isinstance(value, Decimal) and not value.is_finite():
        raise ClinicalInputError(message, field=field)
    if isinstance(value, float) and not math.isfinite(value):
        raise ClinicalInputError(message, field=field)
    if value < low or (high is not None and value > high):
        raise ClinicalInputError(message, field=field)
    return float(value)


def require_text(value: object, *, field: str, message: str) -> str:
    """Return ``value`` stripped if it is a ``str``; raise otherwise (blank text is allowed)."""
    if not isinstance(value, str):
        raise ClinicalInputError(message, field=field)
    return value.strip()


@dataclass(frozen=True, slots=True)
class Interval:
    """A range of a measured value; ``None`` leaves that end open. ``str()`` gives "[25, 50)"."""

    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True

    def contains(self, value: float) -> bool:
        return self._above_low(value) and self._below_high(value)

    def _above_low(self, value: float) -> bool:
        if self.low is None:
            return True
        return value >= self.low if self.low_inclusive else value > self.low

    def _below_high(self, value: float) -> bool:
        if self.high is None:
            return True
        return value <= self.high if self.high_inclusive else value < self.high

    def __str__(self) -> str:
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        left = "[" if self.low_inclusive and self.low is not None else "("
        right = "]" if self.high_inclusive and self.high is not None else ")"
        return f"{left}{low}, {high}{right}"


class ScaleId(StrEnum):
    """Every outcome scale the product records; values are stable storage keys."""

    MASI = "masi"
    MMASI = "mmasi"
    GAIS = "gais"
    PIGMENT_CLEARANCE = "pigment_clearance"
    GOODMAN_BARON_QUALITATIVE = "goodman_baron_qualitative"
    GOODMAN_BARON_QUANTITATIVE = "goodman_baron_quantitative"
    ECCA = "ecca"
    PAIN_NRS = "pain_nrs"
    PATIENT_SATISFACTION = "patient_satisfaction"
