"""``{{ amount|money:currency }}``: "£1,234.50", rounded by the one helper (no database reads)."""

from __future__ import annotations

from django import template

from picoclinic.billing.money import show

register = template.Library()


@register.filter
def money(amount, currency: str) -> str:
    return show(amount, currency)
