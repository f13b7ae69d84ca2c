"""The clinic's session policy: when a doctor co-signs a session record."""

from __future__ import annotations

from picoclinic.clinics.models import Clinic
from picoclinic.treatments.models import TreatmentPolicy

ALL_SESSIONS = "The clinic's policy: every session is co-signed by a doctor."
AFTER_OVERRIDE = "A doctor passed a blocked item or setting."
AFTER_ADVERSE_EVENT = "An adverse event was recorded."


def policy_for(clinic: Clinic) -> TreatmentPolicy:
    """The clinic's policy row, or the defaults (not saved) when it has none."""
    return TreatmentPolicy.objects.filter(clinic=clinic).first() or TreatmentPolicy(clinic=clinic)


def cosign_reasons(
    policy: TreatmentPolicy, *, overridden: bool, adverse_event: bool, signer_is_doctor: bool
) -> list[str]:
    """Why this session needs a doctor's co-signature (empty: it does not).

    A doctor who treats and signs has already given the medical sign-off.
    """
    if signer_is_doctor:
        return []
    reasons = []
    if policy.cosign_all_sessions:
        reasons.append(ALL_SESSIONS)
    if policy.cosign_after_override and overridden:
        reasons.append(AFTER_OVERRIDE)
    if policy.cosign_after_adverse_event and adverse_event:
        reasons.append(AFTER_ADVERSE_EVENT)
    return reasons
