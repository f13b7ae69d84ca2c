"""The scheduling app's answers to events published below it."""

from __future__ import annotations

from django.dispatch import receiver

from picoclinic.consultations.signals import reported_before_visit
from picoclinic.invitations.signals import clinical_membership_saved
from picoclinic.patients.signals import chart_sections
from picoclinic.scheduling.chart import appointments_chart_section
from picoclinic.scheduling.models import BookingRequest
from picoclinic.scheduling.practitioners import practitioner_from_membership


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return appointments_chart_section(patient=patient, request=request)


@receiver(reported_before_visit)
def _reported_before_visit(sender, patient, **kwargs):
    """The newest self-assessment the patient sent with an online request (1 query)."""
    found = (
        BookingRequest.objects.filter(appointment__patient=patient)
        .exclude(assessment={})
        .order_by("-created_at", "-id")
        .values_list("assessment", flat=True)
        .first()
    )
    if not found:
        return None
    answers = found.get("answers") or {}
    skin = {k.removeprefix("skin_"): v for k, v in answers.items() if k.startswith("skin_")}
    return {"skin": skin, "lines": found.get("summary") or []}


@receiver(clinical_membership_saved)
def _clinical_membership(sender, user, clinic, indications, actor, **kwargs):
    """A practitioner or doctor at ``clinic`` is bookable there: one record per person."""
    practitioner_from_membership(actor=actor, user=user, clinic=clinic, indications=indications)
