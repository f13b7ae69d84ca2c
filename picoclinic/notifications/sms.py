"""Sending messages to patients: e-mail through Django, SMS through a pluggable sender.

``settings.PICOCLINIC_SMS_SENDER`` names the sender class (default: the local sender, which
writes the message to a file under ``var/mail`` like local mode's e-mail, for local use;
``twilio``: Twilio's Messages API over HTTPS). A sender implements ``send(to=..., body=...)``
and raises ``SmsFailed`` with words safe to log and audit (never the number, the text or a
secret). Nothing here logs a message's content.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Protocol

import httpx
import phonenumbers
from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_SMS_SENDER = "picoclinic.notifications.sms.ConsoleSmsSender"


class SmsSender(Protocol):
    def send(self, *, to: str, body: str) -> None: ...


class ConsoleSmsSender:
    """Local development: nothing leaves the machine. The SMS is appended to ``sms.log`` beside
    the local e-mails (``EMAIL_FILE_PATH``, owner-only) and the console says only that one was
    written: a phone number and a message about someone's appointment stay out of the log."""

    def send(self, *, to: str, body: str) -> None:
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / "sms.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a") as file:
            file.write(f"--- SMS to {to} ---\n{body}\n")
        sys.stdout.write(f"picoclinic: 1 SMS written to {path}\n")
        sys.stdout.flush()


class SmsFailed(Exception):
    """The SMS did not go; the message says why in words without patient data or secrets."""


def phone_e164(raw: str, region: str = "") -> str:
    """``raw`` as an international number (``+447700900123``), national numbers read as
    ``region``'s (an ISO country code, e.g. GB); "" when it is not a possible number."""
    try:
        number = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class TwilioSmsSender:
    """Twilio's Messages API: ``POST {TWILIO_API_URL}/2010-04-01/Accounts/{sid}/Messages.json``
    with HTTP basic auth (account SID, auth token) and a form body (To, Body, and From or a
    MessagingServiceSid). Configured from the environment (see README "SMS")."""

    timeout = 10.0

    def send(self, *, to: str, body: str) -> None:
        number = phone_e164(to, getattr(settings, "SMS_DEFAULT_REGION", ""))
        if not number:
            raise SmsFailed("the phone number is not a complete international number")
        sid = settings.TWILIO_ACCOUNT_SID
        sender = settings.TWILIO_FROM
        form = {"To": number, "Body": body}
        form["MessagingServiceSid" if sender.startswith("MG") else "From"] = sender
        url = f"{settings.TWILIO_API_URL}/2010-04-01/Accounts/{sid}/Messages.json"
        try:
            response = httpx.post(
                url, data=form, auth=(sid, settings.TWILIO_AUTH_TOKEN), timeout=self.timeout
            )
        except httpx.HTTPError as exc:
            raise SmsFailed(
                f"the SMS provider could not be reached ({type(exc).__name__})"
            ) from None
        if response.status_code >= 400:
            raise SmsFailed(
                f"the SMS provider refused the message (HTTP {response.status_code}"
                f"{_twilio_code(response)})"
            )


def _twilio_code(response: httpx.Response) -> str:
    # Twilio's error body: {"code": 21211, "message": "...", ...}; the message may quote the
    # number, so only the code is kept.
    try:
        data = response.json()
    except ValueError:
        return ""
    code = data.get("code") if isinstance(data, dict) else None
    return f", error {int(code)}" if isinstance(code, int) else ""


class OutboxSmsSender:
    """Tests: keeps what was sent in ``OutboxSmsSender.outbox``."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, to: str, body: str) -> None:
        self.outbox.append((to, body))


def sms_sender() -> SmsSender:
    return import_string(getattr(settings, "PICOCLINIC_SMS_SENDER", DEFAULT_SMS_SENDER))()
