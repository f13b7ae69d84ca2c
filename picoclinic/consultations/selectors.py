"""Reads of consultations: the latest screening per concern, the clinic's screening policy.

``latest_screenings`` is what the treatment plan reads to decide whether a plan can be approved
(``ScreeningRecord.blocks_approval``) and whether it needs a doctor (``needs_doctor_review``).
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from picoclinic.clinical.screening import DEFAULT_POLICY, ScreeningPolicy, policy_from_dict
from picoclinic.clinics.models import Clinic, ClinicPolicy
from picoclinic.consultations.models import Concern, Consultation, ScreeningRecord


def latest_screenings(consultation: Consultation) -> dict[int, ScreeningRecord]:
    """The most recent screening of each concern of ``consultation``, keyed by concern id.

    One query, whatever the number of concerns or re-runs. A concern never screened has no key.
    """
    newest = (
        ScreeningRecord.objects.filter(concern=OuterRef("concern"))
        .order_by("-screened_at", "-id")
        .values("pk")[:1]
    )
    records = ScreeningRecord.objects.filter(
        consultation=consultation, pk=Subquery(newest)
    ).select_related("screened_by")
    return {record.concern_id: record for record in records}


def concerns_of(consultation: Consultation) -> list[Concern]:
    """The consultation's concerns in the order the practitioner entered them (one query)."""
    return list(Concern.objects.filter(consultation=consultation).order_by("position", "id"))


def screening_policy_for(clinic: Clinic) -> ScreeningPolicy:
    """The clinic's screening policy, or the evidence-based default when it has none.

    ``ClinicPolicy.screening_rules`` holds the rules (``{rule_code: {"outcome": ...}}``); the
    policy is named after ``ClinicPolicy.name``. An invalid stored policy raises the core's
    ``ClinicalInputError``: screening never silently falls back to the default, because the
    clinic may have tightened a rule.
    """
    stored = ClinicPolicy.objects.filter(clinic=clinic).first()
    if stored is None:
        return DEFAULT_POLICY
    rules = stored.screening_rules or {}
    if set(rules) == {"name", "rules"}:  # the whole policy object was stored
        return policy_from_dict(rules, field_prefix="policy")
    return policy_from_dict({"name": stored.name, "rules": rules}, field_prefix="policy")
