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
    return latest if consent_state(latest, plan_version=plan.version) == VALID else None


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
    return latest if consent_state(latest) == VALID else None


VALID = "valid"


def consent_state(record: ConsentRecord | None, *, plan_version: int | None = None) -> str:
    """Whether a decision is in force: the one rule for the chart, the portal, the plan and the
    booking checks. "none" (no record), "withdrawn", "declined", "outdated" (a treatment
    consent signed on an earlier content version of its plan: the patient agreed to what was
    shown) or "valid". ``plan_version`` is the plan's current version (else ``record.plan``'s).
    """
    if record is None:
        return "none"
    if record.withdrawn_at is not None:
        return "withdrawn"
    if not record.granted:
        return "declined"
    if record.plan_id is not None:
        current = plan_version if plan_version is not None else record.plan.version
        if record.plan_version != current:
            return "outdated"
    return VALID
