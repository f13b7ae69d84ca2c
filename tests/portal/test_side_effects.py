"""A patient tells the clinic of a side effect through the portal; staff record it as an
adverse event (graded, linked to the treatment) or close it with a note."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from picoclinic.audit.models import AuditEvent
from picoclinic.portal.models import ReportStatus, SideEffectReport
from picoclinic.treatments.models import AdverseEvent
from tests.treatments import helpers as h

NEW = reverse("portal:side_effects")


def _today():
    return timezone.localdate()


def _data(**overrides):
    return {
        "kind": "darker",
        "started_on": (_today() - timedelta(days=3)).isoformat(),
        "description": "A brown patch where the laser was, getting darker.",
    } | overrides


@pytest.fixture
def patient(client, world):
    client.force_login(world.patient_user)
    return world.patient_a


def test_a_patient_reports_a_side_effect_after_their_treatment(client, world, patient):
    session = h.signed(world)
    before = client.post(NEW, _data(session=session.pk))  # three days before the treatment
    assert "before the treatment you chose" in before.content.decode()
    response = client.post(NEW, _data(session=session.pk, started_on=_today().isoformat()))
    assert response.status_code == 302
    report = SideEffectReport.objects.get()
    assert (report.patient, report.clinic, report.session) == (patient, patient.clinic, session)
    assert report.status == ReportStatus.NEW
    entry = AuditEvent.objects.get(summary__contains="Side-effect report")
    assert (entry.actor, entry.patient) == (world.patient_user, patient)
    assert "brown" not in entry.summary  # the patient's words stay out of the audit summary
    page = client.get(NEW).content.decode()
    assert "The clinic has your report" in page
    assert "the clinic will contact you" in page


def test_an_eye_problem_tells_the_patient_to_phone_now(client, patient):
    response = client.post(NEW, _data(kind="eye"), follow=True)
    assert "Please also phone the clinic now" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"started_on": (timezone.localdate() + timedelta(days=2)).isoformat()}, "has not come"),
        ({"started_on": "2020-01-01"}, "more than a year ago"),
        ({"description": ""}, "in your own words"),
        ({"kind": "volcano"}, "Select a valid choice"),
        ({"session": "999999999999"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_a_message_and_keeps_the_words(client, patient, overrides, message):
    data = _data(description="Kept as typed.") | overrides
    response = client.post(NEW, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    if data["description"]:
        assert "Kept as typed." in page
    assert not SideEffectReport.objects.exists()


def test_another_patients_session_cannot_be_chosen(client, world, patient):
    theirs = h.signed(world, patient=world.other_patient_a)
    response = client.post(NEW, _data(session=theirs.pk))
    assert response.status_code == 400
    assert not SideEffectReport.objects.exists()


def test_staff_record_it_as_an_adverse_event(client, world, patient):
    session = h.signed(world)
    client.post(NEW, _data(session=session.pk, started_on=_today().isoformat()))
    report = SideEffectReport.objects.get()
    client.force_login(world.practitioner)
    listing = client.get(reverse("worklist:adverse_events")).content.decode()
    assert "Reported by patients through the portal" in listing
    assert "A brown patch" in listing
    new_event = reverse("treatments:event_new", args=[patient.pk]) + f"?report={report.pk}"
    form = client.get(new_event)
    assert form.context["form"].initial["kind"] == "hyperpigmentation"
    assert form.context["form"].initial["session"] == session.pk
    onset = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        new_event,
        {
            "source": "patient_report",
            "kind": "hyperpigmentation",
            "grade": "1",
            "onset_at": onset,
            "session": session.pk,
            "description": "Reported by the patient: a brown patch. Seen on photo: PIH.",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    event = AdverseEvent.objects.get()
    report.refresh_from_db()
    assert (report.status, report.adverse_event, report.handled_by) == (
        ReportStatus.RECORDED,
        event,
        world.practitioner,
    )
    assert (
        "Reported by patients through the portal"
        not in client.get(reverse("worklist:adverse_events")).content.decode()
    )
    # Once handled, it cannot be recorded twice.
    again = client.post(
        new_event,
        {
            "source": "patient_report",
            "kind": "other",
            "grade": "1",
            "onset_at": onset,
            "description": "Twice.",
        },
    )
    assert "already handled" in again.content.decode()
    assert AdverseEvent.objects.count() == 1


def test_staff_close_it_with_a_note(client, world, patient):
    client.post(NEW, _data())
    report = SideEffectReport.objects.get()
    close = reverse("side_effects:close", args=[patient.pk, report.pk])
    client.force_login(world.front_desk)
    client.post(close, {"note": "Called back."})
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW  # front desk cannot close a clinical report
    client.force_login(world.practitioner)
    client.post(close, {"note": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW  # a note is required
    client.post(close, {"note": "Phoned: normal redness, settling; reassured."})
    report.refresh_from_db()
    assert (report.status, report.handled_note) == (
        ReportStatus.CLOSED,
        "Phoned: normal redness, settling; reassured.",
    )


def test_the_events_page_runs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    def reports(n):
        for _ in range(n):
            SideEffectReport.objects.create(
                patient=world.patient_a,
                clinic=world.clinic_a,
                kind="pain",
                started_on=_today(),
                description="Sore.",
            )

    client.force_login(world.practitioner)
    reports(1)
    url = reverse("worklist:adverse_events")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    reports(5)
    with django_assert_max_num_queries(len(one)):
        client.get(url)
