"""Confirm and cancel links in reminders: signed, single-use, expiring at the appointment.

The token carries the appointment, what the link does, its start (the link stops working when
the appointment starts, and when it moved: the start no longer matches) and a random part; only
its SHA-256 is kept once used (``LinkUse``), so it works once. Opening a link shows what it
will do and asks to press a button (mail scanners that follow links change nothing).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from picoclinic.scheduling.models import Appointment

SALT = "picoclinic.scheduling.reminder-link"
CONFIRM, CANCEL = "confirm", "cancel"
MAX_AGE_DAYS = 60


class LinkInvalid(Exception):
    """The link is broken, expired, used or no longer for this appointment's time."""


def link_token(appointment: Appointment, kind: str) -> str:
    payload = {
        "a": appointment.pk,
        "k": kind,
        "s": appointment.starts_at.isoformat(),
        "n": secrets.token_urlsafe(8),
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def link_url(appointment: Appointment, kind: str) -> str:
    token = link_token(appointment, kind)
    path = reverse("portal:reminder_link", kwargs={"token": token})
    return settings.PICOCLINIC_BASE_URL.rstrip("/") + path


def link_read(token: str, now: datetime) -> tuple[Appointment, str, str]:
    """(appointment, kind, token hash) of a valid, unused link, else ``LinkInvalid``."""
    from picoclinic.scheduling.models import LinkUse

    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 86400)
        kind, start = payload["k"], datetime.fromisoformat(payload["s"])
        appointment = Appointment.objects.select_related(
            "clinic", "patient", "appointment_type", "practitioner", "plan_item"
        ).get(pk=int(payload["a"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, Appointment.DoesNotExist):
        raise LinkInvalid from None
    digest = hashlib.sha256(token.encode()).hexdigest()
    if kind not in {CONFIRM, CANCEL} or appointment.starts_at != start or start <= now:
        raise LinkInvalid
    if appointment.patient_id is None or LinkUse.objects.filter(token_hash=digest).exists():
        raise LinkInvalid
    return appointment, kind, digest
