"""What plans publishes for the apps above it (consent, scheduling, outcomes subscribe in their
``receivers.py``; see ``picoclinic.web.signals``)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside ``plan_complete``'s transaction with ``plan`` and ``actor``: the outcomes app
# schedules the course's maintenance recalls, atomically with the completion.
plan_completed = Signal()

# Questions (``ask``), with ``plan``: the treatment consent in force for it, or None (consent).
treatment_consent_in_force = Signal()

# With ``items`` (plan items): {item id: treatment sessions that took place} (outcomes).
sessions_done_by_item = Signal()

# Sent by the plan page with ``plan`` and ``user``: each later app may answer a section
# (``patients.signals.ChartSection``) shown on the page (billing: the prepaid package).
plan_sections = Signal()
