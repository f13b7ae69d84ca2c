"""Questions the consultations app asks the apps above it (docs/layers.md)."""

from __future__ import annotations

from django.dispatch import Signal

# What the patient reported before the visit (the public self-assessment sent with an online
# booking), for a new consultation to start from: ``{"skin": {item_id: score}, "lines":
# [[question, answer], ...]}``, or None. Asked with ``ask(patient=...)``; scheduling answers.
reported_before_visit = Signal()
