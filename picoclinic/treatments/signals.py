"""What treatments publishes for the apps above it (aftercare, portal subscribe in their
``receivers.py``; see ``picoclinic.web.signals``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.dispatch import Signal

# Sent inside ``session_sign``'s transaction with ``actor``, ``session`` and ``now``: the
# aftercare app issues the aftercare sheet and creates the follow-up tasks, atomically.
session_signed = Signal()

# Questions (``ask``), with ``session``: the aftercare sheet issued at signing, or None; and
# what the patient will be given when it is signed (computed, not stored), or None (aftercare).
aftercare_sheet_of_session = Signal()
aftercare_preview_of_session = Signal()

# An adverse event recorded from a follow-up task (aftercare) or a patient's report (portal).
# Questions (``ask``): with ``user``, ``patient`` and ``task_id``: the follow-up task, the
# patient's and reachable by ``user``, else Http404 (aftercare). With ``user``, ``patient`` and
# ``report_id``: the patient's portal report, else Http404; with ``report``: the event form's
# prefill from it; with ``clinic`` and ``user``: the reports not yet handled (portal).
follow_up_task_for_event = Signal()
side_effect_report_for_event = Signal()
side_effect_prefill = Signal()
side_effects_to_handle = Signal()

# Asked by the checklist with ``patient_id``: the side effects the patient reported that staff
# have not recorded or closed yet, as ``UnassessedReport`` rows, urgent kinds first (portal).
side_effects_unassessed = Signal()


@dataclass(frozen=True)
class UnassessedReport:
    kind: str  # an AdverseEventKind value
    started_on: date
    urgent: bool


# Sent inside ``adverse_event_record``'s transaction with ``actor``, ``report`` and ``event``:
# the portal marks the patient's report recorded (its refusal rolls the event back).
adverse_event_recorded_from_report = Signal()
