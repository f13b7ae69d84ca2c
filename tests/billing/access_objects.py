"""How tests/patients/test_access.py makes a patient's invoice and package
(``invoice_id`` and ``package_id`` in /patients/<patient_id>/billing/...)."""

from __future__ import annotations

from picoclinic.billing.models import Invoice, Package
from tests.billing import helpers as bh
from tests.treatments import helpers as th


def _invoice(world, patient) -> int:
    existing = Invoice.objects.filter(patient=patient).order_by("id").first()
    if existing is not None:
        return existing.pk
    return bh.final_invoice(world, patient=patient, amount="80", paid="30").pk


def _package(world, patient) -> int:
    existing = Package.objects.filter(patient=patient).order_by("id").first()
    if existing is not None:
        return existing.pk
    return bh.sold(world, plan=th.approved_plan(world, patient=patient)).pk


OBJECT_FOR_KWARG = {"invoice_id": _invoice, "package_id": _package}
