"""Renders a section the journey apps built (``ChartSection``): no database reads here."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def chart_section(context, section):
    """``section.template`` with ``section.context`` (and the page's request and CSRF token),
    in a fresh context as an inclusion tag would render it."""
    shown = context.template.engine.get_template(section.template)
    values = {"request": context.get("request"), "csrf_token": context.get("csrf_token")}
    return shown.render(context.new(values | section.context))
