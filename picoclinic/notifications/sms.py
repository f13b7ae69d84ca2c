"""Sending messages to patients: e-mail through Django, SMS through a pluggable sender.

``settings.PICOCLINIC_SMS_SENDER`` names the sender class (default: the console sender, which
writes the message to standard output like Django's console e-mail backend, for local use).
A real sender implements ``send(to=..., body=...)``. Nothing here logs a message's content.
"""

from __future__ import annotations

import sys
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_SMS_SENDER = "picoclinic.notifications.sms.ConsoleSmsSender"


class SmsSender(Protocol):
    def send(self, *, to: str, body: str) -> None: ...


class ConsoleSmsSender:
    """Local development: the SMS appears on the console, nothing leaves the machine."""

    def send(self, *, to: str, body: str) -> None:
        sys.stdout.write(f"--- SMS to {to} ---\n{body}\n")
        sys.stdout.flush()


class OutboxSmsSender:
    """Tests: keeps what was sent in ``OutboxSmsSender.outbox``."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, to: str, body: str) -> None:
        self.outbox.append((to, body))


def sms_sender() -> SmsSender:
    return import_string(getattr(settings, "PICOCLINIC_SMS_SENDER", DEFAULT_SMS_SENDER))()
