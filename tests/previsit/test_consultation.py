"""What the patient returned arrives in the consultation as items to confirm, and the clinic
sees the screening's flags on Today and in the consultation."""

from __future__ import annotations

import time_machine

from picoclinic.audit.models import AuditEvent
from picoclinic.consultations.models import Concern, ReportedItem, ReportedStatus
from picoclinic.consultations.services import consultation_start
from tests.previsit.helpers import FILLED, book_consultation, link_in_mail


def _returned(client, world, sched, capture):
    questionnaire = book_consultation(world, sched, capture)
    client.force_login(world.patient_user)
    assert client.post(link_in_mail(), {**FILLED, "send": "1"}).status_code == 200
    client.logout()
    return questionnaire


def _start(world):
    return consultation_start(
        actor=world.practitioner, patient=world.patient_a, clinic=world.clinic_a
    )


def _url(consultation, item):
    return (
        f"/patients/{consultation.patient_id}/consultations/{consultation.pk}/reported/{item.pk}/"
    )


def test_a_new_consultation_lists_what_the_patient_reported(
    client, world, sched, django_capture_on_commit_callbacks
):
    _returned(client, world, sched, django_capture_on_commit_callbacks)
    consultation = _start(world)
    items = {item.key: item for item in consultation.reported_items.all()}
    assert items["history:pregnant"].answer == "Yes"
    assert items["concern"].value["indication"] == "melasma"
    assert items["skin"].answer == "Type III (score 20)"
    assert items["medications"].answer == "Folic acid 400 µg daily"
    assert all(item.status == ReportedStatus.REPORTED for item in items.values())
    assert consultation.medical_history == {}  # nothing is the record until confirmed
    client.force_login(world.practitioner)
    page = client.get(f"/patients/{world.patient_a.pk}/consultations/{consultation.pk}/")
    text = page.content.decode()
    assert "reported by the patient" in text
    assert "Pregnancy or IVF: defer" in text


def test_the_practitioner_confirms_or_corrects_item_by_item(
    client, world, sched, django_capture_on_commit_callbacks
):
    _returned(client, world, sched, django_capture_on_commit_callbacks)
    consultation = _start(world)
    pregnant = consultation.reported_items.get(key="history:pregnant")
    goals = consultation.reported_items.get(key="goals")
    client.force_login(world.practitioner)
    client.post(_url(consultation, pregnant), {"decision": "confirm"})
    client.post(_url(consultation, goals), {"decision": "corrected"})
    consultation.refresh_from_db()
    assert consultation.medical_history == {"pregnant": True}
    assert consultation.goals == ""
    pregnant.refresh_from_db()
    assert (pregnant.status, pregnant.decided_by) == (ReportedStatus.CONFIRMED, world.practitioner)
    assert ReportedItem.objects.get(pk=goals.pk).status == ReportedStatus.CORRECTED
    summaries = set(AuditEvent.objects.values_list("summary", flat=True))
    assert "Confirmed: what the patient reported (history:pregnant)" in summaries
    # Decided once: a second click says so and changes nothing.
    again = client.post(_url(consultation, pregnant), {"decision": "corrected"}, follow=True)
    assert "already confirmed or corrected" in again.content.decode()
    assert ReportedItem.objects.get(pk=pregnant.pk).status == ReportedStatus.CONFIRMED


def test_a_reported_concern_becomes_a_concern_once_checked(
    client, world, sched, django_capture_on_commit_callbacks
):
    _returned(client, world, sched, django_capture_on_commit_callbacks)
    consultation = _start(world)
    item = consultation.reported_items.get(key="concern")
    client.force_login(world.practitioner)
    prefix = f"r{item.pk}"
    missing = client.post(_url(consultation, item), {"decision": "confirm"}, follow=True)
    assert "Choose the concern, the body site and the severity." in missing.content.decode()
    assert not Concern.objects.exists()
    data = {
        "decision": "confirm",
        f"{prefix}-indication": "melasma",
        f"{prefix}-body_site": "face",
        f"{prefix}-severity": "moderate",
    }
    client.post(_url(consultation, item), data)
    concern = Concern.objects.get(consultation=consultation)
    assert (concern.indication, concern.body_site, concern.severity) == (
        "melasma",
        "face",
        "moderate",
    )
    assert ReportedItem.objects.get(pk=item.pk).status == ReportedStatus.CONFIRMED


def test_returned_after_the_consultation_started_it_still_arrives(
    client, world, sched, django_capture_on_commit_callbacks
):
    book = book_consultation(world, sched, django_capture_on_commit_callbacks)
    consultation = _start(world)
    assert not consultation.reported_items.exists()
    client.force_login(world.patient_user)
    client.post(f"/me/questionnaire/{book.pk}/", {**FILLED, "send": "1"})
    assert consultation.reported_items.filter(key="history:pregnant").exists()


def test_the_flags_show_on_today_for_the_clinic(
    client, world, sched, django_capture_on_commit_callbacks
):
    _returned(client, world, sched, django_capture_on_commit_callbacks)
    with time_machine.travel("2031-06-11 08:00Z", tick=True):  # the day of the visit
        client.force_login(world.front_desk)
        page = client.get("/clinic/today/").content.decode()
    assert "Questionnaire returned" in page
    assert "Pregnancy or IVF: defer" in page
    assert "Isotretinoin: precaution" in page
    chart = client.get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert "Pregnancy or IVF: defer" in chart


def test_the_patient_never_sees_the_flags(client, world, sched, django_capture_on_commit_callbacks):
    questionnaire = _returned(client, world, sched, django_capture_on_commit_callbacks)
    client.force_login(world.patient_user)
    for url in ("/me/", f"/me/questionnaire/{questionnaire.pk}/"):
        page = client.get(url).content.decode()
        assert "Pregnancy or IVF: defer" not in page, url
        assert "Isotretinoin: precaution" not in page, url
