"""The printable consent: exact shown text, choices, signature, witness, withdrawal."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.consent.pdf import consent_pdf_bytes, consent_pdf_html
from picoclinic.consent.services import consent_withdraw
from picoclinic.consent.signatures import Signature
from tests.consent.helpers import make_plan, png_data_url, publish_texts, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    publish_texts(world.clinic_a)
    return make_plan(world)


def test_pdf_bytes_and_the_html_it_is_made_from(world, plan):
    image = png_data_url()
    treatment = sign(world, plan=plan, signature=Signature(method="drawn", image=image))[0]

    html = consent_pdf_html(record=treatment)
    pdf = consent_pdf_bytes(record=treatment)

    assert pdf.startswith(b"%PDF")
    for line in treatment.shown_text.splitlines():
        assert line.replace("'", "&#x27;") in html
    assert f'src="{image}"' in html
    assert "Witnessed by Pat Practitioner" in html
    assert treatment.shown_hash in html
    assert "Withdrawn" not in html


def test_typed_signature_choice_and_withdrawal_are_printed(world, plan):
    records = sign(world, plan=plan, photography=True, marketing=False)
    photo = consent_withdraw(actor=world.front_desk, record=records[1], reason="Prefers not")
    html = consent_pdf_html(record=photo)
    assert "Mia Stone" in html
    assert "Signed by typing their full name" in html
    assert "Yes — agreed to clinical photography" in html
    assert "Withdrawn" in html
    assert "Prefers not" in html
    assert "Fran Desk" in html
    assert "No — declined marketing use of photographs" in consent_pdf_html(record=records[2])


def test_times_are_in_the_zone_of_the_clinic(world):
    publish_texts(world.clinic_b, kinds={"photography", "marketing"})
    with time_machine.travel("2026-07-01 09:15:00+00:00", tick=False):
        record = sign(
            world, patient=world.patient_b, signature=Signature(method="typed", typed="Kai Lam")
        )[0]
    html = consent_pdf_html(record=record)
    assert "1 July 2026, 17:15 (Hong Kong time)" in html


def pdf_url(record) -> str:
    return reverse("consent:pdf", args=[record.patient_id, record.pk])


def test_staff_and_the_patient_download_it_others_get_404(client, world, plan):
    record = sign(world, plan=plan)[0]
    for user in [world.front_desk, world.doctor, world.patient_user]:
        client.force_login(user)
        response = client.get(pdf_url(record))
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    for user in [world.other_patient_user, world.other_clinic_practitioner]:
        client.force_login(user)
        assert client.get(pdf_url(record)).status_code == 404, user
    opened = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(record.pk))
    assert opened.count() == 3


def test_a_patient_cannot_reach_a_record_through_their_own_id(client, world, plan):
    other = sign(
        world, patient=world.other_patient_a, signature=Signature(method="typed", typed="Noah Reed")
    )[0]
    client.force_login(world.patient_user)
    url = reverse("consent:pdf", args=[world.patient_a.pk, other.pk])
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_log_in(client, world, plan):
    record = sign(world, plan=plan)[0]
    response = client.get(pdf_url(record))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
