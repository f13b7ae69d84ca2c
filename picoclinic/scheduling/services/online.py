"""Online consultation requests: made on the public page, cancelled by the requester through
their private link, linked by the front desk to a patient (existing or newly registered).

A request books its appointment through the same locked path as the front desk
(``resources_lock`` + ``book_locked``), so it can never double-book; the appointment's patient
stays empty until the front desk links it. The confirmation (e-mail with the private link, and
an SMS) goes out from a background task queued after commit, at most once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from picoclinic.accounts.models import User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.invitations.portal_logins import patient_portal_invite
from picoclinic.notifications.messages import Message, deliver_message
from picoclinic.notifications.once import send_once
from picoclinic.patients.models import Patient
from picoclinic.scheduling import errors
from picoclinic.scheduling.availability import policy_for
from picoclinic.scheduling.ical import google_calendar_url
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    BookingRequest,
)
from picoclinic.scheduling.online import (
    OnlineClinic,
    concern_labels,
    online_window,
    phone_key,
    request_token,
    upcoming_requests_of_contact,
)
from picoclinic.scheduling.services import appointment_cancel
from picoclinic.scheduling.services.booking import (
    aware_utc,
    book_locked,
    booking_errors,
    resources_lock,
)
from picoclinic.web.refusals import Refused

# No 0/O or 1/I: read out on the phone without doubt.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

TOO_MANY_REQUESTS = (
    "You already have {count} upcoming consultation requests with us. Please call the clinic "
    "if you need another appointment."
)
ALREADY_LINKED = "This request is already linked to a patient."
REQUEST_NOT_OPEN = "This request has been cancelled or has already taken place."
PATIENT_ELSEWHERE = errors.PATIENT_ELSEWHERE
FORM_ALREADY_SENT = _(
    "This form has already been sent and your request is booked: its details are in the "
    "e-mail we sent you. To ask for another time, open the booking page again."
)
CANNOT_CANCEL_PAST = "This appointment has already started, so it can no longer be cancelled here."


@dataclass(frozen=True)
class Contact:
    given_name: str
    family_name: str
    email: str
    phone: str
    date_of_birth: date | None
    concerns: list[str]
    concerns_text: str
    # Answers to the public self-assessment, reported by the requester (to confirm).
    assessment: dict = field(default_factory=dict)


def booking_request_create(
    *,
    online: OnlineClinic,
    starts_at: datetime,
    contact: Contact,
    site_url: str,
    form_stamp: str = "",
    now: datetime | None = None,
) -> BookingRequest:
    """Book ``online``'s consultation at ``starts_at`` for a requester not registered yet.

    Invariants: only times inside the clinic's online window (minimum notice, horizon), free
    under the booking locks, are taken (a forged time gets ``SlotUnavailable``); a contact
    (e-mail, phone, or name with date of birth) holds at most the clinic's cap of upcoming
    requests, counted again under the locks; the public form's ``form_stamp`` books at most
    once (a unique hash in the database); appointment, request and audit entry commit
    together; the confirmation is queued after commit (its private link starts with
    ``site_url``, e.g. "https://host").
    """
    now = now or timezone.now()
    starts_at = aware_utc(starts_at)
    earliest, latest = online_window(online, now)
    if not earliest <= starts_at <= latest:
        raise errors.SlotUnavailable()
    stamp_hash = hashlib.sha256(form_stamp.encode()).hexdigest() if form_stamp else None
    _check_cap(online, contact, now)
    clinic, consultation = online.clinic, online.consultation
    with booking_errors(), transaction.atomic(durable=True):
        resources_lock(
            clinic=clinic, appointment_type=consultation, starts=[starts_at], practitioners=None
        )
        _check_cap(online, contact, now)  # again, under the locks: two tabs at once
        if stamp_hash and BookingRequest.objects.filter(form_stamp_hash=stamp_hash).exists():
            raise errors.BookingError(str(FORM_ALREADY_SENT))
        appointment = book_locked(
            actor=None,
            clinic=clinic,
            patient=None,
            appointment_type=consultation,
            starts_at=starts_at,
            practitioner=None,
            now=now,
            min_notice=online.policy.online_min_notice,
            site_url=site_url,
        )
        booking_request = BookingRequest.objects.create(
            appointment=appointment,
            reference=_reference(),
            given_name=contact.given_name,
            family_name=contact.family_name,
            email=contact.email,
            phone=contact.phone,
            phone_key=phone_key(contact.phone),
            date_of_birth=contact.date_of_birth,
            concerns=contact.concerns,
            concerns_text=contact.concerns_text,
            assessment=contact.assessment,
            privacy_accepted_at=now,
            form_stamp_hash=stamp_hash,
        )
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=booking_request,
            clinic=clinic,
            summary="Consultation requested online",
        )
        pk = booking_request.pk
        transaction.on_commit(lambda: send_booking_confirmation.enqueue(pk, site_url))
    return booking_request


def _check_cap(online: OnlineClinic, contact: Contact, now: datetime) -> None:
    count = upcoming_requests_of_contact(
        email=contact.email,
        phone=contact.phone,
        person=(contact.given_name, contact.family_name, contact.date_of_birth),
        now=now,
    )
    if count >= online.policy.online_max_per_contact:
        raise errors.BookingError(TOO_MANY_REQUESTS.format(count=count))


def _reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def booking_request_cancel(
    *, booking_request: BookingRequest, now: datetime | None = None
) -> Appointment:
    """The requester cancels through their private link, before the appointment starts; the
    time is free again at once (``appointment_cancel``)."""
    appointment = booking_request.appointment
    if (now or timezone.now()) >= appointment.starts_at:
        raise errors.BookingError(CANNOT_CANCEL_PAST)
    return appointment_cancel(
        actor=None, appointment=appointment, reason="Cancelled by the requester online"
    )


def booking_request_link(*, actor: User, booking_request: BookingRequest, patient: Patient) -> None:
    """Make the requested consultation ``patient``'s (the front desk found or registered them).

    Invariants: only an open request (booked, no patient yet), only to a patient of the
    clinic's organisation; the appointment row is locked so two people linking at once cannot
    both succeed; audited on the patient.
    """
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("clinic")
            .get(pk=booking_request.appointment_id)
        )
        if appointment.patient_id is not None:
            raise errors.BookingError(ALREADY_LINKED)
        if appointment.status != AppointmentStatus.BOOKED:
            raise errors.BookingError(REQUEST_NOT_OPEN)
        if patient.organisation_id != appointment.clinic.organisation_id:
            raise errors.BookingError(PATIENT_ELSEWHERE)
        appointment.patient = patient
        appointment.save(update_fields=["patient", "updated_at"])
        booking_request.linked_at = timezone.now()
        booking_request.linked_by = actor
        booking_request.save(update_fields=["linked_at", "linked_by"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=appointment,
            patient=patient,
            clinic=appointment.clinic,
            summary=f"Linked online consultation request {booking_request.reference}",
            changes={"patient": [None, str(patient.pk)]},
        )
    booking_request.appointment = appointment


def booking_request_register(
    *, actor: User, booking_request: BookingRequest, data: dict, site_url: str = ""
) -> Patient:
    """Register a new patient from the request (the patients app's ``patient_create``, at the
    appointment's clinic) and link the request to them, all or nothing. By the clinic's
    policy (``online_invite_to_portal``) the new patient is invited to the portal too; an
    invitation that cannot go (no e-mail, an address another login uses) does not stop the
    registration: the chart's portal panel shows there is no login yet."""
    from picoclinic.patients.services import patient_create

    with transaction.atomic():
        clinic = booking_request.appointment.clinic
        patient = patient_create(actor=actor, clinic=clinic, data=data)
        booking_request_link(actor=actor, booking_request=booking_request, patient=patient)
        if site_url and policy_for(clinic).online_invite_to_portal:
            _invite_to_portal(actor=actor, patient=patient, site_url=site_url)
    return patient


def _invite_to_portal(*, actor, patient: Patient, site_url: str) -> None:
    try:
        with transaction.atomic():
            patient_portal_invite(actor=actor, patient=patient, site_url=site_url)
    except Refused:
        pass


# --- Confirmation ------------------------------------------------------------------------------

SENT = "sent"
ALREADY_SENT = "already sent"
GONE = "no such request"


@task()
def send_booking_confirmation(booking_request_id: int, site_url: str) -> str:
    """The background task: confirm one request, once."""
    return booking_confirmation_send(booking_request_id=booking_request_id, site_url=site_url)


def booking_confirmation_send(*, booking_request_id: int, site_url: str) -> str:
    """Mark the request confirmed (audited) and, after that commits, send the e-mail (with the
    private link) and the SMS. Invariant: at most once, whatever the number of runs."""
    return send_once(
        BookingRequest.objects.select_related(
            "appointment__clinic", "appointment__appointment_type", "appointment__patient"
        ),
        booking_request_id,
        sent_field="confirmation_sent_at",
        now=timezone.now(),
        why_not=lambda found: ALREADY_SENT if found.confirmation_sent_at is not None else None,
        summary="Online booking confirmation sent",
        deliver=lambda found: _confirmation(found, site_url),
        sent=SENT,
        missing=GONE,
        audited_under=lambda found: (found.appointment.patient, found.appointment.clinic),
    )


def _confirmation(found: BookingRequest, site_url: str):
    subject, body, sms = confirmation_message(found, site_url=site_url)
    message = Message(found.email, found.phone, subject, body, sms=sms)
    return lambda: deliver_message(message, what="Booking confirmation", pk=found.pk)


def request_path(booking_request: BookingRequest) -> str:
    from django.urls import reverse

    return reverse("booking:request", kwargs={"request_token": request_token(booking_request)})


def confirmation_message(booking_request: BookingRequest, *, site_url: str) -> tuple[str, str, str]:
    """(subject, e-mail body, SMS body) in plain words, times in the clinic's zone."""
    appointment = booking_request.appointment
    clinic = appointment.clinic
    local = timezone.localtime(appointment.starts_at, clinic.zone)
    when = (
        f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} ({clinic.zone_words}, {local:%Z})"
    )
    context = {
        "request": booking_request,
        "clinic": clinic,
        "appointment": appointment,
        "when": when,
        "link": site_url.rstrip("/") + request_path(booking_request),
        "calendar_link": site_url.rstrip("/") + request_path(booking_request) + "calendar.ics",
        "google_calendar": google_calendar_url(appointment),
        "concerns": concern_labels(booking_request.concerns),
    }
    body = render_to_string("booking/confirmation_email.txt", context)
    sms = (
        f"{clinic.name}: your consultation request {booking_request.reference} is booked for "
        f"{local:%a} {local.day} {local:%b} at {local:%H:%M}. Details and cancelling: see our "
        f"e-mail."
    )
    subject = f"Your consultation request at {clinic.name} ({booking_request.reference})"
    return subject, body, sms
