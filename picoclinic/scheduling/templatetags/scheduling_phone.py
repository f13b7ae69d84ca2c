"""``{{ phone|tel }}``: a clinic's phone number as a ``tel:`` address a phone can dial."""

from __future__ import annotations

import re

from django import template

register = template.Library()


@register.filter
def tel(number: str) -> str:
    """ "+44 (0)20 7946 0000" -> "tel:+442079460000": digits and a leading plus only (the
    national "(0)" after a country code is not dialled)."""
    text = re.sub(r"\(0\)", "", number or "")
    digits = re.sub(r"[^\d+]", "", text)
    plus = digits.startswith("+")
    digits = digits.replace("+", "")
    return f"tel:{'+' if plus else ''}{digits}" if digits else ""
