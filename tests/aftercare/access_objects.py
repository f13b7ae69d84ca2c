"""How tests/patients/test_access.py makes an issued aftercare sheet for a patient
(``sheet_id`` in /patients/<patient_id>/aftercare/<sheet_id>/...)."""

from __future__ import annotations

from picoclinic.aftercare.models import AftercareSheet
from tests.treatments import helpers


def _sheet(world, patient) -> int:
    existing = AftercareSheet.objects.filter(patient=patient).order_by("id").first()
    if existing is not None:
        return existing.pk
    return helpers.signed(world, patient=patient).aftercare.pk


OBJECT_FOR_KWARG = {"sheet_id": _sheet}
