"""The workspace through its real endpoints: autosave, drafts, errors as messages, roles."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from picoclinic.accounts.decorators import NOT_IN_ROLE
from picoclinic.consultations.forms import DIRECT_TYPE_REASON_REQUIRED
from picoclinic.consultations.forms.concern import AREA_OUT_OF_RANGE
from picoclinic.consultations.models import Concern, Consultation, ConsultationStatus
from picoclinic.consultations.sections import Section
from picoclinic.consultations.services import COMPLETED_READ_ONLY, consultation_save_section
from picoclinic.consultations.services.screening import HISTORY_INCOMPLETE, consultation_screen
from tests.consultations.helpers import (
    NO_HISTORY,
    NO_HISTORY_POST,
    QUESTIONNAIRE_III,
    concern_for,
    draft_consultation,
    questionnaire_post,
    workspace_url,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def consultation(world):
    return draft_consultation(world, world.patient_a)


@pytest.fixture
def practitioner(client, world):
    client.force_login(world.practitioner)
    return client


def test_the_chart_starts_a_consultation_and_then_continues_it(practitioner, world):
    chart = practitioner.get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert "Start a consultation" in chart
    response = practitioner.post(f"/patients/{world.patient_a.pk}/consultations/new/")
    consultation = Consultation.objects.get(patient=world.patient_a)
    assert response["Location"] == workspace_url(consultation)
    assert consultation.practitioner == world.practitioner
    assert consultation.clinic == world.clinic_a
    chart = practitioner.get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert "Continue consultation" in chart
    practitioner.post(f"/patients/{world.patient_a.pk}/consultations/new/")
    assert Consultation.objects.filter(patient=world.patient_a).count() == 1


def test_the_workspace_renders_every_section(practitioner, consultation):
    body = practitioner.get(workspace_url(consultation)).content.decode()
    for heading in ("Skin type", "Concerns", "Medical history", "Prior treatments", "Goals"):
        assert heading in body
    assert "What colour are your eyes?" in body
    assert 'hx-trigger="input changed delay:600ms, change"' in body


def test_an_autosave_answers_with_the_saved_time(practitioner, consultation):
    response = practitioner.post(
        workspace_url(consultation, "goals/"), {"goals": "Fade the tattoo"}, headers=HTMX
    )
    assert response.status_code == 200
    assert response["X-Autosave"] == "saved"
    assert "Saved " in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.goals == "Fade the tattoo"


def test_the_questionnaire_total_is_live(practitioner, consultation):
    answers = questionnaire_post(QUESTIONNAIRE_III)
    response = practitioner.post(workspace_url(consultation, "skin-type/"), answers, headers=HTMX)
    body = response.content.decode()
    assert 'id="skin-result" hx-swap-oob="true"' in body
    assert "10 of 10 answered" in body
    assert "type III" in body


def test_bad_input_is_a_message_beside_the_field_and_the_draft_survives(practitioner, consultation):
    # Given a type entered directly without a reason
    response = practitioner.post(
        workspace_url(consultation, "skin-type/"),
        {"clinician_type": "5", "q_eye_colour": "3"},
        headers=HTMX,
    )
    # Then the answer names the problem and keeps what was typed
    assert response.status_code == 200
    assert response["X-Autosave"] == "kept"
    body = response.content.decode()
    assert DIRECT_TYPE_REASON_REQUIRED in body
    assert "Not saved:" in body
    consultation.refresh_from_db()
    assert consultation.fitzpatrick is None
    # And a reload shows the typed values with the same message
    page = practitioner.get(workspace_url(consultation)).content.decode()
    assert DIRECT_TYPE_REASON_REQUIRED in page
    assert 'value="5" selected' in page
    assert re.search(r'name="q_eye_colour" value="3"[^>]*checked', page)


def test_a_reload_shows_what_was_typed_even_when_it_was_valid(practitioner, consultation):
    practitioner.post(
        workspace_url(consultation, "prior-treatments/"),
        {"prior_treatments": "Two IPL sessions in 2024, little change"},
        headers=HTMX,
    )
    page = practitioner.get(workspace_url(consultation)).content.decode()
    assert "Two IPL sessions in 2024, little change" in page


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        ("skin-type/", {"q_eye_colour": "99", "clinician_type": "ten", "reason": "x" * 9000}),
        ("history/", {"isotretinoin_stopped_on": "31/31/31", "calm_over_5_mm": "-4", "x": "y"}),
        ("goals/", {"goals": "x" * 20000}),
    ],
)
def test_garbage_is_a_message_not_a_500(practitioner, consultation, suffix, data):
    response = practitioner.post(workspace_url(consultation, suffix), data, headers=HTMX)
    assert response.status_code == 200
    assert "Not saved:" in response.content.decode()
    assert practitioner.get(workspace_url(consultation)).status_code == 200


def test_a_concern_is_added_and_autosaved(practitioner, consultation):
    response = practitioner.post(
        workspace_url(consultation, "concerns/"),
        {"add-indication": "tattoo", "add-body_site": "arm", "add-severity": "moderate"},
        headers=HTMX,
    )
    concern = Concern.objects.get(consultation=consultation)
    assert f'id="concern-{concern.pk}"' in response.content.decode()
    url = workspace_url(consultation, f"concerns/{concern.pk}/")
    prefix = f"c{concern.pk}-"
    data = {
        f"{prefix}{name}": value
        for name, value in {
            "indication": "tattoo",
            "body_site": "arm",
            "severity": "moderate",
            "area_cm2": "0",
        }.items()
    }
    response = practitioner.post(url, data, headers=HTMX)
    assert AREA_OUT_OF_RANGE in response.content.decode()
    data |= {
        f"{prefix}area_cm2": "25",
        f"{prefix}tattoo_location": "distal_extremity",
        f"{prefix}tattoo_colours": "black",
        f"{prefix}tattoo_ink_amount": "moderate",
        f"{prefix}tattoo_scarring": "none",
        f"{prefix}tattoo_layering": "no",
    }
    response = practitioner.post(url, data, headers=HTMX)
    assert response["X-Autosave"] == "saved"
    concern.refresh_from_db()
    assert concern.details["tattoo"]["location"] == "distal_extremity"


def test_an_incomplete_add_form_shows_its_errors(practitioner, consultation):
    response = practitioner.post(
        workspace_url(consultation, "concerns/"), {"add-indication": "nonsense"}, headers=HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#concern-add"
    assert not Concern.objects.exists()


def test_a_concern_of_another_consultation_is_404(practitioner, world, consultation):
    other = Consultation.objects.create(
        patient=world.other_patient_a, clinic=world.clinic_a, practitioner=world.practitioner
    )
    foreign = concern_for(other)
    url = workspace_url(consultation, f"concerns/{foreign.pk}/")
    assert practitioner.post(url, {}).status_code == 404
    assert practitioner.post(f"{url}remove/").status_code == 404
    assert Concern.objects.filter(pk=foreign.pk).exists()


def test_the_screening_says_what_is_missing(practitioner, consultation):
    concern_for(consultation)
    response = practitioner.post(workspace_url(consultation, "screening/"), headers=HTMX)
    assert HISTORY_INCOMPLETE.format(count=29) in response.content.decode()


def test_the_whole_journey_through_the_endpoints(practitioner, consultation):
    concern_for(consultation)
    practitioner.post(
        workspace_url(consultation, "skin-type/"), questionnaire_post(QUESTIONNAIRE_III)
    )
    practitioner.post(
        workspace_url(consultation, "history/"), NO_HISTORY_POST | {"hsv_history": "yes"}
    )
    response = practitioner.post(workspace_url(consultation, "screening/"), headers=HTMX)
    body = response.content.decode()
    assert "Antiviral prophylaxis" in body
    assert "valacyclovir" in body
    page = practitioner.get(workspace_url(consultation)).content.decode()
    assert "Is one session enough for you?" in page
    response = practitioner.post(workspace_url(consultation, "complete/"))
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.COMPLETED
    # Then nothing can change, and the page says so
    response = practitioner.post(
        workspace_url(consultation, "goals/"), {"goals": "Edited"}, headers=HTMX
    )
    assert COMPLETED_READ_ONLY in response.content.decode()
    page = practitioner.get(workspace_url(consultation)).content.decode()
    assert "data-autosave" not in page
    assert "completed and read-only" in page


def test_completing_too_early_lists_what_is_missing(practitioner, consultation):
    response = practitioner.post(workspace_url(consultation, "complete/"), follow=True)
    body = response.content.decode()
    assert "Set the skin type" in body
    assert "Add at least one concern" in body


def test_front_desk_reads_but_cannot_consult(client, world, consultation):
    client.force_login(world.front_desk)
    chart = client.get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert "Start a consultation" not in chart
    page = client.get(workspace_url(consultation)).content.decode()
    assert "data-autosave" not in page
    assert "Read only" in page
    response = client.post(workspace_url(consultation, "goals/"), {"goals": "x"})
    assert response.status_code == 403
    assert NOT_IN_ROLE in response.content.decode()
    response = client.post(f"/patients/{world.patient_a.pk}/consultations/new/")
    assert response.status_code == 403


def test_a_get_on_a_save_endpoint_goes_back_to_the_workspace(practitioner, consultation):
    response = practitioner.get(workspace_url(consultation, "history/"))
    assert response["Location"] == workspace_url(consultation) + "#history"


def test_a_save_without_htmx_goes_back_to_the_workspace(practitioner, consultation):
    # A form posted without JavaScript, or the page's last words sent as the tab closed.
    response = practitioner.post(workspace_url(consultation, "goals/"), {"goals": "Kept"})
    assert response["Location"] == workspace_url(consultation) + "#goals"
    consultation.refresh_from_db()
    assert consultation.goals == "Kept"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_workspace_runs_a_fixed_number_of_queries(practitioner, world, consultation):
    # Given a screened consultation with one concern
    today = timezone.localdate(timezone=world.clinic_a.zone)
    consultation_save_section(
        actor=world.practitioner,
        consultation=consultation,
        section=Section.HISTORY,
        raw={},
        values={"medical_history": NO_HISTORY},
    )
    concern_for(consultation)
    consultation_screen(actor=world.practitioner, consultation=consultation, today=today)
    url = workspace_url(consultation)
    before = _queries(practitioner, url)
    # When it has six, each screened twice
    for indication in ("melasma", "freckles", "pih", "tattoo", "rejuvenation"):
        concern_for(consultation, indication=indication)
    for _ in range(2):
        consultation_screen(actor=world.practitioner, consultation=consultation, today=today)
    # Then the page runs the same queries
    assert _queries(practitioner, url) == before


def test_a_concern_is_removed_with_its_screening(practitioner, consultation):
    concern = concern_for(consultation)
    url = workspace_url(consultation, f"concerns/{concern.pk}/remove/")
    response = practitioner.post(url, headers=HTMX)
    assert response.status_code == 200
    assert 'id="estimate" aria-labelledby="estimate-title" hx-swap-oob="true"' in (
        response.content.decode()
    )
    assert not Concern.objects.filter(pk=concern.pk).exists()


def test_a_tattoo_estimate_shows_kirby_desai_and_the_labelled_picosecond_range(
    practitioner, consultation
):
    consultation.fitzpatrick = 4
    consultation.fitzpatrick_source = "clinician"
    consultation.save()
    tattoo = {
        "location": "distal_extremity",
        "colours": "black",
        "ink_amount": "moderate",
        "scarring": "none",
        "layering": False,
    }
    concern_for(
        consultation,
        indication="tattoo",
        body_site="forearm",
        severity="moderate",
        details={"area_cm2": 20, "tattoo": tattoo},
    )
    page = practitioner.get(workspace_url(consultation)).content.decode()
    assert "Kirby-Desai score 13" in page  # IV 4 + distal 5 + black 1 + moderate 3 + 0 + 0
    assert "10.5 to 15.5 sessions with nanosecond" in page
    assert "Forearm, hand, lower leg or foot (distal)" in page
    assert "Picosecond-adjusted range (estimate)" in page
    assert "Probably not, because</strong> tattoos need a course" in page
    assert "UNVERIFIED" in page


@pytest.mark.parametrize("bad", ["99999999999999999999999", str(2**63)])
def test_nonsense_ids_are_404_not_500(practitioner, consultation, bad):
    base = f"/patients/{consultation.patient_id}/consultations/"
    assert practitioner.get(f"{base}{bad}/").status_code == 404
    assert practitioner.post(f"{base}{consultation.pk}/concerns/{bad}/").status_code == 404
