"""How the URL-walking access test makes a side-effect report for a patient."""

from __future__ import annotations

from datetime import date

from picoclinic.portal.models import SideEffectReport


def _report(world, patient) -> int:
    report = SideEffectReport.objects.filter(patient=patient).first()
    report = report or SideEffectReport.objects.create(
        patient=patient,
        clinic=patient.clinic,
        kind="redness",
        started_on=date(2026, 1, 5),
        description="Still red.",
    )
    return report.pk


OBJECT_FOR_KWARG = {"report_id": _report}
