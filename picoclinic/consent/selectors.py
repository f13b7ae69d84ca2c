"""Reads of consent: which record is in force for a plan or a patient, and the current texts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from picoclinic.consent.models import ConsentKind, ConsentRecord

if TYPE_CHECKING:
    from picoclinic.patients.models import Patient
    from picoclinic.plans.models import TreatmentPlan


def valid_treatment_consent(*, plan: TreatmentPlan) -> ConsentRecord | None:
    """The treatment consent that allows this plan's course to start, or None.

    A treatment consent is signed for one plan and covers its whole course (every session of
    every item). The latest treatment consent signed for the plan decides: it must be granted,
    not withdrawn, and signed on the plan's current content version (a plan whose content
    changed after signing needs a fresh consent: the patient agreed to what was shown). A
    withdrawal of the latest record ends consent at once even if an older one was never
    withdrawn.
    """
    latest = (
        ConsentRecord.objects.filter(
            patient_id=plan.patient_id, plan=plan, kind=ConsentKind.TREATMENT
        )
        .order_by("-signed_at", "-id")
        .first()
    )
    if latest is None or not latest.is_valid or latest.plan_version != plan.version:
        return None
    return latest


def photo_consent(*, patient: Patient) -> ConsentRecord | None:
    """The patient's latest decision on clinical photography, if it is a yes in force."""
    return _latest_decision_if_yes(patient=patient, kind=ConsentKind.PHOTOGRAPHY)


def marketing_consent(*, patient: Patient) -> ConsentRecord | None:
    """The patient's latest decision on marketing use of photos, if it is a yes in force."""
    return _latest_decision_if_yes(patient=patient, kind=ConsentKind.MARKETING)


def _latest_decision_if_yes(*, patient: Patient, kind: str) -> ConsentRecord | None:
    # The latest decision wins: a later "no" ends an earlier "yes", and so does withdrawing it.
    latest = (
        ConsentRecord.objects.filter(patient=patient, kind=kind)
        .order_by("-signed_at", "-id")
        .first()
    )
    return latest if latest is not None and latest.is_valid else None
