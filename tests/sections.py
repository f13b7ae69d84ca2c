"""Rendering a chart or portal section (``ChartSection``) in a test as the pages render it."""

from __future__ import annotations

from django.template import Context, Template

SECTION = Template("{% load chart_sections %}{% chart_section section %}")


def render_section(section, request=None) -> str:
    return SECTION.render(Context({"section": section, "request": request}))
