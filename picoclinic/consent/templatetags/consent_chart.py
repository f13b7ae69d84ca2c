"""Filters the consent pages share (the sections are built by ``consent.chart``)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def consent_state_label(state: str) -> str:
    return {
        "valid": "Valid",
        "declined": "Declined",
        "withdrawn": "Withdrawn",
        "outdated": "Plan changed since signing: sign again",
        "none": "Not signed",
    }.get(state, state)
