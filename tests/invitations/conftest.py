from __future__ import annotations

import re

import pytest

from picoclinic.notifications.sms import OutboxSmsSender

LINK = re.compile(r"https?://[^\s]+/invite/([A-Za-z0-9_\-]+)/")


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.PICOCLINIC_SMS_SENDER = "picoclinic.notifications.sms.OutboxSmsSender"
    OutboxSmsSender.outbox.clear()
    yield
    OutboxSmsSender.outbox.clear()


def token_in(text: str) -> str:
    found = LINK.search(text)
    assert found, text
    return found.group(1)
