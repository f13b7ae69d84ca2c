"""The previsit app's answers to events published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.consultations.signals import flags_before_visit, reported_before_visit
from picoclinic.patients.signals import chart_sections
from picoclinic.previsit.chart import questionnaires_chart_section
from picoclinic.previsit.reported import reported_for_patient
from picoclinic.previsit.selectors import returned_for_patient
from picoclinic.previsit.services import questionnaire_create
from picoclinic.scheduling.signals import appointment_booked


@receiver(appointment_booked)
def _appointment_booked(sender, appointment, site_url, **kwargs):
    """A consultation booked (desk or online) gets its questionnaire; its link goes after
    commit."""
    questionnaire_create(appointment=appointment, site_url=site_url)


@receiver(reported_before_visit)
def _reported_before_visit(sender, patient, **kwargs):
    """The self-assessment sent with an online request and the questionnaire returned."""
    return reported_for_patient(patient)


@receiver(flags_before_visit)
def _flags_before_visit(sender, patient, **kwargs):
    """The flags of the patient's latest returned questionnaire (1 query)."""
    found = returned_for_patient(patient)
    if found is None:
        return None
    return {"returned_at": found.returned_at, "flags": found.flags, "overall": found.overall}


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return questionnaires_chart_section(patient=patient, request=request)
