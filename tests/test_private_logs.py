"""Tokens and people's contact details stay out of the logs: gunicorn's access log redacts
token segments of paths; local mode writes e-mails and SMS to owner-only files, and the console
only says where."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from gunicorn.config import Config

from picoclinic.web.accesslog import REDACTED, TOKEN_SEGMENT, RedactingLogger, redact_path
from picoclinic.web.mail import LocalFileEmailBackend
from tests.urlwalk import walk


def _secret_paths(world) -> dict[str, str]:
    from picoclinic.scheduling.models import Practitioner
    from picoclinic.scheduling.online import request_token
    from tests.scheduling.access_objects import _request_token

    practitioner = Practitioner.objects.create(user=world.practitioner, name="Pat")
    from picoclinic.scheduling.ical import calendar_feed_issue

    feed = calendar_feed_issue(actor=world.practitioner, practitioner=practitioner)
    booking = _request_token(world, world.patient_a)
    assert request_token  # the private link's token is the signed id
    uid = urlsafe_base64_encode(force_bytes(world.doctor.pk))
    reset = default_token_generator.make_token(world.doctor)
    return {
        feed: reverse("scheduling:feed", kwargs={"token": feed}),
        booking: reverse("booking:request", kwargs={"request_token": booking}),
        reset: reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": reset}),
    }


def test_every_kind_of_token_in_a_path_is_redacted(world):
    for secret, path in _secret_paths(world).items():
        redacted = redact_path(path)
        assert secret not in redacted
        assert REDACTED in redacted


def test_ordinary_paths_are_kept_as_they_are():
    for path in ["/patients/42/", "/patients/42/plans/7/pdf/", "/schedule/day/", "/book/"]:
        assert redact_path(path) == path


def test_no_fixed_part_of_a_url_looks_like_a_token():
    from django.urls import get_resolver

    def fixed_parts(patterns):
        for entry in patterns:
            yield str(entry.pattern)
            if hasattr(entry, "url_patterns"):
                yield from fixed_parts(entry.url_patterns)

    assert list(walk())  # the URL configuration is there
    for pattern in fixed_parts(get_resolver().url_patterns):
        for part in pattern.split("/"):
            if "<" not in part:
                assert not TOKEN_SEGMENT.search(part), pattern


def test_gunicorns_access_log_line_has_no_token_and_no_query(world):
    secret, path = next(iter(_secret_paths(world).items()))
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?q=Stone",
        "PATH_INFO": path,
        "QUERY_STRING": "q=Stone",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://clinic.example{path}",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    from picoclinic.home.management.commands.serve import ACCESS_LOG_FORMAT

    line = ACCESS_LOG_FORMAT % atoms
    assert secret not in line
    assert REDACTED in line
    assert "Stone" not in " ".join(str(v) for v in atoms.values())


def test_serve_starts_gunicorn_with_the_redacting_logger(monkeypatch):
    from picoclinic.home.management.commands import serve

    started = []
    monkeypatch.setattr(serve.subprocess, "Popen", lambda command: started.append(command))
    serve.Command()._web("127.0.0.1", 8999, 1, 4)
    (command,) = started
    assert (
        command[command.index("--logger-class") + 1] == "picoclinic.web.accesslog.RedactingLogger"
    )


def test_local_mail_goes_to_an_owner_only_file_and_the_console_says_only_where(tmp_path, capsys):
    folder = tmp_path / "mail"
    backend = LocalFileEmailBackend(file_path=str(folder))
    message = mail.EmailMessage(
        "Your request", "Lena Park, 07700 900321", "clinic@example.com", ["lena@mail.example"]
    )
    assert backend.send_messages([message]) == 1
    err = capsys.readouterr().err
    assert "07700" not in err
    assert "lena@" not in err
    assert str(folder) in err
    assert folder.stat().st_mode & 0o077 == 0
    assert "07700 900321" in next(folder.iterdir()).read_text()


def test_local_mode_uses_the_file_backend(settings):
    from picoclinic import settings as project_settings

    if project_settings.PRODUCTION:
        pytest.skip("production settings")
    assert project_settings.EMAIL_BACKEND == "picoclinic.web.mail.LocalFileEmailBackend"


def test_the_local_sms_sender_keeps_the_phone_off_the_console(settings, tmp_path, capsys):
    from picoclinic.notifications.sms import ConsoleSmsSender

    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    ConsoleSmsSender().send(to="+44 7700 900321", body="Your consultation on Monday")
    out = capsys.readouterr().out
    assert "7700" not in out
    assert "Monday" not in out
    log = tmp_path / "mail" / "sms.log"
    assert "+44 7700 900321" in log.read_text()
    assert log.stat().st_mode & 0o077 == 0
