"""The public self-assessment page: no login, nothing stored until the person books with the
answers; the booking carries them to the front desk; bad input and bots get a message; only
the clinic's listed websites may frame it."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from picoclinic.assessment import views
from picoclinic.assessment.forms import CHOOSE_ONE, TATTOO_COLOURS_REQUIRED
from picoclinic.assessment.models import EmbedSetting
from picoclinic.audit.models import AuditEvent
from picoclinic.scheduling.forms import online as forms_online
from picoclinic.scheduling.models import BookingRequest
from tests.assessment.answers import posted
from tests.scheduling.helpers import NOW, at
from tests.scheduling.test_online import MONDAY

URL = "/assess/"


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PICOCLINIC_BOOKING_MIN_SECONDS = 0
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def _signed(client, **answers) -> str:
    page = client.post(URL, posted(**answers)).content.decode()
    start = page.index('name="assessment" value="') + len('name="assessment" value="')
    return page[start : page.index('"', start)]


def test_the_page_needs_no_login_and_reads_only_the_clinics(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("assessment:assess"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Is one session enough for me?" in text
    assert "What colour are your eyes?" in text  # the core's skin questions
    assert "isotretinoin" in text
    assert len(queries) == 1  # which clinic the page speaks for (a chooser with several)


def test_an_answer_is_shown_and_nothing_is_stored(client, db):
    audits = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, posted())
    assert response.status_code == 200
    text = response.content.decode()
    assert "One session may be enough" in text
    assert "The consultation decides" in text
    assert "Where this comes from" in text
    assert "Negishi" in text
    assert "UNVERIFIED" not in text
    assert "Book a consultation with these answers" in text
    assert not [q for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert AuditEvent.objects.count() == audits
    assert not BookingRequest.objects.exists()
    assert response["Cache-Control"] == "private, no-store"


def test_missing_answers_are_asked_for_and_the_rest_is_kept(client, db):
    data = posted(concern="tattoo", body_site="forearm")
    del data["pregnant"]
    response = client.post(URL, data)
    text = response.content.decode()
    assert response.status_code == 200
    assert str(CHOOSE_ONE) in text
    assert str(TATTOO_COLOURS_REQUIRED) in text
    assert 'value="tattoo" id="id_concern_7" required checked' in text
    assert 'value="forearm" id="id_body_site_6" required checked' in text
    assert "What to expect" not in text


@pytest.mark.parametrize(
    ("field", "value"),
    [("concern", "botox"), ("skin_eye_colour", "9"), ("earlier_sessions", "-3"), ("size", "")],
)
def test_bad_input_is_a_message_not_an_error(client, db, field, value):
    response = client.post(URL, posted(**{field: value}))
    assert response.status_code == 200
    assert "Please check the highlighted answers" in response.content.decode()


def test_the_honeypot_and_a_forged_stamp_are_refused(client, db):
    for data in (posted(website="http://spam.example"), posted(started="forged")):
        response = client.post(URL, data)
        assert forms_online.BOT_REFUSED in response.content.decode()
        assert "What to expect" not in response.content.decode()


def test_an_address_is_rate_limited(client, db, monkeypatch):
    monkeypatch.setattr(views, "RATE_LIMIT", 2)
    for _ in range(2):
        assert client.post(URL, posted()).status_code == 200
    response = client.post(URL, posted())
    assert response.status_code == 429
    assert str(views.RATE_LIMITED) in response.content.decode()


def test_booking_with_the_answers_carries_them_to_the_request(client, world, online):
    signed = _signed(client, concern="melasma", pregnant="yes")
    page = client.post(
        reverse("assessment:book"),
        {"assessment": signed, "concerns": "melasma", "show_day": "", "clinic": world.clinic_a.pk},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Book a consultation" in text
    assert 'data-testid="assessment-attached"' in text
    assert not BookingRequest.objects.exists()  # still nothing stored
    starts = at(world.clinic_a, 10, day=MONDAY)
    response = client.post(reverse("booking:book"), _booking(world, starts, assessment=signed))
    assert response.status_code == 302
    reported = BookingRequest.objects.get().assessment
    assert reported["answers"]["concern"] == "melasma"
    assert ["Are you pregnant, or trying to become pregnant (IVF included)?", "Yes"] in reported[
        "summary"
    ]
    assert any("pregnancy" in line for line in reported["before"])


def test_forged_answers_are_refused_and_the_booking_form_kept(client, world, online):
    starts = at(world.clinic_a, 10, day=MONDAY)
    response = client.post(reverse("booking:book"), _booking(world, starts, assessment="x:y:z"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "could not be read" in text
    assert 'value="Lena"' in text
    assert not BookingRequest.objects.exists()


def test_the_front_desk_sees_the_reported_answers_and_another_clinic_does_not(
    client, world, online
):
    signed = _signed(
        client, concern="tattoo", tattoo_colours=["black_dark_blue"], tattoo_maker="amateur"
    )
    starts = at(world.clinic_a, 10, day=MONDAY)
    client.post(reverse("booking:book"), _booking(world, starts, assessment=signed))
    booking_request = BookingRequest.objects.get()
    url = reverse("scheduling:request", kwargs={"appointment_id": booking_request.appointment_id})
    client.force_login(world.front_desk)
    text = client.get(url).content.decode()
    assert "reported by the patient, to confirm" in text
    assert "An amateur, or done at home" in text
    assert "Probably not: tattoos fade over a course of sessions." in text
    client.force_login(world.other_clinic_admin)
    assert client.get(url).status_code == 404


def test_only_the_clinics_listed_websites_may_frame_the_page(client, world):
    EmbedSetting.objects.create(
        clinic=world.clinic_a, allowed_origins="https://www.lumen.example\nhttps://lumen.example"
    )
    framed = client.get(f"{URL}?clinic={world.clinic_a.pk}")
    policy = framed["Content-Security-Policy"]
    assert "frame-ancestors https://www.lumen.example https://lumen.example" in policy
    assert "X-Frame-Options" not in framed
    assert world.clinic_a.name in framed.content.decode()
    other = client.get(f"{URL}?clinic={world.clinic_b.pk}")
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]
    assert other["X-Frame-Options"] == "DENY"
    assert client.get("/book/")["X-Frame-Options"] == "DENY"
    assert client.get(f"{URL}?clinic=abc").status_code == 200


@pytest.mark.parametrize(
    "origins",
    [
        "https://a.example/path",
        "javascript:alert(1)",
        "a.example",
        "https://a.example 'unsafe-inline'",
    ],
)
def test_an_origin_that_is_not_plain_is_refused(world, origins):
    from django.core.exceptions import ValidationError

    setting = EmbedSetting(clinic=world.clinic_a, allowed_origins=origins)
    with pytest.raises(ValidationError):
        setting.full_clean()


def _booking(world, starts_at, **overrides) -> dict:
    return {
        "clinic": world.clinic_a.pk,
        "day": starts_at.date().isoformat(),
        "slot": starts_at.isoformat(),
        "given_name": "Lena",
        "family_name": "Park",
        "email": "lena@mail.example",
        "phone": "07700 900321",
        "concerns": ["melasma"],
        "privacy": "on",
        "website": "",
        "started": forms_online.form_stamp(),
    } | overrides


def test_the_answers_prefill_the_consultation_once_the_desk_registers_the_patient(
    client, world, online
):
    from picoclinic.consultations.services import REPORTED_KEY, consultation_start
    from picoclinic.scheduling.services.online import booking_request_register

    signed = _signed(client, concern="melasma", skin_eye_colour="3")
    starts = at(world.clinic_a, 10, day=MONDAY)
    client.post(reverse("booking:book"), _booking(world, starts, assessment=signed))
    patient = booking_request_register(
        actor=world.front_desk,
        booking_request=BookingRequest.objects.get(),
        data={
            "given_name": "Lena",
            "family_name": "Park",
            "date_of_birth": date(1990, 4, 2),
            "sex": "female",
        },
    )
    consultation = consultation_start(
        actor=world.practitioner, patient=patient, clinic=world.clinic_a
    )
    skin = consultation.draft["skin_type"]
    assert skin["data"]["q_eye_colour"] == ["3"]
    assert skin["valid"] is False
    assert consultation.fitzpatrick is None  # the record waits for the practitioner
    assert ["What bothers you?", "Melasma (patchy brown marks, often on the cheeks)"] in (
        consultation.draft[REPORTED_KEY]["lines"]
    )
    # The concern they described is one of the consultation's items to confirm.
    concern = consultation.reported_items.get(key="concern")
    assert concern.source == "assessment"
    assert concern.value["indication"] == "melasma"
    assert concern.status == "reported"
    client.force_login(world.practitioner)
    page = client.get(
        reverse(
            "consultations:workspace",
            kwargs={"patient_id": patient.pk, "consultation_id": consultation.pk},
        )
    )
    assert "reported by the patient, to confirm" in page.content.decode()


def test_a_consultation_without_reported_answers_starts_empty(world):
    from picoclinic.consultations.services import consultation_start

    consultation = consultation_start(
        actor=world.practitioner, patient=world.patient_a, clinic=world.clinic_a
    )
    assert consultation.draft == {}
