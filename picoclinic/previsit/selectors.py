"""Reads of the questionnaires: for the patient's own pages and the clinic's work lists."""

from __future__ import annotations

from collections.abc import Iterable

from picoclinic.patients.models import Patient
from picoclinic.previsit.models import Questionnaire
from picoclinic.web.lookup import get_or_404


def questionnaire_of_patient(patient: Patient, questionnaire_id: int) -> Questionnaire:
    """The patient's own questionnaire ``questionnaire_id``; 404 for anyone else's."""
    return get_or_404(
        Questionnaire.objects.select_related(
            "clinic", "appointment__patient", "appointment__booking_request"
        ),
        "No such questionnaire",
        pk=questionnaire_id,
        appointment__patient=patient,
    )


def questionnaires_by_appointment(appointment_ids: Iterable[int]) -> dict[int, Questionnaire]:
    """The questionnaire of each of these appointments that has one (1 query), for the
    clinic's work lists: its state and, once returned, the screening's flags."""
    rows = Questionnaire.objects.filter(appointment_id__in=list(appointment_ids)).only(
        "appointment_id", "status", "returned_at", "flags", "overall"
    )
    return {row.appointment_id: row for row in rows}


def returned_for_patient(patient: Patient) -> Questionnaire | None:
    """The patient's latest returned questionnaire (1 query)."""
    return (
        Questionnaire.objects.filter(appointment__patient=patient, returned_at__isnull=False)
        .order_by("-returned_at", "-id")
        .first()
    )
