"""Questions the consultations app asks the apps above it (docs/layers.md)."""

from __future__ import annotations

from django.dispatch import Signal

# What the patient reported before the visit (the public self-assessment sent with an online
# booking, the questionnaire returned before the visit), for a new consultation to start from:
# ``{"skin": {item_id: score}, "lines": [[question, answer], ...], "items": [{"source", "key",
# "label", "answer", "value"}, ...]}`` (see ``services.reported``), or None. Asked with
# ``ask(patient=...)``; previsit answers.
reported_before_visit = Signal()

# The screening flags of the questionnaire the patient returned before the visit, for the
# workspace to show beside what they reported: ``{"returned_at": datetime, "flags": [{"text",
# "reason", "outcome"}, ...]}`` or None. Asked with ``ask(patient=...)``; previsit answers.
flags_before_visit = Signal()
