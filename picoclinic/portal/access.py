"""Who may reach a side-effect report: the patient's staff (through ``patient_get_for_user``);
a report of another patient, or none, is the same 404."""

from __future__ import annotations

from django.http import Http404

from picoclinic.patients.access import patient_get_for_user
from picoclinic.portal.models import SideEffectReport


def report_get_for_user(user, patient_id: int, report_id: int) -> SideEffectReport:
    patient = patient_get_for_user(user, patient_id)
    try:
        report = SideEffectReport.objects.select_related(
            "clinic", "session", "acknowledged_by", "handled_by"
        ).get(pk=report_id, patient=patient)
    except (SideEffectReport.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such report") from None
    report.patient = patient
    return report
