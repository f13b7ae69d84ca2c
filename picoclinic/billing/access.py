"""The one way a view reaches an invoice or a package: through the patient's access helper,
then scoped to that patient (anything else is a 404, like a missing id)."""

from __future__ import annotations

from picoclinic.billing.models import Invoice, Package
from picoclinic.patients.access import patient_get_for_user
from picoclinic.web.lookup import get_or_404


def invoice_get_for_user(user, patient_id, invoice_id) -> Invoice:
    patient = patient_get_for_user(user, patient_id)
    rows = Invoice.objects.filter(patient=patient).select_related("clinic", "patient", "credits")
    return get_or_404(rows, "No such invoice", pk=invoice_id)


def package_get_for_user(user, patient_id, package_id) -> Package:
    patient = patient_get_for_user(user, patient_id)
    rows = Package.objects.filter(patient=patient).select_related("clinic", "patient", "plan")
    return get_or_404(rows, "No such package", pk=package_id)
