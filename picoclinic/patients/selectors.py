from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from picoclinic.notifications.sms import phone_e164
from picoclinic.patients.models import Patient

MAX_SEARCH_RESULTS = 50


def patient_for_login(user) -> Patient | None:
    """The patient record behind a portal login, or None for staff and anonymous users."""
    if not user.is_authenticated:
        return None
    return Patient.objects.select_related("clinic").filter(user=user).first()


def patients_search(
    *, patients: QuerySet[Patient], query: str, region: str = ""
) -> QuerySet[Patient]:
    """Patients matching a name, a patient number or a phone number, capped for the page.

    ``patients`` is already narrowed by the access helper; this only filters it. A phone
    number in any format finds the same patient: ``region`` (the clinic's country) reads a
    number typed the national way.
    """
    query = " ".join(query.split())
    if not query:
        return patients.none()
    condition = Q(patient_number__iexact=query)
    # A number typed the national way ("07700 ...") matches one stored internationally
    # ("+44 7700 ..."): compare without the trunk prefix.
    digits = re.sub(r"\D", "", query).lstrip("0")
    if len(digits) >= 4:
        condition |= Q(phone_digits__contains=digits)
        if international := phone_e164(query, region):
            condition |= Q(phone_e164=international)
    condition |= _name_condition(query)
    return patients.filter(condition).select_related("clinic")[:MAX_SEARCH_RESULTS]


def _name_condition(query: str) -> Q:
    condition = Q()
    for word in query.split(" "):
        condition &= (
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    return condition


def chart_sections_for(*, patient: Patient, request) -> list:
    """The journey apps' sections of ``patient``'s chart (``ChartSection``), in their order."""
    from picoclinic.patients.signals import chart_sections

    answers = chart_sections.send(sender=Patient, patient=patient, request=request)
    return sorted((section for _receiver, section in answers), key=lambda s: s.order)
