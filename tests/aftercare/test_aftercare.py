"""Aftercare from the core for this session: specific to what was done, dated in the clinic's
calendar (a DST-change day included), a one-page PDF, sent once after the signature commits
(never on rollback), and kept for the patient's portal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from picoclinic.aftercare import services
from picoclinic.aftercare.chart import aftercare_portal_section
from picoclinic.aftercare.content import Case, plan_for, sheet_content
from picoclinic.aftercare.models import AftercareSheet
from picoclinic.aftercare.pdf import sheet_pages, sheet_pdf
from picoclinic.notifications.sms import OutboxSmsSender
from picoclinic.treatments.services import session_start
from picoclinic.treatments.services_sign import session_sign
from tests.sections import render_section
from tests.treatments import helpers as h

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.PICOCLINIC_SMS_SENDER = "picoclinic.notifications.sms.OutboxSmsSender"
    OutboxSmsSender.outbox.clear()
    yield
    OutboxSmsSender.outbox.clear()


def items(sheet, kind: str) -> list[dict]:
    return next(s["items"] for s in sheet.content["sections"] if s["kind"] == kind)


def texts(sheet, kind: str) -> str:
    return " ".join(i["text"] for i in items(sheet, kind))


# --- Specific to the treatment ----------------------------------------------------------------


def test_the_sheet_is_issued_at_signing_for_this_treatment(world):
    session = h.signed(world)
    sheet = session.aftercare

    assert sheet.patient == session.patient
    assert sheet.treated_on == session.treated_on
    assert sheet.indication == "solar_lentigines"
    assert sheet.content["title"] == "Aftercare: Solar lentigines, face"
    assert "crusts" in texts(sheet, "normal")
    assert "Alpha Clinic on +44 20 7946 0000" in sheet.text
    assert not sheet.fractional


def test_a_tattoo_sheet_speaks_of_blisters_and_the_dressing(world):
    sheet = h.signed(world, concern=h.TATTOO, fitzpatrick=2, values=h.TATTOO_OK).aftercare
    assert "Blisters and crusts" in texts(sheet, "normal")
    assert sheet.body_site == "arm"
    assert "(arm)" in sheet.text


def test_a_fractional_treatment_mentions_pinpoint_bleeding(world):
    fractional = h.CLEAN | {"handpiece": "fractional", "wavelength_nm": 532}
    sheet = h.signed(world, values=fractional).aftercare
    assert sheet.fractional
    assert "Pinpoint bleeding" in texts(sheet, "normal")


def test_darker_skin_gets_the_pigment_watch_and_lighter_skin_does_not(world):
    darker = h.signed(world, fitzpatrick=4).aftercare
    lighter = h.signed(world, patient=world.other_patient_a, fitzpatrick=2).aftercare
    assert "post-inflammatory hyperpigmentation" in texts(darker, "normal")
    assert "post-inflammatory hyperpigmentation" not in texts(lighter, "normal")


def test_the_next_booked_appointment_is_on_the_sheet(world):
    ready = h.ready(world)
    h.appointment(world, ready.plan, number=2, starts_at=datetime(2031, 6, 11, 9, 30, tzinfo=UTC))
    session = h.treated(
        world, session_start(actor=world.practitioner, appointment=ready.appointment)
    )
    sheet = session_sign(actor=world.practitioner, session=session).aftercare
    assert sheet.content["next_appointment"] == "Wednesday 11 June 2031 at 10:30"
    assert "Your next appointment: Wednesday 11 June 2031 at 10:30." in sheet.text


def test_dates_count_from_the_clinics_day_on_a_dst_change_day(world):
    # 00:30 on Sunday 25 October 2026 in London (BST ends that night) is 23:30 UTC on the 24th.
    starts_at = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    plan = h.approved_plan(world)
    appointment = h.appointment(world, plan, starts_at=starts_at)
    appointment.status = "checked_in"
    appointment.save()
    session = h.treated(world, session_start(actor=world.practitioner, appointment=appointment))

    sheet = session_sign(actor=world.practitioner, session=session).aftercare

    assert session.treated_on == date(2026, 10, 25)
    assert sheet.content["treated_on_words"] == "Sunday 25 October 2026"
    sun = next(i for i in items(sheet, "avoid") if i["topic"] == "sun")
    assert sun["until"] == "2026-11-08"  # 14 calendar days, not 13 from a UTC date
    assert sun["when"] == "until Sunday 8 November"
    makeup = next(i for i in items(sheet, "avoid") if i["topic"] == "makeup")
    assert makeup["until"] == "2026-10-26"


def test_the_pdf_is_one_page(world):
    sheets = [
        h.signed(world).aftercare,
        h.signed(
            world,
            patient=world.other_patient_a,
            concern=h.TATTOO,
            fitzpatrick=4,
            values=h.TATTOO_OK | {"fluence_j_cm2": Decimal("1.5")},
        ).aftercare,
    ]
    for sheet in sheets:
        assert sheet_pdf(sheet).startswith(b"%PDF")
        assert sheet_pages(sheet) == 1


def test_the_longest_aftercare_the_core_writes_still_fits_one_page(world):
    # Tattoo on the face, fractional, near the eye, skin type IV, cosmetic ink: 25 lines.
    case = Case(
        indication="tattoo",
        body_site="face",
        fitzpatrick=4,
        treated_on=date(2026, 10, 25),
        fractional=True,
        periocular=True,
        tattoo_ink_cosmetic=True,
    )
    plan = plan_for(case)
    next_at = datetime(2026, 12, 20, 10, 0, tzinfo=UTC)
    sheet = AftercareSheet(
        patient=world.patient_a,
        clinic=world.clinic_a,
        treated_on=case.treated_on,
        content=sheet_content(plan, case=case, clinic=world.clinic_a, next_at=next_at),
        issued_at=datetime(2026, 10, 25, 10, 0, tzinfo=UTC),
    )
    assert len(plan.items) >= 25
    assert sheet_pages(sheet) == 1


# --- Sent once, after commit ------------------------------------------------------------------


def test_it_is_sent_after_commit_by_email_and_text_message(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    session = h.treated(world, h.started(world))

    with django_capture_on_commit_callbacks(execute=True):
        session_sign(actor=world.practitioner, session=session)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alex@mail.example"]
    assert message.subject == "Your aftercare from Alpha Clinic"
    assert "Aftercare for your laser treatment" in message.body
    assert message.attachments[0][2] == "application/pdf"
    assert len(OutboxSmsSender.outbox) == 1
    to, body = OutboxSmsSender.outbox[0]
    assert to == "+44 7700 900000"
    assert "Avoid:" in body
    sheet = AftercareSheet.objects.get()
    assert sheet.delivery_claimed_at is not None


def test_nothing_is_sent_while_the_transaction_is_open(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    session = h.treated(world, h.started(world))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session_sign(actor=world.practitioner, session=session)
    assert mail.outbox == []
    assert len(callbacks) == 1


def _sign_then_fail(world, session) -> None:
    with transaction.atomic():
        session_sign(actor=world.practitioner, session=session)
        raise RuntimeError("something after signing failed")


def test_never_sent_when_the_signature_rolls_back(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    session = h.treated(world, h.started(world))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        _sign_then_fail(world, session)

    assert mail.outbox == []
    assert OutboxSmsSender.outbox == []
    assert not AftercareSheet.objects.exists()


def test_never_sent_twice(world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    session = h.treated(world, h.started(world))
    with django_capture_on_commit_callbacks(execute=True):
        sheet = session_sign(actor=world.practitioner, session=session).aftercare

    with django_capture_on_commit_callbacks(execute=True):
        again = services.aftercare_send(sheet_id=sheet.pk)
        services.aftercare_schedule_send(sheet)

    assert again == services.ALREADY_SENT
    assert len(mail.outbox) == 1
    assert len(OutboxSmsSender.outbox) == 1


def test_the_database_queue_worker_sends_it(transactional_db, world, settings):
    # Real commits: the worker runs the queued task in its own transactions, as in production.
    settings.TASKS = DATABASE
    session = h.treated(world, h.started(world))
    session_sign(actor=world.practitioner, session=session)
    assert mail.outbox == []  # queued when the signature committed, not sent yet

    call_command("db_worker", "--batch", "--interval", "0")

    assert len(mail.outbox) == 1
    call_command("db_worker", "--batch", "--interval", "0")
    assert len(mail.outbox) == 1


def test_a_patient_without_contact_details_is_not_claimed(world):
    patient = world.patient_a
    patient.email, patient.phone = "", ""
    patient.save()
    sheet = h.signed(world).aftercare
    assert services.aftercare_send(sheet_id=sheet.pk) == services.NO_CONTACT
    sheet.refresh_from_db()
    assert sheet.delivery_claimed_at is None


def test_without_email_the_whole_text_goes_by_text_message(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    world.patient_a.email = ""
    world.patient_a.save()
    session = h.treated(world, h.started(world))
    with django_capture_on_commit_callbacks(execute=True):
        session_sign(actor=world.practitioner, session=session)
    assert mail.outbox == []
    assert OutboxSmsSender.outbox[0][1].startswith("Aftercare for your laser treatment")


# --- The portal -------------------------------------------------------------------------------


def test_the_portal_lists_the_patients_own_aftercare_only(client, world):
    mine = h.signed(world).aftercare
    theirs = h.signed(world, patient=world.other_patient_a).aftercare

    html = render_section(aftercare_portal_section(patient=world.patient_a))
    assert f"/patients/{world.patient_a.pk}/aftercare/{mine.pk}/" in html
    assert f"/aftercare/{theirs.pk}/" not in html

    # The portal page builds its sections from the logged-in patient only.
    client.force_login(world.patient_user)
    html = client.get(reverse("portal:home")).content.decode()
    assert f"/patients/{world.patient_a.pk}/aftercare/{mine.pk}/" in html
    assert f"/aftercare/{theirs.pk}/" not in html


def test_the_patient_opens_their_sheet_and_pdf_but_not_anothers(client, world):
    mine = h.signed(world).aftercare
    theirs = h.signed(world, patient=world.other_patient_a).aftercare
    client.force_login(world.patient_user)

    assert client.get(f"/patients/{world.patient_a.pk}/aftercare/{mine.pk}/").status_code == 200
    pdf = client.get(f"/patients/{world.patient_a.pk}/aftercare/{mine.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    other = f"/patients/{world.other_patient_a.pk}/aftercare/{theirs.pk}/"
    assert client.get(other).status_code == 404
    mixed = f"/patients/{world.patient_a.pk}/aftercare/{theirs.pk}/"
    assert client.get(mixed).status_code == 404
