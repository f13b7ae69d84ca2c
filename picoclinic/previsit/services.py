"""Writes of the questionnaire before the visit. Each runs in one transaction under a lock on
the questionnaire row, audited where it changes what the clinic will read; messages go after
commit, once (``notifications.once``)."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinical.common import BodySite, ClinicalInputError
from picoclinic.clinical.screening import screen
from picoclinic.clinical.screening_io import parse_history, parse_treatment
from picoclinic.consultations.forms.history import ALL_NO
from picoclinic.consultations.models import Consultation, ConsultationStatus
from picoclinic.consultations.selectors import screening_policy_for
from picoclinic.consultations.services.reported import reported_items_add
from picoclinic.consultations.vocab import OUTCOMES, RULE_TITLES
from picoclinic.notifications.messages import Message, deliver_message
from picoclinic.notifications.once import send_once
from picoclinic.previsit.links import link_path
from picoclinic.previsit.models import Questionnaire, QuestionnaireStatus
from picoclinic.previsit.reported import QUESTIONNAIRE, questionnaire_items
from picoclinic.previsit.signals import questionnaire_returned
from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentStatus
from picoclinic.web.refusals import Refused

ALREADY_RETURNED = gettext_lazy(
    "You have already sent this questionnaire to the clinic, so this link no longer works. "
    "If something has changed, tell the practitioner at your visit or call the clinic."
)
LINK_EXPIRED = gettext_lazy(
    "This link has expired: it worked until your appointment. If you still need to tell the "
    "clinic something, call them."
)
NOT_READY = gettext_lazy("Some answers need a look before sending: they are marked below.")
SENT, ALREADY_SENT, GONE, NOBODY = "sent", "already sent", "no such questionnaire", "no contact"
POLICY_INVALID_FLAG = "The clinic's screening policy is not valid: screen at the visit."


class QuestionnaireRefused(Refused):
    pass


def questionnaire_create(*, appointment: Appointment, site_url: str) -> Questionnaire | None:
    """A consultation was booked: make its questionnaire and send the link after commit.

    Call inside the booking transaction. Invariants: one questionnaire per appointment; other
    kinds of appointment get none; the link goes at most once (``questionnaire_link_send``).
    """
    if appointment.kind != AppointmentKind.CONSULTATION:
        return None
    questionnaire = Questionnaire.objects.create(
        appointment=appointment, clinic=appointment.clinic, nonce=secrets.token_urlsafe(24)
    )
    pk = questionnaire.pk
    transaction.on_commit(lambda: send_questionnaire_link.enqueue(pk, site_url))
    return questionnaire


@task()
def send_questionnaire_link(questionnaire_id: int, site_url: str) -> str:
    """The background task: send one questionnaire's link, once."""
    return questionnaire_link_send(questionnaire_id=questionnaire_id, site_url=site_url)


def questionnaire_link_send(*, questionnaire_id: int, site_url: str) -> str:
    """Mark the link sent (audited) and, after that commits, e-mail and text it to the patient
    (or the online requester). Invariant: at most once, whatever the number of runs."""
    return send_once(
        Questionnaire.objects.select_related(
            "clinic", "appointment__patient", "appointment__booking_request"
        ),
        questionnaire_id,
        sent_field="link_sent_at",
        now=timezone.now(),
        why_not=_why_not_send,
        summary="Questionnaire before the visit: link sent",
        deliver=lambda found: _link_message(found, site_url),
        also_saved=lambda found: ["sent_to"],
        sent=SENT,
        missing=GONE,
        audited_under=lambda found: (found.appointment.patient, found.clinic),
    )


def _contact(questionnaire: Questionnaire) -> tuple[str, str, str]:
    """(e-mail, phone, where from) of the person the link is for."""
    patient = questionnaire.appointment.patient
    if patient is not None:
        return patient.email, patient.phone, "patient"
    request = getattr(questionnaire.appointment, "booking_request", None)
    return (request.email, request.phone, "request") if request else ("", "", "")


def _why_not_send(found: Questionnaire) -> str | None:
    if found.link_sent_at is not None:
        return ALREADY_SENT
    email, phone, where = _contact(found)
    if not (email or phone):
        return NOBODY
    found.sent_to = where
    return None


def _link_message(found: Questionnaire, site_url: str):
    email, phone, _where = _contact(found)
    clinic = found.clinic
    local = timezone.localtime(found.appointment.starts_at, clinic.zone)
    context = {
        "clinic": clinic,
        "when": f"{local:%A} {local.day} {local:%B} at {local:%H:%M}",
        "link": site_url.rstrip("/") + link_path(found),
    }
    body = render_to_string("previsit/link_email.txt", context)
    sms = _("%(clinic)s: before your consultation, please answer a few questions: %(link)s") % {
        "clinic": clinic.name,
        "link": context["link"],
    }
    subject = _("Before your consultation at %(clinic)s") % {"clinic": clinic.name}
    message = Message(email, phone, subject, body, sms=sms)
    return lambda: deliver_message(message, what="Questionnaire link", pk=found.pk)


def questionnaire_check_open(questionnaire: Questionnaire, *, now: datetime) -> None:
    """Refuse a returned questionnaire (single use) or one whose appointment has started or
    was cancelled (expired), in words for the patient."""
    if questionnaire.returned_at is not None:
        raise QuestionnaireRefused(ALREADY_RETURNED)
    appointment = questionnaire.appointment
    if appointment.starts_at <= now or appointment.status != AppointmentStatus.BOOKED:
        raise QuestionnaireRefused(LINK_EXPIRED)


def _lock(questionnaire: Questionnaire, now: datetime) -> Questionnaire:
    locked = (
        Questionnaire.objects.select_for_update(of=("self",))
        .select_related("appointment__patient", "clinic")
        .get(pk=questionnaire.pk)
    )
    questionnaire_check_open(locked, now=now)
    return locked


def questionnaire_save(
    *, questionnaire: Questionnaire, raw: dict[str, list[str]], now: datetime | None = None
) -> Questionnaire:
    """Keep what the patient typed so far (valid or not): nothing typed is lost. Not audited:
    nothing of it reaches the clinic until it is returned."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(questionnaire, now)
        locked.answers, locked.saved_at = raw, now
        locked.status = QuestionnaireStatus.STARTED
        locked.save(update_fields=["answers", "saved_at", "status", "updated_at"])
    return locked


def questionnaire_return(
    *,
    actor,
    questionnaire: Questionnaire,
    raw: dict[str, list[str]],
    reported: dict[str, Any],
    now: datetime | None = None,
) -> Questionnaire:
    """The patient sends the questionnaire: keep it, screen it for the visit, tell the clinic.

    Invariants: returned once (``ALREADY_RETURNED`` after); the screening (the clinic's policy,
    unanswered questions counted as "no": the flags are what the patient reported) runs for
    the appointment's date; the flags, the audit entry, the ``questionnaire_returned`` signal
    and the items added to an open consultation commit together.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(questionnaire, now)
        locked.answers, locked.saved_at, locked.returned_at = raw, now, now
        locked.status, locked.reported = QuestionnaireStatus.RETURNED, reported
        locked.flags, locked.overall = _screen(locked, reported, now)
        locked.save()
        patient = locked.appointment.patient
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            patient=patient,
            clinic=locked.clinic,
            summary=f"Questionnaire before the visit returned: {locked.overall or 'not screened'}",
        )
        if patient is not None:
            _into_open_consultation(patient, reported)
        questionnaire_returned.send(sender=Questionnaire, questionnaire=locked)
    return locked


def _into_open_consultation(patient, reported: dict[str, Any]) -> None:
    draft = Consultation.objects.filter(patient=patient, status=ConsultationStatus.DRAFT).first()
    if draft is not None:
        draft.patient = patient
        reported_items_add(
            consultation=draft, source=QUESTIONNAIRE, items=questionnaire_items(reported)
        )


def _screen(
    questionnaire: Questionnaire, reported: dict[str, Any], now: datetime
) -> tuple[list[dict[str, str]], str]:
    concern = reported.get("concern")
    if not concern:
        return [], ""
    clinic = questionnaire.clinic
    visit_day = timezone.localdate(questionnaire.appointment.starts_at, clinic.zone)
    try:
        policy = screening_policy_for(clinic)
    except ClinicalInputError:
        return [{"code": "policy", "outcome": "", "text": POLICY_INVALID_FLAG, "reason": ""}], ""
    history = parse_history(ALL_NO | reported.get("history", {}))
    treatment = parse_treatment(_treatment(concern, visit_day))
    today = timezone.localdate(now, clinic.zone)
    report = screen(history, treatment=treatment, policy=policy, today=today)
    flags = [
        {
            "code": result.code.value,
            "outcome": result.outcome.value,
            "text": f"{RULE_TITLES.get(result.code.value, result.code.value)}: "
            f"{OUTCOMES[result.outcome].lower()}",
            "reason": result.reason,
        }
        for result in report.findings
    ]
    return flags, report.overall.value


def _treatment(concern: dict[str, Any], day: date) -> dict[str, Any]:
    return {
        "indication": concern["indication"],
        "body_site": concern["body_site"],
        "facial_or_perioral": concern["body_site"] == BodySite.FACE,
        "periocular": bool(concern.get("periocular")),
        "planned_on": day.isoformat(),
    }
