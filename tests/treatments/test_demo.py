"""The demo's sessions load once: Mei Lin's two signed sessions with settings and responses,
their aftercare issued, one follow-up open, and her next session booked."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from picoclinic.accounts.models import User
from picoclinic.aftercare.models import AftercareSheet, FollowUpTask, TaskStatus
from picoclinic.clinics.models import Clinic
from picoclinic.demo import DOMAIN, demo_load
from picoclinic.scheduling.demo import demo_load_scheduling
from picoclinic.scheduling.models import Appointment, AppointmentStatus
from picoclinic.treatments.content import session_hash
from picoclinic.treatments.demo import demo_load_sessions
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
