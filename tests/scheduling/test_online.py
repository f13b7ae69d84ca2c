"""The public booking page: a new patient books a consultation without logging in.

Times come from the same availability as the front desk and go through the same locked
booking, with the clinic's online notice, a cap per contact, bot traps and a rate limit; the
request is confirmed once, after commit, with a private link to see or cancel it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import default_task_backend

from picoclinic.audit.models import AuditEvent
from picoclinic.clinical.common import Indication
from picoclinic.notifications.sms import OutboxSmsSender
from picoclinic.scheduling import errors
from picoclinic.scheduling.forms import online as forms_online
from picoclinic.scheduling.models import (
    Appointment,
    AppointmentStatus,
    Booking,
    BookingRequest,
    SchedulingPolicy,
)
from picoclinic.scheduling.online import PLAIN_CONCERNS, online_clinics, request_token
from picoclinic.scheduling.services.online import (
    TOO_MANY_REQUESTS,
    booking_confirmation_send,
)
from picoclinic.scheduling.views import public as views_public
from tests.scheduling.helpers import NOW, at, book

# NOW is Sunday 1 June 2031, 09:00 in London; the online notice is 24 hours.
FIRST = at  # readability: FIRST(clinic, hour, day=...)
MONDAY = NOW.date() + timedelta(days=1)


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PICOCLINIC_SMS_SENDER = "picoclinic.notifications.sms.OutboxSmsSender"
    settings.PICOCLINIC_BOOKING_MIN_SECONDS = 0
    OutboxSmsSender.outbox.clear()
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


@pytest.fixture
def online(world, sched):
    SchedulingPolicy.objects.create(clinic=world.clinic_a, online_booking=True)
    sched.consultation.online_bookable = True
    sched.consultation.save()
    return sched


def _form(world, starts_at, **overrides) -> dict:
    return {
        "clinic": world.clinic_a.pk,
        "day": starts_at.date().isoformat(),
        "slot": starts_at.isoformat(),
        "given_name": "Lena",
        "family_name": "Park",
        "email": "lena@mail.example",
        "phone": "07700 900321",
        "date_of_birth": "1990-04-02",
        "concerns": [Indication.MELASMA.value],
        "concerns_text": "Patches on both cheeks since my pregnancy.",
        "privacy": "on",
        "website": "",
        "started": forms_online.form_stamp(),
    } | overrides


def _post(client, data):
    return client.post(reverse("booking:book"), data)


def _run_confirmations(capture):
    """What the worker does: run the queued confirmation tasks (each after its commit)."""
    for result in list(default_task_backend.results):
        if result.task.name == "send_booking_confirmation":
            with capture(execute=True):
                result.task.call(*result.args)


def test_every_indication_of_the_catalogue_has_plain_words():
    assert set(PLAIN_CONCERNS) == set(Indication)


def test_only_clinics_taking_online_requests_are_offered(client, world, online):
    SchedulingPolicy.objects.create(clinic=world.clinic_b, online_booking=False)
    assert [o.clinic for o in online_clinics()] == [world.clinic_a]
    page = client.get(reverse("booking:book"))
    assert page.status_code == 200
    assert "Alpha Clinic" in page.content.decode()
    assert "Beta Clinic" not in page.content.decode()


def test_no_clinic_online_says_so(client, world, sched):
    page = client.get(reverse("booking:book"))
    assert "Online booking is not available" in page.content.decode()


def test_times_sooner_than_the_notice_are_not_offered(client, world, online):
    page = client.get(reverse("booking:book"))
    slots = page.context["slots"]
    # 24 hours from Sunday 09:00 BST is Monday 09:00: the first time offered.
    assert page.context["day"] == MONDAY
    assert slots[0].starts_at == at(world.clinic_a, 9, day=MONDAY)
    assert '09:00 <span class="slot__zone">BST</span>' in page.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(client, world, online):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("booking:book")).status_code == 200
        return len(ctx.captured_queries)

    count()  # the clinic's scheduling set-up is read once, then cached
    before = count()
    for hour in (10, 11, 12, 13, 14):
        book(world, online.consultation, at(world.clinic_a, hour, day=MONDAY))
    assert count() == before


def test_a_new_patient_books_and_is_confirmed_once(
    client, world, online, django_capture_on_commit_callbacks
):
    starts = at(world.clinic_a, 10, day=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, _form(world, starts))
    assert response.status_code == 302
    assert mail.outbox == []  # queued, not sent inside the request
    _run_confirmations(django_capture_on_commit_callbacks)
    request = BookingRequest.objects.select_related("appointment").get()
    appointment = request.appointment
    assert appointment.patient is None
    assert appointment.starts_at == starts
    assert appointment.status == AppointmentStatus.BOOKED
    assert Booking.objects.filter(appointment=appointment, active=True).count() == 2
    assert request.phone_key == "00900321"[-8:]
    assert request.concerns == ["melasma"]
    assert AuditEvent.objects.filter(summary="Consultation requested online").exists()
    # Confirmation: one e-mail with the private link, one SMS.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lena@mail.example"]
    assert request.reference in message.subject
    assert "Monday 2 June 2031 at 10:00 (UK time, BST)" in message.body
    token_path = reverse("booking:request", args=[request_token(request)])
    assert token_path in message.body
    assert response["Location"] == f"{token_path}?new=1"
    assert [to for to, _ in OutboxSmsSender.outbox] == ["07700 900321"]
    assert request.reference in OutboxSmsSender.outbox[0][1]
    # A second run of the task sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = booking_confirmation_send(booking_request_id=request.pk, site_url="http://x")
    assert again == "already sent"
    assert len(mail.outbox) == 1
    # The sending is audited once, under the clinic, with no contact details in it.
    sent = AuditEvent.objects.get(summary="Online booking confirmation sent")
    assert sent.clinic == world.clinic_a
    assert sent.patient is None
    assert "lena" not in str(sent.changes).lower()


def test_the_confirmation_page_shows_the_reference(client, world, online):
    _post(client, _form(world, at(world.clinic_a, 10, day=MONDAY)))
    request = BookingRequest.objects.get()
    page = client.get(reverse("booking:request", args=[request_token(request)]) + "?new=1")
    text = page.content.decode()
    assert request.reference in text
    assert "Thank you, Lena." in text
    assert "Please bring" in text
    assert page["Cache-Control"] == "private, no-store"


def test_a_forged_time_inside_the_notice_is_refused(client, world, online):
    soon = NOW + timedelta(hours=3)  # Sunday 12:00 BST: free, but inside the 24 hours
    response = _post(client, _form(world, soon))
    assert response.status_code == 200
    assert errors.SLOT_UNAVAILABLE in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_time_beyond_the_horizon_is_refused(client, world, online):
    far = at(world.clinic_a, 10, day=NOW.date() + timedelta(days=90))
    response = _post(client, _form(world, far))
    assert errors.SLOT_UNAVAILABLE in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_lost_race_keeps_the_form_and_shows_fresh_times(client, world, online):
    starts = at(world.clinic_a, 10, day=MONDAY)
    # Both practitioners taken at 10:00 by the front desk meanwhile.
    book(world, online.consultation, starts, practitioner=online.sam)
    book(world, online.consultation, starts, practitioner=online.dora)
    response = _post(client, _form(world, starts))
    text = response.content.decode()
    assert errors.SLOT_UNAVAILABLE in text
    assert 'value="Lena"' in text
    assert 'value="lena@mail.example"' in text
    assert re.search(r'value="melasma"[^>]*checked', text)
    assert starts not in [s.starts_at for s in response.context["slots"]]
    assert at(world.clinic_a, 11, day=MONDAY) in [s.starts_at for s in response.context["slots"]]
    assert not BookingRequest.objects.exists()


def test_a_contact_holds_at_most_the_cap_of_upcoming_requests(client, world, online):
    for hour in (10, 11):
        assert _post(client, _form(world, at(world.clinic_a, hour, day=MONDAY))).status_code == 302
    # The same phone written the international way, another e-mail address.
    third = _form(
        world,
        at(world.clinic_a, 12, day=MONDAY),
        email="other@mail.example",
        phone="+44 (0)7700 900321",
    )
    response = _post(client, third)
    assert TOO_MANY_REQUESTS.format(count=2) in response.content.decode()
    assert BookingRequest.objects.count() == 2
    # A cancelled request no longer counts.
    appointment = BookingRequest.objects.first().appointment
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save()
    assert _post(client, third).status_code == 302


def test_the_honeypot_refuses(client, world, online):
    response = _post(client, _form(world, at(world.clinic_a, 10, day=MONDAY), website="x.biz"))
    assert forms_online.BOT_REFUSED in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_form_sent_impossibly_fast_is_refused(client, world, online, settings):
    settings.PICOCLINIC_BOOKING_MIN_SECONDS = 4
    response = _post(client, _form(world, at(world.clinic_a, 10, day=MONDAY)))
    assert forms_online.BOT_REFUSED in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("stamp", ["", "garbage", "1234:abc"])
def test_a_missing_or_forged_stamp_is_refused(client, world, online, stamp):
    response = _post(client, _form(world, at(world.clinic_a, 10, day=MONDAY), started=stamp))
    assert forms_online.BOT_REFUSED in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_very_old_form_is_shown_again_not_accepted(client, world, online):
    with time_machine.travel(NOW - timedelta(hours=3), tick=False):
        old = forms_online.form_stamp()
    response = _post(client, _form(world, at(world.clinic_a, 10, day=MONDAY), started=old))
    text = response.content.decode()
    assert forms_online.FORM_TOO_OLD in text
    assert 'value="Lena"' in text
    assert not Appointment.objects.exists()


def test_the_rate_limit_keeps_its_whole_window(client, world, online, monkeypatch):
    # The file cache's increment once reset the counter's expiry to its 5-minute default.
    monkeypatch.setattr(views_public, "RATE_LIMIT", 3)
    for _ in range(3):
        assert _post(client, {"clinic": world.clinic_a.pk}).status_code == 200
    with time_machine.travel(NOW + timedelta(minutes=20), tick=False):
        assert _post(client, {"clinic": world.clinic_a.pk}).status_code == 429
    with time_machine.travel(NOW + timedelta(hours=2, minutes=1), tick=False):
        assert _post(client, {"clinic": world.clinic_a.pk}).status_code == 200


def test_one_form_books_once(client, world, online):
    data = _form(world, at(world.clinic_a, 10, day=MONDAY))
    assert _post(client, data).status_code == 302
    again = _post(client, data | {"slot": at(world.clinic_a, 11, day=MONDAY).isoformat()})
    assert again.status_code == 200
    assert "This form has already been sent" in again.content.decode()
    assert BookingRequest.objects.count() == 1


def test_the_cap_counts_a_person_by_name_and_birthday_whatever_their_contact(client, world, online):
    for hour in (10, 11):
        assert _post(client, _form(world, at(world.clinic_a, hour, day=MONDAY))).status_code == 302
    third = _form(
        world,
        at(world.clinic_a, 12, day=MONDAY),
        given_name="LENA",
        email="another@mail.example",
        phone="07700 900999",
    )
    response = _post(client, third)
    assert TOO_MANY_REQUESTS.format(count=2) in response.content.decode()
    # Someone else of the same name (another birthday) is not counted with her.
    assert _post(client, third | {"date_of_birth": "1991-04-02"}).status_code == 302


def test_the_private_link_expires_two_weeks_after_the_appointment(client, world, online):
    request = _requested(client, world)
    url = reverse("booking:request", args=[request_token(request)])
    ends = request.appointment.ends_at
    with time_machine.travel(ends + timedelta(days=13), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(ends + timedelta(days=15), tick=False):
        assert client.get(url).status_code == 404


def test_an_address_is_rate_limited(client, world, online, monkeypatch):
    monkeypatch.setattr(views_public, "RATE_LIMIT", 3)
    for _ in range(3):
        assert _post(client, {"clinic": world.clinic_a.pk}).status_code == 200
    response = _post(client, _form(world, at(world.clinic_a, 10, day=MONDAY)))
    assert response.status_code == 429
    assert views_public.RATE_LIMITED in response.content.decode()
    assert not Appointment.objects.exists()


def test_choosing_another_day_keeps_what_was_typed(client, world, online):
    tuesday = MONDAY + timedelta(days=1)
    data = _form(world, at(world.clinic_a, 10, day=MONDAY), show_day=tuesday.isoformat())
    response = _post(client, data)
    assert response.context["day"] == tuesday
    assert 'value="Lena"' in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-address"),
        ("phone", "call me"),
        ("date_of_birth", "2090-01-01"),
        ("privacy", ""),
        ("slot", "tomorrow"),
        ("slot", "2031-06-02T10:00:00"),  # no zone
        ("concerns", ["not_a_concern"]),
        ("given_name", "x" * 500),
    ],
)
def test_bad_input_is_a_message_not_a_booking(client, world, online, field, value):
    response = _post(client, _form(world, at(world.clinic_a, 10, day=MONDAY), **{field: value}))
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode() or "alert" in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_corrected_form_keeps_its_first_stamp_so_a_quick_fix_is_accepted(
    client, world, online, settings
):
    settings.PICOCLINIC_BOOKING_MIN_SECONDS = 4
    with time_machine.travel(NOW - timedelta(seconds=30), tick=False):
        shown = forms_online.form_stamp()
    data = _form(world, at(world.clinic_a, 10, day=MONDAY), started=shown, phone="abc")
    corrected = _post(client, data).content.decode()
    assert forms_online.PHONE_INVALID in corrected
    assert f'name="started" value="{shown}"' in corrected
    # Sent again at once (the clock has not moved): accepted, not taken for a bot.
    response = _post(client, data | {"phone": "07700 900321"})
    assert response.status_code == 302
    assert Appointment.objects.count() == 1


def test_no_concern_at_all_is_asked_for(client, world, online):
    data = _form(world, at(world.clinic_a, 10, day=MONDAY), concerns=[], concerns_text="")
    response = _post(client, data)
    assert forms_online.CONCERN_REQUIRED in response.content.decode()


# --- The private link ------------------------------------------------------------------------


def _requested(client, world):
    _post(client, _form(world, at(world.clinic_a, 10, day=MONDAY)))
    return BookingRequest.objects.get()


def test_a_forged_or_altered_link_is_404(client, world, online):
    request = _requested(client, world)
    token = request_token(request)
    assert client.get(reverse("booking:request", args=[token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("booking:request", args=["1"])).status_code == 404


def test_the_requester_cancels_and_the_time_is_free_again(client, world, online):
    request = _requested(client, world)
    url = reverse("booking:request", args=[request_token(request)])
    response = client.post(url, {"action": "cancel"})
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert not Booking.objects.filter(active=True).exists()
    assert "This request is cancelled" in client.get(url).content.decode()


def test_it_cannot_be_cancelled_here_once_started(client, world, online):
    request = _requested(client, world)
    url = reverse("booking:request", args=[request_token(request)])
    with time_machine.travel(at(world.clinic_a, 10, 5, day=MONDAY), tick=False):
        response = client.post(url, {"action": "cancel"})
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED
    assert response.status_code == 200
