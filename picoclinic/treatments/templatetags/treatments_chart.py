"""Filters the treatment pages share (the chart section is built by ``treatments.chart``)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from picoclinic.consultations import vocab

register = template.Library()


@register.filter
def indication_label(value: str) -> str:
    return vocab.label(vocab.INDICATIONS, value)


@register.filter
def num(value) -> str:
    """A stored decimal as typed: 0.700 -> 0.7, 10.0 -> 10 (never 1E+1)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)
