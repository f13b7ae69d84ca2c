"""The aftercare app's answers to events and questions published below it."""

from __future__ import annotations

from django.dispatch import receiver
from django.http import Http404

from picoclinic.accounts.models import User
from picoclinic.aftercare.access import task_get_for_user
from picoclinic.aftercare.chart import aftercare_chart_section
from picoclinic.aftercare.content import ClinicalInputError, case_for, plan_for, sheet_content
from picoclinic.aftercare.models import AftercareSheet
from picoclinic.aftercare.services import aftercare_issue, followups_create
from picoclinic.patients.signals import chart_sections
from picoclinic.treatments import signals as treatment_signals


@receiver(treatment_signals.session_signed)
def _issue_aftercare(sender, actor: User, session, now, **kwargs):
    """A signed session's aftercare and follow-up tasks, in the signing transaction."""
    aftercare_issue(actor=actor, session=session, now=now)
    followups_create(session=session)


@receiver(treatment_signals.aftercare_sheet_of_session)
def _sheet(sender, session, **kwargs):
    return AftercareSheet.objects.filter(session=session).first()


@receiver(treatment_signals.aftercare_preview_of_session)
def _preview(sender, session, **kwargs):
    case = case_for(session)
    try:
        plan = plan_for(case)
    except ClinicalInputError:
        return None
    return sheet_content(plan, case=case, clinic=session.clinic, next_at=None)


@receiver(treatment_signals.follow_up_task_for_event)
def _task(sender, user, patient, task_id, **kwargs):
    """The follow-up task an adverse event is recorded from: the patient's, else 404."""
    task = task_get_for_user(user, task_id)
    if task.patient_id != patient.pk:
        raise Http404("No such task")
    return task


@receiver(chart_sections)
def _chart_section(sender, patient, request, **kwargs):
    return aftercare_chart_section(patient=patient, request=request)
