"""The questionnaire before the visit: sent when a consultation is booked, filled in by the
patient through a signed single-use link (or the portal), screened, and shown to the clinic."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.core import mail

from picoclinic.audit.models import AuditEvent
from picoclinic.previsit.links import questionnaire_for_token
from picoclinic.previsit.models import Questionnaire, QuestionnaireStatus
from picoclinic.previsit.services import questionnaire_link_send
from tests import factories
from tests.previsit.helpers import FILLED, book_consultation, link_in_mail
from tests.scheduling.helpers import at, book

HTMX = {"HX-Request": "true"}


def _stranger(world):
    """A registered patient without a portal login."""
    return factories.patient(world.clinic_a, given_name="Zoe", family_name="Hart", email="z@x.test")


def test_booking_a_consultation_sends_a_signed_link_once(
    world, sched, django_capture_on_commit_callbacks
):
    questionnaire = book_consultation(
        world, sched, django_capture_on_commit_callbacks, patient=_stranger(world)
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["z@x.test"]
    token = link_in_mail().removeprefix("/before-your-visit/").strip("/")
    assert questionnaire_for_token(token) == questionnaire
    questionnaire.refresh_from_db()
    assert questionnaire.link_sent_at is not None
    again = questionnaire_link_send(questionnaire_id=questionnaire.pk, site_url="x")
    assert again == "already sent"
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(summary__startswith="Questionnaire before").count() == 1


def test_a_patient_with_a_login_is_sent_to_the_portal(
    world, sched, django_capture_on_commit_callbacks
):
    questionnaire = book_consultation(world, sched, django_capture_on_commit_callbacks)
    assert link_in_mail() == f"/me/questionnaire/{questionnaire.pk}/"


def test_other_kinds_of_appointment_get_no_questionnaire(world, sched):
    book(world, sched.test_spot, at(world.clinic_a, 11), practitioner=sched.sam)
    assert not Questionnaire.objects.exists()


def test_the_patient_fills_it_in_and_the_screening_flags_it(
    client, world, sched, django_capture_on_commit_callbacks
):
    questionnaire = book_consultation(
        world, sched, django_capture_on_commit_callbacks, patient=_stranger(world)
    )
    url = link_in_mail()
    assert client.get(url).status_code == 200
    # Autosave keeps what was typed, valid or not.
    saved = client.post(url, {"pregnant": "yes", "calm_over_5_mm": "many"}, headers=HTMX)
    assert saved["X-Autosave"] == "saved"
    questionnaire.refresh_from_db()
    assert questionnaire.answers["calm_over_5_mm"] == ["many"]
    assert questionnaire.status == QuestionnaireStatus.STARTED
    # Sending without saying what to treat: refused, everything kept.
    refused = client.post(url, {**FILLED, "concern": "", "send": "1"})
    assert refused.status_code == 400
    assert "Tell us what you would like treated" in refused.content.decode()
    assert 'value="Folic acid 400 µg daily"' in refused.content.decode() or (
        "Folic acid 400 µg daily" in refused.content.decode()
    )
    assert Questionnaire.objects.get(pk=questionnaire.pk).returned_at is None
    # Sent: screened for the visit's date with the clinic's policy.
    done = client.post(url, {**FILLED, "send": "1"})
    assert done.status_code == 200
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.RETURNED
    texts = [flag["text"] for flag in questionnaire.flags]
    assert "Pregnancy or IVF: defer" in texts
    assert "Isotretinoin: precaution" in texts
    assert questionnaire.overall == "defer"
    assert questionnaire.reported["concern"]["indication"] == "melasma"


def test_a_used_link_says_so_and_changes_nothing(
    client, world, sched, django_capture_on_commit_callbacks
):
    book_consultation(world, sched, django_capture_on_commit_callbacks, patient=_stranger(world))
    url = link_in_mail()
    client.post(url, {**FILLED, "send": "1"})
    again = client.get(url)
    assert again.status_code == 410
    assert "already sent this questionnaire" in again.content.decode()
    resend = client.post(url, {**FILLED, "pregnant": "no", "send": "1"})
    assert resend.status_code == 410
    assert Questionnaire.objects.get().reported["history"]["pregnant"] is True


def test_an_expired_or_forged_link_says_so(
    client, world, sched, django_capture_on_commit_callbacks
):
    book_consultation(world, sched, django_capture_on_commit_callbacks, patient=_stranger(world))
    url = link_in_mail()
    assert client.get(url[:-5] + "xxxx/").status_code == 404
    with time_machine.travel(datetime(2031, 6, 12, tzinfo=UTC)):
        expired = client.get(url)
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()


def test_a_patient_reaches_only_their_own_questionnaire_in_the_portal(
    client, world, sched, django_capture_on_commit_callbacks
):
    questionnaire = book_consultation(world, sched, django_capture_on_commit_callbacks)
    url = f"/me/questionnaire/{questionnaire.pk}/"
    client.force_login(world.patient_user)
    assert client.get(url).status_code == 200
    for outsider in (world.other_patient_user, world.practitioner, world.other_clinic_admin):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider
        assert client.post(url, {**FILLED, "send": "1"}).status_code == 404, outsider
    assert Questionnaire.objects.get().returned_at is None


def test_bad_input_is_kept_and_explained(client, world, sched, django_capture_on_commit_callbacks):
    book_consultation(world, sched, django_capture_on_commit_callbacks, patient=_stranger(world))
    url = link_in_mail()
    response = client.post(
        url, {**FILLED, "isotretinoin_stopped_on": "31/31/2031", "q_eye_colour": "9", "save": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a date such as" in page
    assert "31/31/2031" in page
    assert Questionnaire.objects.get().answers["isotretinoin_stopped_on"] == ["31/31/2031"]
