"""Running the contraindication screening for every concern of a consultation."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.screening import ScreeningPolicy, ScreeningReport, screen
from picoclinic.clinical.screening_io import parse_history, parse_treatment, report_to_dict
from picoclinic.consultations.clinical_inputs import missing_history_keys, screening_inputs
from picoclinic.consultations.models import Concern, Consultation, ScreeningRecord
from picoclinic.consultations.presenters import concern_title
from picoclinic.consultations.selectors import concerns_of, screening_policy_for
from picoclinic.consultations.services import ConsultationError, consultation_lock_for_change

NEEDS_CONCERNS = "Add a concern first: the screening is for a treatment."
HISTORY_INCOMPLETE = "Answer every medical-history question first ({count} not answered yet)."
POLICY_INVALID = (
    "The clinic's screening policy is not valid ({message}); ask the clinic admin to correct it."
)
CONCERN_PROBLEM = "{concern}: {message}"


def consultation_screen(
    *, actor: User, consultation: Consultation, today: date
) -> list[ScreeningRecord]:
    """Screen every concern against the medical history with the clinic's policy.

    The planned date is ``today`` (the clinic's local date). Invariants: all concerns are
    screened or none (any problem raises ``ConsultationError`` listing them and stores
    nothing); each ``ScreeningRecord`` keeps the report as shown, the policy applied and the
    inputs it read; one audit entry per record, naming the outcome only.
    """
    with transaction.atomic():
        locked = consultation_lock_for_change(consultation)
        concerns = concerns_of(locked)
        policy = _policy(locked, concerns)
        reports = [(concern, _screen(locked, concern, policy, today)) for concern in concerns]
        problems = [report for _, report in reports if isinstance(report, str)]
        if problems:
            raise ConsultationError(problems[0], problems=problems)
        return [_record(actor, locked, concern, report, today) for concern, report in reports]


def _policy(consultation: Consultation, concerns: list[Concern]) -> ScreeningPolicy:
    if not concerns:
        raise ConsultationError(NEEDS_CONCERNS)
    missing = missing_history_keys(consultation.medical_history)
    if missing:
        raise ConsultationError(HISTORY_INCOMPLETE.format(count=len(missing)))
    try:
        return screening_policy_for(consultation.clinic)
    except ClinicalInputError as error:
        raise ConsultationError(POLICY_INVALID.format(message=error.message)) from None


def _screen(
    consultation: Consultation, concern: Concern, policy: ScreeningPolicy, today: date
) -> ScreeningReport | str:
    inputs = screening_inputs(consultation=consultation, concern=concern, planned_on=today)
    try:
        history = parse_history(inputs["history"])
        treatment = parse_treatment(inputs["treatment"])
        return screen(history, treatment=treatment, policy=policy, today=today)
    except ClinicalInputError as error:
        return CONCERN_PROBLEM.format(concern=concern_title(concern), message=error.message)


def _record(
    actor: User, consultation: Consultation, concern: Concern, report: ScreeningReport, today: date
) -> ScreeningRecord:
    record = ScreeningRecord.objects.create(
        consultation=consultation,
        concern=concern,
        screened_by=actor,
        planned_on=report.planned_on,
        policy_name=report.policy_name,
        overall=report.overall.value,
        blocks_approval=report.blocks_approval,
        needs_doctor_review=report.needs_doctor_review,
        report=report_to_dict(report),
        inputs=screening_inputs(consultation=consultation, concern=concern, planned_on=today),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=record,
        patient=consultation.patient,
        clinic=consultation.clinic,
        summary=f"Screened concern {concern.pk}: {report.overall.value}",
    )
    return record
