"""Composing and delivering a message to a patient: one shape and one delivery for every e-mail
and SMS, sent once after commit through ``notifications.once.send_once``.

Delivery never raises: the row is recorded as sent before it goes (never twice beats maybe
twice), so a failure is logged with what failed and the row's id: never the content.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail

from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.notifications.sms import SmsFailed, sms_sender

logger = logging.getLogger("picoclinic.notifications")


@dataclass(frozen=True)
class Message:
    """To ``email`` if there is one, else by SMS to ``phone`` with ``body``. With ``sms``, the
    SMS goes to ``phone`` as well as the e-mail (a short text beside the full one)."""

    email: str
    phone: str
    subject: str
    body: str
    sms: str = ""


def deliver_message(message: Message, *, what: str, pk: int) -> None:
    """Send ``message``; a failure is logged as "<what> failed for <pk>" and goes no further."""
    if message.email:
        _try(lambda: _mail(message), f"{what} e-mail", pk)
    if message.phone and (message.sms or not message.email):
        text = message.sms or message.body
        _try_sms(lambda: sms_sender().send(to=message.phone, body=text), f"{what} SMS", pk)


def _mail(message: Message) -> None:
    send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.email])


def _try(send, what: str, pk: int) -> None:
    try:
        send()
    except Exception:
        logger.exception("%s failed for %s", what, pk)


def _try_sms(send, what: str, pk: int) -> None:
    """An SMS the provider refused (or could not be reached for) is logged and audited with
    the reason in words; anything else unexpected is logged as ``_try`` does."""
    try:
        send()
    except SmsFailed as failure:
        logger.warning("%s failed for %s: %s", what, pk, failure)
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            summary=f"{what} for {pk} not sent: {failure}",
        )
    except Exception:
        logger.exception("%s failed for %s", what, pk)


def deliver_to_staff(
    message: tuple[str, str], recipients: list[str], *, what: str, pk: int
) -> None:
    """E-mail staff a notice (subject, body) whose claim committed; a failure, or nobody to
    tell, is logged with ``what`` and the row's id: never the content or the addresses."""
    if not recipients:
        logger.warning("No one to notify of %s %s", what, pk)
        return
    subject, body = message
    _try(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients),
        f"{what} e-mail",
        pk,
    )
