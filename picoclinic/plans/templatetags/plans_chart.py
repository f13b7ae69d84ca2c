"""The small filters the plan pages share (the chart section is built by ``plans.chart``)."""

from __future__ import annotations

from django import template

from picoclinic.clinical.common import Fitzpatrick
from picoclinic.plans import wording

register = template.Library()


@register.filter
def roman(value) -> str:
    """Fitzpatrick 1-6 as I-VI ("—" when unknown)."""
    try:
        return Fitzpatrick(int(value)).roman
    except (TypeError, ValueError):
        return "—"


@register.filter
def in_weeks(days) -> str:
    try:
        return wording.weeks(int(days))
    except (TypeError, ValueError):
        return ""


@register.filter
def humanise(value) -> str:
    """A stored code in words: "doctor_review" -> "Doctor review"."""
    return str(value or "").replace("_", " ").capitalize()
