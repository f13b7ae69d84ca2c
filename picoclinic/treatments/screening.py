"""Re-confirming the medical history at the chair and screening it again.

The history is the consultations app's: the same ``HistoryForm``, the same stored shape (the
core's "history"), the same screening inputs (``treatment_input``) and clinic policy
(``screening_policy_for``). The consultation itself is completed and read-only, so each run is
kept on the session (``SessionScreening``). The baseline a change is measured against is the
history confirmed at the patient's previous session, or the consultation's for the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.screening import Outcome, ScreeningReport, screen
from picoclinic.clinical.screening_io import parse_history, parse_treatment
from picoclinic.consultations.clinical_inputs import missing_history_keys, treatment_input
from picoclinic.consultations.forms.history import GROUPS
from picoclinic.consultations.selectors import screening_policy_for
from picoclinic.treatments import errors
from picoclinic.treatments.models import CheckState, SessionScreening, TreatmentSession

HISTORY_INCOMPLETE = (
    "Answer every medical-history question ({count} not answered yet): a question left out is "
    "not a “no”."
)
KEY_LABELS: dict[str, str] = {key: question for _, items in GROUPS for key, question in items} | {
    "isotretinoin": "Isotretinoin",
    "topical_actives_last_used_on": "Topical retinoids, AHA or BHA",
    "sun_exposures": "Sun, tanning, self-tanner or sunburn",
    "vitiligo": "Vitiligo",
    "cafe_au_lait": "Café-au-lait macules",
    "suspicious_lesion_cleared": "Lesion cleared by a dermatologist",
}
BLOCKING = frozenset({Outcome.DEFER, Outcome.DO_NOT_TREAT})
OUTCOME_WORDS: dict[str, str] = {
    Outcome.PROCEED: "Proceed",
    Outcome.PRECAUTION: "Proceed with precautions",
    Outcome.DOCTOR_REVIEW: "Doctor review",
    Outcome.DEFER: "Defer",
    Outcome.DO_NOT_TREAT: "Do not treat",
}


def outcome_words(overall: str) -> str:
    return OUTCOME_WORDS.get(overall, overall.replace("_", " "))


@dataclass(frozen=True)
class Baseline:
    history: dict[str, Any]
    medications: str
    source: str  # "previous session of 3 Mar 2026" or "consultation"


def baseline_for(session: TreatmentSession) -> Baseline:
    """The history to confirm against: the latest confirmed at another session of the patient
    on or before this one's day, else the consultation's (two queries at most)."""
    previous = (
        SessionScreening.objects.filter(
            session__patient_id=session.patient_id, session__treated_on__lte=session.treated_on
        )
        .exclude(session_id=session.pk)
        .select_related("session")
        .order_by("-session__treated_on", "-screened_at", "-id")
        .first()
    )
    if previous is not None:
        treated_on = previous.session.treated_on
        day = f"{treated_on.day} {treated_on:%b %Y}"
        return Baseline(previous.history, previous.session.medications, f"the session of {day}")
    consultation = session.plan.consultation
    return Baseline(
        consultation.medical_history or {}, consultation.medications, "the consultation"
    )


def current_history(session: TreatmentSession) -> dict[str, Any]:
    """What the form starts from: this session's confirmed history, else the baseline."""
    latest = session.screenings.order_by("-screened_at", "-id").first()
    return latest.history if latest is not None else baseline_for(session).history


def changed_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """History keys whose answer differs, in a stable order."""
    keys = sorted(set(before) | set(after))
    return [key for key in keys if before.get(key) != after.get(key)]


def change_labels(keys: list[str]) -> list[str]:
    return [KEY_LABELS.get(key, key.replace("_", " ")).rstrip("?") for key in keys]


def run_screening(session: TreatmentSession, history: dict[str, Any]) -> ScreeningReport:
    """The core's screening of ``history`` for this session's concern on its day, with the
    clinic's policy. Raises ``TreatmentError`` with the core's message on bad input."""
    missing = missing_history_keys(history)
    if missing:
        raise errors.TreatmentError(HISTORY_INCOMPLETE.format(count=len(missing)))
    try:
        policy = screening_policy_for(session.clinic)
    except ClinicalInputError as error:
        raise errors.TreatmentError(
            errors.SCREENING_POLICY_INVALID.format(message=error.message)
        ) from None
    concern = session.plan_item.concern
    treatment = treatment_input(concern=concern, planned_on=session.treated_on)
    treatment["periocular"] = session.periocular
    try:
        return screen(
            parse_history(history),
            treatment=parse_treatment(treatment),
            policy=policy,
            today=session.treated_on,
        )
    except ClinicalInputError as error:
        raise errors.TreatmentError(
            errors.SCREENING_PROBLEM.format(message=error.message)
        ) from None


def screening_item_state(report: ScreeningReport, *, changed: list[str]) -> tuple[str, str]:
    """(state, detail) of the checklist's screening item after a run.

    A deferral or "do not treat" blocks. A doctor-review finding blocks only when the history
    changed since the last visit: an unchanged history was already before the plan's reviewer.
    """
    words = OUTCOME_WORDS[report.overall]
    change = (
        f" Changed since last visit: {', '.join(change_labels(changed))}."
        if changed
        else " No change since last visit."
    )
    first = report.findings[0].reason if report.findings else ""
    if report.overall in BLOCKING or (report.needs_doctor_review and changed):
        return CheckState.BLOCKED, f"{words}: {first}{change}"[:300]
    return CheckState.DONE, f"{words}.{change}"[:300]
