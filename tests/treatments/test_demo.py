"""The demo's sessions load once: Mei Lin's two signed sessions with settings and responses,
their aftercare issued, one follow-up open, and her next session booked."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from picoclinic.accounts.models import User
from picoclinic.aftercare.models import AftercareSheet, FollowUpTask, TaskStatus
from picoclinic.clinics.models import Clinic
from picoclinic.demo import DOMAIN, demo_load
from picoclinic.demo.sessions import demo_load_sessions
from picoclinic.scheduling.demo import demo_load_scheduling
from picoclinic.scheduling.models import Appointment, AppointmentStatus
from picoclinic.treatments.content import session_hash
from picoclinic.treatments.models import SessionStatus, TreatmentSession


def _load() -> bool:
    clinics = {c.code: c for c in Clinic.objects.all()}
    demo_load_scheduling(clinics=clinics)  # already loaded when the lead wires it in
    return demo_load_sessions(
        clinic=clinics["CEN"],
        practitioner=User.objects.get(email=f"practitioner@{DOMAIN}"),
        front_desk=User.objects.get(email=f"frontdesk@{DOMAIN}"),
    )


# A Wednesday morning in London.
@time_machine.travel(datetime(2031, 6, 11, 8, 0, tzinfo=UTC), tick=False)
def test_demo_sessions_load_once(db):
    demo_load()  # the demo loads the sessions itself; loading them again adds nothing
    assert _load() is False

    sessions = list(TreatmentSession.objects.order_by("treated_on"))
    assert [s.session_number for s in sessions] == [1, 2]
    assert all(s.status == SessionStatus.SIGNED for s in sessions)
    assert all(session_hash(s) == s.content_hash for s in sessions)
    assert {s.patient.full_name for s in sessions} == {"Mei Lin"}
    assert all(s.entries.count() == 2 and s.response for s in sessions)
    assert AftercareSheet.objects.filter(delivery_claimed_at__isnull=False).count() == 2
    assert FollowUpTask.objects.filter(status=TaskStatus.OPEN).count() == 1
    third = Appointment.objects.get(session_number=3, patient=sessions[0].patient)
    assert third.status == AppointmentStatus.BOOKED
    assert third.starts_at > datetime(2031, 6, 11, 8, 0, tzinfo=UTC)

    counts = TreatmentSession.objects.count(), Appointment.objects.count()
    assert _load() is False
    assert (TreatmentSession.objects.count(), Appointment.objects.count()) == counts


@time_machine.travel(datetime(2031, 6, 11, 8, 0, tzinfo=UTC), tick=False)
def test_the_demo_tells_mei_lins_course_in_order(db):
    """Consultation weeks before, approval and consent before the first session, sessions four
    weeks apart, the next one booked; after the second session, a resolved erythema and an open
    darkening that her third session's checklist shows."""
    from picoclinic.consent.models import ConsentRecord
    from picoclinic.plans.models import PlanApproval, PlanEvent, PlanStatus
    from picoclinic.treatments.models import AdverseEvent, CheckCode, CheckState
    from picoclinic.treatments.services import session_start

    demo_load()
    first, second = TreatmentSession.objects.order_by("treated_on")
    plan, zone = first.plan, first.clinic.zone

    def day(moment):
        return moment.astimezone(zone).date()

    consultation = plan.consultation
    approval = PlanApproval.objects.get(plan=plan)
    consent = ConsentRecord.objects.get(plan=plan, kind="treatment")
    started = PlanEvent.objects.get(plan=plan, to_status=PlanStatus.IN_PROGRESS)
    assert day(consultation.completed_at) < day(approval.approved_at) < day(consent.signed_at)
    assert day(consent.signed_at) < first.treated_on
    assert (first.treated_on - day(consultation.completed_at)).days >= 14
    assert day(started.at) == first.treated_on
    assert day(plan.created_at) == day(consultation.completed_at)
    # The plan's history reads in the order things happened.
    events = PlanEvent.objects.filter(plan=plan).order_by("at", "id")
    assert [e.to_status for e in events] == [
        PlanStatus.DRAFT,
        PlanStatus.AWAITING_REVIEW,
        PlanStatus.APPROVED,
        PlanStatus.IN_PROGRESS,
    ]
    assert events[2].at == approval.approved_at
    assert (second.treated_on - first.treated_on).days == 28
    assert first.treated_on.weekday() < 5
    assert all(day(s.signed_at) == s.treated_on for s in (first, second))

    resolved = AdverseEvent.objects.get(resolved=True)
    still_open = AdverseEvent.objects.get(resolved=False)
    assert (resolved.resolved, resolved.session, resolved.source) == (True, second, "follow_up")
    assert resolved.settings_entry.session == second
    assert (still_open.resolved, still_open.serious) == (False, False)

    third = Appointment.objects.get(session_number=3, patient=first.patient)
    session = session_start(actor=first.practitioner, appointment=third)
    item = session.checks.get(code=CheckCode.ADVERSE_EVENTS)
    assert item.state == CheckState.PENDING
    assert "Darkening (PIH) (grade 1)" in item.detail
    consent_item = session.checks.get(code=CheckCode.CONSENT)
    assert consent_item.state == CheckState.DONE
