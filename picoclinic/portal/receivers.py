"""The portal's answers to events and questions published below it."""

from __future__ import annotations

from datetime import datetime, time

from django.dispatch import receiver
from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.portal.access import report_get_for_user
from picoclinic.portal.models import EVENT_KIND
from picoclinic.portal.selectors import side_effects_new, side_effects_waiting_for
from picoclinic.portal.services import report_recorded
from picoclinic.treatments import signals as treatment_signals


@receiver(treatment_signals.side_effect_report_for_event)
def _report(sender, user, patient, report_id, **kwargs):
    return report_get_for_user(user, patient.pk, report_id)


@receiver(treatment_signals.side_effect_prefill)
def _prefill(sender, report, **kwargs):
    """The adverse-event form filled from the patient's report (onset typed in the clinic's
    time: the view renders it under the clinic's zone)."""
    onset = datetime.combine(report.started_on, time(9), tzinfo=timezone.get_current_timezone())
    return {
        "session": report.session_id,
        "kind": EVENT_KIND[report.kind],
        "onset_at": onset,
        "description": f"Reported by the patient through the portal: {report.description}",
    }


@receiver(treatment_signals.side_effects_to_handle)
def _to_handle(sender, clinic, user, **kwargs):
    return side_effects_new(clinic=clinic, user=user)


@receiver(treatment_signals.adverse_event_recorded_from_report)
def _recorded(sender, actor: User, report, event, **kwargs):
    report_recorded(actor=actor, report=report, event=event)


@receiver(treatment_signals.side_effects_unassessed)
def _unassessed(sender, patient_id, **kwargs):
    return [
        treatment_signals.UnassessedReport(
            kind=EVENT_KIND[report.kind], started_on=report.started_on, urgent=report.urgent
        )
        for report in side_effects_waiting_for(patient_id=patient_id)
    ]
