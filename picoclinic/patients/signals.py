"""What patients publishes for the apps above it (see ``picoclinic.web.signals``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.dispatch import Signal


@dataclass(frozen=True)
class ChartSection:
    """One section of the patient chart: ``template`` rendered with ``context``, in ``order``.
    The context is built by the app's selectors; the template reads nothing more."""

    order: int
    template: str
    context: dict[str, Any] = field(default_factory=dict)


# Sent by the chart page with ``patient`` and ``request``: each journey app answers its
# section (a ``ChartSection``), so the chart shows every step without importing any of them.
chart_sections = Signal()
