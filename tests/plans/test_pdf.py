"""The printable plan: a PDF the patient takes home, in plain words."""

from __future__ import annotations

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.plans.printout import NOT_APPROVED_NOTE, printout_html
from picoclinic.plans.services import plan_submit
from tests.plans import builders


def test_the_pdf_is_produced(client, world):
    plan = builders.plan_for(world.patient_a, world.practitioner)
    client.force_login(world.front_desk)
    response = client.get(f"/patients/{plan.patient_id}/plans/{plan.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "ALP-000001-v1.pdf" in response["Content-Disposition"]
    printed = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="plans.TreatmentPlan")
    assert printed.actor == world.front_desk
    assert "printed" in printed.summary


def test_the_printout_says_what_to_expect_in_plain_words(world):
    world.clinic_a.address = "1 Harley Row\nLondon"
    world.clinic_a.save()
    plan = builders.plan_for(world.patient_a, world.practitioner, concerns=(builders.MELASMA,))
    item = plan.items.get()
    html = printout_html(plan, today=builders.today())
    assert "Your treatment plan" in html
    assert "Mia Stone" in html
    assert f"{item.sessions} sessions planned" in html
    assert "about every 4 weeks (no sooner than" in html
    assert "from the first to the last session" in html
    assert "Aftercare in short" in html
    assert "SPF 50" in html
    assert "Call us if you notice" in html
    assert "is an estimate from published studies" in html  # the estimate's caveat
    # In the patient's words: what to expect and its upkeep, no study statistics or flags.
    assert "melasma tends to come back" in html
    assert "WMD" not in html
    assert "UNVERIFIED" not in html
    assert "+44 20 7946 0000" in html
    assert "1 Harley Row" in html
    assert NOT_APPROVED_NOTE in html


def test_an_approved_printout_names_the_approver(world):
    plan = builders.plan_for(world.patient_a, world.practitioner)
    plan_submit(actor=world.practitioner, plan=plan)
    html = printout_html(plan, today=builders.today())
    assert NOT_APPROVED_NOTE not in html
    assert "Approved by Pat Practitioner" in html
