"""Sending messages to patients: e-mail through Django, SMS through a pluggable sender.

``settings.PICOCLINIC_SMS_SENDER`` names the sender class (default: the local sender, which
writes the message to a file under ``var/mail`` like local mode's e-mail, for local use).
A real sender implements ``send(to=..., body=...)``. Nothing here logs a message's content.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Protocol

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


class OutboxSmsSender:
    """Tests: keeps what was sent in ``OutboxSmsSender.outbox``."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, to: str, body: str) -> None:
        self.outbox.append((to, body))


def sms_sender() -> SmsSender:
    return import_string(getattr(settings, "PICOCLINIC_SMS_SENDER", DEFAULT_SMS_SENDER))()
