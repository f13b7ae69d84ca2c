"""The session pages: thin views over the services. Bad input comes back as a message, never a
500; a signed record refuses every form post; the pages read a bounded number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from picoclinic.treatments import errors
from picoclinic.treatments.chart import sessions_chart_section
from picoclinic.treatments.models import CheckState, SessionStatus, SettingsEntry
from picoclinic.treatments.services_record import settings_entry_add
from tests.sections import render_section
from tests.treatments import helpers as h


def url(session, tail: str = "") -> str:
    return f"/patients/{session.patient_id}/sessions/{session.pk}/{tail}"


def said(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


@pytest.fixture
def session(world):
    return h.started(world)


@pytest.fixture
def practitioner(client, world):
    client.force_login(world.practitioner)
    return client


# --- Starting from the chart ------------------------------------------------------------------


def test_start_session_from_the_appointment(practitioner, world):
    ready = h.ready(world)
    response = practitioner.post(
        f"/patients/{world.patient_a.pk}/sessions/start/{ready.appointment.pk}/"
    )
    assert response.status_code == 302
    session = ready.appointment.treatment_session
    assert response["Location"] == url(session)
    again = practitioner.post(
        f"/patients/{world.patient_a.pk}/sessions/start/{ready.appointment.pk}/"
    )
    assert again["Location"] == url(session)


def test_start_refused_says_why(practitioner, world):
    plan = h.approved_plan(world)
    cancelled = h.appointment(world, plan, status="cancelled")
    response = practitioner.post(f"/patients/{world.patient_a.pk}/sessions/start/{cancelled.pk}/")
    assert response.status_code == 302
    assert said(response) == [errors.APPOINTMENT_NOT_ACTIVE]


# --- The page -----------------------------------------------------------------------------------


def test_every_staff_role_reads_the_session_and_only_clinicians_get_forms(client, world, session):
    for user in world.staff_of_a():
        client.force_login(user)
        response = client.get(url(session))
        assert response.status_code == 200
        html = response.content.decode()
        clinician = user in (world.practitioner, world.doctor)
        assert ("No changes since last visit" in html) is clinician, user
        assert ("You can read this session" in html) is not clinician


def test_the_history_page_shows_the_baseline_and_saves_a_change(practitioner, world, session):
    page = practitioner.get(url(session, "history/"))
    assert page.status_code == 200
    assert "the consultation" in page.content.decode()
    data = dict.fromkeys(page.context["form"].fields, "no")
    data |= {"isotretinoin": "no", "pregnant": "yes", "medications": "", "sun_exposure": "no"}
    data = {k: v for k, v in data.items() if not k.endswith("_on") and not k.startswith("calm_")}

    response = practitioner.post(url(session, "history/"), data)

    assert response.status_code == 302, response.context["form"].errors
    assert session.checks.get(code="screening").state == CheckState.BLOCKED


def test_the_history_page_with_nonsense_shows_errors(practitioner, session):
    response = practitioner.post(url(session, "history/"), {"pregnant": "maybe"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_no_changes_in_one_tap(practitioner, session):
    response = practitioner.post(url(session, "history/unchanged/"))
    assert response.status_code == 302
    assert said(response)[0].startswith("History confirmed unchanged")
    assert session.checks.get(code="screening").state == CheckState.DONE


@pytest.mark.parametrize(
    ("tail", "data"),
    [
        ("checklist/", {"code": "nonsense"}),
        ("checklist/", {"code": "photos", "done": "maybe"}),
        ("checklist/", {"code": "skin_prepared", "done": "1"}),
        ("checklist/override/", {"code": "consent"}),
        ("checklist/override/", {"code": "photos", "reason": "x"}),
        ("settings/", {"entry-area": "x" * 500, "entry-fluence_j_cm2": "lots"}),
        ("settings/", {}),
        ("settings/check/", {"entry-fluence_j_cm2": "-1", "entry-spot_mm": "1e999"}),
        ("response/", {"response-pain_score": "11"}),
        ("adverse-events/", {"event-onset_at": "yesterday", "event-grade": "9"}),
        ("sign/", {}),
        ("cosign/", {}),
        ("addenda/", {"addendum-text": "early"}),
        ("not-treated/", {}),
    ],
)
def test_bad_input_is_a_message_never_a_500(practitioner, session, tail, data):
    response = practitioner.post(url(session, tail), data, HTTP_HX_REQUEST="true")
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert said(response), f"{tail}: no message"


def test_a_get_on_an_action_goes_back_to_the_page(practitioner, session):
    for tail in ("checklist/", "sign/", "settings/", "response/", "addenda/"):
        response = practitioner.get(url(session, tail))
        assert response.status_code == 302
        assert response["Location"].startswith(url(session))


def test_settings_wait_for_the_checklist_on_the_page(practitioner, session):
    html = practitioner.get(url(session)).content.decode()
    assert "settings cannot be entered yet" in html
    assert "Add settings" not in html


def _entry_post(session, **changes) -> dict:
    values = {
        "area": "Left cheek",
        "device": h.laser(session.clinic).pk,
        "wavelength_nm": "532",
        "handpiece": "flat_beam",
        "spot_mm": "4",
        "fluence_j_cm2": "0.4",
        "pulse_ps": "750",
        "repetition_hz": "2",
        "pulses": "120",
        "endpoint": "whitening",
        "notes": "",
        "override_reason": "",
        "carried_from": "",
    } | changes
    return {f"entry-{name}": value for name, value in values.items()}


def test_the_live_check_answers_as_values_are_typed(practitioner, world, session):
    h.complete_checklist(world, session)
    warn = practitioner.post(
        url(session, "settings/check/"), _entry_post(session, fluence_j_cm2="0.8")
    )
    block = practitioner.post(
        url(session, "settings/check/"), _entry_post(session, fluence_j_cm2="1")
    )
    clean = practitioner.post(url(session, "settings/check/"), _entry_post(session))

    assert "Fluence above the published range" in warn.content.decode()
    assert "findings--warn" in warn.content.decode()
    assert "findings--blocked" in block.content.decode()
    assert "saving records it as blocked" in block.content.decode()
    assert "No finding for these settings" in clean.content.decode()
    assert not SettingsEntry.objects.exists()


def test_a_setting_is_saved_and_a_block_is_flagged(practitioner, world, session):
    h.complete_checklist(world, session)
    saved = practitioner.post(url(session, "settings/"), _entry_post(session))
    blocked = practitioner.post(url(session, "settings/"), _entry_post(session, fluence_j_cm2="1"))

    assert saved.status_code == 302
    assert said(saved) == ["Settings for Left cheek, pass 1, recorded."]
    assert said(blocked)[-1] == errors.SAVED_BLOCKED
    assert SettingsEntry.objects.filter(blocked=True).count() == 1


def test_a_wavelength_the_laser_lacks_is_shown_by_the_field(practitioner, world, session):
    h.complete_checklist(world, session)
    response = practitioner.post(
        url(session, "settings/"), _entry_post(session, wavelength_nm="785")
    )
    assert response.status_code == 200
    assert "does not deliver 785 nm" in str(response.context["entry_form"].errors["wavelength_nm"])


def test_a_doctor_allows_a_blocked_setting_from_the_page(client, world, session):
    h.complete_checklist(world, session)
    far = h.CLEAN | {"device": h.laser(session.clinic), "fluence_j_cm2": Decimal("1")}
    entry = settings_entry_add(actor=world.practitioner, session=session, values=far)
    client.force_login(world.doctor)

    response = client.post(
        url(session, f"settings/{entry.pk}/override/"),
        {f"override-{entry.pk}-reason": "Seen the patch: fine."},
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.override_by == world.doctor


def test_a_signed_record_refuses_every_form_post(practitioner, world):
    signed = h.signed(world)
    entry = signed.entries.get()
    posts = [
        ("checklist/", {"code": "photos", "done": "0"}),
        ("settings/", _entry_post(signed)),
        (f"settings/{entry.pk}/delete/", {}),
        ("response/", {"response-erythema": "severe"}),
        ("history/unchanged/", {}),
        ("sign/", {}),
    ]
    for tail, data in posts:
        response = practitioner.post(url(signed, tail), data)
        messages = said(response) if response.status_code == 302 else []
        page = response.content.decode() if response.status_code == 200 else ""
        assert errors.SESSION_LOCKED in messages or errors.SESSION_LOCKED in page, tail
    signed.refresh_from_db()
    assert signed.status == SessionStatus.SIGNED
    assert signed.entries.count() == 1


def test_signing_and_an_addendum_from_the_page(practitioner, world, session):
    h.treated(world, session)
    signed = practitioner.post(url(session, "sign/"), {"confirm": "on"})
    assert said(signed)[0].startswith("Session signed and locked")
    page = practitioner.get(url(session)).content.decode()
    assert "Unchanged since signing" in page
    assert "Add a dated addendum" in page

    practitioner.post(url(session, "addenda/"), {"addendum-text": "Pulses were 140."})

    page = practitioner.get(url(session)).content.decode()
    assert "Pulses were 140." in page
    assert "Pat Practitioner" in page


# --- Queries ------------------------------------------------------------------------------------


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_session_page_reads_a_bounded_number_of_queries(practitioner, world, session):
    h.complete_checklist(world, session)
    settings_entry_add(
        actor=world.practitioner,
        session=session,
        values=h.CLEAN | {"device": h.laser(session.clinic)},
    )
    practitioner.get(url(session))  # the login's first request writes its session row
    few = _count(practitioner, url(session))
    for area in ("Right cheek", "Forehead", "Chin", "Nose"):
        settings_entry_add(
            actor=world.practitioner,
            session=session,
            values=h.CLEAN | {"device": h.laser(session.clinic), "area": area},
        )
    many = _count(practitioner, url(session))
    assert many == few
    assert few <= 45


def _chart_section(world, patient, membership=None) -> str:
    request = RequestFactory().get("/")
    request.user = world.practitioner
    request.membership = membership or world.practitioner.memberships.get()
    return render_section(sessions_chart_section(patient=patient, request=request), request)


def test_the_chart_section_offers_todays_appointment_and_lists_sessions(world):
    ready = h.ready(world)
    html = _chart_section(world, world.patient_a)
    assert f"/sessions/start/{ready.appointment.pk}/" in html
    assert "Start session (checks in)" in html

    session = h.signed(world, patient=world.patient_a)
    html = _chart_section(world, world.patient_a)
    assert f"/sessions/{session.pk}/" in html


def test_the_chart_section_reads_a_fixed_number_of_queries(world, django_assert_num_queries):
    membership = world.practitioner.memberships.get()
    h.signed(world)
    with django_assert_num_queries(3):
        _chart_section(world, world.patient_a, membership)
    h.signed(world, patient=world.patient_a)
    h.ready(world)
    from tests.treatments.access_objects import _event

    _event(world, world.patient_a)
    with django_assert_num_queries(3):
        _chart_section(world, world.patient_a, membership)


def test_opening_a_session_record_is_audited_and_outsiders_leave_no_trace(client, world, session):
    from picoclinic.audit.models import AuditAction, AuditEvent

    opened = AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="treatments.TreatmentSession"
    )
    client.force_login(world.practitioner)
    assert client.get(url(session)).status_code == 200
    entry = opened.get()
    assert (entry.actor, entry.patient, entry.object_id) == (
        world.practitioner,
        world.patient_a,
        str(session.pk),
    )
    assert str(world.patient_a.family_name) not in entry.summary
    client.force_login(world.other_clinic_practitioner)
    assert client.get(url(session)).status_code == 404
    assert opened.count() == 1


def test_missing_consent_is_taken_from_the_checklist_and_comes_back(client, world):
    started = h.started(world, consent=False)
    client.force_login(world.practitioner)
    page = client.get(url(started)).content.decode()
    take = reverse("consent:take", args=[started.patient_id]) + f"?plan={started.plan_id}"
    assert f'href="{take}&amp;next={url(started)}"' in page
    assert "the patient signs the treatment consent" in page

    # Signed at the chair: back to the session, whose checklist now has the consent.
    from picoclinic.treatments.models import CheckCode
    from tests.consent.helpers import hashes, publish_texts

    publish_texts(started.clinic)
    data = {f"{kind}_hash": value for kind, value in hashes(started.clinic, started.plan).items()}
    data |= {"photography": "yes", "marketing": "no"}
    data |= {"signature_method": "typed", "signature_typed": "Mia Stone"}
    response = client.post(f"{take}&next={url(started)}", data)
    assert response["Location"] == url(started)
    consent = started.checks.get(code=CheckCode.CONSENT)
    assert consent.state == CheckState.DONE
