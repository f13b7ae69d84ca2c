"""Who may reach a side-effect report: the patient's staff (through ``patient_get_for_user``);
a report of another patient, or none, is the same 404."""

from __future__ import annotations

from picoclinic.patients.access import patient_get_for_user
from picoclinic.portal.models import SideEffectReport
from picoclinic.web.lookup import get_or_404


def report_get_for_user(user, patient_id: int, report_id: int) -> SideEffectReport:
    patient = patient_get_for_user(user, patient_id)
    report = get_or_404(
        SideEffectReport.objects.select_related(
            "clinic", "session", "acknowledged_by", "handled_by"
        ),
        "No such report",
        pk=report_id,
        patient=patient,
    )
    report.patient = patient
    return report
