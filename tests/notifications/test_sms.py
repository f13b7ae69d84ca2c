"""The Twilio sender against a real HTTP server in a thread that checks what it receives."""

from __future__ import annotations

import base64
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from picoclinic.audit.models import AuditEvent
from picoclinic.notifications.messages import Message, deliver_message
from picoclinic.notifications.sms import SmsFailed, TwilioSmsSender, phone_e164
from tests.test_settings import _run

SID = "AC0123456789abcdef0123456789abcdef"
TOKEN = "tok-secret-0123456789"


class FakeTwilio(BaseHTTPRequestHandler):
    received: list[dict] = []
    answer: tuple[int, dict] = (201, {"sid": "SM1", "status": "queued"})

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length).decode()
        self.received.append(
            {
                "path": self.path,
                "auth": self.headers.get("Authorization"),
                "type": self.headers.get("Content-Type"),
                "form": {k: v[0] for k, v in parse_qs(body).items()},
            }
        )
        status, payload = self.answer
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def twilio(settings):
    FakeTwilio.received = []
    FakeTwilio.answer = (201, {"sid": "SM1", "status": "queued"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PICOCLINIC_SMS_SENDER = "picoclinic.notifications.sms.TwilioSmsSender"
    settings.TWILIO_ACCOUNT_SID = SID
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.TWILIO_FROM = "+447700900001"
    settings.TWILIO_API_URL = f"http://127.0.0.1:{server.server_port}"
    settings.SMS_DEFAULT_REGION = "GB"
    yield FakeTwilio
    server.shutdown()
    server.server_close()


def test_one_number_in_either_format():
    assert phone_e164("+44 7700 900123") == "+447700900123"
    assert phone_e164("07700 900123", "GB") == "+447700900123"
    assert phone_e164("07700 900123", "gb") == "+447700900123"
    assert phone_e164("9123 4567", "HK") == "+85291234567"
    assert phone_e164("07700 900123") == ""  # national, and no country to read it by
    assert phone_e164("call me", "GB") == ""


def test_the_sender_posts_the_form_with_basic_auth(twilio):
    TwilioSmsSender().send(to="07700 900123", body="Your appointment is tomorrow at 10:00")

    [request] = twilio.received
    assert request["path"] == f"/2010-04-01/Accounts/{SID}/Messages.json"
    expected = base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert request["auth"] == f"Basic {expected}"
    assert request["type"] == "application/x-www-form-urlencoded"
    assert request["form"] == {
        "To": "+447700900123",
        "From": "+447700900001",
        "Body": "Your appointment is tomorrow at 10:00",
    }


def test_a_messaging_service_is_sent_as_such(twilio, settings):
    settings.TWILIO_FROM = "MG0123456789abcdef0123456789abcdef"
    TwilioSmsSender().send(to="+85291234567", body="Hello")
    form = twilio.received[0]["form"]
    assert form["MessagingServiceSid"] == settings.TWILIO_FROM
    assert "From" not in form


def test_a_refusal_is_audited_and_logged_without_the_number_text_or_token(twilio, db, caplog):
    twilio.answer = (
        400,
        {"code": 21211, "message": "The 'To' number +447700900123 is not valid.", "status": 400},
    )
    message = Message(
        email="", phone="+44 7700 900123", subject="Reminder", body="Secret rash appointment"
    )
    with caplog.at_level(logging.DEBUG):
        deliver_message(message, what="Appointment reminder", pk=42)

    event = AuditEvent.objects.get()
    assert event.summary == (
        "Appointment reminder SMS for 42 not sent: "
        "the SMS provider refused the message (HTTP 400, error 21211)"
    )
    assert event.actor is None
    for text in (caplog.text, event.summary):
        assert "900123" not in text
        assert "rash" not in text
        assert TOKEN not in text
    assert "Appointment reminder SMS failed for 42" in caplog.text


def test_an_unreachable_provider_is_a_clear_failure(twilio, settings):
    settings.TWILIO_API_URL = "http://127.0.0.1:9"  # discard: nothing listens
    with pytest.raises(SmsFailed, match="could not be reached"):
        TwilioSmsSender().send(to="+447700900123", body="Hello")


def test_an_incomplete_number_is_not_sent(twilio):
    with pytest.raises(SmsFailed, match="not a complete international number"):
        TwilioSmsSender().send(to="900", body="Hello")
    assert twilio.received == []


def test_settings_read_the_sender_from_the_environment(tmp_path):
    base = {"PICOCLINIC_MODE": "local", "PICOCLINIC_VAR_DIR": str(tmp_path)}
    show = "from django.conf import settings; print(settings.PICOCLINIC_SMS_SENDER)"

    result = _run(base | {"PICOCLINIC_SMS_SENDER": "no way"}, "check")
    assert result.returncode != 0
    assert "PICOCLINIC_SMS_SENDER must be one of console, twilio" in result.stderr
    assert "Traceback" not in result.stderr

    result = _run(base | {"PICOCLINIC_SMS_SENDER": "twilio"}, "check")
    assert "TWILIO_ACCOUNT_SID must be set when PICOCLINIC_SMS_SENDER is twilio" in result.stderr

    twilio = {
        "PICOCLINIC_SMS_SENDER": "twilio",
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_FROM": "+447700900001",
    }
    result = _run(base | twilio, "shell", "-c", show)
    assert result.stdout.strip().splitlines()[-1] == (
        "picoclinic.notifications.sms.TwilioSmsSender"
    )
