from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from picoclinic.audit.models import AuditAction, AuditEvent
from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


def _login(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


def test_passwords_are_hashed_with_argon2(settings, world):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    assert make_password("a long passphrase").startswith("argon2$")
    user = world.practitioner
    user.set_password("another long passphrase")
    assert user.password.startswith("argon2$")


def test_login_with_email_case_insensitive_is_audited(client, world):
    response = _login(client, world.practitioner.email.upper())
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == world.practitioner
    assert event.ip_address == "127.0.0.1"


def test_wrong_password_shows_a_clear_message_and_is_audited(client, world):
    response = _login(client, world.practitioner.email, "wrong")
    assert response.status_code == 200
    assert "That e-mail and password do not match an account." in response.content.decode()
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.actor is None
    assert failed.changes == {"username": world.practitioner.email}


def test_lockout_after_repeated_failures(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, world.practitioner.email, "wrong")
    response = _login(client, world.practitioner.email)  # now even the right password
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    assert _login(client, world.doctor.email).status_code == 302


def test_session_expires_after_inactivity(client, world, settings):
    client.force_login(world.practitioner)
    assert client.get("/clinic/today/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)):
        assert client.get("/clinic/today/").status_code == 200  # activity pushes expiry on
    idle = timedelta(seconds=2 * settings.SESSION_COOKIE_AGE)
    with time_machine.travel(timezone.now() + idle):
        response = client.get("/clinic/today/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_session_is_written_at_most_once_a_minute(client, world, settings):
    from django.contrib.sessions.models import Session

    start = timezone.now()
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start, tick=False):
        client.force_login(world.practitioner)
        assert client.get("/clinic/today/").status_code == 200
        assert Session.objects.get().expire_date == start + age  # written by the login only
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert client.get("/clinic/today/").status_code == 200
        assert Session.objects.get().expire_date == start + age  # not written again
    later = start + timedelta(seconds=90)
    with time_machine.travel(later, tick=False):
        assert client.get("/clinic/today/").status_code == 200
        assert Session.objects.get().expire_date == later + age


def test_an_anonymous_visit_makes_no_session(client, world):
    from django.contrib.sessions.models import Session

    assert client.get("/accounts/login/").status_code == 200
    assert not Session.objects.exists()


def test_logout_needs_post_and_is_audited(client, world):
    client.force_login(world.practitioner)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=world.practitioner).exists()


def test_csrf_is_enforced(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.practitioner)
    assert strict.post("/patients/new/", {"given_name": "X"}).status_code == 403


def test_security_headers_and_strict_csp(client, world):
    client.force_login(world.practitioner)
    response = client.get("/clinic/today/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_password_reset_by_email(client, world):
    response = client.post("/accounts/password/reset/", {"email": world.doctor.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Set a new password" in form_page.content.decode()
    new = "a brand new passphrase 42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    world.doctor.refresh_from_db()
    assert world.doctor.check_password(new)


def test_password_reset_reveals_nothing_about_unknown_addresses(client, world):
    response = client.post("/accounts/password/reset/", {"email": "nobody@else.example"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize("path", ["/clinic/today/", "/patients/", "/patients/new/"])
def test_patients_cannot_open_staff_pages(client, world, path):
    client.force_login(world.patient_user)
    assert client.get(path).status_code == 404


def test_home_routes_each_login(client, world):
    assert client.get("/")["Location"] == reverse("accounts:login")
    client.force_login(world.front_desk)
    assert client.get("/")["Location"] == reverse("home:today")
    client.force_login(world.patient_user)
    assert client.get("/")["Location"] == reverse("portal:home")


# --- Lockout per account (any spelling of the address) and per address ------------------------


@pytest.mark.parametrize(
    "variant",
    [str.upper, str.title, lambda e: f" {e}", lambda e: f"{e}  ", lambda e: e[0].upper() + e[1:]],
    ids=["upper", "title", "leading-space", "trailing-spaces", "first-capital"],
)
def test_lockout_counts_every_spelling_of_the_address(client, world, settings, variant):
    email = world.practitioner.email
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, email, "wrong")
    # One more failure written differently completes the lockout ...
    assert _login(client, variant(email), "wrong").status_code == 429
    # ... and the right password under yet another spelling does not get in.
    response = _login(client, variant(email))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_account_from_many_addresses_is_locked(client, world, settings):
    email = world.practitioner.email
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": email, "password": "x"}, REMOTE_ADDR=f"203.0.113.{n + 1}")
    response = client.post(
        LOGIN, {"username": email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_spraying_many_accounts_from_one_address_is_stopped(client, world, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        assert _login(client, f"someone{n}@example.com", "guess").status_code == 200
    # Every account from this address is refused now, even with the right password ...
    assert _login(client, world.doctor.email).status_code == 429
    assert "_auth_user_id" not in client.session
    # ... but not from another address (the per-account limit was never reached).
    other = client.post(
        LOGIN, {"username": world.doctor.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302


def test_a_shared_office_address_survives_one_persons_lockout(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, world.practitioner.email, "wrong")
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    assert _login(client, world.front_desk.email).status_code == 302


def test_the_address_limit_outlasts_a_successful_sign_in(client, world, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for n in range(5):
        _login(client, f"someone{n}@example.com", "guess")
    assert _login(client, world.doctor.email).status_code == 302
    client.post("/accounts/logout/")
    _login(client, "someone9@example.com", "guess")
    assert _login(client, world.doctor.email).status_code == 429


def test_the_address_limit_ends_after_the_lockout_time(client, world, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        _login(client, f"someone{n}@example.com", "guess")
    assert _login(client, world.doctor.email).status_code == 429
    later = timezone.now() + 2 * settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later):
        assert _login(client, world.doctor.email).status_code == 302
